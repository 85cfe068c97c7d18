// What a node pool can hold: machine shapes and each cloud's kubelet reservations, so the
// capacity check works from numbers a platform engineer can recognise in `kubectl describe node`.
import { Cloud, Environment, gkeLocationKinds, ManagedCloud } from "../config/sizing";
import { Capacity, scaleCapacity } from "../config/quantity";
import type { StackSettings } from "../config/settings";
import { setCommand } from "../config/fix-commands";
import { projectName } from "../config/keys";
import { eksNodeGroupCounts } from "./eks/zonal-node-groups";

export interface MachineShape {
    vcpus: number;
    memoryGib: number;
    /** Pods per node the cloud's default networking allows (feeds EKS/AKS memory reservations). */
    maxPods: number;
}

/** Machine types we know the shape of. Others need atlasia:nodeCpus and atlasia:nodeMemoryGib. */
export const machineShapes: Record<ManagedCloud, Record<string, MachineShape>> = {
    gcp: {
        "n2-standard-2": { vcpus: 2, memoryGib: 8, maxPods: 110 },
        "n2-standard-4": { vcpus: 4, memoryGib: 16, maxPods: 110 },
        "n2-standard-8": { vcpus: 8, memoryGib: 32, maxPods: 110 },
        "e2-standard-2": { vcpus: 2, memoryGib: 8, maxPods: 110 },
        "e2-standard-4": { vcpus: 4, memoryGib: 16, maxPods: 110 },
        "e2-standard-8": { vcpus: 8, memoryGib: 32, maxPods: 110 },
    },
    aws: {
        // maxPods: the VPC CNI's ENI limit for the instance type.
        "t3.large": { vcpus: 2, memoryGib: 8, maxPods: 35 },
        "t3.xlarge": { vcpus: 4, memoryGib: 16, maxPods: 58 },
        "t3.2xlarge": { vcpus: 8, memoryGib: 32, maxPods: 58 },
        "m6i.large": { vcpus: 2, memoryGib: 8, maxPods: 29 },
        "m6i.xlarge": { vcpus: 4, memoryGib: 16, maxPods: 58 },
        "m6i.2xlarge": { vcpus: 8, memoryGib: 32, maxPods: 58 },
    },
    azure: {
        // maxPods: we set 110 on the AKS node pool.
        Standard_D2s_v3: { vcpus: 2, memoryGib: 8, maxPods: 110 },
        Standard_D4s_v3: { vcpus: 4, memoryGib: 16, maxPods: 110 },
        Standard_D8s_v3: { vcpus: 8, memoryGib: 32, maxPods: 110 },
        Standard_D2s_v5: { vcpus: 2, memoryGib: 8, maxPods: 110 },
        Standard_D4s_v5: { vcpus: 4, memoryGib: 16, maxPods: 110 },
        Standard_D8s_v5: { vcpus: 8, memoryGib: 32, maxPods: 110 },
    },
};

/** Pods per node on AKS (the node pool's maxPods). */
export const aksMaxPods = 110;

/** kubelet's default hard eviction threshold (memory.available<100Mi), on every cloud. */
const evictionMiB = 100;

/** Tiered percentages: [size of tier, fraction reserved]; the last tier is open-ended. */
function tiered(amount: number, tiers: [number, number][]): number {
    let reserved = 0;
    let left = amount;
    for (const [size, fraction] of tiers) {
        const part = Math.min(left, size);
        reserved += part * fraction;
        left -= part;
        if (left <= 0) break;
    }
    return reserved;
}

/** GKE's and EKS's CPU reservation: 6 % of the first core, 1 % of the second, 0.5 % of the next two, 0.25 % above. */
function standardCpuReservedMillis(vcpus: number): number {
    return tiered(vcpus * 1000, [
        [1000, 0.06],
        [1000, 0.01],
        [2000, 0.005],
        [Infinity, 0.0025],
    ]);
}

/** AKS's published CPU reservation per core count. */
const aksCpuReservedMillis: Record<number, number> = { 1: 60, 2: 100, 4: 140, 8: 180, 16: 260, 32: 420, 64: 740 };

type Reservation = (shape: MachineShape) => Capacity;

const reservations: Record<ManagedCloud, Reservation> = {
    // GKE: memory 25 % of the first 4 GiB, 20 % of the next 4, 10 % of the next 8, 6 % up to 128, 2 % above.
    gcp: (shape) => ({
        cpuMillis: standardCpuReservedMillis(shape.vcpus),
        memoryMiB:
            tiered(shape.memoryGib * 1024, [
                [4096, 0.25],
                [4096, 0.2],
                [8192, 0.1],
                [114688, 0.06],
                [Infinity, 0.02],
            ]) + evictionMiB,
    }),
    // EKS AMIs: 11 MiB per pod + 255 MiB for the kubelet.
    aws: (shape) => ({
        cpuMillis: standardCpuReservedMillis(shape.vcpus),
        memoryMiB: 11 * shape.maxPods + 255 + evictionMiB,
    }),
    // AKS (1.29+): min(20 MB per pod + 50 MB, 25 % of memory).
    azure: (shape) => ({
        cpuMillis: aksCpuReservedMillis[shape.vcpus] ?? standardCpuReservedMillis(shape.vcpus),
        memoryMiB: Math.min((20 * shape.maxPods + 50) * 0.953674, shape.memoryGib * 1024 * 0.25) + evictionMiB,
    }),
};

export interface NodePoolCapacity {
    /** Total nodes at the autoscaler's minimum and maximum. */
    minNodes: number;
    maxNodes: number;
    /** Allocatable CPU and memory of one node. */
    perNode: Capacity;
    atMin: Capacity;
    atMax: Capacity;
}

export function allocatable(cloud: ManagedCloud, shape: MachineShape): Capacity {
    const reserved = reservations[cloud](shape);
    return {
        cpuMillis: Math.floor(shape.vcpus * 1000 - reserved.cpuMillis),
        memoryMiB: Math.floor(shape.memoryGib * 1024 - reserved.memoryMiB),
    };
}

export function nodePoolCapacity(perNode: Capacity, minNodes: number, maxNodes: number): NodePoolCapacity {
    return {
        minNodes,
        maxNodes,
        perNode,
        atMin: scaleCapacity(perNode, minNodes),
        atMax: scaleCapacity(perNode, maxNodes),
    };
}

/** Zones a GKE regional cluster spreads its node pool over (GKE's default for a region). */
export const gkeZonesPerRegion = 3;

/** Zones a node pool's counts apply to: each zone of a regional GKE cluster; one elsewhere. */
export function countedZones(cloud: Cloud, environment: Environment): number {
    return cloud === "gcp" && gkeLocationKinds[environment] === "regional" ? gkeZonesPerRegion : 1;
}

/** How many nodes a per-pool count means in total: regional GKE counts per zone, the others in total. */
export function totalNodes(cloud: Cloud, count: number, environment: Environment): number {
    return count * countedZones(cloud, environment);
}

/**
 * Node groups a pool's total counts are split over, each keeping at least one node: EKS's zonal
 * groups (clusters/eks/zonal-node-groups.ts); one elsewhere. Totals stay totals, so the capacity
 * check works on the same numbers as the sizing table.
 */
export function zonalGroups(cloud: Cloud, environment: Environment): number {
    return cloud === "aws" ? eksNodeGroupCounts[environment] : 1;
}

/** The node pool's allocatable capacity as configured, known before any resource exists. */
export function clusterCapacity(settings: StackSettings): NodePoolCapacity {
    const pool = settings.nodePool;
    if (settings.cloud === "local" || !pool) {
        // One machine (the laptop) shares its CPUs and memory between the kind/minikube nodes.
        return nodePoolCapacity({ cpuMillis: settings.local.cpus * 1000, memoryMiB: settings.local.memoryGib * 1024 }, 1, 1);
    }
    return nodePoolCapacity(
        allocatable(settings.cloud, pool.shape),
        totalNodes(settings.cloud, pool.minNodes, settings.environment),
        totalNodes(settings.cloud, pool.maxNodes, settings.environment),
    );
}

/** A command that fixes a capacity problem, and what it cannot say itself (never inside the command). */
export interface CapacityFix {
    command: string;
    note?: string;
}

/** How this stack's node pool reads in messages and fixes (GKE counts nodes per zone). */
export interface NodePoolTerms {
    /** e.g. "the node pool (n2-standard-4, 6-30 nodes = 2-10 per zone x 3 zones)". */
    description: string;
    /** The fix that makes the pool at least `nodes` nodes in total; undefined where it cannot grow. */
    resizeFix(key: "nodeMinCount" | "nodeMaxCount", nodes: number): CapacityFix | undefined;
    /** The fix that gives every node more capacity. */
    largerNodesFix: CapacityFix;
}

export function nodePoolTerms(settings: StackSettings): NodePoolTerms {
    const set = (key: string, value: string) => setCommand(settings.stack, `${projectName}:${key}`, value);
    const pool = settings.nodePool;
    if (settings.cloud === "local" || !pool) {
        return {
            description: `the local cluster (${settings.local.cpus} CPUs, ${settings.local.memoryGib} GiB)`,
            resizeFix: () => undefined,
            largerNodesFix: {
                command: `${set("localCpus", "<vCPUs>")} && ${set("localMemoryGib", "<GiB>")}`,
                note: "and give the local cluster that much: these keys only tell the check what it has",
            },
        };
    }
    const zones = countedZones(settings.cloud, settings.environment);
    const perZone = zones > 1;
    // EKS's totals are at least one node per zonal group (config/eks-node-groups.ts), and a fix only
    // ever raises a count, so it never suggests fewer.
    const groups = zonalGroups(settings.cloud, settings.environment);
    const configCount = (nodes: number) => Math.ceil(nodes / zones);
    const [min, max] = [totalNodes(settings.cloud, pool.minNodes, settings.environment), totalNodes(settings.cloud, pool.maxNodes, settings.environment)];
    return {
        description: `the node pool (${pool.machineType}, ${min}-${max} nodes${perZone ? ` = ${pool.minNodes}-${pool.maxNodes} per zone x ${zones} zones` : ""}${groups > 1 ? ` in ${groups} zonal node groups` : ""})`,
        resizeFix: (key, nodes) => ({
            command: set(key, String(configCount(nodes))),
            note: perZone ? `${key} counts nodes per zone: ${configCount(nodes)} x ${zones} zones = ${configCount(nodes) * zones} nodes` : undefined,
        }),
        largerNodesFix: { command: set("nodeMachineType", "<a larger machine type>") },
    };
}
