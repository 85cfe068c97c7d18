// The committed copies of the selections' mutation reports (tools/mutation-archive.ts): a new
// checkout starts from them, and a report in the working copy is never overwritten by an older one.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { archiveFile, restoreReport, saveReport } from "../tools/mutation-archive";

describe("mutation report archive", () => {
    let root: string;
    let report: string;
    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "atlasia-archive-"));
        report = path.join(root, "reports", "incremental", "config_database.ts.json");
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("keeps a selection's report compressed under mutation/incremental/, named after it", () => {
        assert.equal(archiveFile(root, report), path.join(root, "mutation", "incremental", "config_database.ts.json.gz"));
        fs.mkdirSync(path.dirname(report), { recursive: true });
        fs.writeFileSync(report, JSON.stringify({ files: { "config/database.ts": { mutants: [] } } }));
        saveReport(root, report);
        assert.ok(fs.statSync(archiveFile(root, report)).size > 0);
        fs.rmSync(report);
        assert.equal(restoreReport(root, report), true);
        assert.deepEqual(JSON.parse(fs.readFileSync(report, "utf8")), { files: { "config/database.ts": { mutants: [] } } });
    });

    it("restores nothing over a report the working copy has, nor from an archive that is not there", () => {
        assert.equal(restoreReport(root, report), false);
        assert.equal(fs.existsSync(report), false);
        fs.mkdirSync(path.dirname(report), { recursive: true });
        fs.writeFileSync(report, "old");
        saveReport(root, report);
        fs.writeFileSync(report, "newer, not saved yet");
        assert.equal(restoreReport(root, report), false);
        assert.equal(fs.readFileSync(report, "utf8"), "newer, not saved yet");
    });

    it("saves nothing when the run left no report", () => {
        saveReport(root, report);
        assert.equal(fs.existsSync(archiveFile(root, report)), false);
    });
});
