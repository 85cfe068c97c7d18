// Every printed fix is a command an operator can paste into a POSIX shell: a chain of `pulumi config`
// calls (joined by && or a pipe) that bash parses without complaint, whose every value or placeholder
// reaches the CLI as one argument, that the CLI reads as meant (a value starting with "-" after `--`),
// with the explanation in the message and never inside the command. Parsed by real bash and read the
// way the CLI 3.274.1 reads its arguments (tests/support/config-cli.ts, checked by hand).
import { strict as assert } from "assert";
import { ConfigProblem, ConfigReader } from "../config/reader";
import { checkCapacity } from "../workloads/capacity";
import { checkLocalCluster } from "../clusters/local-checks";
import type { RunOptions } from "../harness/run";
import { configProblems, settingsFor } from "./support/settings";
import { stackOptions, withConfig, withSecrets } from "./support/runs";
import { capacityError, smallNodesAtEksFloor } from "./support/capacity-errors";
import { ConfigCall, configCalls, pulumiCalls, runFixes } from "./support/config-cli";

/** A value no shell passes through as it is unquoted: quotes, expansions, a command separator, a glob, a leading dash. */
const hostile = `-it's "$HOME" \`id\`; rm -rf * [0]`;

/** Bad stacks on every cloud, together reaching every kind of fix: scalar, list, element, foreign, secret, removal, typo. */
const badStacks: Record<string, RunOptions> = {
    "gcp production": withConfig(stackOptions("gcp", "production"), {
        "gcp:project": "My_Project",
        gkeZone: "us-central1-c",
        "gcp:scopes": "https://www.googleapis.com/auth/cloud-platform",
        "gcp:impersonateServiceAccountDelegates": '{"a": 1}',
        "gcp:impersonateServiceAccount": "me@gmail.com",
        "gcp:userProjectOverride": "yes",
        "gcp:region": "europe-west1",
        "gcp:zone": "europe-west1-b",
        "gcp:batching": "{}",
        apiAuthorizedCidrs: '["10.0.0.0/8","10.0.0.0/33"]',
        databaseBackupSchedule: "nightly",
        aksMaintenanceWindow: "weekends",
        nodeMaxCuont: "12",
        clusterNme: hostile,
    }),
    "gcp development without a project": withConfig(stackOptions("gcp", "development"), { gkeZone: "europe-west1-b", environment: "dev" }),
    "azure staging": withSecrets(
        withConfig(stackOptions("azure", "staging"), {
            clusterAdmins: "[]",
            region: "ukwest",
            kubernetesVersion: "1.33.1",
            aksAutoUpgradeChannel: "patch",
            "azure-native:subscriptionId": "atlasia",
            "azure-native:tenantId": "-1",
            "azure-native:auxiliaryTenantIds": '["00000000-0000-4000-8000-000000000002","tenant-b"]',
            "azure-native:partnerId": "{}",
            "azure-native:useMsi": "yes",
            "azure-native:location": "westeurope",
            "azure-native:clientid": "x",
            "azure-native:clientSecret": "plain",
            prometheusRetntion: "-15d",
        }),
        { vaultTokn: "s.token" },
    ),
    "aws staging": withConfig(stackOptions("aws", "staging"), {
        "aws:skipCredentialsValidation": "true",
        "aws:frobnicate": "1",
        awsVpcCidr: "10.0.5.0/16",
        awsAvailabilityZoneIds: '["euw1-az1","euw1-az1"]',
        region: "eu-west-1",
        clusterAdmins: '["alice","alice"]',
        kubernetesVersion: "1.33.1",
        databaseInstances: "7",
        orchestratorReplicas: "3",
        tlsIssuer: "letsencrypt",
    }),
    "local development": withConfig(stackOptions("local", "development"), {
        localCpus: "many",
        databaseEngine: "cloudnativepg",
        databaseRecoveryTarget: "yesterday",
        activeColor: "Green",
    }),
};

/** The stack-file key a call addresses (an element path's list). */
const keyOf = (call: ConfigCall) => call.operands[0].replace(/\[\d+\]$/, "");

describe("fix commands: every one a chain of `pulumi config` calls whose arguments are exactly what was meant", function () {
    this.timeout(60000);

    const collected: Record<string, ConfigProblem[]> = {};
    before(async () => {
        for (const [name, options] of Object.entries(badStacks)) collected[name] = await configProblems(options);
    });

    it("each fix of every bad stack parses in bash into `pulumi config` calls the CLI accepts: the stack's, one key each, a value when it sets one", () => {
        // A broad set: problems on every cloud.
        for (const [name, problems] of Object.entries(collected)) assert.ok(problems.length >= 2, `${name}: ${problems.length} problems`);
        assert.ok(Object.values(collected).flat().length >= 40);
        for (const [name, problems] of Object.entries(collected)) {
            const stack = badStacks[name].stack ?? "dev";
            for (const { key, fix } of problems) {
                const calls = configCalls(fix);
                assert.ok(calls.length > 0, fix);
                for (const call of calls) {
                    assert.equal(call.stack, stack, fix);
                    const [target] = call.operands;
                    assert.match(target, /^(atlasia|gcp|aws|azure-native):[a-zA-Z]\w*(\[\d+\])?$/, fix);
                    assert.equal(call.path, /\]$/.test(target), `--path exactly for an element: ${fix}`);
                    const operands = call.verb === "set" && !call.secret ? 2 : 1;
                    assert.equal(call.operands.length, operands, `${call.verb} takes ${operands} operand(s): ${fix}`);
                }
                assert.ok(
                    calls.some((call) => keyOf(call) === key),
                    `the fix addresses ${key}: ${fix}`,
                );
            }
        }
    });

    it("a mistyped key's value reaches the key it meant unchanged, a leading dash after `--`, and the typo is removed", () => {
        const [typo] = collected["gcp production"].filter((p) => p.key === "atlasia:clusterNme");
        assert.deepEqual(pulumiCalls(typo.fix), [
            ["config", "set", "--stack", "production", "--", "atlasia:clusterName", hostile],
            ["config", "rm", "--stack", "production", "atlasia:clusterNme"],
        ]);
        const [retention] = collected["azure staging"].filter((p) => p.key === "atlasia:prometheusRetntion");
        assert.deepEqual(
            configCalls(retention.fix).map((call) => call.operands),
            [["atlasia:prometheusRetention", "-15d"], ["atlasia:prometheusRetntion"]],
        );
        // A secret's typo is read with `config get` and piped into `config set --secret`, no value on any command line.
        const [secret] = collected["azure staging"].filter((p) => p.key === "atlasia:vaultTokn");
        assert.deepEqual(pulumiCalls(secret.fix), [
            ["config", "get", "--stack", "staging", "atlasia:vaultTokn"],
            ["config", "set", "--stack", "staging", "--secret", "atlasia:vaultToken"],
            ["config", "rm", "--stack", "staging", "atlasia:vaultTokn"],
        ]);
    });

    it("a scalar fix quotes what the shell would change, and puts `--` before a value with a leading dash", () => {
        const read = new ConfigReader("dev");
        for (const value of [hostile, "Sunday 03:00", "0 0 2 * * *", "~/.kube/config", "", "-1", "a=b", "it's"]) {
            assert.deepEqual(configCalls(read.fix("domain", value)), [
                { verb: "set", stack: "dev", path: false, secret: false, operands: ["atlasia:domain", value] },
            ]);
        }
        assert.equal(read.fix("domain", "atlasia.your-company.com"), "pulumi config set --stack dev atlasia:domain atlasia.your-company.com");
        assert.equal(read.fix("nodeMaxCount", "-1"), "pulumi config set --stack dev -- atlasia:nodeMaxCount -1");
    });

    it("a value starting with = is quoted: zsh would expand a bare =word to the path of the command word (EQUALS, on by default)", () => {
        // https://zsh.sourceforge.io/Doc/Release/Expansion.html#g_t_0060_003d_0027-expansion
        const read = new ConfigReader("dev");
        assert.equal(read.fix("domain", "=ls"), "pulumi config set --stack dev atlasia:domain '=ls'");
        assert.equal(read.fix("domain", "~/x"), "pulumi config set --stack dev atlasia:domain '~/x'");
        assert.equal(read.fix("domain", "a=b"), "pulumi config set --stack dev atlasia:domain a=b");
    });

    it("a zone on a regional GKE cluster is removed, not set to an empty string", () => {
        const zone = collected["gcp production"].filter((p) => p.key === "atlasia:gkeZone");
        assert.deepEqual(
            zone.map((p) => pulumiCalls(p.fix)),
            [[["config", "rm", "--stack", "production", "atlasia:gkeZone"]]],
        );
    });

    it("an AKS stack with no administrator gets placeholders for a CI service principal and a break-glass group, never an example GUID", () => {
        const admins = collected["azure staging"].filter((p) => p.key === "atlasia:clusterAdmins");
        assert.deepEqual(
            admins.map((p) => pulumiCalls(p.fix)),
            [
                [
                    ["config", "rm", "--stack", "staging", "atlasia:clusterAdmins"],
                    ["config", "set", "--stack", "staging", "--path", "atlasia:clusterAdmins[0]", "ServicePrincipal:<object ID of CI>"],
                    ["config", "set", "--stack", "staging", "--path", "atlasia:clusterAdmins[1]", "Group:<object ID of the break-glass group>"],
                ],
            ],
        );
        const filled = runFixes({}, admins, (fix) => fix.replace(/<object ID of [^>]+>/g, "11111111-2222-4333-8444-555555555555"));
        assert.deepEqual(filled["atlasia:clusterAdmins"], [
            "ServicePrincipal:11111111-2222-4333-8444-555555555555",
            "Group:11111111-2222-4333-8444-555555555555",
        ]);
    });

    it("azure-native IDs get placeholders (a bad tenant replaced in the list set anew), never an example GUID", () => {
        const fixes = Object.fromEntries(
            collected["azure staging"].filter((p) => p.key.startsWith("azure-native:") && /GUID/.test(p.message)).map((p) => [p.message, pulumiCalls(p.fix)]),
        );
        const set = (key: string, value: string, path = false) => ["config", "set", "--stack", "staging", ...(path ? ["--path"] : []), key, value];
        assert.deepEqual(fixes, {
            '"atlasia" is not a GUID.': [set("azure-native:subscriptionId", "<subscription ID>")],
            '"-1" is not a GUID.': [set("azure-native:tenantId", "<tenant ID>")],
            '"{}" is not a GUID.': [set("azure-native:partnerId", "<partner ID>")],
            '"tenant-b" is not a tenant ID (a GUID).': [
                ["config", "rm", "--stack", "staging", "azure-native:auxiliaryTenantIds"],
                set("azure-native:auxiliaryTenantIds[0]", "00000000-0000-4000-8000-000000000002", true),
                set("azure-native:auxiliaryTenantIds[1]", "<tenant ID>", true),
            ],
        });
        const tenants = collected["azure staging"].filter((p) => p.key === "azure-native:auxiliaryTenantIds");
        const stack = runFixes({ "azure-native:auxiliaryTenantIds": ["00000000-0000-4000-8000-000000000002", "tenant-b"] }, tenants, (fix) =>
            fix.replace("'<tenant ID>'", "33333333-2222-4333-8444-555555555555"),
        );
        assert.deepEqual(stack["azure-native:auxiliaryTenantIds"], ["00000000-0000-4000-8000-000000000002", "33333333-2222-4333-8444-555555555555"]);
    });

    it("gcp lists that are not lists are set anew, one element per --path call: a single scope kept as the one item, else a placeholder; identities are placeholders", () => {
        const fixes = Object.fromEntries(
            collected["gcp production"].filter((p) => /^gcp:(scopes|impersonate|project)/.test(p.key)).map((p) => [p.key, pulumiCalls(p.fix)]),
        );
        const cmd = (...args: string[]) => ["config", ...args.slice(0, 1), "--stack", "production", ...args.slice(1)];
        assert.deepEqual(fixes, {
            "gcp:project": [cmd("set", "gcp:project", "<GCP project ID>")],
            "gcp:scopes": [cmd("rm", "gcp:scopes"), cmd("set", "--path", "gcp:scopes[0]", "https://www.googleapis.com/auth/cloud-platform")],
            "gcp:impersonateServiceAccountDelegates": [
                cmd("rm", "gcp:impersonateServiceAccountDelegates"),
                cmd("set", "--path", "gcp:impersonateServiceAccountDelegates[0]", "<service account e-mail>"),
            ],
            "gcp:impersonateServiceAccount": [cmd("set", "gcp:impersonateServiceAccount", "<service account e-mail>")],
        });
    });

    it("capacity fixes are commands alone on their line: placeholders quoted, the per-zone count and the local cluster's size explained beside them", async () => {
        const secrets = { llmApiKey: "sk-test" };
        const fixLine = (message: string, label: string) => {
            const line = message.split("\n").find((l) => l.startsWith(`  ${label}: `));
            assert.ok(line, message);
            return pulumiCalls(line.slice(`  ${label}: `.length));
        };
        const local = await capacityError({ stack: "dev", secrets, set: { localCpus: "1", localMemoryGib: "4" } });
        assert.deepEqual(fixLine(local, "fix"), [
            ["config", "set", "--stack", "dev", "atlasia:localCpus", "<vCPUs>"],
            ["config", "set", "--stack", "dev", "atlasia:localMemoryGib", "<GiB>"],
        ]);
        assert.match(local, /\n {7}\(and give the local cluster that much: these keys only tell the check what it has\)$/);

        // Production on CloudNativePG: 6.30 vCPU of workloads need 7 such nodes, 3 per zone (tests/capacity.test.ts works it out).
        const gke = await capacityError({
            stack: "production",
            secrets,
            set: { "gcp:project": "my-project-123", nodeMachineType: "n2-standard-2", nodeMaxCount: "1", nodeMinCount: "1", nodeCount: "1" },
        });
        assert.deepEqual(fixLine(gke, "fix"), [["config", "set", "--stack", "production", "atlasia:nodeMaxCount", "3"]]);
        assert.deepEqual(fixLine(gke, " or"), [["config", "set", "--stack", "production", "atlasia:nodeMachineType", "<a larger machine type>"]]);
        assert.ok(gke.includes("\n       (nodeMaxCount counts nodes per zone: 3 x 3 zones = 9 nodes)\n"), gke);

        // The warning ends with its command, nothing after it.
        const [warning] = checkCapacity(
            // Three nodes of a small custom type at EKS's floor (one per zonal group) need five.
            await settingsFor(smallNodesAtEksFloor()),
        );
        assert.deepEqual(pulumiCalls(warning.slice(warning.indexOf("To avoid it: ") + "To avoid it: ".length)), [
            ["config", "set", "--stack", "production", "atlasia:nodeMinCount", "5"],
        ]);
    });

    it("a local stack whose context is missing is told the command that points to a kubeconfig, the path a placeholder", async () => {
        const settings = await settingsFor(stackOptions("local", "development"));
        const [warning] = checkLocalCluster(
            settings,
            { file: "/home/op/.kube/config", searched: ["/home/op/.kube/config"] },
            { exists: () => false, read: () => "" },
        );
        const command = warning.slice(warning.indexOf("point to its kubeconfig: ") + "point to its kubeconfig: ".length);
        assert.deepEqual(pulumiCalls(command), [["config", "set", "--stack", "dev", "atlasia:localKubeconfig", "<path>"]]);
    });
});
