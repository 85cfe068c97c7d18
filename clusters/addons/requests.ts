// The add-ons' CPU and memory requests, for the capacity check (known before any resource exists).
// Computed from the same table (sizing.ts) and the same on/off switches the Helm values use.
import { addCapacity, Capacity, requestsOf } from "../../config/quantity";
import type { StackSettings } from "../../config/settings";
import { addonSizing } from "./sizing";

export interface AddonRequests {
    /** Pods that run once per cluster (controllers, Prometheus, Grafana, Jaeger). */
    cluster: Capacity;
    /** DaemonSet pods: once per node (node-exporter). */
    perNode: Capacity;
}

/** A pod the add-ons run: how many, and the requests of each of its containers. */
export interface AddonPod {
    name: string;
    replicas: number;
    containers: { cpu: string; memory: string }[];
}

/** Every add-on pod the settings install, once per cluster and once per node. */
export function addonPods(settings: StackSettings): { cluster: AddonPod[]; perNode: AddonPod[] } {
    const size = addonSizing[settings.environment];
    const { monitoring, tracing, tlsIssuer } = settings.addons;
    const pod = (name: string, replicas: number, ...containers: { cpu: string; memory: string }[]): AddonPod =>
        ({ name, replicas, containers });

    const cluster: AddonPod[] = [
        pod("ingress-nginx-controller", size.ingressController.replicas, size.ingressController.resources.requests),
    ];
    if (tlsIssuer !== "none") {
        const { controller, webhook, cainjector } = size.certManager;
        cluster.push(
            pod("cert-manager", controller.replicas, controller.resources.requests),
            pod("cert-manager-webhook", webhook.replicas, webhook.resources.requests),
            pod("cert-manager-cainjector", cainjector.replicas, cainjector.resources.requests),
        );
    }
    if (monitoring) {
        const reloader = size.configReloader.requests;
        cluster.push(
            pod("prometheus", size.prometheus.replicas, size.prometheus.resources.requests, reloader),
            pod("alertmanager", size.alertmanager.replicas, size.alertmanager.resources.requests, reloader),
            pod("prometheus-operator", size.prometheusOperator.replicas, size.prometheusOperator.resources.requests),
            pod("grafana", size.grafana.replicas, size.grafana.resources.requests, size.grafanaSidecar.requests, size.grafanaSidecar.requests),
            pod("kube-state-metrics", 1, size.kubeStateMetrics),
            pod("prometheus-adapter", size.prometheusAdapter.replicas, size.prometheusAdapter.resources.requests),
        );
    }
    if (tracing) cluster.push(pod("jaeger", size.jaeger.replicas, size.jaeger.resources.requests));

    const perNode = monitoring ? [pod("node-exporter", 1, size.nodeExporter)] : [];
    return { cluster, perNode };
}

function total(pods: AddonPod[]): Capacity {
    return addCapacity(...pods.flatMap((p) => p.containers.map((c) => requestsOf(c, p.replicas))));
}

export function addonRequests(settings: StackSettings): AddonRequests {
    const pods = addonPods(settings);
    return { cluster: total(pods.cluster), perNode: total(pods.perNode) };
}
