// Static mutants (in code that runs when a module loads: tables, patterns, module constants) are
// skipped by the everyday `--ignoreStatic` runs: each needs a fresh test process running the whole
// suite. `npm run mutate -- --static --mutate <selection>` measures them on their own, after a runtime
// run of the same selection: that run's report lists them, and Stryker is given their exact locations
// as mutation ranges (stryker-js core project-reader.js: `file:line:column-line:column`, lines 1-based,
// columns 0-based; the report's columns are 1-based). The scores then merge both runs.

/** A mutant in Stryker's JSON report (mutation-testing-report-schema), the fields used here. */
export interface ReportMutant {
    mutatorName: string;
    replacement?: string;
    status: string;
    static?: boolean;
    location: { start: { line: number; column: number }; end: { line: number; column: number } };
}
export interface MutationReport {
    /** Each mutated file's mutants, and its text when the run read it. */
    files: Record<string, { mutants: ReportMutant[]; source?: string }>;
    /** The test files the run loaded, with their text (Stryker's incremental file has them). */
    testFiles?: Record<string, { source?: string }>;
}

/** A file's text on disk now, undefined when it is gone. */
export type ReadSource = (file: string) => string | undefined;

/** The report's files whose text differs from the disk's: its locations no longer point at their code. */
export function changedSince(report: MutationReport, readSource: ReadSource): string[] {
    return Object.entries(report.files)
        .filter(([file, { source }]) => source !== readSource(file))
        .map(([file]) => file);
}

/**
 * Whether a static run's results may be stale for its tests: a test file changed, added or removed
 * since. Stryker's incremental mode re-tests a static mutant that survived only when its code changes
 * (static coverage names no test: stryker-mutator/stryker-js#4372), so such a run starts afresh.
 */
export function testsChangedSince(staticRun: MutationReport, testFilesNow: string[], readSource: ReadSource): boolean {
    const then = staticRun.testFiles ?? {};
    const now = new Set(testFilesNow);
    return Object.keys(then).some((file) => !now.has(file)) || testFilesNow.some((file) => then[file]?.source !== readSource(file));
}

/** What a runtime run skipped: a static mutant under `--ignoreStatic`. */
export function skippedStatic(mutant: ReportMutant): boolean {
    return mutant.status === "Ignored" && mutant.static === true;
}

/** Stryker `mutate` entries that select exactly the locations of a report's skipped static mutants. */
export function staticMutantRanges(report: MutationReport): string[] {
    const ranges = Object.entries(report.files).flatMap(([file, { mutants }]) =>
        mutants.filter(skippedStatic).map(({ location: { start, end } }) => `${file}:${start.line}:${start.column - 1}-${end.line}:${end.column - 1}`),
    );
    return [...new Set(ranges)];
}

/** The same mutant in two runs of the same code: its place, mutator and replacement. */
function mutantKey(file: string, m: ReportMutant): string {
    const { start, end } = m.location;
    return `${file}:${start.line}:${start.column}-${end.line}:${end.column} ${m.mutatorName} ${m.replacement ?? ""}`;
}

/**
 * The runtime run's report with each skipped static mutant replaced by its result in the static run,
 * for the files both runs read with the same text (Stryker's own incremental differ drops a mutant
 * whose code changed: core src/incremental/incremental-differ.ts). Static mutants the static run did
 * not reach stay Ignored; the runtime mutants a static run's ranges also enclose keep the runtime
 * run's result.
 */
export function withStaticResults(runtime: MutationReport, staticRun: MutationReport | undefined): MutationReport {
    if (!staticRun) return runtime;
    const stale = new Set(staleStaticFiles(runtime, staticRun));
    const measured = new Map(
        Object.entries(staticRun.files)
            .filter(([file]) => !stale.has(file))
            .flatMap(([file, { mutants }]) =>
                mutants.filter((m) => m.static === true && !skippedStatic(m)).map((m) => [mutantKey(file, m), m.status] as const),
            ),
    );
    return {
        ...runtime,
        files: Object.fromEntries(
            Object.entries(runtime.files).map(([file, entry]) => [
                file,
                {
                    ...entry,
                    mutants: entry.mutants.map((m) => {
                        const status = skippedStatic(m) ? measured.get(mutantKey(file, m)) : undefined;
                        return status ? { ...m, status } : m;
                    }),
                },
            ]),
        ),
    };
}

/** The files of both runs whose code changed between them: their static results no longer count. */
export function staleStaticFiles(runtime: MutationReport, staticRun: MutationReport): string[] {
    return Object.keys(staticRun.files).filter((file) => file in runtime.files && staticRun.files[file].source !== runtime.files[file].source);
}

/** Where a selection's static run keeps its results, beside the runtime run's incremental file. */
export function staticReportFile(runtimeReportFile: string): string {
    return runtimeReportFile.replace(/\.json$/, ".static.json");
}

/**
 * Drops the report's surviving static mutants, so that Stryker's incremental mode, which re-tests one
 * only when its own code changes (stryker-mutator/stryker-js#4372), takes them as new and tests them
 * against the current tests. Those on the lines `keepLines` gives for their file (the reviewed
 * equivalents: tools/mutation-equivalents.ts) keep their verdict. Returns how many were dropped.
 */
export function forgetStaticSurvivors(report: MutationReport, keepLines = new Map<string, Set<number>>()): number {
    let forgotten = 0;
    for (const [file, entry] of Object.entries(report.files)) {
        const keep = (m: ReportMutant) => keepLines.get(file)?.has(m.location.start.line) === true;
        const kept = entry.mutants.filter((m) => !(m.static === true && m.status === "Survived") || keep(m));
        forgotten += entry.mutants.length - kept.length;
        entry.mutants = kept;
    }
    return forgotten;
}
