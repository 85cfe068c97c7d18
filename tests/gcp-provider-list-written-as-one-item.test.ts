// A gcp provider list written without brackets (config/gcp.ts): the one item the operator wrote stays
// as the fixed list's one item, without the blanks around it, and a blank value is fixed with the
// placeholder, never an empty scope. The gcp provider takes `scopes` as a list of strings
// (https://registry.terraform.io/providers/hashicorp/google/latest/docs/guides/provider_reference).
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { configProblems } from "./support/settings";
import { stackOptions, withConfig } from "./support/runs";

function gcpStaging(set: Record<string, string>): RunOptions {
    return withConfig(stackOptions("gcp", "staging"), set);
}

const scopeProblems = async (raw: string) => (await configProblems(gcpStaging({ "gcp:scopes": raw }))).filter((p) => p.key === "gcp:scopes");

describe("gcp:scopes written as one item instead of a list", function () {
    this.timeout(30000);

    it("keeps the scope written with blanks around it as the list's one item, the blanks dropped", async () => {
        const raw = " https://www.googleapis.com/auth/cloud-platform ";
        assert.deepEqual(await scopeProblems(raw), [
            {
                key: "gcp:scopes",
                message: 'must be a list of strings, got " https://www.googleapis.com/auth/cloud-platform ".',
                fix:
                    "pulumi config rm --stack staging gcp:scopes && " +
                    "pulumi config set --stack staging --path 'gcp:scopes[0]' https://www.googleapis.com/auth/cloud-platform",
            },
        ]);
    });

    it("fixes a blank value, or a JSON string of blanks, with the placeholder as the one item", async () => {
        for (const raw of ["   ", '"  "']) {
            assert.deepEqual(
                await scopeProblems(raw),
                [
                    {
                        key: "gcp:scopes",
                        message: `must be a list of strings, got ${JSON.stringify(raw)}.`,
                        fix: "pulumi config rm --stack staging gcp:scopes && pulumi config set --stack staging --path 'gcp:scopes[0]' '<OAuth scope URL>'",
                    },
                ],
                raw,
            );
        }
    });
});
