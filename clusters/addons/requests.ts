// The add-ons' CPU and memory requests, for the capacity check (known before any resource exists).
// Not hand budgets: `npm run render` renders each chart with the values the program passes and
// commits what every rendered pod requests (controllers, operators, subcharts such as
// kube-state-metrics and node-exporter, hook jobs) to generated/addon-requests.json; it fails when
// the committed numbers no longer match the rendering.
import { addCapacity, Capacity, scaleCapacity } from "../../config/quantity";
import type { Environment } from "../../config/sizing";
import type { StackSettings } from "../../config/settings";
import { AddonName, charts } from "./charts";
import { certManagerInstalled, cloudNativePgInstalled } from "./installed";
import rendered from "../../generated/addon-requests.json";

export interface AddonRequests {
    /** Pods that run once per cluster (controllers, Prometheus, Grafana, Jaeger, hook jobs). */
    cluster: Capacity;
    /** DaemonSet pods: once per node (node-exporter). */
    perNode: Capacity;
}

/** A rendered pod ("Kind/name"): how many, and what each requests (init containers included). */
export interface AddonPod extends Capacity {
    name: string;
    replicas: number;
}

export interface ReleasePods {
    cluster: AddonPod[];
    perNode: AddonPod[];
}

/** Release name -> its rendered pods, per environment (the values differ by environment only). */
export type RenderedRequests = Partial<Record<Environment, Record<string, ReleasePods>>>;

/** The add-ons the settings install (the releases PlatformAddons creates). */
export function installedAddons(settings: StackSettings): AddonName[] {
    const { monitoring, tracing } = settings.addons;
    return [
        "ingressNginx",
        ...(certManagerInstalled(settings) ? ["certManager" as const] : []),
        ...(cloudNativePgInstalled(settings) ? ["cloudnativePg" as const, "barmanCloudPlugin" as const] : []),
        ...(monitoring ? ["kubePrometheusStack" as const, "prometheusAdapter" as const] : []),
        ...(tracing ? ["jaeger" as const] : []),
        // EKS only: the other clouds autoscale node pools themselves (clusters/eks/index.ts).
        ...(settings.cloud === "aws" ? ["clusterAutoscaler" as const] : []),
    ];
}

/** Every rendered add-on pod the settings install, once per cluster and once per node. */
export function addonPods(settings: StackSettings, data: RenderedRequests = rendered): ReleasePods {
    const byRelease = data[settings.environment] ?? {};
    const pods = installedAddons(settings).map((addon) => {
        const found = byRelease[charts[addon].releaseName];
        if (!found)
            throw new Error(
                `generated/addon-requests.json has no ${settings.environment} rendering of ${charts[addon].releaseName}: run npm run render -- --write`,
            );
        return found;
    });
    return { cluster: pods.flatMap((p) => p.cluster), perNode: pods.flatMap((p) => p.perNode) };
}

function total(pods: AddonPod[]): Capacity {
    return addCapacity(...pods.map((p) => scaleCapacity(p, p.replicas)));
}

export function addonRequests(settings: StackSettings): AddonRequests {
    const pods = addonPods(settings);
    return { cluster: total(pods.cluster), perNode: total(pods.perNode) };
}
