// Bad configuration fails before any resource exists, naming the key, the problem and the fix.
import { strict as assert } from "assert";
import { runProgram, ProgramRun } from "../harness/run";
import { StackConfigError } from "../config/reader";
import { withOperatorNames } from "./support/runs";

interface BadConfig {
    title: string;
    stack?: string;
    set?: Record<string, string>;
    secrets?: Record<string, string>;
    /** Expected key, text of the problem and text of the fix. */
    key: string;
    message: RegExp;
    fix: string;
}

const llm = { llmApiKey: "sk-test-llm-key" };
const gcp = { "gcp:project": "my-project-123" };

const badConfigs: BadConfig[] = [
    {
        title: "misspelled key",
        stack: "production",
        set: { nodeMaxCuont: "12" },
        key: "atlasia:nodeMaxCuont",
        message: /is not a setting of this program \(did you mean nodeMaxCount\?\)/,
        fix: "pulumi config rm --stack production atlasia:nodeMaxCuont",
    },
    {
        title: "unknown cloud",
        stack: "production",
        set: { cloud: "gpc" },
        key: "atlasia:cloud",
        message: /"gpc" is not one of gcp, aws, azure, local/,
        fix: "pulumi config set --stack production atlasia:cloud",
    },
    {
        title: "unknown environment",
        stack: "staging",
        set: { environment: "prod" },
        key: "atlasia:environment",
        message: /"prod" is not one of development, staging, production/,
        fix: "pulumi config set --stack staging atlasia:environment",
    },
    {
        title: "malformed GCP region",
        stack: "production",
        set: { region: "us_central" },
        key: "atlasia:region",
        message: /"us_central" is not a GCP region/,
        fix: "pulumi config set --stack production atlasia:region us-central1",
    },
    {
        title: "malformed AWS region",
        stack: "production",
        set: { cloud: "aws", region: "useast1" },
        key: "atlasia:region",
        message: /"useast1" is not an AWS region/,
        fix: "pulumi config set --stack production atlasia:region us-east-1",
    },
    {
        title: "invalid cluster name",
        stack: "production",
        set: { clusterName: "Atlasia_Prod" },
        key: "atlasia:clusterName",
        message: /lower-case letters, digits and hyphens/,
        fix: "pulumi config rm --stack production atlasia:clusterName",
    },
    {
        title: "minimum above maximum",
        stack: "production",
        set: { nodeMinCount: "5", nodeMaxCount: "3", nodeCount: "4" },
        key: "atlasia:nodeMaxCount",
        message: /maximum \(3\) is below the minimum \(5\)/,
        fix: "pulumi config set --stack production atlasia:nodeMaxCount 5",
    },
    {
        title: "negative node count",
        stack: "production",
        set: { nodeCount: "-2" },
        key: "atlasia:nodeCount",
        message: /"-2" is not a whole number of at least 0/,
        fix: "atlasia:nodeCount",
    },
    {
        title: "non-numeric node count",
        stack: "production",
        set: { nodeMaxCount: "ten" },
        key: "atlasia:nodeMaxCount",
        message: /"ten" is not a whole number/,
        fix: "atlasia:nodeMaxCount",
    },
    {
        title: "node count outside the autoscaling range",
        stack: "production",
        set: { nodeCount: "12" },
        key: "atlasia:nodeCount",
        message: /12 is outside the autoscaling range 2-10/,
        fix: "atlasia:nodeCount 2",
    },
    {
        title: "disk too small",
        stack: "production",
        set: { nodeDiskSizeGb: "10" },
        key: "atlasia:nodeDiskSizeGb",
        message: /"10" is not a whole number from 30 to 2000/,
        fix: "atlasia:nodeDiskSizeGb",
    },
    {
        title: "machine type of unknown shape",
        stack: "production",
        set: { nodeMachineType: "n2-custom-8" },
        key: "atlasia:nodeCpus",
        message: /"n2-custom-8" is not in clusters\/capacity.ts/,
        fix: "atlasia:nodeCpus",
    },
    {
        title: "machine type of another cloud",
        stack: "production",
        set: { cloud: "azure", nodeMachineType: "t3.xlarge" },
        key: "atlasia:nodeMachineType",
        message: /"t3.xlarge" is not a azure machine type/,
        fix: "atlasia:nodeMachineType Standard_D4s_v3",
    },
    {
        title: "missing GCP project",
        set: { "gcp:project": "", cloud: "gcp", environment: "staging", acmeEmail: "ops@example.com" },
        key: "gcp:project",
        message: /GCP project ID is required/,
        fix: "pulumi config set --stack dev gcp:project '<GCP project ID>'",
    },
    {
        title: "malformed domain",
        stack: "production",
        set: { domain: "not a domain" },
        key: "atlasia:domain",
        message: /"not a domain" is not a host name/,
        fix: "atlasia:domain atlasia.your-company.com",
    },
    {
        title: "malformed ACME e-mail",
        stack: "production",
        set: { acmeEmail: "admin-at-example" },
        key: "atlasia:acmeEmail",
        message: /"admin-at-example" is not an e-mail address/,
        fix: "atlasia:acmeEmail platform@your-company.com",
    },
    {
        title: "missing ACME e-mail with TLS",
        set: { cloud: "aws", environment: "staging" },
        key: "atlasia:acmeEmail",
        message: /Let's Encrypt \(letsencrypt-staging\) needs a contact e-mail/,
        fix: "atlasia:acmeEmail",
    },
    {
        title: "missing LLM API key",
        stack: "production",
        secrets: {},
        key: "atlasia:llmApiKey",
        message: /API key is required and is not set/,
        // No value in the command: the CLI prompts, so the key never reaches the shell history.
        fix: "pulumi config set --stack production --secret atlasia:llmApiKey",
    },
    {
        title: "secret stored in plain text",
        stack: "production",
        set: { llmApiKey: "sk-plain" },
        secrets: {},
        key: "atlasia:llmApiKey",
        message: /stored in plain text/,
        fix: "--secret atlasia:llmApiKey",
    },
    {
        title: "JWT secret under 256 bits",
        stack: "production",
        secrets: { ...llm, jwtSecret: "short-jwt" },
        key: "atlasia:jwtSecret",
        message: /at least 256 bits/,
        fix: "--secret atlasia:jwtSecret",
    },
    {
        title: "encryption key not 32 bytes",
        stack: "production",
        secrets: { ...llm, encryptionKey: "0123456789" },
        key: "atlasia:encryptionKey",
        message: /exactly 32 bytes/,
        fix: "--secret atlasia:encryptionKey",
    },
    {
        title: "malformed API CIDR",
        stack: "production",
        set: { apiAuthorizedCidrs: '["10.0.0.0/33"]' },
        key: "atlasia:apiAuthorizedCidrs",
        message: /"10.0.0.0\/33" is not an IPv4 CIDR/,
        fix: "--path 'atlasia:apiAuthorizedCidrs[0]'",
    },
    {
        title: "VPC CIDR too large",
        stack: "production",
        set: { cloud: "aws", awsVpcCidr: "10.0.0.0/8" },
        key: "atlasia:awsVpcCidr",
        message: /not an IPv4 CIDR from \/16 to \/20/,
        fix: "atlasia:awsVpcCidr 10.0.0.0/16",
    },
    {
        title: "admin that is not an IAM ARN",
        stack: "production",
        set: { cloud: "aws", clusterAdmins: '["alice"]' },
        key: "atlasia:clusterAdmins",
        message: /"alice" is not an IAM role or user ARN/,
        fix: "atlasia:clusterAdmins[0]",
    },
    {
        title: "green active without a green colour",
        stack: "production",
        set: { activeColor: "green" },
        key: "atlasia:greenOrchestratorTag",
        message: /activeColor is green but no green colour is deployed/,
        fix: "atlasia:greenOrchestratorTag 0.1.0",
    },
    {
        title: "malformed backup schedule",
        stack: "production",
        set: { postgresBackupSchedule: "nightly" },
        key: "atlasia:postgresBackupSchedule",
        message: /"nightly" is not a five-field cron schedule/,
        fix: "atlasia:postgresBackupSchedule '0 2 * * *'",
    },
    {
        title: "boolean that is not true or false",
        stack: "production",
        set: { monitoringEnabled: "yes" },
        key: "atlasia:monitoringEnabled",
        message: /"yes" is not true or false/,
        fix: "atlasia:monitoringEnabled",
    },
    {
        title: "production on a local cluster",
        stack: "production",
        set: { cloud: "local" },
        key: "atlasia:cloud",
        message: /production cannot run on a local cluster/,
        fix: "atlasia:cloud gcp",
    },
    {
        title: "unknown TLS issuer",
        stack: "production",
        set: { tlsIssuer: "letsencrypt" },
        key: "atlasia:tlsIssuer",
        message: /"letsencrypt" is not one of letsencrypt-prod, letsencrypt-staging, none/,
        fix: "atlasia:tlsIssuer",
    },
    {
        title: "malformed Prometheus retention",
        stack: "production",
        set: { prometheusRetention: "30 days" },
        key: "atlasia:prometheusRetention",
        message: /"30 days" is not a Prometheus duration/,
        fix: "atlasia:prometheusRetention",
    },
    {
        title: "malformed Kubernetes version",
        stack: "production",
        set: { kubernetesVersion: "latest" },
        key: "atlasia:kubernetesVersion",
        message: /"latest" is not a Kubernetes version/,
        fix: "atlasia:kubernetesVersion 1.33",
    },
    {
        title: "malformed image tag",
        stack: "production",
        set: { orchestratorTag: "bad tag!" },
        key: "atlasia:orchestratorTag",
        message: /"bad tag!" is not an image tag/,
        fix: "atlasia:orchestratorTag",
    },
    {
        title: "image tag too long for a label value",
        stack: "production",
        set: { frontendTag: `1.0.0-${"a".repeat(60)}` },
        key: "atlasia:frontendTag",
        message: /is not an image tag/,
        fix: "atlasia:frontendTag",
    },
    {
        title: "CORS origin without a scheme",
        stack: "production",
        set: { corsAllowedOrigins: "atlasia.example.com" },
        key: "atlasia:corsAllowedOrigins",
        message: /"atlasia.example.com" is not an origin/,
        fix: "atlasia:corsAllowedOrigins",
    },
];

function ourResources(run: ProgramRun) {
    return run.resources.filter((resource) => resource.type !== "pulumi:pulumi:Stack");
}

describe("configuration validation", () => {
    it("has at least 15 distinct bad configurations", () => {
        assert.ok(badConfigs.length >= 15);
        assert.equal(new Set(badConfigs.map((c) => c.title)).size, badConfigs.length);
    });

    for (const bad of badConfigs) {
        it(`rejects ${bad.title}, before any resource`, async () => {
            const run = await runProgram({ stack: bad.stack, set: { ...gcp, ...bad.set }, secrets: bad.secrets ?? llm });
            assert.ok(run.error instanceof StackConfigError, `expected a StackConfigError, got ${run.error}`);
            const problem = run.error.problems.find((p) => p.key === bad.key);
            assert.ok(problem, `no problem for ${bad.key} in:\n${run.error.message}`);
            assert.match(problem.message, bad.message);
            assert.ok(problem.fix.includes(bad.fix), `fix "${problem.fix}" does not include "${bad.fix}"`);
            // A fix starts by setting the key, or by removing it (a list before its elements are set; a key that falls back to its default).
            assert.match(problem.fix, new RegExp(`^pulumi config (set|rm) --stack ${bad.stack ?? "dev"} `));
            assert.ok(run.error.message.includes(problem.fix), "the error text shows the fix");
            assert.deepEqual(ourResources(run), [], "an invalid configuration registers no resource");
        });
    }

    it("reports every problem at once, each with its fix", async () => {
        const run = await runProgram(
            withOperatorNames({
                stack: "production",
                set: { cloud: "aws", region: "nowhere", nodeMinCount: "9", nodeMaxCount: "4", domain: "bad domain", clusterAdminIncludeDeployer: "true" },
                secrets: {},
            }),
        );
        assert.ok(run.error instanceof StackConfigError);
        const keys = run.error.problems.map((p) => p.key).sort();
        assert.deepEqual(keys, ["atlasia:domain", "atlasia:llmApiKey", "atlasia:nodeMaxCount", "atlasia:region"]);
        assert.match(run.error.message, /^Stack "production" has 4 configuration problems; nothing was deployed:/);
        assert.equal(run.error.message.match(/fix: pulumi config set/g)?.length, 4);
        assert.deepEqual(ourResources(run), []);
    });

    it("never repeats a secret's value in its error", async () => {
        const run = await runProgram(
            withOperatorNames({ stack: "production", secrets: { ...llm, jwtSecret: "tiny-jwt-value", encryptionKey: "short-key-value" } }),
        );
        assert.ok(run.error instanceof StackConfigError);
        assert.equal(run.error.problems.length, 2);
        assert.ok(!run.error.message.includes("tiny-jwt-value"));
        assert.ok(!run.error.message.includes("short-key-value"));
        assert.ok(!run.error.message.includes("sk-test-llm-key"));
    });

    it("accepts every committed stack file as it is, given the LLM key and (staging, production) the operator's public names", async () => {
        for (const stack of ["dev", "staging", "production"]) {
            const run = await runProgram(withOperatorNames({ stack, secrets: llm }));
            assert.equal(run.error, undefined, `${stack}: ${run.error?.message}`);
            assert.ok(ourResources(run).length > 0);
        }
    });

    // Issue 11 item 22. Let's Encrypt's Boulder refuses a contact at example.com/.net/.org
    // (policy/pa.go forbiddenMailDomains, "contact email has forbidden domain") and names outside a
    // public suffix (WellFormedIdentifiers); RFC 2606 reserves them for examples.
    it("refuses reserved example names for acmeEmail and domain where a certificate is requested", async () => {
        const run = await runProgram({ stack: "production", set: { domain: "atlasia.example.com", acmeEmail: "platform@example.com" }, secrets: llm });
        assert.ok(run.error instanceof StackConfigError, String(run.error));
        const byKey = Object.fromEntries(run.error.problems.map((p) => [p.key, p]));
        assert.match(byKey["atlasia:acmeEmail"].message, /example\.com.*Let's Encrypt/);
        assert.match(byKey["atlasia:acmeEmail"].fix, /^pulumi config set --stack production atlasia:acmeEmail \S+@/);
        assert.match(byKey["atlasia:domain"].message, /example\.com.*Let's Encrypt/);
        for (const [domain, email] of [
            ["atlasia.test", "ops@corp.example"],
            ["shop.example.org", "ops@example.net"],
        ]) {
            const other = await runProgram({ stack: "staging", set: { domain, acmeEmail: email }, secrets: llm });
            assert.deepEqual(
                other.error instanceof StackConfigError ? other.error.problems.map((p) => p.key).sort() : [],
                ["atlasia:acmeEmail", "atlasia:domain"],
                `${domain} ${email}`,
            );
        }
        // No certificate is requested with tlsIssuer none: any name is fine.
        const none = await runProgram({ stack: "production", set: { domain: "atlasia.example.com", tlsIssuer: "none" }, secrets: llm });
        assert.ok(!(none.error instanceof StackConfigError) || !none.error.problems.some((p) => p.key === "atlasia:domain"), String(none.error));
    });
});
