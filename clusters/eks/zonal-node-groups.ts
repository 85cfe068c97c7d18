// How the EKS node pool is laid out over zones: one managed node group per private subnet, each
// scoped to that subnet's Availability Zone, and the sizing table's totals split across them.
// Why: "If you are running a stateful application across multiple Availability Zones that is backed
// by Amazon EBS volumes and using the Kubernetes Cluster Autoscaler, you should configure multiple
// node groups, each scoped to a single Availability Zone. In addition, you should enable the
// --balance-similar-node-groups feature." (https://docs.aws.amazon.com/eks/latest/userguide/create-managed-node-group.html).
// A group over three zones is one Auto Scaling group, which may add its node in a zone other than the
// one of a Pending pod's EBS volume. Cluster Autoscaler on AWS, "Common Notes and Gotchas": a pod on a
// persistent volume must run in the volume's zone, so "use a single AZ ASG ... or an ASG-per-AZ while
// enabling --balance-similar-node-groups" (https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md).
// No cloud SDK here: the configuration check reads it before any resource exists.
import type { Environment } from "../../config/sizing";

/** Private (and public) subnets: one per zone with three eligible zones; with two, the third pair shares the first zone. */
export const subnetCount = 3;

/**
 * Managed node groups per environment. Staging and production: one per private subnet, so one per
 * zone. Development keeps the single group it has always had, over all private subnets: its one
 * node, and the EBS volumes of PostgreSQL and Prometheus with it, are in whichever zone that node
 * was started in, so moving the group to one subnet would strand a claim bound to another zone.
 */
export const eksNodeGroupCounts: Record<Environment, number> = {
    development: 1,
    staging: subnetCount,
    production: subnetCount,
};

/**
 * A total split over `groups`, the remainder to the first groups (10 over 3: 4, 3, 3). Each share
 * only grows with the total, so shares of desired, minimum and maximum keep min <= desired <= max in
 * every group whenever the totals do.
 */
export function splitAcrossGroups(total: number, groups: number): number[] {
    const base = Math.floor(total / groups);
    return Array.from({ length: groups }, (_, i) => base + (i < total % groups ? 1 : 0));
}

export interface NodeCounts {
    nodeCount: number;
    minNodes: number;
    maxNodes: number;
}

/** Each group's scaling config: the pool's totals, split. The sums are the sizing table's numbers. */
export function zonalScalingConfigs(pool: NodeCounts, groups: number): { desiredSize: number; minSize: number; maxSize: number }[] {
    const [desired, min, max] = [pool.nodeCount, pool.minNodes, pool.maxNodes].map((total) => splitAcrossGroups(total, groups));
    return desired.map((desiredSize, i) => ({ desiredSize, minSize: min[i], maxSize: max[i] }));
}

/** One managed node group: its logical name's suffix, EKS name prefix, private subnets (by index) and scaling. */
export interface NodeGroupLayout {
    nameSuffix: string;
    nodeGroupNamePrefix: string;
    subnetIndexes: number[];
    scalingConfig: { desiredSize: number; minSize: number; maxSize: number };
}

/**
 * Development: the group as it was before the zonal groups (`<cluster>-workers`, prefix
 * `standard-workers-`, every private subnet, the pool's counts), so upgrading a development stack
 * replaces nothing. Its one fixed node is never scaled by Cluster Autoscaler (min = max = 1); a
 * version or AMI roll starts the new node "in the same Availability Zone" as the one it replaces
 * (https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html). An Auto
 * Scaling health replacement may still start in another zone (README, "Node pools").
 * Staging and production: group i in private subnet i, the totals split.
 */
export function eksNodeGroupLayout(environment: Environment, pool: NodeCounts): NodeGroupLayout[] {
    if (environment === "development") {
        return [
            {
                nameSuffix: "",
                nodeGroupNamePrefix: "standard-workers-",
                subnetIndexes: Array.from({ length: subnetCount }, (_, i) => i),
                scalingConfig: { desiredSize: pool.nodeCount, minSize: pool.minNodes, maxSize: pool.maxNodes },
            },
        ];
    }
    return zonalScalingConfigs(pool, eksNodeGroupCounts[environment]).map((scalingConfig, i) => ({
        nameSuffix: `-${i}`,
        nodeGroupNamePrefix: `standard-workers-${i}-`,
        subnetIndexes: [i],
        scalingConfig,
    }));
}
