// A NetworkPolicy evaluator (networking.k8s.io/v1 semantics) for the tests: which (from, to, port)
// flows a set of policies allows between a given universe of endpoints.
//
// Semantics implemented: a pod is isolated for a direction when any policy in its namespace selects
// it and lists that direction in policyTypes (an absent or empty list defaulting to Ingress, plus
// Egress when egress rules exist); an isolated pod accepts a flow when some selecting policy has a
// rule whose peers and ports both match (absent peers or ports match everything); a flow between
// two pods needs the sender's egress and the receiver's ingress. podSelector/namespaceSelector use
// matchLabels and matchExpressions; a namespaceSelector without podSelector selects all pods there;
// a peer without namespaceSelector means the policy's own namespace; ipBlock matches addresses (cidr
// minus except) and, as on most CNIs, is not used for in-cluster pod addresses.

export type Protocol = "TCP" | "UDP";

export interface Endpoint {
    name: string;
    /** Pods: namespace and labels. Addresses outside the cluster: neither. */
    namespace?: string;
    labels?: Record<string, string>;
    ip: string;
}

export interface PortProbe {
    port: number;
    protocol: Protocol;
}

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
type Peer = { podSelector?: Selector; namespaceSelector?: Selector; ipBlock?: { cidr: string; except?: string[] } };
type PolicyPort = { port?: number | string; endPort?: number; protocol?: string };
type Rule = { from?: Peer[]; to?: Peer[]; ports?: PolicyPort[] };
export interface NetworkPolicyObject {
    metadata: { name: string; namespace: string };
    spec: { podSelector: Selector; policyTypes?: string[]; ingress?: Rule[]; egress?: Rule[] };
}

export function selectorMatches(selector: Selector | undefined, labels: Record<string, string>): boolean {
    if (!selector) return true;
    const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
    const byExpressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
        switch (operator) {
            case "In":
                return key in labels && values.includes(labels[key]);
            case "NotIn":
                return !(key in labels) || !values.includes(labels[key]);
            case "Exists":
                return key in labels;
            case "DoesNotExist":
                return !(key in labels);
            default:
                throw new Error(`unknown selector operator ${operator}`);
        }
    });
    return byLabels && byExpressions;
}

function ipToNumber(ip: string): number {
    const parts = ip.split(".").map(Number);
    if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${ip}`);
    return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function inCidr(ip: string, cidr: string): boolean {
    const [base, bits] = cidr.split("/");
    const prefix = Number(bits);
    const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
    return (ipToNumber(ip) & mask) >>> 0 === (ipToNumber(base) & mask) >>> 0;
}

function namespaceLabels(namespace: string): Record<string, string> {
    return { "kubernetes.io/metadata.name": namespace };
}

function peerMatches(peer: Peer, policyNamespace: string, endpoint: Endpoint): boolean {
    if (peer.ipBlock) {
        if (endpoint.namespace !== undefined) return false;
        return inCidr(endpoint.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c) => inCidr(endpoint.ip, c));
    }
    if (endpoint.namespace === undefined) return false;
    const namespaceOk = peer.namespaceSelector
        ? selectorMatches(peer.namespaceSelector, namespaceLabels(endpoint.namespace))
        : endpoint.namespace === policyNamespace;
    return namespaceOk && selectorMatches(peer.podSelector, endpoint.labels ?? {});
}

function portMatches(ports: PolicyPort[] | undefined, probe: PortProbe): boolean {
    if (!ports || ports.length === 0) return true;
    return ports.some((p) => {
        if ((p.protocol ?? "TCP") !== probe.protocol) return false;
        if (p.port === undefined) return true;
        if (typeof p.port === "string") throw new Error(`named port ${p.port}: the evaluator (and these tests) expect numeric ports`);
        return p.endPort ? probe.port >= p.port && probe.port <= p.endPort : probe.port === p.port;
    });
}

/**
 * The API server's defaulting (kubernetes pkg/apis/networking/v1/defaults.go SetDefaults_NetworkPolicy):
 * an absent or empty list becomes Ingress, plus Egress when there are egress rules (a non-empty list).
 */
function policyTypes(policy: NetworkPolicyObject): string[] {
    if (policy.spec.policyTypes && policy.spec.policyTypes.length > 0) return policy.spec.policyTypes;
    return ["Ingress", ...((policy.spec.egress ?? []).length > 0 ? ["Egress"] : [])];
}

/** The policy as the API server stores it, its policyTypes defaulted as above. */
export function asStored(policy: NetworkPolicyObject): NetworkPolicyObject {
    return { ...policy, spec: { ...policy.spec, policyTypes: policyTypes(policy) } };
}

/** Whether `pod` accepts (direction Ingress) or may send (Egress) traffic with `peer` on `probe`. */
function sideAllows(policies: NetworkPolicyObject[], pod: Endpoint, peer: Endpoint, probe: PortProbe, direction: "Ingress" | "Egress"): boolean {
    if (pod.namespace === undefined) return true;
    const selecting = policies.filter(
        (p) => p.metadata.namespace === pod.namespace && selectorMatches(p.spec.podSelector, pod.labels ?? {}) && policyTypes(p).includes(direction),
    );
    if (selecting.length === 0) return true;
    return selecting.some((policy) => {
        const rules = (direction === "Ingress" ? policy.spec.ingress : policy.spec.egress) ?? [];
        return rules.some((rule) => {
            const peers = direction === "Ingress" ? rule.from : rule.to;
            const peerOk = !peers || peers.length === 0 || peers.some((p) => peerMatches(p, policy.metadata.namespace, peer));
            return peerOk && portMatches(rule.ports, probe);
        });
    });
}

/** The policies cut down to one direction: the flows they allow are what that side permits on its own. */
export function oneSide(policies: NetworkPolicyObject[], direction: "Ingress" | "Egress"): NetworkPolicyObject[] {
    return policies
        .filter((policy) => policyTypes(policy).includes(direction))
        .map((policy) => ({
            ...policy,
            spec: {
                podSelector: policy.spec.podSelector,
                policyTypes: [direction],
                ...(direction === "Ingress" ? { ingress: policy.spec.ingress } : { egress: policy.spec.egress }),
            },
        }));
}

/**
 * What the API server refuses in a peer: "must specify a peer" (none of podSelector, namespaceSelector,
 * ipBlock) and "may not specify both ipBlock and another peer" (kubernetes/kubernetes
 * pkg/apis/networking/validation/validation.go, ValidateNetworkPolicyPeer).
 */
export function peerProblems(policy: NetworkPolicyObject): string[] {
    const rules = [...(policy.spec.ingress ?? []).map((r) => r.from), ...(policy.spec.egress ?? []).map((r) => r.to)];
    return rules.flatMap((peers) =>
        (peers ?? []).flatMap((peer) => {
            const kinds = (["podSelector", "namespaceSelector", "ipBlock"] as const).filter((kind) => peer[kind] !== undefined);
            if (kinds.length === 0) return [`${policy.metadata.name}: a peer must specify a peer`];
            if (kinds.length > 1 && peer.ipBlock) return [`${policy.metadata.name}: a peer may not specify both ipBlock and another peer`];
            return [];
        }),
    );
}

/** Policies only apply in the namespaces they are in; others are not isolated (as in these tests' universe). */
export function flowAllowed(policies: NetworkPolicyObject[], from: Endpoint, to: Endpoint, probe: PortProbe): boolean {
    return sideAllows(policies, from, to, probe, "Egress") && sideAllows(policies, to, from, probe, "Ingress");
}

/** Every allowed flow as "from -> to:port/protocol", for flows that touch `namespace`. */
export function allowedFlows(policies: NetworkPolicyObject[], endpoints: Endpoint[], probes: PortProbe[], namespace: string): Set<string> {
    const flows = new Set<string>();
    for (const from of endpoints) {
        for (const to of endpoints) {
            if (from === to) continue;
            if (from.namespace !== namespace && to.namespace !== namespace) continue;
            for (const probe of probes) {
                if (flowAllowed(policies, from, to, probe)) flows.add(`${from.name} -> ${to.name}:${probe.port}/${probe.protocol}`);
            }
        }
    }
    return flows;
}
