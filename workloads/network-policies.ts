// Default deny in the atlasia namespace, then exactly the flows the application needs:
//   every pod            -> kube-system DNS, UDP and TCP 53
//   ingress controller   -> frontend 8080, orchestrator 8080
//   frontend             -> orchestrator 8080
//   orchestrator         -> postgresql 5432 (the StatefulSet; CloudNativePG's flows: database/network-policies.ts), Jaeger collector 4317/4318 (tracing), internet 443 (LLM API),
//                           the Kubernetes API (its ConfigMap and Secret; private on GKE, EKS and kind,
//                           and the `kubernetes` Service ClusterIP where the CNI needs it: EKS)
//   ingress controller   -> cert-manager's HTTP-01 solver pods 8089 (TLS), or certificates never issue
//   Prometheus           -> orchestrator 8080 (/actuator/prometheus; monitoring)
//   backup job           -> postgresql 5432 (the StatefulSet's pg_dump backups)
//   roles job            -> postgresql 5432 (the StatefulSet's roles, database-roles-job.ts)
// A flow between two atlasia pods needs both halves: egress on the sender, ingress on the receiver.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { PodPeer } from "../clusters/addons/contract";
import type { Cluster } from "../clusters/contract";
import { kubernetesServicePort } from "../clusters/kubernetes-service";
import { appLabels, selectorLabels } from "./labels";
import { Component, ports } from "./names";
import { k8sOptions, WorkloadContext } from "./context";

type Peer = k8s.types.input.networking.v1.NetworkPolicyPeer;
export type Rule = { peers: Peer[]; ports: { port: number; protocol?: "TCP" | "UDP" }[] };

const namespaceLabel = "kubernetes.io/metadata.name";

/** Private and link-local ranges: egress to "the internet" excludes them (and the metadata service). */
export const privateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10"];

/** Pods of one atlasia component (either colour). */
function podsOf(component: Component): Peer {
    return { podSelector: { matchLabels: componentSelector(component) } };
}

function componentSelector(component: Component): Record<string, string> {
    const { ["app.kubernetes.io/name"]: name, ["app.kubernetes.io/component"]: comp } = selectorLabels(component);
    return { "app.kubernetes.io/name": name, "app.kubernetes.io/component": comp };
}

/** Pods of another namespace, selected by the namespace's immutable name label. */
function podsIn(peer: PodPeer): Peer {
    return {
        namespaceSelector: { matchLabels: { [namespaceLabel]: peer.namespace } },
        podSelector: { matchLabels: peer.podLabels },
    };
}

/** Label and port of cert-manager's ACME HTTP-01 solver pods. */
export const acmeSolverLabel = "acme.cert-manager.io/http01-solver";
export const acmeSolverPort = 8089;

const tcp = (port: number) => ({ port, protocol: "TCP" as const });
const ipBlock = (cidr: string): Peer => ({ ipBlock: { cidr } });
/** Any public address: not private, not link-local (the metadata service), not carrier-grade NAT. */
const internet: Peer = { ipBlock: { cidr: "0.0.0.0/0", except: privateRanges } };

/** Egress to the Kubernetes API, for every pod that calls it (the orchestrator, CloudNativePG's instances and PgBouncer). */
export function apiServerEgress(apiServer: Cluster["apiServer"]): Rule[] {
    // A private API server by its ranges; a public one (AKS) at any public address.
    const rules: Rule[] = [{ peers: apiServer.cidrs.length > 0 ? apiServer.cidrs.map(ipBlock) : [internet], ports: apiServer.ports.map(tcp) }];
    if (apiServer.serviceClusterIps.length > 0) {
        // Where the CNI checks egress before the Service address is translated (EKS).
        rules.push({ peers: apiServer.serviceClusterIps.map((ip) => ipBlock(`${ip}/32`)), ports: [tcp(kubernetesServicePort)] });
    }
    return rules;
}

export class NetworkPolicies extends pulumi.ComponentResource {
    constructor(name: string, ctx: WorkloadContext, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:app:NetworkPolicies", name, {}, opts);
        const { settings, platform } = ctx;
        const policy = (policyName: string, podSelector: Record<string, string>, rules: { ingress?: Rule[]; egress?: Rule[] }) =>
            new k8s.networking.v1.NetworkPolicy(
                policyName,
                {
                    metadata: { name: policyName, namespace: ctx.namespace, labels: appLabels },
                    spec: {
                        podSelector: { matchLabels: podSelector },
                        policyTypes: [...(rules.ingress ? ["Ingress"] : []), ...(rules.egress ? ["Egress"] : [])],
                        ...(rules.ingress ? { ingress: rules.ingress.map((r) => ({ from: r.peers, ports: r.ports })) } : {}),
                        ...(rules.egress ? { egress: rules.egress.map((r) => ({ to: r.peers, ports: r.ports })) } : {}),
                    },
                },
                k8sOptions(ctx, this),
            );

        new k8s.networking.v1.NetworkPolicy(
            "atlasia-default-deny",
            {
                metadata: { name: "atlasia-default-deny", namespace: ctx.namespace, labels: appLabels },
                spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
            },
            k8sOptions(ctx, this),
        );

        policy(
            "atlasia-allow-dns",
            {},
            {
                egress: [
                    {
                        // kube-dns, and NodeLocal DNSCache's link-local address where the cluster runs it
                        // (https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/).
                        peers: [
                            { namespaceSelector: { matchLabels: { [namespaceLabel]: "kube-system" } } },
                            ...(settings.app.egress.nodeLocalDns ? [ipBlock(`${settings.app.egress.nodeLocalDns}/32`)] : []),
                        ],
                        ports: [
                            { port: 53, protocol: "UDP" },
                            { port: 53, protocol: "TCP" },
                        ],
                    },
                ],
            },
        );

        const controller = podsIn(platform.ingress.controller);
        const contract = settings.app.imageContract;
        policy("atlasia-frontend", componentSelector("frontend"), {
            ingress: [{ peers: [controller], ports: [tcp(contract.frontend.port)] }],
            egress: [{ peers: [podsOf("orchestrator")], ports: [tcp(contract.orchestrator.port)] }],
        });

        const orchestratorIngress: Rule[] = [{ peers: [controller, podsOf("frontend")], ports: [tcp(contract.orchestrator.port)] }];
        if (platform.monitoring) {
            orchestratorIngress.push({ peers: [podsIn(platform.monitoring.prometheus)], ports: [tcp(contract.orchestrator.port)] });
        }
        const { egress } = settings.app;
        const statefulSet = settings.database.engine !== "cloudnativepg";
        const orchestratorEgress: Rule[] = [
            // The StatefulSet's pods; CloudNativePG's flows are workloads/database/network-policies.ts.
            ...(statefulSet ? [{ peers: [podsOf("postgresql")], ports: [tcp(ports.postgresql)] }] : []),
            // The LLM provider's HTTPS API: the configured ranges, or anywhere public but nowhere inside the network.
            { peers: egress.llmCidrs.length > 0 ? egress.llmCidrs.map(ipBlock) : [internet], ports: [tcp(443)] },
        ];
        if (egress.vault) orchestratorEgress.push({ peers: egress.vault.cidrs.map(ipBlock), ports: [tcp(egress.vault.port)] });
        orchestratorEgress.push(...apiServerEgress(ctx.cluster.apiServer));
        if (platform.tracing) {
            orchestratorEgress.push({
                peers: [podsIn(platform.tracing.collector)],
                ports: [tcp(platform.tracing.otlpGrpcPort), tcp(platform.tracing.otlpHttpPort)],
            });
        }
        policy("atlasia-orchestrator", componentSelector("orchestrator"), { ingress: orchestratorIngress, egress: orchestratorEgress });

        if (platform.tls) {
            // cert-manager answers Let's Encrypt's HTTP-01 challenge from a solver pod it starts in
            // this namespace, reached through the ingress controller.
            policy(
                "atlasia-acme-http01-solver",
                { [acmeSolverLabel]: "true" },
                {
                    ingress: [{ peers: [controller], ports: [tcp(acmeSolverPort)] }],
                },
            );
        }

        const databaseClients = [podsOf("orchestrator"), podsOf("database-roles"), ...(settings.app.backups.enabled ? [podsOf("backup")] : [])];
        if (statefulSet) {
            // The StatefulSet's pods; on CloudNativePG the Pooler's policy carries this name.
            policy("atlasia-postgresql", componentSelector("postgresql"), {
                ingress: [{ peers: databaseClients, ports: [tcp(ports.postgresql)] }],
            });
            // The StatefulSet's roles Job (database-roles-job.ts).
            policy("atlasia-postgresql-roles-sync", componentSelector("database-roles"), {
                egress: [{ peers: [podsOf("postgresql")], ports: [tcp(ports.postgresql)] }],
            });
        }

        // The pg_dump CronJob exists only with the StatefulSet (workloads/database/index.ts).
        if (statefulSet && settings.app.backups.enabled) {
            policy("atlasia-postgresql-backup", componentSelector("backup"), {
                egress: [{ peers: [podsOf("postgresql")], ports: [tcp(ports.postgresql)] }],
            });
        }
        this.registerOutputs({});
    }
}
