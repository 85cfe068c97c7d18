// `npm run mutate` ends here (`npm run mutate:scores` alone): mutation scores per file and per folder from Stryker's JSON report
// (reports/mutation/mutation.json, or `--report <file>`). With `--readme`, the rows of the files in the report replace
// theirs in README.md's table (files measured in earlier runs keep their rows) and the folder rows
// are summed again from the file rows. A selection's static run (`.static.json` beside its report,
// tools/mutation-static.ts) replaces the static mutants its runtime run skipped.
import * as fs from "fs";
import * as path from "path";
import { MutationReport, staleStaticFiles, staticReportFile, withStaticResults } from "./mutation-static";

interface Mutant {
    status: string;
}

/**
 * Mutants counted in a score: detected (Killed, Timeout) or not (Survived, NoCoverage). Ignored ones
 * (static mutants under --ignoreStatic) are shown but not scored; compile and runtime errors neither.
 */
export interface Tally {
    killed: number;
    timeout: number;
    survived: number;
    noCoverage: number;
    ignored: number;
}

const root = path.join(__dirname, "..");
const defaultReport = path.join(root, "reports/mutation/mutation.json");

/** `--report <file>`: another report, such as an incremental file (the same schema). */
function reportArgument(): string | undefined {
    const index = process.argv.indexOf("--report");
    return index >= 0 ? path.resolve(process.argv[index + 1]) : undefined;
}
const readmeFile = path.join(root, "README.md");
const begin = "<!-- mutation-scores:begin -->";
const end = "<!-- mutation-scores:end -->";

export function tally(mutants: Mutant[]): Tally {
    const count = (status: string) => mutants.filter((m) => m.status === status).length;
    return { killed: count("Killed"), timeout: count("Timeout"), survived: count("Survived"), noCoverage: count("NoCoverage"), ignored: count("Ignored") };
}

function add(a: Tally, b: Tally): Tally {
    return {
        killed: a.killed + b.killed,
        timeout: a.timeout + b.timeout,
        survived: a.survived + b.survived,
        noCoverage: a.noCoverage + b.noCoverage,
        ignored: a.ignored + b.ignored,
    };
}

/** Stryker's mutation score: detected / (detected + undetected), in percent. */
export function score(t: Tally): string {
    const valid = t.killed + t.timeout + t.survived + t.noCoverage;
    return valid === 0 ? "n/a" : `${((100 * (t.killed + t.timeout)) / valid).toFixed(1)} %`;
}

/** The folders whose targets the README states: each top folder, and each subfolder. */
function folders(file: string): string[] {
    const parts = file.split("/").slice(0, -1);
    return parts.map((_, i) => `${parts.slice(0, i + 1).join("/")}/`);
}

function row(name: string, t: Tally, date: string): string {
    return `| ${name} | ${score(t)} | ${t.killed} | ${t.timeout} | ${t.survived} | ${t.noCoverage} | ${t.ignored} | ${date} |`;
}

function table(files: Map<string, { tally: Tally; date: string }>): string[] {
    const byFolder = new Map<string, Tally>();
    for (const [file, { tally: t }] of files) {
        for (const folder of folders(file))
            byFolder.set(folder, add(byFolder.get(folder) ?? { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0 }, t));
    }
    return [
        "| file or folder | score | killed | timed out | survived | no coverage | ignored (static) | measured |",
        "|---|---|---|---|---|---|---|---|",
        ...[...byFolder].sort(([a], [b]) => a.localeCompare(b)).map(([folder, t]) => row(`**${folder}**`, t, "")),
        ...[...files].sort(([a], [b]) => a.localeCompare(b)).map(([file, { tally: t, date }]) => row(file, t, date)),
    ];
}

/** File rows already in the README's table. */
function readmeRows(readme: string): Map<string, { tally: Tally; date: string }> {
    const rows = new Map<string, { tally: Tally; date: string }>();
    const start = readme.indexOf(begin);
    const stop = readme.indexOf(end);
    if (start < 0 || stop < 0) return rows;
    for (const line of readme.slice(start, stop).split("\n")) {
        const cells = line.split("|").map((c) => c.trim());
        if (cells.length < 9 || !/\.ts$/.test(cells[1])) continue;
        const [killed, timeout, survived, noCoverage, ignored] = cells.slice(3, 8).map(Number);
        rows.set(cells[1], { tally: { killed, timeout, survived, noCoverage, ignored }, date: cells[8] });
    }
    return rows;
}

/** Prints the scores of the last report; with `readme`, also writes them into README.md. */
export function printSummary(writeReadme = process.argv.includes("--readme"), reportFile = reportArgument() ?? defaultReport): void {
    if (!fs.existsSync(reportFile)) throw new Error(`${reportFile} is missing: run npm run mutate first`);
    const read = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as MutationReport;
    const staticFile = staticReportFile(reportFile);
    const runtime = read(reportFile);
    const staticRun = fs.existsSync(staticFile) ? read(staticFile) : undefined;
    const stale = staticRun ? staleStaticFiles(runtime, staticRun) : [];
    if (stale.length > 0) console.log(`Changed since the static run (its static mutants count as not measured; run --static again): ${stale.join(", ")}`);
    const report = withStaticResults(runtime, staticRun);
    const date = fs.statSync(reportFile).mtime.toISOString().slice(0, 10);
    const measured = new Map(Object.entries(report.files).map(([file, { mutants }]) => [file.split(path.sep).join("/"), { tally: tally(mutants), date }]));
    console.log(table(measured).join("\n"));
    if (!writeReadme) return;
    const readme = fs.readFileSync(readmeFile, "utf8");
    const start = readme.indexOf(begin);
    const stop = readme.indexOf(end);
    if (start < 0 || stop < 0) throw new Error(`README.md has no ${begin} ... ${end} section`);
    const rows = readmeRows(readme);
    for (const [file, measuredRow] of measured) rows.set(file, measuredRow);
    fs.writeFileSync(readmeFile, `${readme.slice(0, start + begin.length)}\n${table(rows).join("\n")}\n${readme.slice(stop)}`);
    console.log(`README.md: ${measured.size} file row(s) updated`);
}

if (require.main === module) printSummary();
