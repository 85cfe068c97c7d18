// The `aws:` settings an operator may give the AWS provider (node_modules/@pulumi/aws/config/vars.d.ts):
// an explicit provider ignores stack config (only the default provider reads it), so each setting the
// program accepts must reach its provider unchanged, or an HTTP proxy, a CA bundle or an IMDS endpoint
// set for a locked-down network would be silently dropped. Values are literals written by hand.
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { configProblems } from "./support/settings";
import { providerConfigSettings } from "./support/provider-config";
import { stackOptions, validStackRun, withConfig } from "./support/runs";

function awsStaging(set: Record<string, string>): RunOptions {
    return withConfig(stackOptions("aws", "staging"), set);
}

/**
 * Refused, each tested with its reason elsewhere (tests/eks.test.ts, tests/aws-provider-json-settings.test.ts):
 * credentials belong outside stack config, the program uses atlasia:region and tags every resource itself,
 * and TLS verification stays on.
 */
const refused = ["accessKey", "defaultTags", "insecure", "region", "secretKey", "token"];

/**
 * What an operator would set for each accepted setting (the AWS provider's documentation), and what the
 * provider must get: strings as they are, other kinds as JSON (how a provider resource takes them). Each
 * differs from the SDK's own default (provider.js: skipCredentialsValidation false, skipRegionValidation true),
 * so a setting dropped on the way shows.
 */
const operatorValues: Record<string, [set: string, passed: unknown]> = {
    allowedAccountIds: ['["123456789012"]', ["123456789012"]],
    assumeRoleWithWebIdentity: [
        '{"roleArn":"arn:aws:iam::123456789012:role/ci","webIdentityTokenFile":"/var/run/token"}',
        { roleArn: "arn:aws:iam::123456789012:role/ci", webIdentityTokenFile: "/var/run/token" },
    ],
    assumeRoles: ['[{"roleArn":"arn:aws:iam::123456789012:role/deployer"}]', [{ roleArn: "arn:aws:iam::123456789012:role/deployer" }]],
    customCaBundle: ["/etc/pki/ca-trust/corporate.pem", "/etc/pki/ca-trust/corporate.pem"],
    ec2MetadataServiceEndpoint: ["http://[fd00:ec2::254]", "http://[fd00:ec2::254]"],
    ec2MetadataServiceEndpointMode: ["IPv6", "IPv6"],
    endpoints: ['[{"s3":"https://s3.corp.internal"}]', [{ s3: "https://s3.corp.internal" }]],
    forbiddenAccountIds: ['["210987654321"]', ["210987654321"]],
    httpProxy: ["http://proxy.corp.internal:3128", "http://proxy.corp.internal:3128"],
    httpsProxy: ["http://proxy.corp.internal:3128", "http://proxy.corp.internal:3128"],
    ignoreTags: ['{"keys":["cost-center"]}', { keys: ["cost-center"] }],
    maxRetries: ["7", 7],
    noProxy: ["169.254.169.254,.internal", "169.254.169.254,.internal"],
    profile: ["atlasia-staging", "atlasia-staging"],
    retryMode: ["adaptive", "adaptive"],
    s3UsEast1RegionalEndpoint: ["regional", "regional"],
    s3UsePathStyle: ["true", true],
    sharedConfigFiles: ['["/ci/config"]', ["/ci/config"]],
    sharedCredentialsFiles: ['["/ci/credentials"]', ["/ci/credentials"]],
    skipCredentialsValidation: ["true", true],
    skipMetadataApiCheck: ["true", true],
    skipRegionValidation: ["false", false],
    skipRequestingAccountId: ["true", true],
    stsRegion: ["us-east-1", "us-east-1"],
    tagPolicyCompliance: ["warning", "warning"],
    tokenBucketRateLimiterCapacity: ["500", 500],
    useDualstackEndpoint: ["true", true],
    useFipsEndpoint: ["true", true],
    userAgents: ['["atlasia-ci/1.0"]', ["atlasia-ci/1.0"]],
};

describe("aws: settings reach the explicit provider", function () {
    this.timeout(60000);

    it("every setting @pulumi/aws declares but the refused ones is passed on as set: strings as they are, the rest as JSON", async () => {
        assert.deepEqual(
            Object.keys(operatorValues).sort(),
            providerConfigSettings("@pulumi/aws").filter((name) => !refused.includes(name)),
        );
        const run = await validStackRun(awsStaging(Object.fromEntries(Object.entries(operatorValues).map(([name, [set]]) => [`aws:${name}`, set]))));
        const provider = run.resources.find((r) => r.type === "pulumi:providers:aws");
        assert.ok(provider, "the explicit aws provider");
        const input = (name: string, passed: unknown) => (typeof passed === "string" ? provider.inputs[name] : JSON.parse(provider.inputs[name] ?? "null"));
        assert.deepEqual(
            Object.fromEntries(Object.entries(operatorValues).map(([name, [, passed]]) => [name, input(name, passed)])),
            Object.fromEntries(Object.entries(operatorValues).map(([name, [, passed]]) => [name, passed])),
        );
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

    it("refuses credentials, TLS verification off, another region and the provider's default tags, each with its reason in full and the command that removes it", async () => {
        const keys = "long-lived keys do not belong in stack config: use aws:profile, aws:assumeRoles or the environment's credentials (OIDC in CI).";
        const reasons: Record<string, string> = {
            accessKey: keys,
            defaultTags: "the program tags every resource itself (project, environment, stack, managed-by).",
            insecure: "turns off TLS verification of every AWS API call.",
            region: "the program's provider uses atlasia:region (the region check and the kubeconfig read it); set the same value in both, or remove aws:region.",
            secretKey: keys,
            token: "a session token expires within hours: use aws:profile, aws:assumeRoles or the environment's credentials.",
        };
        const values: Record<string, string> = {
            accessKey: "AKIAIOSFODNN7EXAMPLE",
            defaultTags: '{"tags":{"team":"platform"}}',
            insecure: "true",
            region: "eu-west-1",
            secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            token: "FwoGZXIvYXdzEXAMPLE",
        };
        const problems = await configProblems(awsStaging(Object.fromEntries(Object.entries(values).map(([name, value]) => [`aws:${name}`, value]))));
        assert.deepEqual(
            [...problems].sort((a, b) => a.key.localeCompare(b.key)),
            Object.entries(reasons).map(([name, reason]) => ({
                key: `aws:${name}`,
                message: `is not passed to the program's AWS provider: ${reason}`,
                fix: `pulumi config rm --stack staging aws:${name}`,
            })),
        );
    });

    it("a user agent list that is no list: the fix sets its own placeholder", async () => {
        assert.deepEqual(await configProblems(awsStaging({ "aws:userAgents": "null" })), [
            {
                key: "aws:userAgents",
                message: 'must be a list of strings as the AWS provider documents it, got "null".',
                fix: "pulumi config rm --stack staging aws:userAgents && pulumi config set --stack staging --path 'aws:userAgents[0]' '<user agent>'",
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
