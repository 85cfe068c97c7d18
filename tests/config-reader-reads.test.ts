// ConfigReader's typed reads at their edges (issue 13), on a configuration that holds only what a
// test sets (no Pulumi.yaml defaults filled in): an unset key falls back to keys.ts' default, blanks
// around a value are ignored, integer bounds are inclusive, a boolean is exactly true or false, a
// list is a JSON list of strings; the error that lists every problem at once, in full; unknown keys
// and the key they most likely meant; and IPv4 CIDRs at their octet and prefix limits.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { offlineMocks } from "../harness/mocks";
import { projectName } from "../config/keys";
import { ConfigReader, StackConfigError } from "../config/reader";
import { cidrPrefix } from "../config/cidr";
import { configProblems, settingsFor } from "./support/settings";

/** A reader of exactly these atlasia values (secretKeys: the ones set with --secret). */
async function readerOf(values: Record<string, string>, secretKeys: string[] = []): Promise<ConfigReader> {
    await pulumi.runtime.setMocks(offlineMocks, projectName, "dev", false);
    const qualified = Object.fromEntries(Object.entries(values).map(([key, value]) => [`${projectName}:${key}`, value]));
    pulumi.runtime.setAllConfig(
        qualified,
        secretKeys.map((key) => `${projectName}:${key}`),
    );
    return new ConfigReader("dev");
}

const secrets = { llmApiKey: "sk-test" };

describe("ConfigReader: typed reads at their edges", () => {
    describe("an unset key", () => {
        it("is not set, and reads as keys.ts' default: a string, a number, a boolean of either value, an empty list", async () => {
            const read = await readerOf({ region: "us-east-1" });
            assert.equal(read.isSet("cloud"), false);
            assert.equal(read.isSet("region"), true);
            assert.equal(read.string("cloud"), "local");
            assert.equal(read.integer("nodeDiskSizeGb", 30, 2000), 100);
            assert.equal(read.boolean("monitoringEnabled"), true);
            assert.equal(read.boolean("allowClusterDeletion"), false);
            assert.deepEqual(read.stringArray("apiAuthorizedCidrs"), []);
            assert.deepEqual(read.problems, []);
        });

        it("without a default of its kind reads as the empty string, or no number", async () => {
            const read = await readerOf({});
            // Secrets have no default (keys.ts); a number's default is not a string, nor a string's a number.
            assert.strictEqual(read.string("llmApiKey"), "");
            assert.strictEqual(read.string("nodeCount"), "");
            assert.strictEqual(read.integer("region", 0), undefined);
            assert.deepEqual(read.problems, []);
        });
    });

    describe("blanks around a value", () => {
        it("are ignored in strings, whole numbers, lists and other packages' keys; a blank list is an empty one", async () => {
            const read = await readerOf({ cloud: " aws ", nodeCount: " 5 ", apiAuthorizedCidrs: "  " });
            assert.equal(read.string("cloud"), "aws");
            assert.equal(read.integer("nodeCount", 1, 10), 5);
            assert.deepEqual(read.stringArray("apiAuthorizedCidrs"), []);
            assert.deepEqual(read.problems, []);

            await pulumi.runtime.setMocks(offlineMocks, projectName, "dev", false);
            pulumi.runtime.setAllConfig({ "gcp:project": " my-project-123 ", "gcp:region": "  " }, []);
            const foreign = new ConfigReader("dev");
            assert.equal(foreign.foreign("gcp:project"), "my-project-123");
            assert.equal(foreign.foreign("gcp:region"), undefined);
        });
    });

    describe("whole numbers", () => {
        it("take both bounds; one past either, a fraction or a word is refused with the range and the key's example", async () => {
            const read = await readerOf({ nodeCount: "1" });
            assert.equal(read.integer("nodeCount", 1, 10), 1);
            const atMax = await readerOf({ nodeCount: "10" });
            assert.equal(atMax.integer("nodeCount", 1, 10), 10);
            for (const raw of ["0", "11", "2.5", "three"]) {
                const refused = await readerOf({ nodeCount: raw });
                assert.equal(refused.integer("nodeCount", 1, 10), undefined, raw);
                assert.deepEqual(refused.problems, [
                    {
                        key: "atlasia:nodeCount",
                        message: `"${raw}" is not a whole number from 1 to 10.`,
                        fix: "pulumi config set --stack dev atlasia:nodeCount 3",
                    },
                ]);
            }
            // The CLI takes what strconv.Atoi takes for an integer key (a sign, leading zeros): so does the program.
            for (const raw of ["+5", "05"]) assert.equal((await readerOf({ nodeCount: raw })).integer("nodeCount", 1, 10), 5, raw);
            const negative = await readerOf({ nodeCount: "-1" });
            assert.equal(negative.integer("nodeCount", 0), undefined);
            assert.equal(negative.problems[0].message, '"-1" is not a whole number of at least 0.');
        });
    });

    describe("booleans", () => {
        it("are exactly true or false; anything else is refused and reads as the key's default", async () => {
            const read = await readerOf({ monitoringEnabled: "yes", allowClusterDeletion: "True" });
            assert.equal(read.boolean("monitoringEnabled"), true);
            assert.equal(read.boolean("allowClusterDeletion"), false);
            assert.deepEqual(read.problems, [
                {
                    key: "atlasia:monitoringEnabled",
                    message: '"yes" is not true or false.',
                    fix: "pulumi config set --stack dev atlasia:monitoringEnabled false",
                },
                {
                    key: "atlasia:allowClusterDeletion",
                    message: '"True" is not true or false.',
                    fix: "pulumi config set --stack dev atlasia:allowClusterDeletion true",
                },
            ]);
            const set = await readerOf({ monitoringEnabled: "false", allowClusterDeletion: "true" });
            assert.equal(set.boolean("monitoringEnabled"), false);
            assert.equal(set.boolean("allowClusterDeletion"), true);
        });
    });

    describe("lists", () => {
        it("are JSON lists of strings; a list with a number, an object or a plain string is refused and reads as empty", async () => {
            const read = await readerOf({ apiAuthorizedCidrs: '["10.0.0.0/8", "192.168.0.0/16"]' });
            assert.deepEqual(read.stringArray("apiAuthorizedCidrs"), ["10.0.0.0/8", "192.168.0.0/16"]);
            for (const raw of ['["10.0.0.0/8", 8]', "[8]", '{"cidr": "10.0.0.0/8"}', '"10.0.0.0/8"']) {
                const refused = await readerOf({ apiAuthorizedCidrs: raw });
                assert.deepEqual(refused.stringArray("apiAuthorizedCidrs"), [], raw);
                assert.deepEqual(
                    refused.problems.map((p) => p.message),
                    [`must be a list of strings, got ${JSON.stringify(raw)}.`],
                );
            }
        });

        it("are fixed by removing the stored list, then setting each element with --path: only the list's own brackets and quotes are taken off", async () => {
            const read = await readerOf({});
            const fix = (value: string) => read.fix("apiAuthorizedCidrs", value);
            assert.equal(
                fix('["10.0.0.0/8"]'),
                "pulumi config rm --stack dev atlasia:apiAuthorizedCidrs && pulumi config set --stack dev --path 'atlasia:apiAuthorizedCidrs[0]' 10.0.0.0/8",
            );
            // Written without quotes (YAML's flow style), the same command.
            assert.equal(
                fix("[10.0.0.0/8]"),
                "pulumi config rm --stack dev atlasia:apiAuthorizedCidrs && pulumi config set --stack dev --path 'atlasia:apiAuthorizedCidrs[0]' 10.0.0.0/8",
            );
            // Brackets inside the item are the item's own (quoted: they are a glob to the shell).
            assert.equal(
                fix('["a[0]"]'),
                "pulumi config rm --stack dev atlasia:apiAuthorizedCidrs && pulumi config set --stack dev --path 'atlasia:apiAuthorizedCidrs[0]' 'a[0]'",
            );
        });
    });

    describe("secrets", () => {
        it("set with --secret are read without a problem; a secret's fix never carries a value (the CLI prompts)", async () => {
            const read = await readerOf({ vaultToken: "hvs.test" }, ["vaultToken"]);
            assert.equal(read.secret("vaultToken").value, "hvs.test");
            assert.deepEqual(read.secret("grafanaAdminPassword"), {});
            assert.deepEqual(read.problems, []);
            // https://www.pulumi.com/docs/iac/cli/commands/pulumi_config_set/: without a value the CLI prompts for it.
            assert.equal(read.fix("vaultToken", "hvs.test"), "pulumi config set --stack dev --secret atlasia:vaultToken");
        });
    });
});

describe("StackConfigError: every problem at once, in full", function () {
    this.timeout(30000);

    it("one problem: singular, the key, the message and the fix on its own line", async () => {
        const error = await loadError({ stack: "dev", secrets, set: { localCpus: "0" } });
        assert.equal(error.name, "StackConfigError");
        assert.equal(
            error.message,
            [
                'Stack "dev" has 1 configuration problem; nothing was deployed:',
                '  - atlasia:localCpus: "0" is not a whole number of at least 1.',
                "      fix: pulumi config set --stack dev atlasia:localCpus 4",
            ].join("\n"),
        );
    });

    it("two problems: plural, both listed in the order they were found", async () => {
        const error = await loadError({ stack: "dev", secrets, set: { localCpus: "0", monitoringEnabled: "yes" } });
        assert.equal(
            error.message,
            [
                'Stack "dev" has 2 configuration problems; nothing was deployed:',
                '  - atlasia:localCpus: "0" is not a whole number of at least 1.',
                "      fix: pulumi config set --stack dev atlasia:localCpus 4",
                '  - atlasia:monitoringEnabled: "yes" is not true or false.',
                "      fix: pulumi config set --stack dev atlasia:monitoringEnabled false",
            ].join("\n"),
        );
    });
});

describe("unknown keys", function () {
    this.timeout(30000);

    it("three edits from a key: that key suggested, set with the unknown key's value, and the unknown one removed", async () => {
        // Pulumi.dev.yaml sets cloud to its default (local): not a choice of the stack's own to keep.
        assert.deepEqual(await configProblems({ stack: "dev", secrets, set: { cloudxxx: "aws" } }), [
            {
                key: "atlasia:cloudxxx",
                message: "is not a setting of this program (did you mean cloud?).",
                fix: "pulumi config set --stack dev atlasia:cloud aws && pulumi config rm --stack dev atlasia:cloudxxx",
            },
        ]);
    });

    it("four edits from every key: no suggestion, and the fix only removes it (never sets an unrelated key)", async () => {
        // cloudxxxx is four edits from cloud, its nearest key: setting cloud to an example would move the stack.
        assert.deepEqual(await configProblems({ stack: "dev", secrets, set: { cloudxxxx: "aws" } }), [
            { key: "atlasia:cloudxxxx", message: "is not a setting of this program.", fix: "pulumi config rm --stack dev atlasia:cloudxxxx" },
        ]);
    });

    it("as close to two keys: the one declared first is suggested", async () => {
        // Two edits from both orchestratorHpaMinReplicas and orchestratorHpaMaxReplicas.
        const [problem] = await configProblems({ stack: "staging", secrets, set: { orchestratorHpaMReplicas: "3" } });
        assert.equal(problem.message, "is not a setting of this program (did you mean orchestratorHpaMinReplicas?).");
    });
});

describe("IPv4 CIDRs", () => {
    it("take octets up to 255 and prefixes up to 32, and nothing before or after", () => {
        assert.equal(cidrPrefix("255.255.255.255/32"), 32);
        assert.equal(cidrPrefix("0.0.0.0/0"), 0);
        for (const bad of ["256.0.0.0/8", "10.0.0.0/33", "x10.0.0.0/8", "10.0.0.0/8x", "10.0.0/8", "10.0.0.0"]) {
            assert.equal(cidrPrefix(bad), undefined, bad);
        }
    });
});

async function loadError(options: Parameters<typeof settingsFor>[0]): Promise<StackConfigError> {
    try {
        await settingsFor(options);
    } catch (error) {
        if (error instanceof StackConfigError) return error;
        throw error;
    }
    assert.fail("the configuration was accepted");
}
