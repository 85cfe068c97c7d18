// EKS splits the node pool's counts over one managed node group per zone (clusters/eks/zonal-node-groups.ts).
import type { ConfigKeyName } from "./keys";
import type { ConfigReader } from "./reader";
import type { Environment } from "./sizing";
import { eksNodeGroupCounts, NodeCounts } from "../clusters/eks/zonal-node-groups";

/**
 * Every zonal group keeps at least one node: a group at 0 lets Cluster Autoscaler empty its zone,
 * and the CloudNativePG instance (or Prometheus) whose EBS volume is in that zone then waits for a
 * node there. So each total is at least the number of groups. Counts outside their own range were
 * reported by the caller; one fix at a time would only move the error.
 */
export function checkEksZonalCounts(read: ConfigReader, environment: Environment, pool: NodeCounts): void {
    const groups = eksNodeGroupCounts[environment];
    if (pool.minNodes > pool.nodeCount || pool.nodeCount > pool.maxNodes) return;
    const counts: [ConfigKeyName, number][] = [
        ["nodeMinCount", pool.minNodes],
        ["nodeCount", pool.nodeCount],
        ["nodeMaxCount", pool.maxNodes],
    ];
    for (const [key, total] of counts.filter(([, total]) => total < groups)) {
        read.problem(
            key,
            `${total} is below ${groups}: EKS ${environment} runs one node group per zone (${groups}), each with at least one node, ` +
                "so no zone is left without a node for the database volume in it.",
            String(groups),
        );
    }
}
