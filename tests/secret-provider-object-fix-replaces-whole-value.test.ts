// A secret provider setting of the wrong shape (aws:assumeRoles stored as a secret list of ARNs
// instead of a list of objects; config/reader.ts foreignObjectProblem) is fixed by setting it anew:
// the fix removes the old value before it writes the one property asked for, so nothing of the old
// list is left beside it. `config set --path 'k[0].p'` on a list keeps the list's other elements
// (sdk/go/common/resource/config/object.go object.Set; tests/support/config-cli.ts). The AWS provider
// takes aws:assumeRoles as a list of objects with a roleArn (@pulumi/aws 7.48.0 config/vars.d.ts:
// `assumeRoles: outputs.config.AssumeRoles[]`).
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { configProblems } from "./support/settings";
import { stackOptions, withSecrets } from "./support/runs";
import { runFixes } from "./support/config-cli";

function awsStagingWithSecret(key: string, raw: string): RunOptions {
    return withSecrets(stackOptions("aws", "staging"), { [key]: raw });
}

describe("a secret provider setting of the wrong shape", function () {
    this.timeout(30000);

    it("aws:assumeRoles stored as a secret list of two ARNs: the fix leaves one role object with the ARN asked for, and nothing else", async () => {
        const first = "arn:aws:iam::123456789012:role/deployer";
        const second = "arn:aws:iam::123456789012:role/other";
        const problems = (await configProblems(awsStagingWithSecret("aws:assumeRoles", JSON.stringify([first, second])))).filter(
            (p) => p.key === "aws:assumeRoles",
        );
        assert.equal(problems.length, 1, JSON.stringify(problems));
        const asked: string[] = [];
        const stack = runFixes({ "aws:assumeRoles": [{ secure: first }, { secure: second }] }, problems, undefined, (question) => {
            asked.push(question);
            return first;
        });
        assert.deepEqual(asked, ["aws:assumeRoles[0].roleArn, <IAM role ARN>"]);
        assert.deepEqual(stack, { "aws:assumeRoles": [{ roleArn: { secure: first } }] });
    });
});
