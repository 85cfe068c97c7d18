// The GitHub e2e job (issue 10, Tier 2 on kind) runs the same lifecycle test as `npm run e2e`, with the
// official Pulumi CLI installed by pulumi/actions (without `command` it only installs the CLI: its
// README, "Installation only"; pulumi/actions#1407 put v7 on the Node 24 runtime) at the SDK's version.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { projectRoot } from "../harness/stack-config";

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
const workflow = yaml.load(fs.readFileSync(path.join(projectRoot, ".github/workflows/e2e.yml"), "utf8")) as { jobs: Record<string, { steps: Step[] }> };
const steps = workflow.jobs.lifecycle.steps;
const runScript = fs.readFileSync(path.join(projectRoot, "tools/e2e/run.sh"), "utf8");

describe("e2e workflow (kind, official Pulumi CLI)", () => {
    it("installs the CLI with pulumi/actions@v7 at .pulumi-version, before the test, and no other way", () => {
        const install = steps.findIndex((s) => s.uses === "pulumi/actions@v7");
        assert.ok(install >= 0, "a pulumi/actions@v7 step");
        assert.equal(steps[install].with?.["pulumi-version-file"], ".pulumi-version");
        assert.equal(steps[install].with?.command, undefined, "install only: the test drives the CLI");
        assert.ok(!steps.some((s) => /get\.pulumi\.com/.test(String(s.run))), "no install script beside it");
        const test = steps.findIndex((s) => /tests\/e2e\/lifecycle\.ts/.test(String(s.run)));
        assert.ok(test > install, "the lifecycle test runs after the install");
    });

    it("a hung lifecycle fails its step before the job's timeout, so the engine log is still uploaded", () => {
        // GitHub Actions: a step past its timeout-minutes fails; a job past its own is cancelled, and
        // `if: failure()` steps do not run on cancellation (docs.github.com, "Workflow syntax":
        // jobs.<job_id>.steps[*].timeout-minutes; "Expressions": status check functions).
        const job = workflow.jobs.lifecycle as unknown as { "timeout-minutes": number };
        const test = steps.findIndex((s) => /tests\/e2e\/lifecycle\.ts/.test(String(s.run)));
        const minutes = (steps[test] as { "timeout-minutes"?: number })["timeout-minutes"];
        assert.ok(minutes !== undefined && minutes < job["timeout-minutes"] - 10, `lifecycle step timeout ${minutes} vs job ${job["timeout-minutes"]}`);
        const upload = steps.findIndex((s) => s.uses?.startsWith("actions/upload-artifact@") && (s as { if?: string }).if === "failure()");
        assert.ok(upload > test, "the engine log is uploaded after a failed lifecycle");
    });

    it("runs the lifecycle test the build machine runs (tools/e2e/run.sh), on the kind context", () => {
        const command = (text: string) => /node --import tsx tests\/e2e\/lifecycle\.ts/.exec(text)?.[0];
        const test = steps.find((s) => /tests\/e2e\/lifecycle\.ts/.test(String(s.run)))!;
        assert.equal(command(String(test.run)), command(runScript));
        assert.equal(test.env?.E2E_CONTEXT, "kind-atlasia");
        assert.equal(test.env?.E2E_CHARTS_DIR, undefined, "no offline overrides on kind: charts from their repositories");
    });
});
