// Per-stack scaling of the Atlasia workloads (issue 11 items 3, 5, 25): replicas and HPA range and
// targets as stack settings, the seed's table (sizing.ts) as defaults. The capacity check and the
// PostgreSQL connection budget read the result, so a larger HPA maximum is checked before it deploys.
import type { ConfigReader } from "./reader";
import type { WorkloadSizing } from "./sizing";

/** 0 (each key's default) means: the sizing table's value. */

/**
 * How ai_tasks_queue_depth is reported: `per-pod` when each pod reports its own backlog (the HPA's
 * Pods metric averages them), `shared` when every pod reports the same shared queue's total (an
 * External metric, divided by the replica count by the HPA's AverageValue target).
 */
export type QueueDepthScope = "per-pod" | "shared";
export const queueDepthScopes: readonly QueueDepthScope[] = ["per-pod", "shared"];

export function loadScaling(read: ConfigReader, table: WorkloadSizing): { sizing: WorkloadSizing; queueDepthScope: QueueDepthScope } {
    const override = (key: Parameters<ConfigReader["integer"]>[0], fallback: number, max = Number.MAX_SAFE_INTEGER) => read.integer(key, 0, max) || fallback;
    const { orchestrator, frontend } = table;
    const tableHpa = orchestrator.autoscaling;
    const hpaKeys = [
        "orchestratorHpaMinReplicas",
        "orchestratorHpaMaxReplicas",
        "orchestratorHpaCpuPercent",
        "orchestratorHpaMemoryPercent",
        "orchestratorQueueDepthTarget",
    ] as const;
    let autoscaling = tableHpa;
    if (!tableHpa) {
        // Removed whatever the value: a malformed one (-1, abc) would otherwise get a fix that sets it.
        for (const key of hpaKeys) {
            if (read.isOverridden(key))
                read.removalProblem(
                    key,
                    "this environment has no HPA (the deployment guide's development column is N/A); set atlasia:orchestratorReplicas instead.",
                );
        }
    } else {
        const memory = read.integer("orchestratorHpaMemoryPercent", 0, 100) ?? 0;
        autoscaling = {
            minReplicas: override("orchestratorHpaMinReplicas", tableHpa.minReplicas),
            maxReplicas: override("orchestratorHpaMaxReplicas", tableHpa.maxReplicas),
            cpuUtilizationPercent: override("orchestratorHpaCpuPercent", tableHpa.cpuUtilizationPercent, 100),
            ...(memory > 0 ? { memoryUtilizationPercent: memory } : {}),
            queueDepthPerPod: override("orchestratorQueueDepthTarget", tableHpa.queueDepthPerPod),
        };
        if (autoscaling.minReplicas > autoscaling.maxReplicas) {
            read.problem(
                "orchestratorHpaMaxReplicas",
                `the HPA maximum (${autoscaling.maxReplicas}) is below its minimum (${autoscaling.minReplicas}).`,
                String(autoscaling.minReplicas),
            );
        }
    }
    const replicas = autoscaling ? autoscaling.minReplicas : read.integer("orchestratorReplicas", 0) || orchestrator.replicas;
    if (autoscaling && read.isOverridden("orchestratorReplicas")) hpaOwnsReplicas(read, autoscaling);
    return {
        sizing: {
            ...table,
            orchestrator: { ...orchestrator, replicas, ...(autoscaling ? { autoscaling } : {}) },
            frontend: { ...frontend, replicas: override("frontendReplicas", frontend.replicas) },
        },
        queueDepthScope: read.oneOf<QueueDepthScope>("queueDepthScope", queueDepthScopes, "per-pod"),
    };
}

/**
 * orchestratorReplicas where the HPA owns the count: removed, whatever its value. Its value moves to
 * the HPA minimum only when that is not set already and the next run accepts it (1 to the maximum).
 */
function hpaOwnsReplicas(read: ConfigReader, autoscaling: { maxReplicas: number }): void {
    const raw = read.string("orchestratorReplicas");
    // A whole number as ConfigReader.integer and the CLI read it (strconv.Atoi: a sign allowed).
    const count = /^[+-]?\d+$/.test(raw) ? Number(raw) : 0;
    const kept = read.isOverridden("orchestratorHpaMinReplicas")
        ? "atlasia:orchestratorHpaMinReplicas is already set"
        : count < 1 || count > autoscaling.maxReplicas
          ? `"${raw}" is not a count from 1 to the HPA maximum ${autoscaling.maxReplicas}`
          : undefined;
    read.removalProblem(
        "orchestratorReplicas",
        "the HPA owns the replica count in this environment; set atlasia:orchestratorHpaMinReplicas instead." +
            (kept ? ` This value is not moved to it: ${kept}.` : ""),
        kept ? undefined : read.fix("orchestratorHpaMinReplicas", String(count)),
    );
}
