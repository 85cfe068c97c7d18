// Warnings and problems about a list the stack stores as a secret print none of its items, nor
// anything derived from one (config/cluster-access.ts): warnings go to the log of every run (CI
// logs), and the reader's redaction of quoted values (withoutSecretValues) cannot see a derived name.
// RFC 5737 documentation ranges: https://www.rfc-editor.org/rfc/rfc5737
import { strict as assert } from "assert";
import { StackConfigError } from "../config/reader";
import type { RunOptions } from "../harness/run";
import { stackOptions, stackRun, validStackRun } from "./support/runs";

/** The committed gcp production stack with the given keys stored secret. */
function productionWithSecrets(secrets: Record<string, string>): RunOptions {
    const base = stackOptions("gcp", "production");
    return { ...base, secrets: { ...base.secrets, ...secrets } };
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

    it("a secret clusterAdmins on EKS: the clash names no access entry name (it holds the role path)", async () => {
        const first = "arn:aws:iam::123456789012:role/team/zq8-deployer";
        const second = "arn:aws:iam::123456789012:role/team-zq8-deployer";
        const base = stackOptions("aws", "staging");
        const run = await stackRun({ ...base, secrets: { ...base.secrets, clusterAdmins: JSON.stringify([first, second]) } });
        assert.ok(run.error instanceof StackConfigError, `expected a StackConfigError, got ${run.error}`);
        const [problem] = run.error.problems;
        assert.equal(problem.key, "atlasia:clusterAdmins");
        assert.equal(
            problem.message,
            '(secret) would have the same access entry name as (secret) (the ARN\'s role or user path, "/" as "-"), ' +
                "which Pulumi refuses as a duplicate URN; keep one and give the other its access entry outside this stack. " +
                "The list is a secret: the fix keeps its other elements without showing them, all before it writes anything. " +
                "With the passphrase secrets provider, export PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) first: " +
                "the fix reads secrets inside $(...), where the CLI cannot prompt for it.",
        );
        assert.ok(!run.error.message.includes("zq8"), "no part of a secret ARN in the error");
    });
});
