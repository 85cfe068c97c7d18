// A check that belongs to one kind of cluster says nothing on another: a cloud stack does not use
// the local cluster's kubeconfig context, and the EKS zone count for CloudNativePG (one zone per
// instance, required anti-affinity: https://cloudnative-pg.io/documentation/current/scheduling/)
// is about EKS subnets, which a GKE or AKS cluster does not have.
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { Cloud, stackOptions, withConfig } from "./support/runs";
import { configProblems } from "./support/settings";

function productionWith(cloud: Cloud, set: Record<string, string>): RunOptions {
    return withConfig(stackOptions(cloud, "production"), set);
}

describe("checks of another kind of cluster stay silent", function () {
    this.timeout(30000);

    it("an empty localContext on a local stack is a problem (the contrast)", async () => {
        const base = stackOptions("local", "development");
        assert.deepEqual(await configProblems({ ...base, set: { ...base.set, localContext: "" } }), [
            {
                key: "atlasia:localContext",
                message: "the kubeconfig context of the local cluster is empty.",
                fix: "pulumi config set --stack dev atlasia:localContext kind-atlasia",
            },
        ]);
    });

    for (const cloud of ["gcp", "aws", "azure"] as const) {
        it(`an empty localContext on a ${cloud} stack is no problem`, async () => {
            assert.deepEqual(await configProblems(productionWith(cloud, { localContext: "" })), []);
        });
    }

    // Two zones for production's three CloudNativePG instances: on EKS the third would stay Pending
    // (its whole problem: tests/eks-zonal-node-groups.test.ts); GKE and AKS ignore the EKS zone list.
    it("two EKS zones for three CloudNativePG instances is a problem on aws (the contrast)", async () => {
        const problems = await configProblems(productionWith("aws", { awsAvailabilityZoneIds: '["use1-az1","use1-az2"]' }));
        assert.deepEqual(
            problems.map((p) => p.key),
            ["atlasia:awsAvailabilityZoneIds"],
        );
    });

    for (const cloud of ["gcp", "azure"] as const) {
        it(`two EKS zones for three CloudNativePG instances is no problem on ${cloud}`, async () => {
            assert.deepEqual(await configProblems(productionWith(cloud, { awsAvailabilityZoneIds: '["use1-az1","use1-az2"]' })), []);
        });
    }
});
