// Capacity check, before any resource exists: do the workloads fit the node pool at its maximum
// size when every HPA is at its maximum, both colours run, every database pod of the engine runs
// (workloads/database/pods.ts) and the backup job is active?
import * as pulumi from "@pulumi/pulumi";
import { StackSettings } from "../config/settings";
import { addCapacity, Capacity, formatCapacity, requestsOf, scaleCapacity } from "../config/quantity";
import { CapacityFix, clusterCapacity, nodePoolTerms } from "../clusters/capacity";
import { addonRequests } from "../clusters/addons/requests";
import { colorReleases } from "./colors";
import { systemPods } from "../clusters/system-pods";
import { databasePods } from "./database/pods";
import type { ResourceSpec } from "../config/sizing";

export interface WorkloadDemand {
    /** Every pod at maximum scale. */
    atMax: Capacity;
    /** The pods that always run: minimum replicas, no backup job. */
    atMin: Capacity;
    /** The largest single pod, which must fit on one node. */
    largestPod: Capacity;
    /** The database's pods, as the capacity message names them (workloads/database/pods.ts). */
    database: string[];
}

/** The workloads' CPU and memory requests (the add-ons not included). */
export function workloadDemand(settings: StackSettings): WorkloadDemand {
    const { orchestrator, frontend } = settings.sizing;
    const orchestratorColors = colorReleases(settings, "orchestrator").length;
    const frontendColors = colorReleases(settings, "frontend").length;
    const maxOrchestrators = orchestrator.autoscaling?.maxReplicas ?? orchestrator.replicas;
    const minOrchestrators = orchestrator.autoscaling?.minReplicas ?? orchestrator.replicas;
    const databaseGroups = databasePods(settings);
    const podOf = (containers: ResourceSpec[]) => addCapacity(...containers.map((c) => requestsOf(c.requests)));
    const database = (withScheduledJobs: boolean) =>
        addCapacity(...databaseGroups.filter((g) => g.always || withScheduledJobs).map((g) => scaleCapacity(podOf(g.containers), g.count)));

    const application = (orchestrators: number) =>
        addCapacity(
            requestsOf(orchestrator.resources.requests, orchestrators * orchestratorColors),
            requestsOf(frontend.resources.requests, frontend.replicas * frontendColors),
        );
    const pods = [...[orchestrator, frontend].map((c) => podOf([c.resources])), ...databaseGroups.map((g) => podOf(g.containers))];
    return {
        atMax: addCapacity(application(maxOrchestrators), database(true)),
        atMin: addCapacity(application(minOrchestrators), database(false)),
        largestPod: {
            cpuMillis: Math.max(...pods.map((p) => p.cpuMillis)),
            memoryMiB: Math.max(...pods.map((p) => p.memoryMiB)),
        },
        database: databaseGroups.map((g) => g.description),
    };
}

function fits(demand: Capacity, available: Capacity): boolean {
    return demand.cpuMillis <= available.cpuMillis && demand.memoryMiB <= available.memoryMiB;
}

/** Smallest node count whose allocatable capacity holds `demand` plus the per-node add-ons. */
function nodesNeeded(demand: Capacity, perNode: Capacity, perNodeAddons: Capacity): number {
    const free = { cpuMillis: perNode.cpuMillis - perNodeAddons.cpuMillis, memoryMiB: perNode.memoryMiB - perNodeAddons.memoryMiB };
    if (free.cpuMillis <= 0 || free.memoryMiB <= 0) return Infinity;
    return Math.max(1, Math.ceil(demand.cpuMillis / free.cpuMillis), Math.ceil(demand.memoryMiB / free.memoryMiB));
}

/** A fix as message lines: the command alone on its line, what it cannot say in brackets below it. */
function fixLines(label: "fix" | " or", fix: CapacityFix): string[] {
    return [`  ${label}: ${fix.command}`, ...(fix.note ? [`       (${fix.note})`] : [])];
}

export class CapacityError extends pulumi.RunError {
    constructor(message: string) {
        super(message);
        this.name = "CapacityError";
    }
}

/** What the platform takes: every node first runs the cloud's own system pods, then the add-ons' DaemonSets. */
export function platformRequests(settings: StackSettings): { cluster: Capacity; perNode: Capacity } {
    const addons = addonRequests(settings);
    return { cluster: addons.cluster, perNode: addCapacity(addons.perNode, systemPods[settings.cloud].perNode) };
}

/** Throws when the workloads cannot fit at maximum scale; returns warnings otherwise. */
export function checkCapacity(settings: StackSettings): string[] {
    const pool = clusterCapacity(settings);
    const addons = platformRequests(settings);
    const demand = workloadDemand(settings);
    const stack = settings.stack;
    const terms = nodePoolTerms(settings);
    const poolName = terms.description;
    const biggerMachine = terms.largerNodesFix;

    const perNodeFree = { cpuMillis: pool.perNode.cpuMillis - addons.perNode.cpuMillis, memoryMiB: pool.perNode.memoryMiB - addons.perNode.memoryMiB };
    if (!fits(demand.largestPod, perNodeFree)) {
        throw new CapacityError(
            [
                `Capacity check failed for stack "${stack}"; nothing was deployed:`,
                `  the largest Atlasia pod requests ${formatCapacity(demand.largestPod)}, but one node of ${poolName} has only ${formatCapacity(perNodeFree)} allocatable after the cloud's system pods and the per-node add-ons.`,
                ...fixLines("fix", biggerMachine),
            ].join("\n"),
        );
    }

    const atMax = addCapacity(demand.atMax, addons.cluster, scaleCapacity(addons.perNode, pool.maxNodes));
    if (!fits(atMax, pool.atMax)) {
        const needed = nodesNeeded(addCapacity(demand.atMax, addons.cluster), pool.perNode, addons.perNode);
        const resize = terms.resizeFix("nodeMaxCount", needed);
        const fixes = resize ? [...fixLines("fix", resize), ...fixLines(" or", biggerMachine)] : fixLines("fix", biggerMachine);
        throw new CapacityError(
            [
                `Capacity check failed for stack "${stack}"; nothing was deployed:`,
                `  at maximum scale the Atlasia workloads request ${formatCapacity(demand.atMax)} and the platform add-ons and system pods ${formatCapacity(addCapacity(addons.cluster, scaleCapacity(addons.perNode, pool.maxNodes)))}: ${formatCapacity(atMax)} in all`,
                `  (orchestrator at its HPA maximum${settings.app.green ? ", both blue and green colours" : ""}; database: ${demand.database.join(", ")}),`,
                `  but ${poolName} offers ${formatCapacity(pool.atMax)} allocatable at its maximum size.`,
                ...fixes,
            ].join("\n"),
        );
    }

    const warnings: string[] = [];
    const atMin = addCapacity(demand.atMin, addons.cluster, scaleCapacity(addons.perNode, pool.minNodes));
    if (!fits(atMin, pool.atMin)) {
        const needed = nodesNeeded(addCapacity(demand.atMin, addons.cluster), pool.perNode, addons.perNode);
        const avoid = terms.resizeFix("nodeMinCount", needed) ?? biggerMachine;
        warnings.push(
            `At its minimum size (${pool.minNodes} node${pool.minNodes === 1 ? "" : "s"}, ${formatCapacity(pool.atMin)} allocatable) ${poolName} cannot hold the minimum replicas ` +
                `(${formatCapacity(atMin)} with the add-ons); the autoscaler will add nodes on every deployment. ` +
                `To avoid it${avoid.note ? ` (${avoid.note})` : ""}: ${avoid.command}`,
        );
    }
    return warnings;
}
