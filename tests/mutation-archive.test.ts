// The committed copies of the selections' mutation reports (tools/mutation-archive.ts): a new
// checkout starts from them, a report in the working copy is never overwritten by an older one, and
// each says what it was measured with that Stryker's incremental mode does not compare.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { archiveFile, archivedRecord, changedInputs, currentInputs, restoreReport, saveReport } from "../tools/mutation-archive";

describe("mutation report archive", () => {
    let root: string;
    let report: string;
    const stryker = {
        files: {
            "config/database.ts": { source: "x", mutants: [{ id: "1", status: "Killed", statusReason: "AssertionError: long message", coveredBy: ["7"] }] },
        },
        testFiles: { "tests/a.test.ts": { source: "t", tests: [{ id: "7", name: "a" }] } },
        schemaVersion: "2",
        projectRoot: "/work/main",
        config: { concurrency: 2 },
        thresholds: { high: 80 },
        framework: { name: "StrykerJS" },
    };
    const write = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
    };
    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "atlasia-archive-"));
        report = path.join(root, "reports", "incremental", "config_database.ts.json");
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("keeps what Stryker's differ reads (sources, tests, coverage and kills) under mutation/incremental/, dated when measured", () => {
        assert.equal(archiveFile(root, report), path.join(root, "mutation", "incremental", "config_database.ts.json.gz"));
        write(report, JSON.stringify(stryker, null, 2));
        const measured = new Date("2026-11-30T10:52:16.000Z");
        fs.utimesSync(report, measured, measured);
        saveReport(root, report, { node: "24", "tests/support/runs.ts": "abc" });
        fs.rmSync(report);
        assert.equal(restoreReport(root, report), true);
        assert.deepEqual(JSON.parse(fs.readFileSync(report, "utf8")), {
            files: { "config/database.ts": { source: "x", mutants: [{ id: "1", status: "Killed", coveredBy: ["7"] }] } },
            testFiles: { "tests/a.test.ts": { source: "t", tests: [{ id: "7", name: "a" }] } },
            schemaVersion: "2",
        });
        assert.equal(fs.statSync(report).mtime.toISOString(), measured.toISOString());
        assert.deepEqual(archivedRecord(root, report), { measuredAt: measured.toISOString(), inputs: { node: "24", "tests/support/runs.ts": "abc" } });
    });

    it("restores nothing over a report the working copy has, nor from an archive that is not there", () => {
        assert.equal(restoreReport(root, report), false);
        assert.equal(fs.existsSync(report), false);
        assert.equal(archivedRecord(root, report), undefined);
        write(report, JSON.stringify(stryker));
        saveReport(root, report, {});
        write(report, "newer, not saved yet");
        assert.equal(restoreReport(root, report), false);
        assert.equal(fs.readFileSync(report, "utf8"), "newer, not saved yet");
    });

    it("saves nothing when the run left no report, and leaves an archive of the same content as it is", () => {
        saveReport(root, report, {});
        assert.equal(fs.existsSync(archiveFile(root, report)), false);
        write(report, JSON.stringify(stryker));
        saveReport(root, report, { node: "24" });
        const archived = archiveFile(root, report);
        const then = new Date("2026-01-01T00:00:00Z");
        fs.utimesSync(archived, then, then);
        saveReport(root, report, { node: "24" });
        assert.equal(fs.statSync(archived).mtime.toISOString(), then.toISOString(), "not rewritten");
        saveReport(root, report, { node: "26" });
        assert.notEqual(fs.statSync(archived).mtime.toISOString(), then.toISOString(), "other inputs: rewritten");
    });

    it("records the test helpers, harness, lockfile, Stryker and TypeScript configs and the Node major, and names what changed", () => {
        write(path.join(root, "tests", "support", "runs.ts"), "a");
        write(path.join(root, "tests", "support", "deep", "fake.sh"), "b");
        write(path.join(root, "harness", "run.ts"), "c");
        for (const file of ["index.ts", "package-lock.json", "stryker.config.json", "tsconfig.json", "tests/a.test.ts", "config/keys.ts"])
            write(path.join(root, file), file);
        const inputs = currentInputs(root);
        assert.deepEqual(Object.keys(inputs).sort(), [
            "harness/run.ts",
            "index.ts",
            "node",
            "package-lock.json",
            "stryker.config.json",
            "tests/support/deep/fake.sh",
            "tests/support/runs.ts",
            "tsconfig.json",
        ]);
        assert.equal(inputs.node, process.versions.node.split(".")[0]);
        write(path.join(root, "tests", "support", "runs.ts"), "changed");
        fs.rmSync(path.join(root, "harness", "run.ts"));
        write(path.join(root, "harness", "new.ts"), "d");
        assert.deepEqual(changedInputs(inputs, currentInputs(root)), ["harness/new.ts", "harness/run.ts", "tests/support/runs.ts"]);
        assert.deepEqual(changedInputs(inputs, inputs), []);
    });
});
