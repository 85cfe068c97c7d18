// The add-ons' per-environment sizes as typed data: replicas, requests and limits, volume sizes and
// trace storage. The Helm values read this table; the capacity check reads what the charts render
// with those values (requests.ts, generated/addon-requests.json).
import type { Environment } from "../../config/sizing";

/**
 * Requests, and a memory limit. No CPU limits: CPU is compressible, a limit only throttles a
 * controller at the moment it is busiest (reconciles, config reloads, scrapes); requests already
 * guarantee each pod its share.
 */
export interface AddonResources {
    requests: { cpu: string; memory: string };
    /** Absent where upstream advises against limits (the ingress controller). */
    limits?: { memory: string };
}

/**
 * Every add-on PodDisruptionBudget lets pods that are not Ready be evicted: with the default
 * (IfHealthyBudget) a failed rollout keeps the budget exhausted and blocks node drains and upgrades
 * (https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy).
 */
export const unhealthyPodEvictionPolicy = "AlwaysAllow";

export interface Workload {
    replicas: number;
    resources: AddonResources;
}

export type JaegerStorage = { kind: "memory"; maxTraces: number } | { kind: "badger"; size: string; ttl: string };

export interface AddonSizing {
    certManager: { controller: Workload; webhook: Workload; cainjector: Workload };
    ingressController: Workload;
    prometheus: Workload & { storage: string };
    /** `storage` undefined: silences live in an emptyDir and are lost on restart. */
    alertmanager: Workload & { storage?: string };
    prometheusOperator: Workload;
    /** The config-reloader sidecar in every Prometheus and Alertmanager pod. */
    configReloader: AddonResources;
    grafana: Workload;
    /** Each of Grafana's two sidecars (dashboards, datasources). */
    grafanaSidecar: AddonResources;
    /** kube-prometheus-stack's kube-state-metrics subchart (one replica, grows with the cluster's objects). */
    kubeStateMetrics: AddonResources;
    /** kube-prometheus-stack's node-exporter DaemonSet: once per node. */
    nodeExporter: AddonResources;
    /** kube-webhook-certgen, the create and patch hook Jobs of ingress-nginx's and the operator's admission webhooks. */
    webhookCertJob: AddonResources;
    /** cert-manager's startupapicheck hook Job (waits for the webhook to answer). */
    startupApiCheck: AddonResources;
    prometheusAdapter: Workload;
    jaeger: Workload & { storage: JaegerStorage };
}

const small = (cpu: string, memory: string, memoryLimit: string): AddonResources => ({
    requests: { cpu, memory },
    limits: { memory: memoryLimit },
});

/**
 * The ingress controller: requests only. Its chart lists no limits and upstream advises against
 * them; an OOM kill would drop every connection through that replica.
 */
const unlimited = (cpu: string, memory: string): AddonResources => ({ requests: { cpu, memory } });

/**
 * Shared by every environment: sidecars, per-node exporters and one-shot hook Jobs do not grow with
 * traffic. The Jobs get a roomier memory limit than their chart's example: they live for seconds, and
 * an OOM kill would fail the install and roll the whole release back (atomic).
 */
const common = {
    configReloader: small("10m", "32Mi", "64Mi"),
    grafanaSidecar: small("10m", "64Mi", "128Mi"),
    // Requests: the prometheus-node-exporter chart's commented example (values.yaml `resources`:
    // 100m, 30Mi). Memory limit: kube-prometheus' node-exporter (jsonnet/kube-prometheus/components/
    // node-exporter.libsonnet, 180Mi); the chart's example 50Mi is tight on nodes with many CPUs and mounts.
    nodeExporter: small("100m", "30Mi", "180Mi"),
    // ingress-nginx values.yaml controller.admissionWebhooks.createSecretJob commented example: 10m, 20Mi.
    webhookCertJob: small("10m", "20Mi", "64Mi"),
    // cert-manager values.yaml startupapicheck.resources commented example: 10m, 32Mi.
    startupApiCheck: small("10m", "32Mi", "64Mi"),
};

/** One of everything, small enough for a laptop's kind cluster next to the workloads. */
const development: AddonSizing = {
    certManager: {
        controller: { replicas: 1, resources: small("10m", "64Mi", "256Mi") },
        webhook: { replicas: 1, resources: small("10m", "32Mi", "64Mi") },
        cainjector: { replicas: 1, resources: small("10m", "64Mi", "256Mi") },
    },
    ingressController: { replicas: 1, resources: unlimited("100m", "128Mi") },
    prometheus: { replicas: 1, resources: small("100m", "512Mi", "1Gi"), storage: "10Gi" },
    alertmanager: { replicas: 1, resources: small("10m", "64Mi", "128Mi") },
    prometheusOperator: { replicas: 1, resources: small("50m", "128Mi", "256Mi") },
    grafana: { replicas: 1, resources: small("50m", "128Mi", "256Mi") },
    prometheusAdapter: { replicas: 1, resources: small("20m", "64Mi", "128Mi") },
    // The kube-state-metrics chart's commented example (values.yaml `resources`: 10m, 32Mi) for a
    // laptop's few hundred objects; its memory limit 64Mi doubled, as it grows with every object.
    kubeStateMetrics: small("10m", "32Mi", "128Mi"),
    // Memory store: traces are lost on restart, which is fine while developing.
    jaeger: { replicas: 1, resources: small("50m", "128Mi", "512Mi"), storage: { kind: "memory", maxTraces: 20000 } },
    ...common,
};

/**
 * kube-state-metrics on a cloud cluster: its README's "Resource recommendation" (0.1 cores, 250MiB;
 * github.com/kubernetes/kube-state-metrics#resource-recommendation). No CPU limit (the README warns a
 * low one lets its queues, and so its memory, grow); twice the request as the memory limit, since its
 * memory follows the cluster's object count.
 */
const clusterStateMetrics = small("100m", "250Mi", "512Mi");

export const addonSizing: Record<Environment, AddonSizing> = {
    development,
    // Development's sizes, plus two ingress controllers (rolling updates without a gap), a larger
    // Prometheus, and persistent traces like production (so that setup is rehearsed) kept 3 days.
    staging: {
        ...development,
        ingressController: { replicas: 2, resources: unlimited("100m", "128Mi") },
        prometheus: { replicas: 1, resources: small("250m", "1Gi", "2Gi"), storage: "50Gi" },
        kubeStateMetrics: clusterStateMetrics,
        jaeger: { replicas: 1, resources: small("100m", "256Mi", "1Gi"), storage: { kind: "badger", size: "10Gi", ttl: "72h" } },
    },
    // HA where the platform sits in the request path or drives autoscaling: the ingress controller,
    // cert-manager (its webhook admits every Certificate), Prometheus, Alertmanager and
    // prometheus-adapter. Two or more replicas get a PodDisruptionBudget.
    production: {
        certManager: {
            controller: { replicas: 2, resources: small("25m", "128Mi", "512Mi") },
            webhook: { replicas: 2, resources: small("10m", "32Mi", "128Mi") },
            cainjector: { replicas: 2, resources: small("10m", "128Mi", "512Mi") },
        },
        ingressController: { replicas: 3, resources: unlimited("250m", "256Mi") },
        prometheus: { replicas: 2, resources: small("500m", "2Gi", "4Gi"), storage: "100Gi" },
        alertmanager: { replicas: 2, resources: small("20m", "64Mi", "256Mi"), storage: "2Gi" },
        prometheusOperator: { replicas: 1, resources: small("100m", "128Mi", "512Mi") },
        grafana: { replicas: 1, resources: small("100m", "256Mi", "512Mi") },
        prometheusAdapter: { replicas: 2, resources: small("50m", "128Mi", "256Mi") },
        kubeStateMetrics: clusterStateMetrics,
        // Badger is single-writer: one replica on a ReadWriteOnce volume, a week of traces.
        jaeger: { replicas: 1, resources: small("200m", "512Mi", "2Gi"), storage: { kind: "badger", size: "50Gi", ttl: "168h" } },
        ...common,
    },
};
