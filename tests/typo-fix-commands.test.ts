// A misspelled key's fix moves its value to the key it meant, run the way an operator runs it: in bash
// without pipefail (its default, and zsh's), each `pulumi config` call applied to a stand-in for the
// stack file, then the stack checked against Pulumi.yaml's declared types as the CLI checks it before
// `pulumi up` (tests/support/config-cli.ts; checked by hand against the CLI 3.274.1 built from source).
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { configProblems } from "./support/settings";
import { stackOptions, withConfig, withSecrets } from "./support/runs";
import { spawnSync } from "child_process";
import { runFixes, runLine, StackFile } from "./support/config-cli";

const cidrs = ["10.0.0.0/8", "192.168.0.0/16"];
const typo = "atlasia:apiAuthorizedCidr";
const meant = "atlasia:apiAuthorizedCidrs";

/** A local development stack with extra plain and secret keys. */
function localStack(set: Record<string, string>, secrets: Record<string, string> = {}): RunOptions {
    return withSecrets(withConfig(stackOptions("local", "development"), set), secrets);
}

const typoProblems = async (options: RunOptions, key: string) => (await configProblems(options)).filter((p) => p.key === key);

describe("typo fixes: a misspelled list key's value reaches the list it meant as a list the CLI accepts", function () {
    this.timeout(30000);

    it("a plain typo: the meant key set element by element, from a typo stored as a YAML list or as one JSON string", async () => {
        const problems = await typoProblems(localStack({ apiAuthorizedCidr: JSON.stringify(cidrs) }), typo);
        assert.equal(problems.length, 1);
        // The CLI refuses `config set atlasia:apiAuthorizedCidrs '["10.0.0.0/8",...]'` (one string) at preview:
        // "configuration key 'apiAuthorizedCidrs' must be of type 'array<string>'".
        for (const stored of [cidrs, JSON.stringify(cidrs)]) {
            assert.deepEqual(runFixes({ [typo]: stored }, problems), { [meant]: cidrs });
        }
    });

    it("a secret typo, a YAML list or one encrypted JSON string: each element asked for by name, set with --secret --path, no value printed", async () => {
        const [problem] = await typoProblems(localStack({}, { apiAuthorizedCidr: JSON.stringify(cidrs) }), typo);
        for (const cidr of cidrs) assert.ok(!problem.message.includes(cidr) && !problem.fix.includes(cidr), problem.fix);
        assert.ok(
            problem.message.endsWith(
                "The fix asks for each element (`pulumi config get atlasia:apiAuthorizedCidr` shows them), then moves them." +
                    " With the passphrase secrets provider, export PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) first: the fix reads secrets inside $(...), where the CLI cannot prompt for it.",
            ),
            problem.message,
        );
        // The typo is undeclared, so the CLI keeps it in either form; before, the fix read `--path 'k[0]'`,
        // which fails on the string ("not found"): it could never move that form.
        const answer = (asked: string) => cidrs[Number(/^atlasia:apiAuthorizedCidrs\[(\d)\], element \1 of atlasia:apiAuthorizedCidr$/.exec(asked)?.[1])];
        for (const stored of [cidrs.map((secure) => ({ secure })), { secure: JSON.stringify(cidrs) }]) {
            const stack = runFixes({ [typo]: stored }, [problem], undefined, answer);
            assert.deepEqual(stack, { [meant]: cidrs.map((secure) => ({ secure })) });
        }
        // Aborted at the second prompt: nothing written, the typo still there.
        const stack: StackFile = { [typo]: { secure: JSON.stringify(cidrs) } };
        assert.notEqual(
            runLine(stack, problem.fix, (asked) => (asked.endsWith("element 0 of atlasia:apiAuthorizedCidr") ? cidrs[0] : undefined)),
            0,
        );
        assert.deepEqual(stack, { [typo]: { secure: JSON.stringify(cidrs) } });
    });

    it("the same secret typo fixed in zsh (zsh -f): the same prompts, the same stack", async function () {
        if (spawnSync("zsh", ["-f", "-c", "true"]).status !== 0) {
            console.log("    (zsh is not installed: skipped)");
            this.skip();
        }
        const [problem] = await typoProblems(localStack({}, { apiAuthorizedCidr: JSON.stringify(cidrs) }), typo);
        const asked: string[] = [];
        const answer = (question: string) => (asked.push(question), cidrs[asked.length - 1]);
        const stack = runFixes({ [typo]: { secure: JSON.stringify(cidrs) } }, [problem], undefined, answer, "zsh");
        assert.deepEqual(stack, { [meant]: cidrs.map((secure) => ({ secure })) });
        assert.deepEqual(asked, [
            "atlasia:apiAuthorizedCidrs[0], element 0 of atlasia:apiAuthorizedCidr",
            "atlasia:apiAuthorizedCidrs[1], element 1 of atlasia:apiAuthorizedCidr",
        ]);
        // And a moved scalar secret keeps its trailing newlines in zsh too.
        const [token] = await typoProblems(localStack({}, { vaultTokn: "hvs.token" }), "atlasia:vaultTokn");
        assert.deepEqual(runFixes({ "atlasia:vaultTokn": { secure: "hvs.token\n\n" } }, [token], undefined, undefined, "zsh"), {
            "atlasia:vaultToken": { secure: "hvs.token\n\n" },
        });
    });

    it("a scalar typo keeps its one value as the list's one item", async () => {
        const problems = await typoProblems(localStack({ apiAuthorizedCidr: "10.0.0.0/8" }), typo);
        assert.deepEqual(runFixes({ [typo]: "10.0.0.0/8" }, problems), { [meant]: ["10.0.0.0/8"] });
    });
});

describe("typo fixes: a secret moves only when it was read", function () {
    this.timeout(30000);

    it("a secret typo moves encrypted and is removed; when `config get` fails, nothing is set and the typo is not removed", async () => {
        const [problem] = await typoProblems(localStack({}, { vaultTokn: "hvs.token" }), "atlasia:vaultTokn");
        assert.ok(!problem.fix.includes("hvs.token"), problem.fix);
        assert.ok(problem.message.endsWith("where the CLI cannot prompt for it."), problem.message);
        assert.deepEqual(runFixes({ "atlasia:vaultTokn": { secure: "hvs.token" } }, [problem]), { "atlasia:vaultToken": { secure: "hvs.token" } });

        // Run against a stack where the typo is not (or no longer) set: a pipe from the failed get
        // would store an empty secret under vaultToken (bash has no pipefail by default).
        const other: StackFile = { "atlasia:domain": "atlasia.example.net" };
        assert.notEqual(runLine(other, problem.fix), 0);
        assert.deepEqual(other, { "atlasia:domain": "atlasia.example.net" });
    });
});
