// The fix commands of list-valued keys, run the way an operator runs them: parsed by bash, then applied
// in the order printed to a stack file by a stand-in for `pulumi config` that does what the CLI does
// to a list (tests/support/config-cli.ts, checked by hand against the CLI 3.274.1 built from source).
// A bad element is fixed at its index, never by setting the whole list to the key's example (which
// would put example identities and documentation ranges in place of the operator's own entries).
import { strict as assert } from "assert";
import { ConfigReader } from "../config/reader";
import { chooseZoneIds } from "../clusters/eks/network";
import type { RunOptions } from "../harness/run";
import { configProblems } from "./support/settings";
import { mockDeployerRoleArn, stackOptions } from "./support/runs";
import { pulumiCalls, runFixes } from "./support/config-cli";

function awsStaging(set: Record<string, string>): RunOptions {
    const base = stackOptions("aws", "staging");
    return { ...base, set: { ...base.set, ...set } };
}

function gcpProduction(set: Record<string, string>): RunOptions {
    const base = stackOptions("gcp", "production");
    return { ...base, set: { ...base.set, apiEndpointAccess: "authorized", ...set } };
}

const keyProblems = async (options: RunOptions, key: string) => (await configProblems(options)).filter((p) => p.key === `atlasia:${key}`);

const role = (name: string) => `arn:aws:iam::123456789012:role/${name}`;

describe("List keys: a bad element is fixed at its index", function () {
    this.timeout(30000);

    it("an API range that is not a CIDR is replaced at its own index by a placeholder; the other ranges stay", async () => {
        const cidrs = ["10.0.0.0/8", "10.0.0.0/33", "192.168.0.0/16"];
        const problems = await keyProblems(gcpProduction({ apiAuthorizedCidrs: JSON.stringify(cidrs) }), "apiAuthorizedCidrs");
        assert.deepEqual(problems, [
            {
                key: "atlasia:apiAuthorizedCidrs",
                message: '"10.0.0.0/33" is not an IPv4 CIDR such as 203.0.113.0/24.',
                fix: "pulumi config set --stack production --path 'atlasia:apiAuthorizedCidrs[1]' '<CIDR of your deployers and CI>'",
            },
        ]);
        const stack = runFixes({ "atlasia:apiAuthorizedCidrs": [...cidrs] }, problems, (fix) =>
            fix.replace("'<CIDR of your deployers and CI>'", "10.0.0.0/16"),
        );
        assert.deepEqual(stack, { "atlasia:apiAuthorizedCidrs": ["10.0.0.0/8", "10.0.0.0/16", "192.168.0.0/16"] });
    });

    it("EKS administrators: a malformed one is replaced and repeats removed, right when run in the order printed", async () => {
        const admins = [mockDeployerRoleArn, "alice", mockDeployerRoleArn, role("break-glass"), mockDeployerRoleArn];
        const problems = await keyProblems(awsStaging({ clusterAdmins: JSON.stringify(admins) }), "clusterAdmins");
        const path = (i: number) => `--path 'atlasia:clusterAdmins[${i}]'`;
        // Replacements move nothing and come first; removals run from the highest index down.
        assert.deepEqual(
            problems.map((p) => p.fix),
            [
                `pulumi config set --stack staging ${path(1)} '<IAM role ARN>'`,
                `pulumi config rm --stack staging ${path(4)}`,
                `pulumi config rm --stack staging ${path(2)}`,
            ],
        );
        assert.deepEqual(
            problems.map((p) => p.message),
            [
                '"alice" is not an IAM role or user ARN.',
                `"${mockDeployerRoleArn}" is listed twice; each principal may have one access entry or role assignment.`,
                `"${mockDeployerRoleArn}" is listed twice; each principal may have one access entry or role assignment.`,
            ],
        );
        const stack = runFixes({ "atlasia:clusterAdmins": [...admins] }, problems, (fix) => fix.replace("'<IAM role ARN>'", role("alice")));
        assert.deepEqual(stack["atlasia:clusterAdmins"], [mockDeployerRoleArn, role("alice"), role("break-glass")]);
    });

    it("AKS administrators: the same object with and without its type is removed at the later index", async () => {
        const group = "11111111-2222-3333-4444-555555555555";
        const base = stackOptions("azure", "staging");
        const admins = [`Group:${group}`, "ServicePrincipal:66666666-7777-8888-9999-000000000000", group.toUpperCase()];
        const problems = await keyProblems({ ...base, set: { ...base.set, clusterAdmins: JSON.stringify(admins) } }, "clusterAdmins");
        assert.deepEqual(
            problems.map((p) => p.fix),
            ["pulumi config rm --stack staging --path 'atlasia:clusterAdmins[2]'"],
        );
        assert.deepEqual(runFixes({ "atlasia:clusterAdmins": [...admins] }, problems)["atlasia:clusterAdmins"], admins.slice(0, 2));
    });

    it("egress ranges: a malformed and a link-local one are each replaced at their index", async () => {
        const cidrs = ["198.51.100.0/24", "169.254.169.254/32", "not-a-cidr"];
        const problems = await keyProblems(gcpProduction({ llmEgressCidrs: JSON.stringify(cidrs) }), "llmEgressCidrs");
        assert.deepEqual(
            problems.map((p) => p.fix),
            [1, 2].map((i) => `pulumi config set --stack production --path 'atlasia:llmEgressCidrs[${i}]' '<CIDR of the LLM API>'`),
        );
        const stack = runFixes({ "atlasia:llmEgressCidrs": [...cidrs] }, problems, (fix) => fix.replace("'<CIDR of the LLM API>'", "192.0.2.0/24"));
        assert.deepEqual(stack["atlasia:llmEgressCidrs"], ["198.51.100.0/24", "192.0.2.0/24", "192.0.2.0/24"]);
    });

    it("zones: an unsupported zone is replaced by one of the stack's region, a repeated one removed", async () => {
        const unsupported = await keyProblems(awsStaging({ region: "us-east-1", awsAvailabilityZoneIds: '["use1-az1","use1-az3"]' }), "awsAvailabilityZoneIds");
        assert.deepEqual(
            unsupported.map((p) => p.fix),
            ["pulumi config set --stack staging --path 'atlasia:awsAvailabilityZoneIds[1]' '<zone-id of us-east-1>'"],
        );
        const zones = ["euw1-az1", "euw1-az2", "euw1-az1"];
        const repeated = await keyProblems(awsStaging({ region: "eu-west-1", awsAvailabilityZoneIds: JSON.stringify(zones) }), "awsAvailabilityZoneIds");
        assert.deepEqual(repeated, [
            {
                key: "atlasia:awsAvailabilityZoneIds",
                message: '"euw1-az1" is listed twice.',
                fix: "pulumi config rm --stack staging --path 'atlasia:awsAvailabilityZoneIds[2]'",
            },
        ]);
        assert.deepEqual(runFixes({ "atlasia:awsAvailabilityZoneIds": [...zones] }, repeated)["atlasia:awsAvailabilityZoneIds"], ["euw1-az1", "euw1-az2"]);
    });
});

describe("List keys: a whole list set anew never holds another region's zones, example identities or documentation ranges", function () {
    this.timeout(30000);

    it("too few zones in eu-west-1: the list is removed first and set to two placeholders of eu-west-1", async () => {
        const problems = await keyProblems(awsStaging({ region: "eu-west-1", awsAvailabilityZoneIds: '["euw1-az1","euw1-az1"]' }), "awsAvailabilityZoneIds");
        const zone = "'<zone-id of eu-west-1>'";
        assert.deepEqual(
            problems.map((p) => p.fix),
            [
                "pulumi config rm --stack staging atlasia:awsAvailabilityZoneIds && " +
                    `pulumi config set --stack staging --path 'atlasia:awsAvailabilityZoneIds[0]' ${zone} && ` +
                    `pulumi config set --stack staging --path 'atlasia:awsAvailabilityZoneIds[1]' ${zone}`,
            ],
        );
        let n = 0;
        const stack = runFixes({ "atlasia:awsAvailabilityZoneIds": ["euw1-az1", "euw1-az1"] }, problems, (fix) =>
            fix.replace(/'<zone-id of eu-west-1>'/g, () => `euw1-az${++n}`),
        );
        assert.deepEqual(stack["atlasia:awsAvailabilityZoneIds"], ["euw1-az1", "euw1-az2"]);
    });

    it("a zone list that is not JSON is set anew with the stack's region's placeholders", async () => {
        const [problem] = await keyProblems(awsStaging({ region: "ap-northeast-1", awsAvailabilityZoneIds: "apne1-az1" }), "awsAvailabilityZoneIds");
        assert.match(problem.fix, /\[1\]' '<zone-id of ap-northeast-1>'$/);
        assert.doesNotMatch(problem.fix, /use1/);
    });

    it("no administrator, no API range, no Vault range: placeholders, not example ARNs or RFC 5737 ranges", async () => {
        const fixes = [
            ...(await keyProblems(awsStaging({ clusterAdmins: "[]" }), "clusterAdmins")),
            ...(await keyProblems(gcpProduction({ apiAuthorizedCidrs: "[]" }), "apiAuthorizedCidrs")),
            ...(await keyProblems(gcpProduction({ vaultAddress: "https://vault.acme-corp.net:8200" }), "vaultCidrs")),
            // Not JSON: read as no list at all (EKS then also has no administrator, as in the first case).
            ...(await keyProblems(awsStaging({ clusterAdmins: role("x") }), "clusterAdmins")).filter((p) => /must be a list/.test(p.message)),
        ].map((p) => p.fix);
        assert.deepEqual(fixes, [
            "pulumi config rm --stack staging atlasia:clusterAdmins && " +
                "pulumi config set --stack staging --path 'atlasia:clusterAdmins[0]' '<IAM role ARN of CI>' && " +
                "pulumi config set --stack staging --path 'atlasia:clusterAdmins[1]' '<IAM role ARN for break-glass>'",
            "pulumi config rm --stack production atlasia:apiAuthorizedCidrs && " +
                "pulumi config set --stack production --path 'atlasia:apiAuthorizedCidrs[0]' '<CIDR of your deployers and CI>'",
            "pulumi config rm --stack production atlasia:vaultCidrs && pulumi config set --stack production --path 'atlasia:vaultCidrs[0]' '<CIDR of the Vault>'",
            "pulumi config rm --stack staging atlasia:clusterAdmins && pulumi config set --stack staging --path 'atlasia:clusterAdmins[0]' '<IAM role ARN>'",
        ]);
    });

    it("EKS in a region without two eligible zones: the stored list is removed before the two zones are set", () => {
        const error = (() => {
            try {
                chooseZoneIds("ap-x-1", [], ["apx1-az1"], "staging");
            } catch (e) {
                return (e as Error).message;
            }
            assert.fail("one eligible zone is refused");
        })();
        const fix = error.slice(error.indexOf("or list two zones: ") + "or list two zones: ".length);
        assert.equal(
            fix,
            "pulumi config rm --stack staging atlasia:awsAvailabilityZoneIds && " +
                "pulumi config set --stack staging --path 'atlasia:awsAvailabilityZoneIds[0]' '<zone-id of ap-x-1>' && " +
                "pulumi config set --stack staging --path 'atlasia:awsAvailabilityZoneIds[1]' '<zone-id of ap-x-1>'",
        );
        // A longer list stored before keeps no third zone.
        let n = 0;
        const stack = runFixes({ "atlasia:awsAvailabilityZoneIds": ["a", "b", "c"] }, [{ key: "", message: "", fix }], (f) =>
            f.replace(/'<zone-id of ap-x-1>'/g, () => `apx1-az${++n}`),
        );
        assert.deepEqual(stack["atlasia:awsAvailabilityZoneIds"], ["apx1-az1", "apx1-az2"]);
    });
});

describe("List keys: every item and placeholder reaches the CLI as one argument", () => {
    it("bash passes each printed value through unchanged: placeholders, quotes, $, ;, globs and brackets", () => {
        const read = new ConfigReader("dev");
        const items = ["<zone-id of eu-west-1>", "it's", "$HOME", "a;b", "*", "a[0]", "x y", "10.0.0.0/8", "Group:1-2"];
        const fix = read.fix("apiAuthorizedCidrs", JSON.stringify(items));
        const calls = pulumiCalls(fix);
        assert.deepEqual(calls[0], ["config", "rm", "--stack", "dev", "atlasia:apiAuthorizedCidrs"]);
        assert.deepEqual(
            calls.slice(1).map((argv) => argv.slice(-2)),
            items.map((item, i) => [`atlasia:apiAuthorizedCidrs[${i}]`, item]),
        );
        // A value that needs no quoting is printed as it is.
        assert.match(fix, / 10\.0\.0\.0\/8 && /);
        assert.match(fix, / Group:1-2$/);
    });
});
