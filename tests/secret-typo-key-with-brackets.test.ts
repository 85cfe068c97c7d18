// `pulumi config set --secret 'atlasia:apiAuthorizedCidrs[0]' v` without --path (a common slip)
// stores a key named "apiAuthorizedCidrs[0]", which the program reports as a typo of
// apiAuthorizedCidrs. Its fix must read that key as a whole key: with --path the CLI reads element 0
// of atlasia:apiAuthorizedCidrs instead ("configuration key ... not found"), so the fix could never
// move the value. Checked by hand with the CLI 3.274.1 on a local file backend: after
// `config set --secret 'p:m[0]' v`, `config get 'p:m[0]'` prints v and `config get --path 'p:m[0]'`
// exits 1; likewise a key named with a "." (`p:a.b`). Run in bash on a stand-in for the stack file
// (tests/support/config-cli.ts).
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { configProblems } from "./support/settings";
import { stackOptions, withSecrets } from "./support/runs";
import { runFixes } from "./support/config-cli";

function withSecret(key: string, value: string): RunOptions {
    return withSecrets(stackOptions("local", "development"), { [key]: value });
}

const problemsOf = async (options: RunOptions, key: string) => (await configProblems(options)).filter((p) => p.key === key);

describe("secret typo whose name holds [ or .: read as the key it is", function () {
    this.timeout(30000);

    it("atlasia:apiAuthorizedCidrs[0] (set without --path): its value becomes element 0 of the list, encrypted", async () => {
        const typo = "atlasia:apiAuthorizedCidrs[0]";
        const problems = await problemsOf(withSecret("apiAuthorizedCidrs[0]", "10.0.0.0/8"), typo);
        assert.deepEqual(
            problems.map((p) => p.fix),
            [
                "(value0=$(pulumi config get --stack dev 'atlasia:apiAuthorizedCidrs[0]' && printf .) && " +
                    "pulumi config rm --stack dev atlasia:apiAuthorizedCidrs && " +
                    `printf %s "\${value0%.}" | pulumi config set --stack dev --path --secret 'atlasia:apiAuthorizedCidrs[0]' && ` +
                    "pulumi config rm --stack dev 'atlasia:apiAuthorizedCidrs[0]')",
            ],
        );
        assert.deepEqual(runFixes({ [typo]: { secure: "10.0.0.0/8" } }, problems), { "atlasia:apiAuthorizedCidrs": [{ secure: "10.0.0.0/8" }] });
    });

    it("atlasia:vault.Token: its value moves to atlasia:vaultToken, encrypted", async () => {
        const typo = "atlasia:vault.Token";
        const problems = await problemsOf(withSecret("vault.Token", "hvs.token"), typo);
        assert.deepEqual(
            problems.map((p) => p.fix),
            [
                "(value0=$(pulumi config get --stack dev atlasia:vault.Token && printf .) && " +
                    `printf %s "\${value0%.}" | pulumi config set --stack dev --secret atlasia:vaultToken && ` +
                    "pulumi config rm --stack dev atlasia:vault.Token)",
            ],
        );
        assert.deepEqual(runFixes({ [typo]: { secure: "hvs.token" } }, problems), { "atlasia:vaultToken": { secure: "hvs.token" } });
    });
});
