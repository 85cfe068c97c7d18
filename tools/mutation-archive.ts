// A selection's Stryker reports (reports/incremental/, git-ignored) are kept compressed in
// mutation/incremental/ (committed): a fresh clone or a new machine starts from the measured results
// instead of hours of re-runs. Restored before a run when the working copy has none; saved after it.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";

/** The committed copy of a report under reports/incremental/. */
export function archiveFile(root: string, reportFile: string): string {
    return path.join(root, "mutation", "incremental", `${path.basename(reportFile)}.gz`);
}

/** Copies the committed report into place when the working copy has none; true when it did. */
export function restoreReport(root: string, reportFile: string): boolean {
    const archived = archiveFile(root, reportFile);
    if (fs.existsSync(reportFile) || !fs.existsSync(archived)) return false;
    fs.mkdirSync(path.dirname(reportFile), { recursive: true });
    fs.writeFileSync(reportFile, zlib.gunzipSync(fs.readFileSync(archived)));
    // The summary dates a report by its file time: the commit that saved it, not the restore.
    const committed = Number(spawnSync("git", ["log", "-1", "--format=%ct", "--", archived], { cwd: root, encoding: "utf8" }).stdout);
    if (committed > 0) fs.utimesSync(reportFile, committed, committed);
    return true;
}

/** Keeps the report as its committed copy (gzip level 9; same bytes in, same bytes out). */
export function saveReport(root: string, reportFile: string): void {
    if (!fs.existsSync(reportFile)) return;
    const archived = archiveFile(root, reportFile);
    fs.mkdirSync(path.dirname(archived), { recursive: true });
    fs.writeFileSync(archived, zlib.gzipSync(fs.readFileSync(reportFile), { level: 9 }));
}
