// Two pools (https://learn.microsoft.com/en-us/azure/aks/use-system-pools): a small system pool
// inline in the cluster, tainted CriticalAddonsOnly so only AKS's own add-ons run there, and the
// workloads' user pool as its own AgentPool. AKS cannot change a pool's VM size, OS disk or zones in
// place, so the user pool's name is derived from them: a change creates a new pool beside the old
// one, and the old one is deleted only after the new one exists (Pulumi's create-before-delete).
// Development keeps one untainted pool (one small node).
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as containerservice from "@pulumi/azure-native/containerservice";
import { channelOwnsVersion } from "../../config/azure";
import { NodePoolSettings, StackSettings } from "../../config/settings";
import { Environment } from "../../config/sizing";
import { aksMaxPods } from "../capacity";

type AgentPoolProfile = Exclude<pulumi.Unwrap<containerservice.ManagedClusterArgs["agentPoolProfiles"]>, undefined>[number];

export const aksZones = ["1", "2", "3"];

/**
 * The system pool outside development: at least 2 vCPUs and 4 GB (AKS's minimum for system pools),
 * three nodes in production as AKS recommends for a single system pool, two in staging.
 */
export const systemPoolSizes: Record<
    Exclude<Environment, "development">,
    { vmSize: string; count: number; minCount: number; maxCount: number; osDiskSizeGB: number }
> = {
    staging: { vmSize: "Standard_D2s_v5", count: 2, minCount: 2, maxCount: 3, osDiskSizeGB: 64 },
    production: { vmSize: "Standard_D2s_v5", count: 3, minCount: 3, maxCount: 5, osDiskSizeGB: 64 },
};

/**
 * Development runs on one small node (issue 7 item 18): its single pool is the system pool, untainted,
 * sized by the development row of config/sizing.ts; a VM size change there means a new cluster.
 */
export function hasDedicatedSystemPool(settings: StackSettings): boolean {
    return settings.environment !== "development";
}

export const systemPoolName = "system";
/** The taint AKS documents for a dedicated system pool (https://learn.microsoft.com/en-us/azure/aks/use-system-pools). */
export const criticalAddonsOnlyTaint = "CriticalAddonsOnly=true:NoSchedule";
const osSKU = "AzureLinux";
const workerLabels = { "atlasia.io/pool": "standard-workers" };

export function systemPoolProfile(settings: StackSettings): AgentPoolProfile {
    // Each pool carries the cluster's version: a version change upgrades the pools with the control
    // plane instead of leaving them behind (AKS refuses a control plane too far ahead of its pools).
    const common = {
        name: systemPoolName,
        mode: "System",
        type: "VirtualMachineScaleSets",
        osType: "Linux",
        osSKU,
        orchestratorVersion: settings.kubernetesVersion,
        enableAutoScaling: true,
        availabilityZones: aksZones,
        upgradeSettings: { maxSurge: "33%" },
    };
    if (settings.environment === "development") {
        const pool = settings.nodePool as NodePoolSettings;
        return {
            ...common,
            vmSize: pool.machineType,
            osDiskSizeGB: pool.diskSizeGb,
            count: pool.nodeCount,
            minCount: pool.minNodes,
            maxCount: pool.maxNodes,
            maxPods: aksMaxPods,
            nodeLabels: workerLabels,
        };
    }
    const size = systemPoolSizes[settings.environment];
    return {
        ...common,
        vmSize: size.vmSize,
        osDiskSizeGB: size.osDiskSizeGB,
        count: size.count,
        minCount: size.minCount,
        maxCount: size.maxCount,
        // Only AKS's add-ons tolerate it: the workloads go to the user pool. (The API of
        // azure-native 3.28 has no onlyCriticalAddonsEnabled; this is the taint that flag sets.)
        nodeTaints: [criticalAddonsOnlyTaint],
    };
}

/** What AKS cannot change on an existing pool; a change gives the pool a new name. */
export function userPoolIdentity(pool: NodePoolSettings): Record<string, unknown> {
    return { vmSize: pool.machineType, osDiskSizeGB: pool.diskSizeGb, availabilityZones: aksZones, osSKU, maxPods: aksMaxPods };
}

/** "user" + 8 hex characters of the pool's identity: 12 characters, the Linux pool maximum. */
export function userPoolName(pool: NodePoolSettings): string {
    return `user${crypto
        .createHash("sha256")
        .update(JSON.stringify(userPoolIdentity(pool)))
        .digest("hex")
        .slice(0, 8)}`;
}

export interface UserPoolArgs {
    settings: StackSettings;
    resourceGroupName: pulumi.Input<string>;
    clusterName: pulumi.Input<string>;
}

export function userPool(args: UserPoolArgs, opts: pulumi.CustomResourceOptions): containerservice.AgentPool {
    const { settings } = args;
    const pool = settings.nodePool as NodePoolSettings;
    const identity = userPoolIdentity(pool);
    return new containerservice.AgentPool(
        `${settings.clusterName}-workers`,
        {
            agentPoolName: userPoolName(pool),
            resourceGroupName: args.resourceGroupName,
            resourceName: args.clusterName,
            mode: "User",
            type: "VirtualMachineScaleSets",
            osType: "Linux",
            osSKU,
            orchestratorVersion: settings.kubernetesVersion,
            vmSize: pool.machineType,
            osDiskSizeGB: pool.diskSizeGb,
            availabilityZones: identity.availabilityZones as string[],
            maxPods: aksMaxPods,
            count: pool.nodeCount,
            enableAutoScaling: true,
            minCount: pool.minNodes,
            maxCount: pool.maxNodes,
            upgradeSettings: { maxSurge: "33%" },
            nodeLabels: workerLabels,
            tags: settings.tags,
        },
        {
            ...opts,
            replaceOnChanges: ["agentPoolName"],
            deleteBeforeReplace: false,
            // The autoscaler owns the live node count; stable and rapid move the version past the configured one.
            ignoreChanges: ["count", ...(channelOwnsVersion(settings.azure.autoUpgradeChannel) ? ["orchestratorVersion"] : [])],
        },
    );
}
