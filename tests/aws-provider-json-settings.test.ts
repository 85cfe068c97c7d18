// The `aws:` settings the AWS provider reads as JSON (getObject in @pulumi/aws config/vars.js, types in
// vars.d.ts: booleans, numbers, lists, objects): each refused with the message of its kind, and fixed by
// setting a placeholder (or the operator's one item), never by removing the key: a removed
// aws:assumeRoles or aws:allowedAccountIds would leave the next `pulumi up` on the ambient credentials,
// in any account. Fixes run in bash on a stand-in for the stack file (tests/support/config-cli.ts).
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { configProblems, settingsFor } from "./support/settings";
import { stackOptions, withConfig, withSecrets } from "./support/runs";
import { configGet, runFixes, runLine, StackFile } from "./support/config-cli";

function awsStaging(set: Record<string, string> = {}, secrets: Record<string, string> = {}): RunOptions {
    return withSecrets(withConfig(stackOptions("aws", "staging"), set), secrets);
}

const problemsOf = async (options: RunOptions, key: string) => (await configProblems(options)).filter((p) => p.key === key);

/** The stack after the fixes of `key`'s problems, read back by the program: its provider settings. */
async function fixedAndReadBack(
    key: string,
    stored: unknown,
    raw: string,
    edit?: (fix: string) => string,
): Promise<{ stack: StackFile; provider: Record<string, unknown>; roleArn?: string }> {
    const problems = await problemsOf(awsStaging({ [key]: raw }), key);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    const stack = runFixes({ [key]: stored }, problems, edit);
    const settings = await settingsFor(awsStaging({ [key]: configGet(stack, key) ?? "" }));
    return { stack, provider: settings.aws.provider, roleArn: settings.aws.kubeconfigAuth.roleArn };
}

describe("aws: JSON settings: refused by their kind, fixed without removing the key", function () {
    this.timeout(30000);

    it("a boolean or a number that is not one: said so, the fix a placeholder, no `config rm`", async () => {
        assert.deepEqual(await problemsOf(awsStaging({ "aws:skipCredentialsValidation": "yes" }), "aws:skipCredentialsValidation"), [
            {
                key: "aws:skipCredentialsValidation",
                message: '"yes" is not true or false.',
                fix: "pulumi config set --stack staging aws:skipCredentialsValidation '<true or false>'",
            },
        ]);
        assert.deepEqual(await problemsOf(awsStaging({ "aws:maxRetries": "many" }), "aws:maxRetries"), [
            { key: "aws:maxRetries", message: '"many" is not a whole number.', fix: "pulumi config set --stack staging aws:maxRetries '<whole number>'" },
        ]);
        // JSON of the wrong kind is refused too: the provider would get 5 for a boolean.
        assert.deepEqual(
            (await problemsOf(awsStaging({ "aws:s3UsePathStyle": "5" }), "aws:s3UsePathStyle")).map((p) => p.message),
            ['"5" is not true or false.'],
        );
        const settings = await settingsFor(awsStaging({ "aws:s3UsePathStyle": "true", "aws:maxRetries": "5" }));
        assert.deepEqual(settings.aws.provider, { s3UsePathStyle: true, maxRetries: 5 });
    });

    it("one role ARN without brackets: set as the first role's roleArn, which the provider and the kubeconfig then use", async () => {
        const role = "arn:aws:iam::123456789012:role/deployer";
        const { stack, provider, roleArn } = await fixedAndReadBack("aws:assumeRoles", role, role);
        assert.deepEqual(stack, { "aws:assumeRoles": [{ roleArn: role }] });
        assert.deepEqual(provider, { assumeRoles: [{ roleArn: role }] });
        assert.equal(roleArn, role);
    });

    it("an account guard with one bare account ID: kept as the list's one item, a string (--type string), never removed", async () => {
        const { stack, provider } = await fixedAndReadBack("aws:allowedAccountIds", "123456789012", "123456789012");
        assert.deepEqual(stack, { "aws:allowedAccountIds": ["123456789012"] });
        assert.deepEqual(provider, { allowedAccountIds: ["123456789012"] });
    });

    it("an account guard that is no list: a placeholder the operator fills in with digits, stored as a string", async () => {
        const edit = (fix: string) => fix.replace("'<AWS account ID>'", "210987654321");
        const { stack, provider } = await fixedAndReadBack("aws:forbiddenAccountIds", "{}", "{}", edit);
        assert.deepEqual(stack, { "aws:forbiddenAccountIds": ["210987654321"] });
        assert.deepEqual(provider, { forbiddenAccountIds: ["210987654321"] });
    });

    it("a web identity role that is no object: its roleArn set, never removed", async () => {
        const problems = await problemsOf(awsStaging({ "aws:assumeRoleWithWebIdentity": "[]" }), "aws:assumeRoleWithWebIdentity");
        assert.deepEqual(problems, [
            {
                key: "aws:assumeRoleWithWebIdentity",
                message: 'must be an object as the AWS provider documents it, got "[]".',
                fix:
                    "pulumi config rm --stack staging aws:assumeRoleWithWebIdentity && " +
                    "pulumi config set --stack staging --path aws:assumeRoleWithWebIdentity.roleArn '<IAM role ARN>'",
            },
        ]);
    });

    it("a role without its ARN (empty, or not a string) is refused, and only that roleArn is set, the rest of the roles kept", async () => {
        const role = "arn:aws:iam::123456789012:role/deployer";
        const chain = [{ roleArn: role }, { roleArn: "", sessionName: "ci" }];
        // Before, accepted: terraform-provider-aws assumes no role for an empty roleArn (ambient credentials).
        const [problem] = await problemsOf(awsStaging({ "aws:assumeRoles": JSON.stringify(chain) }), "aws:assumeRoles");
        assert.equal(problem.fix, "pulumi config set --stack staging --path 'aws:assumeRoles[1].roleArn' '<IAM role ARN>'");
        const edit = (fix: string) => fix.replace("'<IAM role ARN>'", role);
        const stack = runFixes({ "aws:assumeRoles": chain.map((r) => ({ ...r })) }, [problem], edit);
        assert.deepEqual(stack, { "aws:assumeRoles": [{ roleArn: role }, { roleArn: role, sessionName: "ci" }] });
        const identity = await problemsOf(awsStaging({ "aws:assumeRoleWithWebIdentity": '{"roleArn":5}' }), "aws:assumeRoleWithWebIdentity");
        assert.deepEqual(
            identity.map((p) => p.fix),
            ["pulumi config set --stack staging --path aws:assumeRoleWithWebIdentity.roleArn '<IAM role ARN>'"],
        );
    });

    it("an account guard listing anything but 12-digit account IDs is refused; its fix keeps the valid IDs", async () => {
        const [problem] = await problemsOf(awsStaging({ "aws:allowedAccountIds": '["123456789012","12345"]' }), "aws:allowedAccountIds");
        assert.match(problem.message, /^must list 12-digit AWS account IDs/);
        const edit = (fix: string) => fix.replace("'<AWS account ID>'", "012345678901");
        const stack = runFixes({ "aws:allowedAccountIds": ["123456789012", "12345"] }, [problem], edit);
        assert.deepEqual(stack, { "aws:allowedAccountIds": ["123456789012", "012345678901"] });
    });

    it("a secret role or account guard: its fix asks first and writes nothing on Ctrl-C, Ctrl-D or an empty answer, so the guard is never removed", async () => {
        const role = "arn:aws:iam::123456789012:role/deployer";
        for (const [key, raw, stored, asked, answer, fixed] of [
            ["aws:assumeRoles", "{}", { secure: "{}" }, "aws:assumeRoles[0].roleArn, <IAM role ARN>", role, [{ roleArn: { secure: role } }]],
            [
                "aws:assumeRoles",
                '[{"roleArn":""}]',
                [{ roleArn: { secure: "" } }],
                "aws:assumeRoles[0].roleArn, <IAM role ARN>",
                role,
                [{ roleArn: { secure: role } }],
            ],
            ["aws:allowedAccountIds", "{}", { secure: "{}" }, "aws:allowedAccountIds[0], <AWS account ID>", "123456789012", [{ secure: "123456789012" }]],
        ] as const) {
            const [problem] = await problemsOf(awsStaging({}, { [key]: raw }), key);
            // Before: `config rm` ran first and the prompt came after it; Enter stored an empty roleArn.
            for (const aborted of [undefined, ""]) {
                const stack: StackFile = { [key]: structuredClone(stored) };
                assert.notEqual(
                    runLine(stack, problem.fix, () => aborted),
                    0,
                    problem.fix,
                );
                assert.deepEqual(stack, { [key]: stored });
            }
            const stack = runFixes({ [key]: structuredClone(stored) }, [problem], undefined, (question) => (assert.equal(question, asked), answer));
            assert.deepEqual(stack, { [key]: fixed });
        }
    });
});
