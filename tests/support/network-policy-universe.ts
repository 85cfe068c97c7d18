// The endpoints the NetworkPolicy tests probe: atlasia's pods (by component, from the real pod
// templates), a stray atlasia pod, the platform's pods (as the platform layer told the workloads
// about them) and addresses inside and outside the cluster; and the ports they probe.
import { PortProbe, Endpoint } from "./network-policy";
import { CapturedPlatform, objectsOfKind, podTemplates, WorkloadRun } from "./workloads";
import { cnpgPodLabels } from "./cnpg-pods";

export const probes: PortProbe[] = [
    { port: 53, protocol: "UDP" },
    { port: 53, protocol: "TCP" },
    // 8000: CloudNativePG's instance manager; 9187, 9127: instance and PgBouncer metrics.
    ...[22, 80, 443, 4317, 4318, 5432, 6443, 8000, 8080, 8089, 9090, 9127, 9187, 16686].map((port) => ({ port, protocol: "TCP" as const })),
];

/**
 * Where each cloud's API server answers pods (GKE's private endpoint, EKS's network interfaces in its
 * control-plane subnet 10.0.120.0/27 of the default VPC, AKS's public address, kind's node).
 */
const apiServerAddress: Record<string, string> = { gcp: "172.16.0.2", aws: "10.0.120.10", azure: "20.62.0.1", local: "172.18.0.2" };
export const apiServerPort: Record<string, number> = { gcp: 443, aws: 443, azure: 443, local: 6443 };

/** The universe of one stack, for its cloud (the API server's address differs). */
export function universe(run: WorkloadRun & { platform: CapturedPlatform }, cloud: string): Endpoint[] {
    const endpoints: Endpoint[] = [];
    let host = 10;
    const pod = (name: string, namespace: string, labels: Record<string, string>) => endpoints.push({ name, namespace, labels, ip: `10.4.0.${host++}` });
    const seen = new Set<string>();
    for (const t of podTemplates(run)) {
        const component = t.metadata.labels["app.kubernetes.io/component"];
        const color = t.metadata.labels["atlasia.io/color"];
        const name = color ? `${component}-${color}` : component;
        if (!seen.has(name)) pod(name, "atlasia", t.metadata.labels);
        seen.add(name);
    }
    // The operator starts the Cluster's and the Pooler's pods (tests/support/cnpg-pods.ts).
    const [cluster] = objectsOfKind(run, "Cluster");
    if (cluster) {
        const labels = cnpgPodLabels(cluster.metadata.name, objectsOfKind(run, "Pooler")[0].metadata.name, cluster.spec.inheritedMetadata.labels);
        pod("db-primary", "atlasia", labels.primary);
        pod("db-replica", "atlasia", labels.replica);
        pod("pooler", "atlasia", labels.pooler);
        pod("db-job", "atlasia", labels.job);
        const operator = run.platform.services.database!.operator;
        pod("cnpg-operator", operator.namespace, operator.podLabels);
    }
    pod("stray-atlasia-pod", "atlasia", { run: "debug" });
    pod("acme-solver", "atlasia", { "acme.cert-manager.io/http01-solver": "true" });
    const services = run.platform.services;
    pod("ingress-controller", services.ingress.controller.namespace, services.ingress.controller.podLabels);
    if (services.monitoring) pod("prometheus", services.monitoring.prometheus.namespace, services.monitoring.prometheus.podLabels);
    if (services.tracing) pod("jaeger", services.tracing.collector.namespace, services.tracing.collector.podLabels);
    pod("kube-dns", "kube-system", { "k8s-app": "kube-dns" });
    pod("other-namespace-pod", "default", { app: "other" });
    // A pod in the controller's namespace that is not the controller.
    pod("ingress-namespace-other-pod", services.ingress.controller.namespace, { app: "other" });
    endpoints.push({ name: "api-server", ip: apiServerAddress[cloud] });
    // The `kubernetes` Service ClusterIP, as the EKS VPC CNI's policy agent sees it before translation
    // (aws/amazon-network-policy-controller-k8s#194); EKS picks 10.100.0.0/16 or 172.20.0.0/16.
    if (cloud === "aws") endpoints.push({ name: "kubernetes-service", ip: "172.20.0.1" }, { name: "kubernetes-service-alt", ip: "10.100.0.1" });
    endpoints.push({ name: "internet", ip: "203.0.113.7" }, { name: "private-address", ip: "10.200.0.5" }, { name: "metadata-server", ip: "169.254.169.254" });
    return endpoints;
}

/**
 * Pods that copy the labels of a pod a policy names, in a namespace of their own: a peer that lost its
 * namespaceSelector (or whose selector matches every namespace) lets them in.
 */
export function impostors(run: WorkloadRun & { platform: CapturedPlatform }): Endpoint[] {
    const { services } = run.platform;
    const copied = [
        { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } },
        services.ingress.controller,
        services.monitoring?.prometheus,
        services.tracing?.collector,
        services.database?.operator,
        ...podTemplates(run).map((t) => ({ namespace: "atlasia", podLabels: t.metadata.labels })),
    ];
    return copied.flatMap((peer, i) => (peer ? [{ name: `impostor-${i}`, namespace: "impostors", labels: peer.podLabels, ip: `10.5.0.${10 + i}` }] : []));
}
