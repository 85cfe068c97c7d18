// EKS production and staging run one managed node group per zone (3 zones), each with at least one
// node: a zonal group at 0 lets Cluster Autoscaler empty its zone, and a pod bound to an EBS volume of
// that zone cannot run elsewhere. The EKS docs ask for "multiple node groups, each scoped to a single
// Availability Zone" for EBS-backed stateful workloads under Cluster Autoscaler
// (https://docs.aws.amazon.com/eks/latest/userguide/create-managed-node-group.html), and the autoscaler's
// AWS README says "use a single AZ ASG ... or an ASG-per-AZ" for pods on zonal volumes
// (https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md).
// So every total (minimum, desired, maximum) is at least 3. Each edge: 3 taken, 2 refused, for each key,
// the whole message and the command that fixes it; and a range already refused as a range gets no
// second, zonal problem. Expected values are literals worked out by hand.
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { configProblems } from "./support/settings";
import { stackOptions, withConfig } from "./support/runs";

function awsProduction(counts: { min: number; count: number; max: number }): RunOptions {
    return withConfig(stackOptions("aws", "production"), {
        "atlasia:nodeMinCount": String(counts.min),
        "atlasia:nodeCount": String(counts.count),
        "atlasia:nodeMaxCount": String(counts.max),
    });
}

const zonalMessage = (total: number) =>
    `${total} is below 3: EKS production runs one node group per zone (3), each with at least one node, ` +
    "so no zone is left without a node for the database volume in it.";

describe("EKS node counts: at least one node per zonal group, at the edge", function () {
    this.timeout(30000);

    it("takes 3 / 3 / 3 nodes in production: one per zone", async () => {
        assert.deepEqual(await configProblems(awsProduction({ min: 3, count: 3, max: 3 })), []);
    });

    it("refuses 2 / 2 / 2: the minimum, the desired count and the maximum, each with the command that sets 3", async () => {
        assert.deepEqual(await configProblems(awsProduction({ min: 2, count: 2, max: 2 })), [
            { key: "atlasia:nodeMinCount", message: zonalMessage(2), fix: "pulumi config set --stack production atlasia:nodeMinCount 3" },
            { key: "atlasia:nodeCount", message: zonalMessage(2), fix: "pulumi config set --stack production atlasia:nodeCount 3" },
            { key: "atlasia:nodeMaxCount", message: zonalMessage(2), fix: "pulumi config set --stack production atlasia:nodeMaxCount 3" },
        ]);
    });

    it("refuses only the minimum of 2 when the desired count equals the maximum (10 / 10)", async () => {
        assert.deepEqual(await configProblems(awsProduction({ min: 2, count: 10, max: 10 })), [
            { key: "atlasia:nodeMinCount", message: zonalMessage(2), fix: "pulumi config set --stack production atlasia:nodeMinCount 3" },
        ]);
    });

    it("a desired count below the minimum gets its range problem only, not a zonal one as well", async () => {
        assert.deepEqual(await configProblems(awsProduction({ min: 2, count: 1, max: 10 })), [
            { key: "atlasia:nodeCount", message: "1 is outside the autoscaling range 2-10.", fix: "pulumi config set --stack production atlasia:nodeCount 2" },
        ]);
    });

    it("a desired count above the maximum gets its range problem only, not a zonal one as well", async () => {
        assert.deepEqual(await configProblems(awsProduction({ min: 2, count: 5, max: 2 })), [
            { key: "atlasia:nodeCount", message: "5 is outside the autoscaling range 2-2.", fix: "pulumi config set --stack production atlasia:nodeCount 2" },
        ]);
    });
});
