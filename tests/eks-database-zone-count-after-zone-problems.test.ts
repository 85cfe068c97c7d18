// CloudNativePG with more than one instance requires a zone per instance (required anti-affinity on
// topology.kubernetes.io/zone: https://cloudnative-pg.io/documentation/current/scheduling/), so a
// production stack (3 instances) needs 3 EKS zones. A zone list that already has a problem of its own
// (here a zone where EKS cannot place a control plane: use1-az3,
// https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html) gets exactly one corrected list;
// a second fix for the count would contradict it. A problem of another key does not hide the count.
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { configProblems } from "./support/settings";
import { stackOptions, withConfig } from "./support/runs";

const key = "atlasia:awsAvailabilityZoneIds";

function awsProduction(set: Record<string, string>): RunOptions {
    return withConfig(stackOptions("aws", "production"), set);
}

describe("EKS zones for CloudNativePG: the count waits for the list's own problems", function () {
    this.timeout(30000);

    it("a list with a zone EKS refuses gets that one problem and its one fix, not also the zone count", async () => {
        assert.deepEqual(await configProblems(awsProduction({ [key]: '["use1-az1","use1-az3"]' })), [
            {
                key,
                message: "EKS cannot place a control plane in use1-az3; choose another zone.",
                fix:
                    `pulumi config rm --stack production ${key} && pulumi config set --stack production --path '${key}[0]' use1-az1 && ` +
                    `pulumi config set --stack production --path '${key}[1]' '<zone-id of us-east-1>'`,
            },
        ]);
    });

    it("a problem of another key (a minimum of 2 nodes) still comes with the zone count", async () => {
        // The zone count's whole message and fix: tests/eks-zonal-node-groups.test.ts.
        const problems = await configProblems(awsProduction({ [key]: '["use1-az1","use1-az2"]', "atlasia:nodeMinCount": "2" }));
        assert.deepEqual(
            problems.map((p) => p.key),
            ["atlasia:nodeMinCount", key],
        );
        assert.match(problems[1].message, /^2 zones for 3 CloudNativePG instances: /);
    });

    it("takes two zones for two instances (staging), the edge where each instance has its own", async () => {
        const base = stackOptions("aws", "staging");
        assert.deepEqual(await configProblems({ ...base, set: { ...base.set, [key]: '["use1-az1","use1-az2"]', "atlasia:databaseInstances": "2" } }), []);
    });
});
