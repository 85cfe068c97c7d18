// The add-ons' CPU and memory requests, for the capacity check (known before any resource exists).
import { Capacity } from "../../config/quantity";
import type { StackSettings } from "../../config/settings";

export interface AddonRequests {
    /** Pods that run once per cluster (controllers, Prometheus, Grafana, Jaeger). */
    cluster: Capacity;
    /** DaemonSet pods: once per node (node-exporter). */
    perNode: Capacity;
}

// Placeholder until the add-on layer lands: the add-ons issue fills this from the values it sets.
export function addonRequests(_settings: StackSettings): AddonRequests {
    return { cluster: { cpuMillis: 0, memoryMiB: 0 }, perNode: { cpuMillis: 0, memoryMiB: 0 } };
}
