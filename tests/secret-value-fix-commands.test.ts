// A key the stack stores as a secret (`config set --secret`, or one element of a list set with
// --secret --path: the engine then marks the whole key secret) never has its value printed in a problem
// or its fix (error text ends up in CI logs), and its fix sets it with --secret: without it the CLI
// stores the value in plain text, silently (checked with the CLI 3.274.1). Fixes run in bash on a
// stand-in for the stack file (tests/support/config-cli.ts).
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import type { ConfigProblem } from "../config/reader";
import { projectName } from "../config/keys";
import { deployerGrantProblem } from "../clusters/deployer-admin";
import { offlineMocks } from "../harness/mocks";
import type { RunOptions } from "../harness/run";
import { configProblems } from "./support/settings";
import { stackOptions, withConfig, withSecrets } from "./support/runs";
import { runFixes, runLine, StackFile } from "./support/config-cli";

const problemsOf = async (options: RunOptions, key: string) => (await configProblems(options)).filter((p) => p.key === key);

/** No problem's message or fix holds any of `values`. */
function assertNotShown(problems: ConfigProblem[], values: string[]): void {
    assert.ok(problems.length > 0);
    for (const { message, fix } of problems) {
        for (const value of values) assert.ok(!message.includes(value) && !fix.includes(value), `${value} shown: ${message} / ${fix}`);
    }
}

describe("secret values: never printed by a problem or its fix, and kept encrypted by the fix", function () {
    this.timeout(30000);
    // The secret keys stay in the runtime's config after each case; later files expect none.
    after(() => pulumi.runtime.setAllConfig({}, []));

    it("a secret list with a bad element: the other elements kept without being printed, every element set with --secret, the bad one asked for", async () => {
        const key = "atlasia:apiAuthorizedCidrs";
        const stored = ["10.0.0.0/8", "10.0.0.0/33", "192.168.0.0/16"];
        const options = withSecrets(withConfig(stackOptions("gcp", "production"), { apiEndpointAccess: "authorized" }), {
            apiAuthorizedCidrs: JSON.stringify(stored),
        });
        const problems = await problemsOf(options, "atlasia:apiAuthorizedCidrs");
        assertNotShown(problems, stored);
        assert.deepEqual(
            problems.map((p) => p.message),
            [
                "(secret) is not an IPv4 CIDR such as 203.0.113.0/24. The list is a secret: the fix keeps its other elements without showing them, " +
                    "and asks for element 1 (<CIDR of your deployers and CI>), all before it writes anything. With the passphrase secrets provider, " +
                    "export PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) first: the fix reads secrets inside $(...), where the CLI cannot prompt for it.",
            ],
        );
        // One element set with --secret makes the key a secret: the stack as the operator left it.
        const stack = runFixes({ [key]: [stored[0], { secure: stored[1] }, stored[2]] }, problems, undefined, (asked) => {
            assert.equal(asked, `${key}[1], <CIDR of your deployers and CI>`);
            return "10.0.0.0/16";
        });
        assert.deepEqual(stack, { [key]: ["10.0.0.0/8", "10.0.0.0/16", "192.168.0.0/16"].map((secure) => ({ secure })) });
    });

    it("a secret list's fix aborted at its prompt (Ctrl-C, Ctrl-D) or given an empty answer: nothing written, every element still stored", async () => {
        const key = "atlasia:apiAuthorizedCidrs";
        const stored = ["10.0.0.0/8", "10.0.0.0/33", "192.168.0.0/16"];
        const options = withSecrets(withConfig(stackOptions("gcp", "production"), { apiEndpointAccess: "authorized" }), {
            apiAuthorizedCidrs: JSON.stringify(stored),
        });
        const [problem] = await problemsOf(options, key);
        // Before: `config rm` ran first, and the kept elements lived only in the subshell's variables.
        for (const answer of [undefined, ""]) {
            const stack: StackFile = { [key]: stored.map((secure) => ({ secure })) };
            assert.notEqual(
                runLine(stack, problem.fix, () => answer),
                0,
            );
            assert.deepEqual(stack, { [key]: stored.map((secure) => ({ secure })) });
        }
    });

    it("a moved secret round-trips exactly: trailing newlines kept ($(...) drops them all, the CLI one from standard input)", async () => {
        const [problem] = await problemsOf(withSecrets(stackOptions("local", "development"), { vaultTokn: "hvs.token" }), "atlasia:vaultTokn");
        for (const token of ["hvs.token\n", "hvs.token\n\n", "hvs.token\r"]) {
            const stack = runFixes({ "atlasia:vaultTokn": { secure: token } }, [problem]);
            assert.deepEqual(stack, { "atlasia:vaultToken": { secure: token } });
        }
    });

    it("a secret administrator listed twice: dropped, the others moved encrypted, nothing asked for", async () => {
        const key = "atlasia:clusterAdmins";
        const ci = "ServicePrincipal:11111111-2222-4333-8444-555555555555";
        const group = "Group:66666666-7777-4888-9999-000000000000";
        const problems = await problemsOf(
            withSecrets(stackOptions("azure", "staging"), { clusterAdmins: JSON.stringify([ci, ci, group]) }),
            "atlasia:clusterAdmins",
        );
        assertNotShown(problems, [ci, group]);
        const stack = runFixes({ [key]: [ci, ci, group].map((secure) => ({ secure })) }, problems);
        assert.deepEqual(stack, { [key]: [{ secure: ci }, { secure: group }] });
    });

    it("an azure-native ID stored as a secret: not echoed, and its fix asks for the value with --secret", async () => {
        const problems = await problemsOf(
            withSecrets(stackOptions("azure", "staging"), { "azure-native:tenantId": "tenant-of-acme" }),
            "azure-native:tenantId",
        );
        assert.deepEqual(problems, [
            { key: "azure-native:tenantId", message: "(secret) is not a GUID.", fix: "pulumi config set --stack staging --secret azure-native:tenantId" },
        ]);
        const tenant = "22222222-3333-4444-8555-666666666666";
        assert.deepEqual(
            runFixes({ "azure-native:tenantId": { secure: "tenant-of-acme" } }, problems, undefined, () => tenant),
            { "azure-native:tenantId": { secure: tenant } },
        );
    });

    it("an atlasia setting stored as a secret: not echoed, and its fix asks for the value with --secret", async () => {
        const problems = await problemsOf(
            withSecrets(stackOptions("azure", "staging"), { aksMaintenanceWindow: "weekends at night" }),
            "atlasia:aksMaintenanceWindow",
        );
        assertNotShown(problems, ["weekends at night"]);
        assert.deepEqual(
            problems.map((p) => p.fix),
            ["pulumi config set --stack staging --secret atlasia:aksMaintenanceWindow"],
        );
    });

    it("a fix with nothing to read still reads the stored key before its removal: without the passphrase it stops there, not after the rm", async () => {
        // With the passphrase provider and PULUMI_CONFIG_PASSPHRASE unset, `config rm` succeeds and every
        // `config set --secret` fails (checked with the CLI 3.274.1): a fix that only asks would lose the list.
        const key = "azure-native:auxiliaryTenantIds";
        const problems = await problemsOf(withSecrets(stackOptions("azure", "staging"), { [key]: JSON.stringify(["tenant-b"]) }), key);
        const { fix } = problems[0];
        const probe = fix.indexOf(`pulumi config get --stack staging ${key} >/dev/null && `);
        assert.ok(probe >= 0 && probe < fix.indexOf("pulumi config rm"), fix);
    });

    it("a secret azure-native tenant list, a YAML list or one encrypted JSON string: every element asked for by name, none printed", async () => {
        const key = "azure-native:auxiliaryTenantIds";
        const tenant = "22222222-2222-4333-8444-555555555555";
        const problems = await problemsOf(withSecrets(stackOptions("azure", "staging"), { [key]: JSON.stringify([tenant, "tenant-b"]) }), key);
        assertNotShown(problems, [tenant, "tenant-b"]);
        assert.ok(
            problems[0].message.endsWith(
                "the fix asks for every element (each prompt names it; `pulumi config get azure-native:auxiliaryTenantIds` shows the stored list), and writes nothing unless every answer is given." +
                    " With the passphrase secrets provider, export PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) first: the fix reads secrets inside $(...), where the CLI cannot prompt for it.",
            ),
            problems[0].message,
        );
        const replacement = "33333333-2222-4333-8444-555555555555";
        // The key is not declared in Pulumi.yaml, so the CLI takes either form; `config get --path 'k[0]'` of the
        // string fails ("not found"), which made the old fix fail on it every time.
        const answers: Record<string, string> = { [`${key}[0], the stored element 0`]: tenant, [`${key}[1], <tenant ID>`]: replacement };
        for (const stored of [[{ secure: tenant }, { secure: "tenant-b" }], { secure: JSON.stringify([tenant, "tenant-b"]) }]) {
            const stack = runFixes({ [key]: stored }, problems, undefined, (asked) => answers[asked]);
            assert.deepEqual(stack, { [key]: [{ secure: tenant }, { secure: replacement }] });
        }
    });

    it("the deployer-admin fix of a secret administrator list: the deployer asked for, the others kept encrypted and unprinted", async () => {
        const admins = ["deployer/x", "ci-role-7"];
        await pulumi.runtime.setMocks(offlineMocks, projectName, "staging", false);
        pulumi.runtime.setAllConfig({ "atlasia:clusterAdmins": JSON.stringify(admins) }, ["atlasia:clusterAdmins"]);
        const rule = {
            grant: "a grant",
            refusal: "refused",
            resources: "its Grant",
            samePrincipal: (admin: string, deployer: string) => admin === deployer,
            misnamed: (admin: string, deployer: string) => (admin === `${deployer}/x` ? "the cloud refuses that form" : undefined),
        };
        const grant = { stack: "staging", clusterAdmins: admins, ownGrant: "own", listedGrant: (d: string) => d };
        const problem = deployerGrantProblem(grant, "deployer", rule) ?? "";
        // Before, the message quoted the secret entry ("lists deployer/x but ...").
        for (const admin of admins) assert.ok(!problem.includes(admin), problem);
        const fix = (problem.split("\n").find((line) => line.startsWith("Fix: ")) ?? "").slice("Fix: ".length);
        assert.ok(fix !== "", problem);
        const stored = (): StackFile => ({ "atlasia:clusterAdminIncludeDeployer": "true", "atlasia:clusterAdmins": admins.map((secure) => ({ secure })) });
        // A read that fails (no passphrase exported): before, the key was already off, the misnamed entry
        // still listed, and the next run deleted the deployer's own grant. Now nothing changes.
        const failedRead = stored();
        const withoutReads = fix.replace(/=\$\(pulumi config get [^)]*\)/g, "=$(false)");
        assert.notEqual(withoutReads, fix);
        assert.notEqual(
            runLine(failedRead, withoutReads, () => "deployer"),
            0,
        );
        assert.deepEqual(failedRead, stored());
        const stack = runFixes(stored(), [{ key: "atlasia:clusterAdmins", message: "", fix }], undefined, (asked) => {
            assert.equal(asked, "atlasia:clusterAdmins[0]");
            return "deployer";
        });
        assert.deepEqual(stack, { "atlasia:clusterAdminIncludeDeployer": "false", "atlasia:clusterAdmins": [{ secure: "deployer" }, { secure: "ci-role-7" }] });
    });
});
