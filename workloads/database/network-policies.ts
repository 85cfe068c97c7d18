// The flows the CloudNativePG database adds to the namespace's default deny (each half of a flow):
//   orchestrator        -> pooler 5432; the primary 5432 (Flyway as the owner, through `-rw`: config-map.ts)
//   pooler              -> instances 5432
//   instances           <-> instances 5432 (replication), 8000 (instance manager status); "instances"
//                       includes the Jobs that bootstrap them (initdb, import, recovery, join)
//   operator            -> instances 8000, 5432; pooler, Prometheus -> metrics
//   instances, pooler   -> the Kubernetes API; instances -> object storage 443 (WAL, backups)
//   the import Job      -> the StatefulSet 5432 while migrating (only it reads the source)
// https://cloudnative-pg.io/documentation/current/networking/
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { appLabels, selectorLabels } from "../labels";
import { ports } from "../names";
import { k8sOptions, WorkloadContext } from "../context";
import { apiServerEgress, privateRanges } from "../network-policies";
import { databasePodSelector, importJobSelector, poolerSelector, primarySelector } from "./cloudnativepg";
import type { PodPeer } from "../../clusters/addons/contract";

type Peer = k8s.types.input.networking.v1.NetworkPolicyPeer;
const namespaceLabel = "kubernetes.io/metadata.name";
/** The instance manager's status port and the metrics ports of instances and PgBouncer. */
export const cnpgPorts = { status: 8000, instanceMetrics: 9187, poolerMetrics: 9127 };
const tcp = (...list: number[]) => list.map((port) => ({ port, protocol: "TCP" }));
const component = (name: "orchestrator" | "postgresql") => {
    const labels = selectorLabels(name);
    return { "app.kubernetes.io/name": labels["app.kubernetes.io/name"], "app.kubernetes.io/component": labels["app.kubernetes.io/component"] };
};

export function databaseNetworkPolicies(ctx: WorkloadContext, parent: pulumi.Resource, args: { cluster: string; pooler: string; operator: PodPeer }): void {
    const { platform, cluster } = ctx;
    const instances: Peer = { podSelector: databasePodSelector(args.cluster) };
    const primary: Peer = { podSelector: { matchLabels: primarySelector(args.cluster) } };
    const pooler: Peer = { podSelector: { matchLabels: poolerSelector(args.pooler) } };
    const orchestrator: Peer = { podSelector: { matchLabels: component("orchestrator") } };
    const inNamespace = (peer: { namespace: string; podLabels: Record<string, string> }): Peer => ({
        namespaceSelector: { matchLabels: { [namespaceLabel]: peer.namespace } },
        podSelector: { matchLabels: peer.podLabels },
    });
    const operator = inNamespace(args.operator);
    const prometheus = platform.monitoring ? [inNamespace(platform.monitoring.prometheus)] : [];
    // The instance manager and PgBouncer watch the API (https://cloudnative-pg.io/documentation/current/networking/).
    const apiServer = apiServerEgress(cluster.apiServer).map((rule) => ({ to: rule.peers, ports: rule.ports }));
    const internet = { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: privateRanges } }], ports: tcp(443) };
    type Selector = k8s.types.input.meta.v1.LabelSelector;
    const policy = (name: string, podSelector: Selector, spec: Record<string, unknown>) =>
        new k8s.networking.v1.NetworkPolicy(
            name,
            {
                metadata: { name, namespace: ctx.namespace, labels: appLabels },
                spec: { podSelector, ...spec },
            },
            k8sOptions(ctx, parent),
        );

    policy(`${args.cluster}-instances`, databasePodSelector(args.cluster), {
        policyTypes: ["Ingress", "Egress"],
        ingress: [
            { from: [pooler, instances, operator], ports: tcp(ports.postgresql) },
            { from: [instances, operator], ports: tcp(cnpgPorts.status) },
            ...(prometheus.length ? [{ from: prometheus, ports: tcp(cnpgPorts.instanceMetrics) }] : []),
        ],
        egress: [
            { to: [instances], ports: tcp(ports.postgresql, cnpgPorts.status) },
            ...apiServer,
            internet, // object storage, and the API server where it has a public address
        ],
    });
    policy(
        args.pooler,
        { matchLabels: poolerSelector(args.pooler) },
        {
            policyTypes: ["Ingress", "Egress"],
            ingress: [
                { from: [orchestrator], ports: tcp(ports.postgresql) },
                ...(prometheus.length ? [{ from: prometheus, ports: tcp(cnpgPorts.poolerMetrics) }] : []),
            ],
            egress: [{ to: [instances], ports: tcp(ports.postgresql) }, ...apiServer],
        },
    );
    // Flyway's path: the primary only, the pods the `-rw` Service selects.
    policy(
        `${args.cluster}-primary`,
        { matchLabels: primarySelector(args.cluster) },
        {
            policyTypes: ["Ingress"],
            ingress: [{ from: [orchestrator], ports: tcp(ports.postgresql) }],
        },
    );
    policy(
        `${args.cluster}-clients`,
        { matchLabels: component("orchestrator") },
        {
            policyTypes: ["Egress"],
            egress: [{ to: [pooler, primary], ports: tcp(ports.postgresql) }],
        },
    );
    if (ctx.settings.database.engine === "migrating") {
        const importJob = { matchLabels: importJobSelector(args.cluster) };
        const statefulSet = { matchLabels: component("postgresql") };
        policy(`${args.cluster}-import-source`, statefulSet, {
            policyTypes: ["Ingress"],
            ingress: [{ from: [{ podSelector: importJob }], ports: tcp(ports.postgresql) }],
        });
        policy(`${args.cluster}-import`, importJob, {
            policyTypes: ["Egress"],
            egress: [{ to: [{ podSelector: statefulSet }], ports: tcp(ports.postgresql) }],
        });
    }
}
