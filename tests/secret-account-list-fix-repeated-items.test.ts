// A secret aws:allowedAccountIds holding the same account ID twice and a bad one: the fix asks for
// every element (the key is not declared in Pulumi.yaml, so the stack may hold the list as one
// encrypted string with no elements to read) and names each by where it comes from. Each stored copy
// is named once, as its own element: the second prompt names stored element 1, not element 0 again
// (config/fix-commands.ts itemSources: each stored item is used once). An account ID is 12 digits
// (https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html). Fix written by hand.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { configProblems } from "./support/settings";
import { stackOptions } from "./support/runs";
import { runLine, StackFile } from "./support/config-cli";

const key = "aws:allowedAccountIds";
const account = "111122223333";

/** The prompt and checks of one asked element, as config/fix-commands.ts askCommand writes them. */
const ask = (variable: string, asked: string) =>
    `printf '%s: ' '${asked}' >&2 && IFS= read -rs ${variable} && echo >&2 && { [ -n "$${variable}" ] || { echo 'no value given: nothing changed' >&2; false; }; }`;
const set = (variable: string, index: number) => `printf %s "$${variable}" | pulumi config set --stack staging --path --secret '${key}[${index}]'`;

describe("secret account list fix: a repeated stored item is named once per stored element", function () {
    this.timeout(30000);
    // The secret keys stay in the runtime's config; later files expect none.
    after(() => pulumi.runtime.setAllConfig({}, []));

    it("two copies of one account ID and a bad one: prompts name stored elements 0 and 1, then <AWS account ID>", async () => {
        const base = stackOptions("aws", "staging");
        const problems = await configProblems({ ...base, secrets: { ...base.secrets, [key]: JSON.stringify([account, account, "12345"]) } });
        assert.deepEqual(
            problems.map((p) => p.key),
            [key],
        );
        const { fix } = problems[0];
        assert.equal(
            fix,
            `(pulumi config get --stack staging ${key} >/dev/null && ` +
                `${ask("value0", `${key}[0], the stored element 0`)} && ` +
                `${ask("value1", `${key}[1], the stored element 1`)} && ` +
                `${ask("value2", `${key}[2], <AWS account ID>`)} && ` +
                `pulumi config rm --stack staging ${key} && ${set("value0", 0)} && ${set("value1", 1)} && ${set("value2", 2)})`,
        );

        // Run in bash on a stand-in for the stack file: the operator answers each prompt from what it names.
        const stack: StackFile = { [key]: [{ secure: account }, { secure: account }, { secure: "12345" }] };
        const replacement = "444455556666";
        const answers: Record<string, string> = {
            [`${key}[0], the stored element 0`]: account,
            [`${key}[1], the stored element 1`]: account,
            [`${key}[2], <AWS account ID>`]: replacement,
        };
        assert.equal(
            runLine(stack, fix, (asked) => answers[asked] ?? assert.fail(`unexpected prompt ${asked}`)),
            0,
        );
        assert.deepEqual(stack, { [key]: [{ secure: account }, { secure: account }, { secure: replacement }] });
    });
});
