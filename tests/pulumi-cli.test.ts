// The Pulumi CLI versions that may run the program (config/pulumi-cli.ts). The program depends on
// the engine for keeping the random resources it moved to explicit providers: from 3.151.0 only
// (pulumi/pulumi#18509, CHANGELOG 3.151.0; before, a move to an explicit provider always replaced:
// #18395, #8959). The program cannot choose the CLI a person runs, so it refuses older ones twice:
// Pulumi.yaml `requiredPulumiVersion` (checked by the CLI from 3.219.0, pulumi/pulumi#21627,
// CHANGELOG 3.219.0; https://www.pulumi.com/docs/iac/concepts/projects/project-file/) and
// `pulumi.runtime.requirePulumiVersion` in the program (pulumi/pulumi#21337; the SDK rejects when
// the engine lacks the RPC, @pulumi/pulumi runtime/settings.js).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as yaml from "js-yaml";
import { projectRoot } from "../harness/stack-config";
import { runProgram } from "../harness/run";
import { requiredPulumiVersion, requireSupportedCli } from "../config/pulumi-cli";
import { stackOptions } from "./support/runs";

const diffConfigForExplicitProviders = "3.151.0";
const projectFileVersionCheck = "3.219.0";

const project = yaml.load(fs.readFileSync(path.join(projectRoot, "Pulumi.yaml"), "utf8")) as { requiredPulumiVersion?: string };
const pinnedCli = fs.readFileSync(path.join(projectRoot, ".pulumi-version"), "utf8").trim();

/** a >= b for plain x.y.z versions. */
function versionAtLeast(a: string, b: string): boolean {
    const [pa, pb] = [a, b].map((v) => v.split(".").map(Number));
    for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] > pb[i];
    return true;
}

/** The floor of a ">=x.y.z" range, the only form the project uses. */
function floorOf(range: string): string {
    const match = /^>=(\d+\.\d+\.\d+)$/.exec(range);
    assert.ok(match, `"${range}" is not of the form ">=x.y.z"`);
    return match[1];
}

describe("Pulumi CLI versions", () => {
    it("Pulumi.yaml declares requiredPulumiVersion, the range the program checks", () => {
        assert.equal(project.requiredPulumiVersion, requiredPulumiVersion);
    });

    it(`the range admits no CLI older than ${diffConfigForExplicitProviders} (moved resources replaced) nor ${projectFileVersionCheck} (Pulumi.yaml unchecked)`, () => {
        const floor = floorOf(requiredPulumiVersion);
        assert.ok(versionAtLeast(floor, diffConfigForExplicitProviders), floor);
        assert.ok(versionAtLeast(floor, projectFileVersionCheck), floor);
    });

    it("the CLI CI installs (.pulumi-version) is inside the range", () => {
        assert.ok(versionAtLeast(pinnedCli, floorOf(requiredPulumiVersion)), `${pinnedCli} vs ${requiredPulumiVersion}`);
    });

    it("the version checks can fail", () => {
        assert.ok(!versionAtLeast("3.150.9", diffConfigForExplicitProviders));
        assert.ok(!versionAtLeast("2.200.0", diffConfigForExplicitProviders));
        assert.ok(versionAtLeast("3.276.0", diffConfigForExplicitProviders));
        assert.throws(() => floorOf("^3.219.0"));
    });

    it("the program asks the engine for the range first, and an engine outside it stops the run before any resource", async () => {
        const asked: string[] = [];
        const check = pulumi.runtime.requirePulumiVersion;
        // What the SDK does on a CLI without the RPC (@pulumi/pulumi runtime/settings.js).
        pulumi.runtime.requirePulumiVersion = (range: string) => {
            asked.push(range);
            return Promise.reject(
                new Error("The installed version of the CLI does not support the `RequirePulumiVersion` RPC. Please upgrade the Pulumi CLI."),
            );
        };
        try {
            const run = await runProgram(stackOptions("local", "development"));
            assert.deepEqual(asked, [requiredPulumiVersion]);
            assert.match(run.error?.message ?? "", /needs the Pulumi CLI >=3\.219\.0: The installed version of the CLI does not support/);
            assert.deepEqual(
                run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.urn),
                [],
            );
        } finally {
            pulumi.runtime.requirePulumiVersion = check;
        }
    });

    it("a CLI inside the range passes", async () => {
        const asked: string[] = [];
        await requireSupportedCli((range) => {
            asked.push(range);
            return Promise.resolve();
        });
        assert.deepEqual(asked, [requiredPulumiVersion]);
    });
});
