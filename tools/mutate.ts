// `npm run mutate [-- <stryker options>]`: StrykerJS over the program (stryker.config.json), then the
// per-file and per-folder scores (tools/mutation-summary.ts). One file or folder at a time:
// `npm run mutate -- --mutate config/load.ts`; `-- --readme` also writes the scores into README.md.
// Stryker's incremental file holds only the files of its last run, so each --mutate selection keeps
// its own (reports/incremental/<selection>.json) and a subset never wipes another's results; a copy
// is committed in mutation/incremental/ (tools/mutation-archive.ts).
// A selection's own test files run first (tools/mutation-test-order.ts), then stryker.config.json's order
// (the config tests, then the rest): Stryker stops at a mutant's first failing test, in file order (mocha
// loads a file matched twice once). The run's config is written beside its incremental file.
// `--static` measures the selection's static mutants, which its runtime runs skip (tools/mutation-static.ts).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { archivedRecord, changedInputs, currentInputs, restoreReport, saveReport } from "./mutation-archive";
import { printSummary } from "./mutation-summary";
import { listedEquivalentLines } from "./mutation-equivalents";
import { changedSince, forgetStaticSurvivors, MutationReport, staticMutantRanges, staticReportFile, testsChangedSince } from "./mutation-static";
import { testsFirst } from "./mutation-test-order";

const args = process.argv.slice(2);
const writeReadme = args.includes("--readme");
const staticRun = args.includes("--static");
// A static run cannot ignore static mutants: its config says so (tools/mutation-static.ts).
// --no-restore: start afresh even where mutation/incremental/ has results; --accept-stale: reuse results
// measured with other unseen inputs (tools/mutation-archive.ts), which then stay marked as such.
const noRestore = args.includes("--no-restore");
const acceptStale = args.includes("--accept-stale");
// --retest-static-survivors: after new tests, test the selection's surviving static mutants again
// (Stryker re-tests one only when its own code changes: stryker-mutator/stryker-js#4372).
const retestStaticSurvivors = args.includes("--retest-static-survivors");
const ownOptions = ["--readme", "--static", "--no-restore", "--accept-stale", "--retest-static-survivors"];
const strykerArgs = args.filter((a) => !ownOptions.includes(a) && !(staticRun && a === "--ignoreStatic"));
/** --force (given, or added below for a static run after tests changed): every mutant is tested again. */
const forced = () => strykerArgs.includes("--force");
const selection = strykerArgs.includes("--mutate") ? strykerArgs[strykerArgs.indexOf("--mutate") + 1] : undefined;
const selectionName = selection?.replace(/[^A-Za-z0-9.-]+/g, "_");
const root = path.join(__dirname, "..");
const givenIncrementalFile = strykerArgs.includes("--incrementalFile")
    ? path.resolve(root, strykerArgs[strykerArgs.indexOf("--incrementalFile") + 1])
    : undefined;
const runtimeReport = givenIncrementalFile ?? (selection && path.join(root, "reports", "incremental", `${selectionName}.json`));
const readSource = (file: string) => (fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), "utf8") : undefined);
const readReport = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as MutationReport;
const selectionReports = runtimeReport && !givenIncrementalFile ? [runtimeReport, staticReportFile(runtimeReport)] : [];
if (!noRestore)
    for (const report of selectionReports) if (restoreReport(root, report)) console.log(`${path.relative(root, report)}: restored from mutation/incremental/`);
if (retestStaticSurvivors && runtimeReport && fs.existsSync(runtimeReport)) {
    const report = readReport(runtimeReport);
    const equivalents = listedEquivalentLines(fs.readFileSync(path.join(root, "mutation", "equivalent.md"), "utf8"));
    const forgotten = forgetStaticSurvivors(report, equivalents);
    fs.writeFileSync(runtimeReport, JSON.stringify(report));
    console.log(`${forgotten} surviving static mutant(s) will be tested again (those on lines mutation/equivalent.md lists keep their verdict).`);
}
const inputsNow = currentInputs(root);
const staleProblems = staleInputProblems();
if (staleProblems.length > 0) {
    console.error(staleProblems.join("\n"));
    process.exit(1);
}
const staticProblems = staticRun ? staticRunProblems() : [];
if (staticProblems.length > 0) {
    console.error(staticProblems.join("\n"));
    process.exit(1);
}
if (runtimeReport && !givenIncrementalFile) {
    strykerArgs.push("--incrementalFile", path.relative(root, staticRun ? staticReportFile(runtimeReport) : runtimeReport));
}
if (staticRun) {
    // The ranges replace the selection's globs (tools/mutation-static.ts); every test runs for each mutant.
    strykerArgs.splice(strykerArgs.indexOf("--mutate"), 2);
}

/** Results measured with other test helpers, harness or versions, which Stryker would reuse unseen; none with --force or --accept-stale. */
function staleInputProblems(): string[] {
    if (forced() || acceptStale) return [];
    return selectionReports.flatMap((report) => {
        const record = fs.existsSync(report) ? archivedRecord(root, report) : undefined;
        const changed = record ? changedInputs(record.inputs, inputsNow) : [];
        if (changed.length === 0) return [];
        return [
            `${path.relative(root, report)} was measured on ${record!.measuredAt.slice(0, 10)} with another ${changed.join(", ")}; Stryker would reuse ` +
                "its results without re-testing them. Re-test everything with --force, or keep them with --accept-stale (they stay marked).",
        ];
    });
}

/** Why a --static run cannot start (printed, then exit 1); none when it can. */
function staticRunProblems(): string[] {
    const rerun = "run `npm run mutate -- --mutate <selection> --ignoreStatic` first, then add --static";
    if (!selection || givenIncrementalFile)
        return [`--static needs --mutate <selection> and keeps its results beside the selection's runtime run (no --incrementalFile).`];
    if (!fs.existsSync(runtimeReport!)) return [`--static measures the static mutants a runtime run listed: ${rerun}.`];
    const changed = changedSince(readReport(runtimeReport!), readSource);
    return changed.length > 0 ? [`The runtime run's report predates ${changed.join(", ")}: its static mutants' locations no longer hold; ${rerun}.`] : [];
}

/** The test files every run loads: tests/**\/*.test.ts but the ignored (property) tests. */
function testFiles(ignore: string[]): string[] {
    return fs
        .globSync("tests/**/*.test.ts", { cwd: root })
        .sort()
        .filter((file) => !ignore.some((pattern) => path.matchesGlob(file, pattern)));
}

/** stryker.config.json with the selection's own test files first (and, for `--static`, its static mutants' ranges). */
function selectionConfig(globs: string): string {
    const config = JSON.parse(fs.readFileSync(path.join(root, "stryker.config.json"), "utf8")) as {
        mutate: string[];
        ignoreStatic?: boolean;
        jsonReporter: { fileName: string };
        warnings?: { slow: boolean };
        mochaOptions: { spec: string[]; ignore: string[] };
    };
    const patterns = globs.split(",");
    const excluded = new Set(patterns.filter((p) => p.startsWith("!")).flatMap((p) => fs.globSync(p.slice(1), { cwd: root })));
    const sources = patterns.filter((p) => !p.startsWith("!")).flatMap((p) => fs.globSync(p, { cwd: root }).filter((file) => !excluded.has(file)));
    const tests = testFiles(config.mochaOptions.ignore);
    config.mochaOptions.spec = [...testsFirst(sources, tests, (file) => readSource(file) ?? ""), ...config.mochaOptions.spec];
    if (staticRun) {
        config.mutate = staticMutantRanges(readReport(runtimeReport!));
        if (config.mutate.length === 0) {
            console.log(`${globs}: its runtime run skipped no static mutant.`);
            process.exit(0);
        }
        config.ignoreStatic = false;
        // Its own JSON report holds only the ranges' mutants: the selection's scores merge both runs.
        config.jsonReporter = { fileName: path.relative(root, staticReportFile(runtimeReport!).replace(/\.json$/, ".report.json")) };
        // Every static mutant runs every test; Stryker's warning that this is slow is expected.
        config.warnings = { slow: false };
        const earlier = staticReportFile(runtimeReport!);
        // A static survivor is re-tested only when its code changes (tools/mutation-static.ts): after a test changed, start afresh.
        if (fs.existsSync(earlier) && testsChangedSince(readReport(earlier), tests, readSource) && !forced()) {
            console.log("Test files changed since the last static run: every static mutant is tested again (--force).");
            strykerArgs.push("--force");
        }
    }
    const file = path.join(root, "reports", "incremental", `${selectionName}${staticRun ? ".static" : ""}.config.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(config, null, 2));
    return file;
}

const configFile = selection ? [selectionConfig(selection)] : [];
const stryker = path.join(path.dirname(require.resolve("@stryker-mutator/core/package.json")), "bin/stryker.js");
const writtenAt = (file: string) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : undefined);
const before = new Map(selectionReports.map((report) => [report, writtenAt(report)]));
const run = spawnSync(process.execPath, [stryker, "run", ...configFile, ...strykerArgs], { stdio: "inherit", cwd: root });
// Whatever Stryker wrote is kept, also from a run that failed or was interrupted (its report is complete so far).
for (const report of selectionReports) {
    if (writtenAt(report) === before.get(report)) continue;
    const reused = acceptStale && !forced() ? archivedRecord(root, report)?.inputs : undefined;
    saveReport(root, report, reused ?? inputsNow);
}
if (run.status !== 0) process.exit(run.status ?? 1);
// A selection's scores: its runtime run with its static run's results (tools/mutation-summary.ts merges them).
printSummary(writeReadme, runtimeReport);
