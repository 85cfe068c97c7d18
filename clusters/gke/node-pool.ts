// The managed node pool: autoscaling, auto-repair and surge upgrades, running as the node account.
import * as pulumi from "@pulumi/pulumi";
import * as container from "@pulumi/gcp/container";
import { StackSettings, NodePoolSettings } from "../../config/settings";
import { NodeIdentity } from "./identity";
import { nodeSecurity } from "./control-plane";
import { GkeNames, nodePoolName } from "./names";

export function createNodePool(
    settings: StackSettings,
    names: GkeNames,
    cluster: container.Cluster,
    identity: NodeIdentity,
    labels: Record<string, string>,
    opts: pulumi.CustomResourceOptions,
): container.NodePool {
    const pool = settings.nodePool as NodePoolSettings;
    // Settings that replace the pool when they change: the new pool gets a new name, so it is
    // created before the old one is drained and deleted.
    const replacedOnChange = {
        machineType: pool.machineType,
        diskSizeGb: pool.diskSizeGb,
        diskType: "pd-balanced",
        imageType: "COS_CONTAINERD",
        metadata: { "disable-legacy-endpoints": "true" },
    };
    // On a regional cluster gcloud's --num-nodes/--min-nodes/--max-nodes count per zone, and so do
    // these fields: production's 2 (2-10) is 6 nodes (6-30) over the region's 3 zones.
    return new container.NodePool(
        `${settings.clusterName}-pool`,
        {
            name: nodePoolName({ ...replacedOnChange, serviceAccountId: names.nodeServiceAccountId }),
            cluster: cluster.id,
            location: settings.gcp.zone ?? settings.region,
            initialNodeCount: pool.nodeCount,
            autoscaling: { minNodeCount: pool.minNodes, maxNodeCount: pool.maxNodes, locationPolicy: "BALANCED" },
            management: { autoRepair: true, autoUpgrade: true },
            upgradeSettings: { maxSurge: 1, maxUnavailable: 0 },
            nodeConfig: {
                ...nodeSecurity(identity),
                ...replacedOnChange,
                labels: { "atlasia.io/pool": "standard-workers" },
                resourceLabels: labels,
            },
        },
        {
            ...opts,
            dependsOn: identity.roleBindings,
            // The autoscaler owns the live node count; initialNodeCount only applies at creation.
            ignoreChanges: ["initialNodeCount", "nodeCount"],
        },
    );
}
