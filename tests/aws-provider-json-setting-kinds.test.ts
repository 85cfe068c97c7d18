// The `aws:` settings the AWS provider reads as JSON, at the edges of each kind (types in
// node_modules/@pulumi/aws/config/vars.d.ts: `ignoreTags` an object, `endpoints` a list of objects,
// `maxRetries` a number, `sharedConfigFiles` and the account guards lists of strings, `assumeRoles` a
// list of roles). Each refusal is asserted whole, with the command an operator pastes; each accepted
// value is read back as the provider gets it. An AWS account ID is 12 digits
// (https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html). Expected values
// are literals written by hand.
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { configProblems, settingsFor } from "./support/settings";
import { stackOptions, withConfig } from "./support/runs";

function awsStaging(set: Record<string, string>): RunOptions {
    return withConfig(stackOptions("aws", "staging"), set);
}

const problemsOf = async (set: Record<string, string>) => configProblems(awsStaging(set));

describe("aws: JSON settings: each kind at its edges", function () {
    this.timeout(30000);

    it("an object setting given a word or null is refused as no object; the word is kept in the fix, null gets the placeholder", async () => {
        assert.deepEqual(await problemsOf({ "aws:ignoreTags": "env" }), [
            {
                key: "aws:ignoreTags",
                message: 'must be an object as the AWS provider documents it, got "env".',
                fix: "pulumi config rm --stack staging aws:ignoreTags && pulumi config set --stack staging --path 'aws:ignoreTags.keys[0]' env",
            },
        ]);
        assert.deepEqual(await problemsOf({ "aws:ignoreTags": "null" }), [
            {
                key: "aws:ignoreTags",
                message: 'must be an object as the AWS provider documents it, got "null".',
                fix: "pulumi config rm --stack staging aws:ignoreTags && pulumi config set --stack staging --path 'aws:ignoreTags.keys[0]' '<tag key>'",
            },
        ]);
    });

    it("passes an object and a list of objects without a role in them as they are (no roleArn asked for)", async () => {
        const settings = await settingsFor(awsStaging({ "aws:ignoreTags": '{"keys":["team"]}', "aws:endpoints": '[{"s3":"https://s3.example.internal"}]' }));
        assert.deepEqual(settings.aws.provider, { ignoreTags: { keys: ["team"] }, endpoints: [{ s3: "https://s3.example.internal" }] });
    });

    it("a role ARN written as a JSON string with spaces around it: the fix sets the ARN without them", async () => {
        assert.deepEqual(await problemsOf({ "aws:assumeRoles": '" arn:aws:iam::123456789012:role/deployer "' }), [
            {
                key: "aws:assumeRoles",
                message: 'must be a list of objects as the AWS provider documents it, got "\\" arn:aws:iam::123456789012:role/deployer \\"".',
                fix:
                    "pulumi config rm --stack staging aws:assumeRoles && " +
                    "pulumi config set --stack staging --path 'aws:assumeRoles[0].roleArn' arn:aws:iam::123456789012:role/deployer",
            },
        ]);
    });

    it("a role whose roleArn is only spaces is refused: the provider would assume no role", async () => {
        assert.deepEqual(await problemsOf({ "aws:assumeRoles": '[{"roleArn":"  "}]' }), [
            {
                key: "aws:assumeRoles",
                message: '[0].roleArn must be an IAM role ARN, not empty, or the provider assumes no role; got "[{\\"roleArn\\":\\"  \\"}]".',
                fix: "pulumi config set --stack staging --path 'aws:assumeRoles[0].roleArn' '<IAM role ARN>'",
            },
        ]);
    });

    it("a number setting takes 0 and refuses -1 and 1.5, each as no whole number", async () => {
        const settings = await settingsFor(awsStaging({ "aws:maxRetries": "0" }));
        assert.deepEqual(settings.aws.provider, { maxRetries: 0 });
        for (const raw of ["-1", "1.5"]) {
            assert.deepEqual(await problemsOf({ "aws:maxRetries": raw }), [
                { key: "aws:maxRetries", message: `"${raw}" is not a whole number.`, fix: "pulumi config set --stack staging aws:maxRetries '<whole number>'" },
            ]);
        }
    });

    it("a list with an item that is no string is refused as no list of strings; the fix sets the placeholder, not an empty item", async () => {
        assert.deepEqual(await problemsOf({ "aws:sharedConfigFiles": '["a",1]' }), [
            {
                key: "aws:sharedConfigFiles",
                message: 'must be a list of strings as the AWS provider documents it, got "[\\"a\\",1]".',
                fix: "pulumi config rm --stack staging aws:sharedConfigFiles && pulumi config set --stack staging --path 'aws:sharedConfigFiles[0]' '<path>'",
            },
        ]);
    });

    it("one bare number that is no account ID: not kept, the placeholder set as a string", async () => {
        assert.deepEqual(await problemsOf({ "aws:allowedAccountIds": "12345" }), [
            {
                key: "aws:allowedAccountIds",
                message: 'must be a list of strings as the AWS provider documents it, got "12345".',
                fix:
                    "pulumi config rm --stack staging aws:allowedAccountIds && " +
                    "pulumi config set --stack staging --path --type string 'aws:allowedAccountIds[0]' '<AWS account ID>'",
            },
        ]);
    });

    it("an account guard with a short ID: every item of the fix set as a string, the placeholder too (digits typed in stay a string)", async () => {
        assert.deepEqual(await problemsOf({ "aws:allowedAccountIds": '["123456789012","12345"]' }), [
            {
                key: "aws:allowedAccountIds",
                message:
                    "must list 12-digit AWS account IDs (https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html), " +
                    'got "[\\"123456789012\\",\\"12345\\"]".',
                fix:
                    "pulumi config rm --stack staging aws:allowedAccountIds && " +
                    "pulumi config set --stack staging --path --type string 'aws:allowedAccountIds[0]' 123456789012 && " +
                    "pulumi config set --stack staging --path --type string 'aws:allowedAccountIds[1]' '<AWS account ID>'",
            },
        ]);
    });
});
