// The fix commands of list-valued keys, run the way an operator runs them: parsed by bash, then applied
// in the order printed to a stack file by a stand-in for `pulumi config` that does what the CLI does
// to a list, and checks Pulumi.yaml's declared types as the CLI does before `pulumi up`
// (tests/support/config-cli.ts, checked by hand against the CLI 3.274.1 built from source).
// A bad element is fixed by setting the whole corrected list: the operator's other items kept, never
// replaced by the key's example (example identities, documentation ranges). An atlasia list is a YAML
// list (Pulumi.yaml declares it `type: array`, and the CLI refuses one JSON string); another package's
// list (azure-native:auxiliaryTenantIds) may also be one JSON string, which has no elements to address.
import { strict as assert } from "assert";
import { ConfigProblem, ConfigReader } from "../config/reader";
import { chooseZoneIds } from "../clusters/eks/network";
import type { RunOptions } from "../harness/run";
import { configProblems } from "./support/settings";
import { mockDeployerRoleArn, stackOptions, withConfig } from "./support/runs";
import { configGet, declaredTypeErrors, pulumiCalls, runCommand, runFixes, StackFile } from "./support/config-cli";

function awsStaging(set: Record<string, string>): RunOptions {
    return withConfig(stackOptions("aws", "staging"), set);
}

function gcpProduction(set: Record<string, string>): RunOptions {
    return withConfig(stackOptions("gcp", "production"), { apiEndpointAccess: "authorized", ...set });
}

function azureStaging(set: Record<string, string>): RunOptions {
    return withConfig(stackOptions("azure", "staging"), set);
}

const keyProblems = async (options: RunOptions, key: string) => (await configProblems(options)).filter((p) => p.key === `atlasia:${key}`);

const role = (name: string) => `arn:aws:iam::123456789012:role/${name}`;

/** The ways an operator stores a list, as the commands that store it. */
const storing = {
    "a YAML list (set element by element with --path)": (key: string, items: string[]) =>
        items.map((item, i) => `pulumi config set --stack s --path '${key}[${i}]' '${item}'`).join(" && "),
    "a JSON string (set whole, without --path)": (key: string, items: string[]) => `pulumi config set --stack s ${key} '${JSON.stringify(items)}'`,
};
type Form = keyof typeof storing;
/** The forms the CLI accepts for a key: a list Pulumi.yaml declares only as a YAML list. */
const formsOf = (key: string): Form[] => (key.startsWith("atlasia:") ? ["a YAML list (set element by element with --path)"] : (Object.keys(storing) as Form[]));

function storedAs(form: Form, key: string, items: string[]): StackFile {
    return runCommand({}, storing[form](key, items));
}

/**
 * `items` stored under `key` in each form the CLI accepts for it; the program reads what `config get`
 * prints for it and reports the problems returned. Their fixes, each run in the order printed with
 * `edit` (the operator filling in placeholders), and then all of them once more, leave `fixed` as a
 * YAML list from every form, one the CLI accepts.
 */
async function problemsFixedFromEachForm(
    key: string,
    items: string[],
    options: (raw: string) => RunOptions,
    fixed: string[],
    edit: (fix: string) => string = (fix) => fix,
): Promise<ConfigProblem[]> {
    const raw = configGet(storedAs("a YAML list (set element by element with --path)", key, items), key) ?? "";
    const problems = (await configProblems(options(raw))).filter((p) => p.key === key);
    for (const form of formsOf(key)) {
        const stack = storedAs(form, key, items);
        runFixes(stack, problems, edit);
        assert.deepEqual(stack, { [key]: fixed }, `fixed from ${form}`);
        assert.deepEqual(runFixes(stack, problems, edit), { [key]: fixed }, `run again, from ${form}`);
    }
    return problems;
}

/** The zone list's problems in `region`, fixed with its placeholder filled in as `filled`. */
function zoneProblems(region: string, zones: string[], fixed: string[], filled = ""): Promise<ConfigProblem[]> {
    const edit = (fix: string) => fix.replace(`'<zone-id of ${region}>'`, filled);
    return problemsFixedFromEachForm("atlasia:awsAvailabilityZoneIds", zones, (raw) => awsStaging({ region, awsAvailabilityZoneIds: raw }), fixed, edit);
}

/** `pulumi config rm key && set --path key[0] ... && ...`: the one command of every problem of a list. */
function wholeList(stack: string, key: string, items: string[]): string {
    return [`pulumi config rm --stack ${stack} ${key}`, ...items.map((item, i) => `pulumi config set --stack ${stack} --path '${key}[${i}]' ${item}`)].join(
        " && ",
    );
}

describe("List keys: a bad element is fixed by setting the whole corrected list, right however the list was stored", function () {
    this.timeout(30000);

    it("the CLI refuses a list Pulumi.yaml declares when it is one JSON string, or holds a number; another package's list may be either", () => {
        const cidrs = ["10.0.0.0/8"];
        assert.deepEqual(declaredTypeErrors(storedAs("a JSON string (set whole, without --path)", "atlasia:apiAuthorizedCidrs", cidrs)), [
            "Stack 's' with configuration key 'apiAuthorizedCidrs' must be of type 'array<string>'",
        ]);
        assert.deepEqual(declaredTypeErrors({ "atlasia:vaultCidrs": [5] }), ["Stack 's' with configuration key 'vaultCidrs' must be of type 'array<string>'"]);
        assert.deepEqual(declaredTypeErrors(storedAs("a YAML list (set element by element with --path)", "atlasia:apiAuthorizedCidrs", cidrs)), []);
        assert.deepEqual(declaredTypeErrors(storedAs("a JSON string (set whole, without --path)", "azure-native:auxiliaryTenantIds", cidrs)), []);
    });

    it("an API range that is not a CIDR is replaced by a placeholder; the other ranges stay", async () => {
        const key = "atlasia:apiAuthorizedCidrs";
        const problems = await problemsFixedFromEachForm(
            key,
            ["10.0.0.0/8", "10.0.0.0/33", "192.168.0.0/16"],
            (raw) => gcpProduction({ apiAuthorizedCidrs: raw }),
            ["10.0.0.0/8", "10.0.0.0/16", "192.168.0.0/16"],
            (fix) => fix.replace("'<CIDR of your deployers and CI>'", "10.0.0.0/16"),
        );
        assert.deepEqual(problems, [
            {
                key,
                message: '"10.0.0.0/33" is not an IPv4 CIDR such as 203.0.113.0/24.',
                fix: wholeList("production", key, ["10.0.0.0/8", "'<CIDR of your deployers and CI>'", "192.168.0.0/16"]),
            },
        ]);
    });

    it("EKS administrators: a malformed one replaced and the repeats dropped, all in the one command every problem prints", async () => {
        const key = "atlasia:clusterAdmins";
        const problems = await problemsFixedFromEachForm(
            key,
            [mockDeployerRoleArn, "alice", mockDeployerRoleArn, role("break-glass"), mockDeployerRoleArn],
            (raw) => awsStaging({ clusterAdmins: raw }),
            [mockDeployerRoleArn, role("alice"), role("break-glass")],
            (fix) => fix.replace("'<IAM role ARN>'", role("alice")),
        );
        const twice = `"${mockDeployerRoleArn}" is listed twice; each principal may have one access entry or role assignment.`;
        const fix = wholeList("staging", key, [mockDeployerRoleArn, "'<IAM role ARN>'", role("break-glass")]);
        assert.deepEqual(problems, [
            { key, message: '"alice" is not an IAM role or user ARN.', fix },
            { key, message: twice, fix },
            { key, message: twice, fix },
        ]);
    });

    it("EKS administrators whose access entries would share a name: the later one dropped, the rest kept", async () => {
        const key = "atlasia:clusterAdmins";
        const problems = await problemsFixedFromEachForm(
            key,
            [role("team/ci"), role("break-glass"), role("team-ci")],
            (raw) => awsStaging({ clusterAdmins: raw }),
            [role("team/ci"), role("break-glass")],
        );
        assert.deepEqual(
            problems.map((p) => p.fix),
            [wholeList("staging", key, [role("team/ci"), role("break-glass")])],
        );
    });

    it("AKS administrators: the same object with and without its type, the later one dropped", async () => {
        const key = "atlasia:clusterAdmins";
        const group = "11111111-2222-3333-4444-555555555555";
        const admins = [`Group:${group}`, "ServicePrincipal:66666666-7777-8888-9999-000000000000", group.toUpperCase()];
        const problems = await problemsFixedFromEachForm(key, admins, (raw) => azureStaging({ clusterAdmins: raw }), admins.slice(0, 2));
        assert.deepEqual(
            problems.map((p) => p.fix),
            [wholeList("staging", key, admins.slice(0, 2))],
        );
    });

    it("egress ranges: a malformed and a link-local one each replaced by a placeholder", async () => {
        const key = "atlasia:llmEgressCidrs";
        const filled = ["192.0.2.0/24", "203.0.113.0/24"];
        const problems = await problemsFixedFromEachForm(
            key,
            ["198.51.100.0/24", "169.254.169.254/32", "not-a-cidr"],
            (raw) => gcpProduction({ llmEgressCidrs: raw }),
            ["198.51.100.0/24", ...filled],
            (fix) => {
                let n = 0;
                return fix.replace(/'<CIDR of the LLM API>'/g, () => filled[n++]);
            },
        );
        const fix = wholeList("production", key, ["198.51.100.0/24", "'<CIDR of the LLM API>'", "'<CIDR of the LLM API>'"]);
        assert.deepEqual(
            problems.map((p) => p.fix),
            [fix, fix],
        );
    });

    it("zones: an unsupported zone replaced by one of the stack's region, a repeated one dropped", async () => {
        const key = "atlasia:awsAvailabilityZoneIds";
        const unsupported = await zoneProblems("us-east-1", ["use1-az1", "use1-az3"], ["use1-az1", "use1-az2"], "use1-az2");
        assert.deepEqual(
            unsupported.map((p) => p.fix),
            [wholeList("staging", key, ["use1-az1", "'<zone-id of us-east-1>'"])],
        );
        const repeated = await zoneProblems("eu-west-1", ["euw1-az1", "euw1-az2", "euw1-az1"], ["euw1-az1", "euw1-az2"]);
        assert.deepEqual(repeated, [{ key, message: '"euw1-az1" is listed twice.', fix: wholeList("staging", key, ["euw1-az1", "euw1-az2"]) }]);
    });

    it("azure-native tenants: a bad one replaced by a placeholder, the others kept", async () => {
        const key = "azure-native:auxiliaryTenantIds";
        const tenant = "22222222-2222-4333-8444-555555555555";
        const problems = await problemsFixedFromEachForm(
            key,
            [tenant, "tenant-b"],
            (raw) => azureStaging({ [key]: raw }),
            [tenant, "33333333-2222-4333-8444-555555555555"],
            (fix) => fix.replace("'<tenant ID>'", "33333333-2222-4333-8444-555555555555"),
        );
        assert.deepEqual(
            problems.map((p) => p.fix),
            [wholeList("staging", key, [tenant, "'<tenant ID>'"])],
        );
    });
});

describe("List keys: a whole list set anew never holds another region's zones, example identities or documentation ranges", function () {
    this.timeout(30000);

    it("one zone twice in eu-west-1: the repeat dropped, a placeholder of eu-west-1 added", async () => {
        const key = "atlasia:awsAvailabilityZoneIds";
        const problems = await zoneProblems("eu-west-1", ["euw1-az1", "euw1-az1"], ["euw1-az1", "euw1-az2"], "euw1-az2");
        const fix = wholeList("staging", key, ["euw1-az1", "'<zone-id of eu-west-1>'"]);
        assert.deepEqual(
            problems.map((p) => p.fix),
            [fix, fix],
        );
    });

    it("a zone list that is not JSON (which only the offline plan reads: the CLI refuses it first) is set anew with the stack's region's placeholders", async () => {
        const [problem] = await keyProblems(awsStaging({ region: "ap-northeast-1", awsAvailabilityZoneIds: "apne1-az1" }), "awsAvailabilityZoneIds");
        assert.match(problem.fix, /\[1\]' '<zone-id of ap-northeast-1>'$/);
        assert.doesNotMatch(problem.fix, /use1/);
    });

    it("no administrator, no API range, no Vault range: placeholders, not example ARNs or RFC 5737 ranges", async () => {
        const fixes = [
            ...(await keyProblems(awsStaging({ clusterAdmins: "[]" }), "clusterAdmins")),
            ...(await keyProblems(gcpProduction({ apiAuthorizedCidrs: "[]" }), "apiAuthorizedCidrs")),
            ...(await keyProblems(gcpProduction({ vaultAddress: "https://vault.acme-corp.net:8200" }), "vaultCidrs")),
            // Not JSON (only the offline plan reads it: the CLI refuses it first): read as no list at all (EKS then also has no administrator, as in the first case).
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
    it("an item the CLI would store as a number or boolean is set with --type string; one it keeps a string is set as it is", () => {
        // object.go coerce: "true"/"false", then ParseInt/ParseUint of 64 bits; not a number of more
        // than one character starting with 0, nor one beyond 64 bits (checked with the CLI 3.274.1).
        const key = "atlasia:apiAuthorizedCidrs";
        const coerced = ["true", "5", "-5", "+05", "9223372036854775807", "18446744073709551615"];
        const kept = ["True", "05", "99999999999999999999", "1e5", "1.5", "0x10"];
        const fix = new ConfigReader("dev").fix("apiAuthorizedCidrs", JSON.stringify([...coerced, ...kept]));
        const typed = pulumiCalls(fix)
            .slice(1)
            .map((argv) => argv.includes("--type"));
        assert.deepEqual(typed, [...coerced.map(() => true), ...kept.map(() => false)]);
        assert.deepEqual(runCommand({}, fix), { [key]: [...coerced, ...kept] });
    });

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
