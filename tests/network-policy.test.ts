// The NetworkPolicy graph of the atlasia namespace: from the policies the program creates, compute
// every allowed (from, to, port) flow over a universe of pods and addresses, and assert the exact
// set. The external pods are the ones the platform layer told the workloads about.
import { strict as assert } from "assert";
import { allowedFlows, Endpoint, flowAllowed, inCidr, NetworkPolicyObject, PortProbe } from "./support/network-policy";
import { apiServerPort, probes, universe } from "./support/network-policy-universe";
import { matrix, objectsOfKind, onStatefulSet, runValid, statefulSetMatrix, variants, WorkloadRun } from "./support/workloads";

const dns = (from: string) => [`${from} -> kube-dns:53/UDP`, `${from} -> kube-dns:53/TCP`];

type Expected = { colors: string[]; backups: boolean; monitoring: boolean; tracing: boolean; tls: boolean };

/** Where a pod that calls the Kubernetes API may go for it (the orchestrator, CloudNativePG's pods). */
const apiServerFlows = (cloud: string, from: string) => [
    `${from} -> api-server:${apiServerPort[cloud]}/TCP`,
    ...(cloud === "aws" ? [`${from} -> kubernetes-service:443/TCP`, `${from} -> kubernetes-service-alt:443/TCP`] : []),
];

/**
 * CloudNativePG's flows (workloads/database/network-policies.ts): the application through PgBouncer,
 * Flyway straight to the primary only (config-map.ts), replication and the instance manager between
 * instances, the operator, metrics, the API, and object storage over HTTPS.
 */
function cloudNativePgFlows(cloud: string, options: Expected): string[] {
    const orchestrators = options.colors.map((c) => `orchestrator-${c}`);
    // The instances and the Jobs that bootstrap them (a join Job runs pg_basebackup from the primary,
    // a full-recovery Job reads the object store, every Job calls the API: cloudnative-pg pkg/specs/jobs.go).
    const instances = ["db-primary", "db-replica", "db-job"];
    return [
        ...[...instances, "pooler"].flatMap(dns),
        ...orchestrators.flatMap((o) => [`${o} -> pooler:5432/TCP`, `${o} -> db-primary:5432/TCP`]),
        ...instances.map((i) => `pooler -> ${i}:5432/TCP`),
        ...instances.flatMap((from) => instances.filter((to) => to !== from).flatMap((to) => [`${from} -> ${to}:5432/TCP`, `${from} -> ${to}:8000/TCP`])),
        ...instances.flatMap((i) => [`cnpg-operator -> ${i}:5432/TCP`, `cnpg-operator -> ${i}:8000/TCP`]),
        ...(options.monitoring ? [...instances.map((i) => `prometheus -> ${i}:9187/TCP`), "prometheus -> pooler:9127/TCP"] : []),
        ...[...instances, "pooler"].flatMap((from) => apiServerFlows(cloud, from)),
        ...instances.map((i) => `${i} -> internet:443/TCP`),
        ...(cloud === "azure" ? ["pooler -> internet:443/TCP"] : []), // AKS's API server has a public address
    ];
}

/** The flows the brief allows, and nothing else: the StatefulSet's, or CloudNativePG's. */
function expectedFlows(cloud: string, options: Expected, engine: "statefulset" | "cloudnativepg" = "statefulset"): string[] {
    if (engine === "cloudnativepg") return [...commonFlows(cloud, options), ...cloudNativePgFlows(cloud, options)].sort();
    const flows = [
        ...commonFlows(cloud, options),
        ...["postgresql", "database-roles", ...(options.backups ? ["backup"] : [])].flatMap(dns),
        ...options.colors.map((c) => `orchestrator-${c} -> postgresql:5432/TCP`),
        // The roles Job (workloads/database-roles-job.ts) runs wherever the StatefulSet does.
        "database-roles -> postgresql:5432/TCP",
    ];
    if (options.backups) flows.push("backup -> postgresql:5432/TCP");
    return flows.sort();
}

/** The flows of the application itself, whichever engine runs the database. */
function commonFlows(cloud: string, options: Expected): string[] {
    const orchestrators = options.colors.map((c) => `orchestrator-${c}`);
    const frontends = options.colors.map((c) => `frontend-${c}`);
    const flows = [
        ...[...orchestrators, ...frontends, "stray-atlasia-pod", "acme-solver"].flatMap(dns),
        ...orchestrators.flatMap((o) => apiServerFlows(cloud, o)),
        ...frontends.map((f) => `ingress-controller -> ${f}:8080/TCP`),
        ...orchestrators.map((o) => `ingress-controller -> ${o}:8080/TCP`),
        ...frontends.flatMap((f) => orchestrators.map((o) => `${f} -> ${o}:8080/TCP`)),
        ...orchestrators.map((o) => `${o} -> internet:443/TCP`),
    ];
    if (options.tls) flows.push("ingress-controller -> acme-solver:8089/TCP");
    if (options.monitoring) flows.push(...orchestrators.map((o) => `prometheus -> ${o}:8080/TCP`));
    if (options.tracing) flows.push(...orchestrators.flatMap((o) => [`${o} -> jaeger:4317/TCP`, `${o} -> jaeger:4318/TCP`]));
    return flows;
}

function policiesOf(run: WorkloadRun): NetworkPolicyObject[] {
    return objectsOfKind(run, "NetworkPolicy") as unknown as NetworkPolicyObject[];
}

describe("NetworkPolicies: the allowed flows", () => {
    const blueGreen = { cloud: "gcp", expected: { colors: ["blue", "green"], backups: true, monitoring: true, tracing: true, tls: true } };
    const minimal = { cloud: "aws", expected: { colors: ["blue", "green"], backups: false, monitoring: false, tracing: false, tls: false } };
    const expectedOf = (c: { environment: string }) => ({
        colors: ["blue"],
        backups: c.environment !== "development",
        monitoring: true,
        tracing: true,
        tls: c.environment !== "development",
    });
    const cases = [
        // The StatefulSet on every stack size; local development runs it as committed.
        ...statefulSetMatrix.map((c) => ({ ...c, engine: "statefulset" as const, expected: expectedOf(c) })),
        { ...onStatefulSet(variants.blueGreen), ...blueGreen, engine: "statefulset" as const },
        { ...onStatefulSet(variants.minimal), ...minimal, engine: "statefulset" as const },
        // CloudNativePG, as the committed staging and production stacks run it.
        ...matrix.filter((c) => c.cloud !== "local").map((c) => ({ ...c, engine: "cloudnativepg" as const, expected: expectedOf(c) })),
        { ...variants.blueGreen, ...blueGreen, engine: "cloudnativepg" as const },
        { ...variants.minimal, ...minimal, engine: "cloudnativepg" as const },
    ];
    for (const stack of cases) {
        it(`${stack.label}: exactly the flows the application needs (${stack.engine})`, async () => {
            const run = await runValid(stack.label, stack.options);
            const policies = policiesOf(run);
            const flows = [...allowedFlows(policies, universe(run, stack.cloud), probes, "atlasia")].sort();
            assert.deepEqual(flows, expectedFlows(stack.cloud, stack.expected, stack.engine));
        });
    }

    it("denies all ingress and egress by default and selects namespaces by their name label", async () => {
        const stack = matrix[0];
        const policies = policiesOf(await runValid(stack.label, stack.options));
        const deny = policies.filter((p) => Object.keys(p.spec.podSelector).length === 0 && !p.spec.ingress && !p.spec.egress);
        assert.equal(deny.length, 1);
        assert.deepEqual(deny[0].spec.policyTypes?.slice().sort(), ["Egress", "Ingress"]);
        const namespaceSelectors = JSON.stringify(policies).match(/"namespaceSelector":\{[^}]*\}\}/g) ?? [];
        assert.ok(namespaceSelectors.length > 0);
        for (const selector of namespaceSelectors) assert.match(selector, /kubernetes\.io\/metadata\.name/);
    });
});

describe("NetworkPolicies: the evaluator", () => {
    const a: Endpoint = { name: "a", namespace: "ns", labels: { app: "a" }, ip: "10.0.0.1" };
    const b: Endpoint = { name: "b", namespace: "ns", labels: { app: "b" }, ip: "10.0.0.2" };
    const outside: Endpoint = { name: "x", namespace: "other", labels: { app: "a" }, ip: "10.0.0.3" };
    const tcp8080: PortProbe = { port: 8080, protocol: "TCP" };
    const policy = (name: string, app: string | undefined, spec: Partial<NetworkPolicyObject["spec"]>): NetworkPolicyObject => ({
        metadata: { name, namespace: "ns" },
        spec: { podSelector: app ? { matchLabels: { app } } : {}, ...spec },
    });
    const denyAll = policy("deny", undefined, { policyTypes: ["Ingress", "Egress"] });

    it("allows everything without policies, nothing under default deny", () => {
        assert.ok(flowAllowed([], a, b, tcp8080));
        assert.ok(!flowAllowed([denyAll], a, b, tcp8080));
    });

    it("needs both the sender's egress and the receiver's ingress inside the namespace", () => {
        const egress = policy("a-out", "a", {
            policyTypes: ["Egress"],
            egress: [{ to: [{ podSelector: { matchLabels: { app: "b" } } }], ports: [{ port: 8080, protocol: "TCP" }] }],
        });
        const ingress = policy("b-in", "b", {
            policyTypes: ["Ingress"],
            ingress: [{ from: [{ podSelector: { matchLabels: { app: "a" } } }], ports: [{ port: 8080 }] }],
        });
        assert.ok(!flowAllowed([denyAll, egress], a, b, tcp8080));
        assert.ok(!flowAllowed([denyAll, ingress], a, b, tcp8080));
        assert.ok(flowAllowed([denyAll, egress, ingress], a, b, tcp8080));
        assert.ok(!flowAllowed([denyAll, egress, ingress], a, b, { port: 8081, protocol: "TCP" }));
        assert.ok(!flowAllowed([denyAll, egress, ingress], a, b, { port: 8080, protocol: "UDP" }));
        assert.ok(!flowAllowed([denyAll, egress, ingress], outside, b, tcp8080), "a podSelector alone means the policy's namespace");
    });

    it("matches namespaceSelector with podSelector as AND, and ipBlock with its exceptions", () => {
        const fromOther = policy("b-in", "b", {
            policyTypes: ["Ingress"],
            ingress: [
                { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "other" } }, podSelector: { matchLabels: { app: "a" } } }] },
            ],
        });
        assert.ok(flowAllowed([denyAll, fromOther], outside, b, tcp8080));
        assert.ok(!flowAllowed([denyAll, fromOther], { ...outside, labels: { app: "z" } }, b, tcp8080));
        const internet = policy("a-out", "a", {
            policyTypes: ["Egress"],
            egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }], ports: [{ port: 443 }] }],
        });
        const https: PortProbe = { port: 443, protocol: "TCP" };
        assert.ok(flowAllowed([denyAll, internet], a, { name: "web", ip: "198.51.100.1" }, https));
        assert.ok(!flowAllowed([denyAll, internet], a, { name: "vm", ip: "10.1.1.1" }, https));
        assert.ok(inCidr("172.20.0.1", "172.16.0.0/12") && !inCidr("172.32.0.1", "172.16.0.0/12"));
    });

    it("defaults an absent or empty policyTypes as the API server does: Ingress, plus Egress only with egress rules", () => {
        // kubernetes pkg/apis/networking/v1/defaults.go SetDefaults_NetworkPolicy: len(PolicyTypes) == 0 gives
        // [Ingress], and Egress too only when len(Egress) != 0.
        const bIsolated = (spec: Partial<NetworkPolicyObject["spec"]>) => !flowAllowed([policy("b", "b", spec)], a, b, tcp8080);
        const aIsolated = (spec: Partial<NetworkPolicyObject["spec"]>) => !flowAllowed([policy("a", "a", spec)], a, b, tcp8080);
        for (const spec of [{}, { policyTypes: [] }, { policyTypes: [], egress: [] }]) {
            assert.ok(bIsolated(spec), `ingress isolated by ${JSON.stringify(spec)}`);
            assert.ok(!aIsolated(spec), `egress not isolated by ${JSON.stringify(spec)}`);
        }
        const toNowhere = { egress: [{ to: [{ podSelector: { matchLabels: { app: "z" } } }] }] };
        assert.ok(aIsolated(toNowhere) && aIsolated({ policyTypes: [], ...toNowhere }), "egress rules make it Egress too");
    });

    it("supports matchExpressions", () => {
        const p = policy("b-in", "b", {
            policyTypes: ["Ingress"],
            ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["a"] }] } }] }],
        });
        assert.ok(flowAllowed([p], a, b, tcp8080));
        assert.ok(!flowAllowed([p], { ...a, labels: { app: "c" } }, b, tcp8080));
    });
});
