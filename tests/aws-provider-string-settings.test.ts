// The `aws:` settings an operator may give the AWS provider (node_modules/@pulumi/aws/config/vars.d.ts):
// an explicit provider ignores stack config (only the default provider reads it), so each setting the
// program accepts must reach its provider unchanged, or an HTTP proxy, a CA bundle or an IMDS endpoint
// set for a locked-down network would be silently dropped. Values are literals written by hand.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import type { RunOptions } from "../harness/run";
import { configProblems } from "./support/settings";
import { stackOptions, validStackRun, withConfig } from "./support/runs";

function awsStaging(set: Record<string, string>): RunOptions {
    return withConfig(stackOptions("aws", "staging"), set);
}

/** The settings the SDK reads as plain strings, from its own declarations. */
function sdkStringSettings(): string[] {
    const vars = fs.readFileSync(path.join(__dirname, "..", "node_modules", "@pulumi", "aws", "config", "vars.d.ts"), "utf8");
    return [...vars.matchAll(/^export declare const (\w+): string \| undefined;$/gm)].map(([, name]) => name).sort();
}

/** Credentials and the region are refused (tests/eks.test.ts): the program uses atlasia:region, and keys belong outside stack config. */
const refused = ["accessKey", "region", "secretKey", "token"];

/** A value an operator would set for each accepted string setting (the AWS provider's documentation). */
const operatorValues: Record<string, string> = {
    customCaBundle: "/etc/pki/ca-trust/corporate.pem",
    ec2MetadataServiceEndpoint: "http://[fd00:ec2::254]",
    ec2MetadataServiceEndpointMode: "IPv6",
    httpProxy: "http://proxy.corp.internal:3128",
    httpsProxy: "http://proxy.corp.internal:3128",
    noProxy: "169.254.169.254,.internal",
    profile: "atlasia-staging",
    retryMode: "adaptive",
    s3UsEast1RegionalEndpoint: "regional",
    stsRegion: "us-east-1",
    tagPolicyCompliance: "warning",
};

describe("aws: string settings reach the explicit provider", function () {
    this.timeout(60000);

    it("every string setting of @pulumi/aws but credentials and the region is passed on as set", async () => {
        assert.deepEqual(
            Object.keys(operatorValues).sort(),
            sdkStringSettings().filter((name) => !refused.includes(name)),
        );
        const run = await validStackRun(awsStaging(Object.fromEntries(Object.entries(operatorValues).map(([name, value]) => [`aws:${name}`, value]))));
        const provider = run.resources.find((r) => r.type === "pulumi:providers:aws");
        assert.ok(provider, "the explicit aws provider");
        const passed = Object.fromEntries(Object.keys(operatorValues).map((name) => [name, provider.inputs[name]]));
        assert.deepEqual(passed, operatorValues);
    });

    it("a credentials file list or an endpoint list that is no list: the fix sets a placeholder of its own kind", async () => {
        assert.deepEqual(await configProblems(awsStaging({ "aws:sharedCredentialsFiles": "[1]" })), [
            {
                key: "aws:sharedCredentialsFiles",
                message: 'must be a list of strings as the AWS provider documents it, got "[1]".',
                fix: "pulumi config rm --stack staging aws:sharedCredentialsFiles && pulumi config set --stack staging --path 'aws:sharedCredentialsFiles[0]' '<path>'",
            },
        ]);
        assert.deepEqual(await configProblems(awsStaging({ "aws:endpoints": "null" })), [
            {
                key: "aws:endpoints",
                message: 'must be a list of objects as the AWS provider documents it, got "null".',
                fix: "pulumi config rm --stack staging aws:endpoints && pulumi config set --stack staging --path 'aws:endpoints[0].<service>' '<endpoint URL>'",
            },
        ]);
    });

    it("an account guard refuses 13 digits and a 12-digit ID with anything before it", async () => {
        // An AWS account ID is exactly 12 digits: https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html
        for (const id of ["1234567890123", "x123456789012"]) {
            const problems = await configProblems(awsStaging({ "aws:forbiddenAccountIds": JSON.stringify([id]) }));
            assert.deepEqual(
                problems.map((p) => p.key),
                ["aws:forbiddenAccountIds"],
                id,
            );
            assert.match(problems[0].message, /^must list 12-digit AWS account IDs/, id);
        }
    });
});
