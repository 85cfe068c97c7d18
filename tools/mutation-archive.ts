// A selection's Stryker reports (reports/incremental/, git-ignored) are kept in mutation/incremental/
// (committed): a fresh clone or a new machine starts from the measured results instead of hours of
// re-runs. Restored before a run when the working copy has none; saved after any run that wrote one.
//
// Stryker's incremental mode re-tests a mutant when its code, or a test file covering it, changed
// (core src/mutants/incremental-differ.ts); it never looks at the other files a test run depends on.
// Each archive records those (`unseenInputs`) with the date measured, so a run can say what changed.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import type { MutationReport } from "./mutation-static";

/** What a result depends on that Stryker's incremental mode does not compare: test helpers, the harness, versions. */
export const unseenInputs = { folders: ["tests/support", "harness"], files: ["index.ts", "package-lock.json", "stryker.config.json", "tsconfig.json"] };

/** The committed form: the report with the fields Stryker never reads back, and its provenance. */
interface Archive {
    measuredAt: string;
    /** File (or `node`) to its sha256 (or version) when the results were measured. */
    inputs: Record<string, string>;
    report: Record<string, unknown>;
}

/** The committed copy of a report under reports/incremental/. */
export function archiveFile(root: string, reportFile: string): string {
    return path.join(root, "mutation", "incremental", `${path.basename(reportFile)}.gz`);
}

/** The unseen inputs as they are now. */
export function currentInputs(root: string): Record<string, string> {
    // fs.readdirSync, not fs.globSync: `npm test` also runs on Node 20.
    const inFolder = (folder: string) =>
        fs.existsSync(path.join(root, folder))
            ? (fs.readdirSync(path.join(root, folder), { recursive: true }) as string[]).map((file) => path.posix.join(folder, file.split(path.sep).join("/")))
            : [];
    const files = [...unseenInputs.folders.flatMap(inFolder), ...unseenInputs.files]
        .filter((file) => fs.existsSync(path.join(root, file)) && fs.statSync(path.join(root, file)).isFile())
        .sort();
    const hash = (file: string) =>
        crypto
            .createHash("sha256")
            .update(fs.readFileSync(path.join(root, file)))
            .digest("hex");
    return { node: process.versions.node.split(".")[0], ...Object.fromEntries(files.map((file) => [file, hash(file)])) };
}

/** The inputs that differ between two records (changed, added or gone), sorted. */
export function changedInputs(then: Record<string, string>, now: Record<string, string>): string[] {
    return [...new Set([...Object.keys(then), ...Object.keys(now)])].filter((key) => then[key] !== now[key]).sort();
}

function omit(value: Record<string, unknown>, keys: string[]): Record<string, unknown> {
    return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

function readArchive(file: string): Archive {
    return JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString("utf8")) as Archive;
}

/** Every committed report, as Stryker wrote it (less the fields dropped on saving). */
export function archivedReports(root: string): MutationReport[] {
    const folder = path.join(root, "mutation", "incremental");
    return fs
        .readdirSync(folder)
        .filter((file) => file.endsWith(".json.gz"))
        .map((file) => readArchive(path.join(folder, file)).report as unknown as MutationReport);
}

/** The archive's record of a report, if it has one. */
export function archivedRecord(root: string, reportFile: string): Omit<Archive, "report"> | undefined {
    const file = archiveFile(root, reportFile);
    if (!fs.existsSync(file)) return undefined;
    const { measuredAt, inputs } = readArchive(file);
    return { measuredAt, inputs };
}

/** Writes the committed report into place when the working copy has none, dated when measured; true when it did. */
export function restoreReport(root: string, reportFile: string): boolean {
    const file = archiveFile(root, reportFile);
    if (fs.existsSync(reportFile) || !fs.existsSync(file)) return false;
    const { measuredAt, report } = readArchive(file);
    fs.mkdirSync(path.dirname(reportFile), { recursive: true });
    fs.writeFileSync(reportFile, JSON.stringify(report));
    // The summary dates a report by its file time.
    fs.utimesSync(reportFile, new Date(measuredAt), new Date(measuredAt));
    return true;
}

/**
 * Keeps the report as its committed copy, recording `inputs` (the ones it was measured with). Dropped:
 * what Stryker's project reader never reads back (config, framework, thresholds, projectRoot) and
 * statusReason (a failed test's message). Kept: sources, tests, coverage and kills, which its differ
 * compares. An archive holding the same content is left as it is (gzip bytes differ between zlibs).
 */
export function saveReport(root: string, reportFile: string, inputs: Record<string, string>): void {
    if (!fs.existsSync(reportFile)) return;
    const report = omit(JSON.parse(fs.readFileSync(reportFile, "utf8")) as Record<string, unknown>, ["config", "framework", "thresholds", "projectRoot"]);
    const files = report.files as Record<string, { mutants: Record<string, unknown>[] }>;
    for (const entry of Object.values(files)) entry.mutants = entry.mutants.map((mutant) => omit(mutant, ["statusReason"]));
    const archive: Archive = { measuredAt: fs.statSync(reportFile).mtime.toISOString(), inputs, report };
    const file = archiveFile(root, reportFile);
    const text = JSON.stringify(archive);
    if (fs.existsSync(file) && zlib.gunzipSync(fs.readFileSync(file)).toString("utf8") === text) return;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, zlib.gzipSync(text, { level: 9 }));
}
