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
    files: Record<string, { mutants: ReportMutant[] }>;
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

/** The same mutant in two runs of unchanged code: its place, mutator and replacement. */
function mutantKey(file: string, m: ReportMutant): string {
    const { start, end } = m.location;
    return `${file}:${start.line}:${start.column}-${end.line}:${end.column} ${m.mutatorName} ${m.replacement ?? ""}`;
}

/**
 * The runtime run's report with each skipped static mutant replaced by its result in the static run.
 * Static mutants the static run did not reach (code changed since, or not run yet) stay Ignored; the
 * runtime mutants a static run's ranges also enclose keep the runtime run's result.
 */
export function withStaticResults(runtime: MutationReport, staticRun: MutationReport | undefined): MutationReport {
    if (!staticRun) return runtime;
    const measured = new Map(
        Object.entries(staticRun.files).flatMap(([file, { mutants }]) =>
            mutants.filter((m) => m.static === true && !skippedStatic(m)).map((m) => [mutantKey(file, m), m.status] as const),
        ),
    );
    return {
        files: Object.fromEntries(
            Object.entries(runtime.files).map(([file, { mutants }]) => [
                file,
                {
                    mutants: mutants.map((m) => {
                        const status = skippedStatic(m) ? measured.get(mutantKey(file, m)) : undefined;
                        return status ? { ...m, status } : m;
                    }),
                },
            ]),
        ),
    };
}

/** Where a selection's static run keeps its results, beside the runtime run's incremental file. */
export function staticReportFile(runtimeReportFile: string): string {
    return runtimeReportFile.replace(/\.json$/, ".static.json");
}
