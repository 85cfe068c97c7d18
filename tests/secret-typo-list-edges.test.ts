// A misspelled list key stored as a secret, at its edges: one value that is not a JSON list moves as
// the meant list's one element, read from the stack and set with --secret, never printed; an empty
// list "[]" moves as nothing (the meant key removed: its declared default is [], Pulumi.yaml), with no
// `config get` that would need the passphrase. Run in bash on a stand-in for the stack file
// (tests/support/config-cli.ts, checked by hand against the CLI 3.274.1). Expectations written by hand.
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { configProblems } from "./support/settings";
import { stackOptions, withSecrets } from "./support/runs";
import { runFixes } from "./support/config-cli";

const typo = "atlasia:apiAuthorizedCidr";
const meant = "atlasia:apiAuthorizedCidrs";

/** The local development stack with the typo stored as a secret. */
function withSecretTypo(value: string): RunOptions {
    return withSecrets(stackOptions("local", "development"), { apiAuthorizedCidr: value });
}

const typoProblems = async (options: RunOptions) => (await configProblems(options)).filter((p) => p.key === typo);

describe("secret typo of a list key: one bare value, an empty list", function () {
    this.timeout(30000);

    it("one bare value: read into a variable, the meant list removed, its element 0 set with --secret, then the typo removed", async () => {
        const problems = await typoProblems(withSecretTypo("10.0.0.0/8"));
        assert.deepEqual(
            problems.map((p) => p.fix),
            [
                "(value0=$(pulumi config get --stack dev atlasia:apiAuthorizedCidr && printf .) && " +
                    "pulumi config rm --stack dev atlasia:apiAuthorizedCidrs && " +
                    `printf %s "\${value0%.}" | pulumi config set --stack dev --path --secret 'atlasia:apiAuthorizedCidrs[0]' && ` +
                    "pulumi config rm --stack dev atlasia:apiAuthorizedCidr)",
            ],
        );
        assert.deepEqual(runFixes({ [typo]: { secure: "10.0.0.0/8" } }, problems), { [meant]: [{ secure: "10.0.0.0/8" }] });
        // A longer list set under the meant key after the check ran keeps no later element:
        // `set --path 'k[0]'` overwrites index 0 only (sdk/go/common/resource/config/map.go, Map.Set).
        const changedSince = { [typo]: { secure: "10.0.0.0/8" }, [meant]: [{ secure: "192.168.0.0/16" }, { secure: "172.16.0.0/12" }] };
        assert.deepEqual(runFixes(changedSince, problems), { [meant]: [{ secure: "10.0.0.0/8" }] });
    });

    it('an empty list "[]": both keys removed, nothing read, nothing asked', async () => {
        const problems = await typoProblems(withSecretTypo("[]"));
        assert.deepEqual(
            problems.map(({ message, fix }) => ({ message, fix })),
            [
                {
                    message: "is not a setting of this program (did you mean apiAuthorizedCidrs?).",
                    fix: "(pulumi config rm --stack dev atlasia:apiAuthorizedCidrs && pulumi config rm --stack dev atlasia:apiAuthorizedCidr)",
                },
            ],
        );
        assert.deepEqual(runFixes({ [typo]: { secure: "[]" } }, problems), {});
    });
});
