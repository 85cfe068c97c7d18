// The new name a recovery into its source's own name is told to use (config/database.ts): the fix
// command of that refusal in full, for sources at the edges of the "<name>-r<n>" form. A recovered
// cluster never archives into the folder it recovers from (https://cloudnative-pg.io/documentation/current/recovery/),
// so the fix must name another cluster that itself follows databaseClusterName's rule: a DNS label
// (lower-case letters, digits and hyphens, a letter first, no hyphen last) of at most 40 characters.
// Every expected name below is worked out by hand.
import { strict as assert } from "assert";
import { stackRun } from "./support/runs";
import type { RunOptions } from "../harness/run";
import { ConfigProblem, StackConfigError } from "../config/reader";

const secrets = { llmApiKey: "sk-test" };

/** Production on GKE (CloudNativePG by default) recovering `name` into a cluster of the same name. */
const recoveringIntoItself = (name: string): RunOptions => ({
    stack: "production",
    secrets,
    set: { cloud: "gcp", databaseClusterName: name, databaseRecoveryTarget: "latest", databaseRecoverySource: name },
});

async function problemsOf(options: RunOptions): Promise<ConfigProblem[]> {
    const run = await stackRun(options);
    assert.ok(run.error instanceof StackConfigError, String(run.error));
    return run.error.problems;
}

const sameName = (name: string) =>
    `the recovered cluster needs a new name: "${name}" is the source, and a cluster never archives into the archive it recovers from.`;

/** The one problem of a recovery into `name` itself: its fix sets this new cluster name. */
async function newNameFor(name: string, newName: string): Promise<void> {
    assert.deepEqual(await problemsOf(recoveringIntoItself(name)), [
        {
            key: "atlasia:databaseClusterName",
            message: sameName(name),
            fix: `pulumi config set --stack production atlasia:databaseClusterName ${newName}`,
        },
    ]);
}

describe("the new name suggested for a cluster recovered into its source's own name", function () {
    this.timeout(120000);

    it("a recovery number of two digits is counted on: -r12 becomes -r13", () => newNameFor("atlasia-db-r12", "atlasia-db-r13"));

    it("a recovery number of three digits is counted on: -r999 becomes -r1000", () => newNameFor("atlasia-db-r999", "atlasia-db-r1000"));

    it("four digits are not a recovery number: the name gets -r1", () => newNameFor("atlasia-db-r1000", "atlasia-db-r1000-r1"));

    it("-r<n> in the middle of the name is not a recovery number: the name gets -r1", () => newNameFor("atlasia-db-r2-eu", "atlasia-db-r2-eu-r1"));

    it("a 40-character name cut before a run of hyphens drops the whole run, not one hyphen", () => {
        // 8 + 27 + 2 + 3 = 40 characters; the rule allows a run of hyphens inside a name. Cut to 37 to
        // make room for -r1, the name would end in "--": all of it is dropped, giving 38 characters.
        const name = `atlasia-${"d".repeat(27)}--xyz`;
        assert.equal(name.length, 40);
        return newNameFor(name, `atlasia-${"d".repeat(27)}-r1`);
    });

    describe("a source that cannot be a cluster's name is refused as the source, never given a new name built on it", () => {
        // Each cluster archives under its own name (the plugin's serverName defaults to the Cluster's name),
        // which follows databaseClusterName's rule since the key exists: such a source names no archive. The
        // fix is the name in lower case when that follows the rule (the usual typo), else asks for the
        // name: never a default, whose archive may be an older cluster's.
        const misnamed = (name: string): ConfigProblem => ({
            key: "atlasia:databaseClusterName",
            message: `"${name}" must be lower-case letters, digits and hyphens, start with a letter, end with a letter or digit and have at most 40 characters.`,
            fix: "pulumi config set --stack production atlasia:databaseClusterName atlasia-db",
        });
        const notASource = (name: string, fixValue: string): ConfigProblem => ({
            key: "atlasia:databaseRecoverySource",
            message:
                `"${name}" cannot be a cluster's archive: its name (databaseClusterName) is lower-case letters, digits and hyphens, starts with a letter, ` +
                "ends with a letter or digit and has at most 40 characters; the archives are the folders at the top of the stack's backup bucket or container.",
            fix: `pulumi config set --stack production atlasia:databaseRecoverySource ${fixValue}`,
        });
        const askForName = "'<the databaseClusterName whose archive is restored>'";

        for (const [name, fixValue] of [
            ["Atlasia-db", "atlasia-db"],
            ["Atlasia-db-r5", "atlasia-db-r5"],
            ["x\natlasia-db-r5", askForName],
            [`atlasia-${"d".repeat(33)}`, askForName],
        ]) {
            it(`${JSON.stringify(name)}: both keys refused, one fix each`, async () => {
                assert.deepEqual(await problemsOf(recoveringIntoItself(name)), [misnamed(name), notASource(name, fixValue)]);
            });
        }

        it("a misnamed source beside a valid cluster name: only the source is refused", async () => {
            const options = recoveringIntoItself("atlasia-db-r1");
            options.set = { ...options.set, databaseRecoverySource: "atlasia-db-" };
            assert.deepEqual(await problemsOf(options), [notASource("atlasia-db-", askForName)]);
        });
    });
});
