// The managed node pool: autoscaling, auto-repair and surge upgrades, running as the node account.
import * as pulumi from "@pulumi/pulumi";
import * as container from "@pulumi/gcp/container";
import { StackSettings, NodePoolSettings } from "../../config/settings";
import { NodeIdentity } from "./identity";
import { nodeSecurity } from "./control-plane";
import { nodePoolNamePrefix } from "./names";

export function createNodePool(
    settings: StackSettings,
    cluster: container.Cluster,
    identity: NodeIdentity,
    labels: Record<string, string>,
    opts: pulumi.CustomResourceOptions,
): container.NodePool {
    const pool = settings.nodePool as NodePoolSettings;
    // On a regional cluster gcloud's --num-nodes/--min-nodes/--max-nodes count per zone, and so do
    // these fields: production's 2 (2-10) is 6 nodes (6-30) over the region's 3 zones.
    return new container.NodePool(`${settings.clusterName}-pool`, {
        // A prefix, not a name: a new machine type replaces the pool, and the new one is
        // created (under a new name) before the old one is drained and deleted.
        namePrefix: nodePoolNamePrefix,
        cluster: cluster.id,
        location: settings.gcp.zone ?? settings.region,
        initialNodeCount: pool.nodeCount,
        autoscaling: { minNodeCount: pool.minNodes, maxNodeCount: pool.maxNodes, locationPolicy: "BALANCED" },
        management: { autoRepair: true, autoUpgrade: true },
        upgradeSettings: { maxSurge: 1, maxUnavailable: 0 },
        nodeConfig: {
            ...nodeSecurity(identity),
            machineType: pool.machineType,
            diskSizeGb: pool.diskSizeGb,
            diskType: "pd-balanced",
            imageType: "COS_CONTAINERD",
            metadata: { "disable-legacy-endpoints": "true" },
            labels: { "atlasia.io/pool": "standard-workers" },
            resourceLabels: labels,
        },
    }, {
        ...opts,
        dependsOn: identity.roleBindings,
        // The autoscaler owns the live node count; initialNodeCount only applies at creation.
        ignoreChanges: ["initialNodeCount", "nodeCount"],
    });
}
