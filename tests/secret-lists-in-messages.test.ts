// Warnings and problems about a list the stack stores as a secret print none of its items, nor
// anything derived from one (config/cluster-access.ts): warnings go to the log of every run (CI
// logs), and the reader's redaction of quoted values (withoutSecretValues) cannot see a derived name.
// RFC 5737 documentation ranges: https://www.rfc-editor.org/rfc/rfc5737
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { stackOptions, validStackRun, withSecrets } from "./support/runs";

/** The committed gcp production stack with the given keys stored secret. */
function productionWithSecrets(secrets: Record<string, string>): RunOptions {
    return withSecrets(stackOptions("gcp", "production"), secrets);
}

describe("secret lists in warnings and problems", function () {
    this.timeout(60000);

    const ranges = ["192.0.2.0/24", "198.18.0.0/15", "203.0.113.0/24"];

    it("a secret apiAuthorizedCidrs: counted in the lock-out warning, a documentation range said once without its range", async () => {
        const run = await validStackRun(productionWithSecrets({ apiAuthorizedCidrs: JSON.stringify(ranges) }));
        const access = run.warnings.filter((w) => /Kubernetes API|apiAuthorizedCidrs/.test(w));
        assert.deepEqual(access, [
            "The Kubernetes API accepts only (secret: 3 ranges): the machine running pulumi up and the CI runners " +
                "must reach it from inside these ranges, or every later update fails to reach the cluster.",
            "apiAuthorizedCidrs lists a range that is a documentation range (RFC 5737) that no real client comes from: " +
                "replace it with your deployers' and CI's ranges before deploying.",
        ]);
        for (const range of ranges) {
            for (const prefix of [range, range.split("/")[0]]) assert.ok(!run.warnings.some((w) => w.includes(prefix)), `${prefix} printed`);
        }
    });

    it("a secret apiAuthorizedCidrs of one range: '1 range'", async () => {
        const run = await validStackRun(productionWithSecrets({ apiAuthorizedCidrs: '["198.18.0.0/15"]' }));
        assert.ok(run.warnings.some((w) => w.startsWith("The Kubernetes API accepts only (secret: 1 range): ")));
        assert.ok(!run.warnings.some((w) => /documentation range|198\.18/.test(w)));
    });

    it("a plain apiAuthorizedCidrs is still printed (the rule is for secrets only)", async () => {
        const base = stackOptions("gcp", "production");
        const run = await validStackRun({ ...base, set: { ...base.set, apiAuthorizedCidrs: JSON.stringify(ranges) } });
        assert.ok(run.warnings.some((w) => w.startsWith(`The Kubernetes API accepts only ${ranges.join(", ")}: `)));
        assert.equal(run.warnings.filter((w) => /, a documentation range/.test(w)).length, 2);
    });

    it("a secret clusterAdmins on EKS: role/team/x beside role/team-x is no clash (digest names), and no warning shows either", async () => {
        const first = "arn:aws:iam::123456789012:role/team/zq8-deployer";
        const second = "arn:aws:iam::123456789012:role/team-zq8-deployer";
        const base = stackOptions("aws", "staging");
        const run = await validStackRun({ ...base, secrets: { ...base.secrets, clusterAdmins: JSON.stringify([first, second]) } });
        assert.equal(run.resources.filter((r) => r.type === "aws:eks/accessEntry:AccessEntry").length, 2);
        assert.ok(!run.warnings.some((w) => w.includes("zq8")), "no part of a secret ARN in a warning");
    });
});
