// The one cache of whole-program runs that test files share (runs.ts, chart-values.ts), made correct
// under mutation testing (`npm run mutate`, StrykerJS). Stryker loads the test files once and then
// switches mutants on a global (`__stryker__.activeMutant`), so a run cached earlier would hand a
// mutant the unmutated result: the cache is emptied whenever the active mutant changes. Stryker also
// records which test executed which mutant (`coverageAnalysis: "perTest"`) and later runs only those
// tests; a cached run executes inside the first test that asks for it, so each run records its
// coverage under its own id and every consumer (a test, or a `before` hook: see mutation-hooks.ts) is
// credited with it. Outside Stryker (`npm test`) `__stryker__` is absent and this is a plain cache.

type Coverage = Record<string, number>;

/** The parts of Stryker's instrumentation namespace used here (@stryker-mutator/api core/instrument). */
export interface StrykerNamespace {
    activeMutant?: string;
    currentTestId?: string;
    mutantCoverage?: { static: Coverage; perTest: Record<string, Coverage> };
}

export function strykerNamespace(): StrykerNamespace | undefined {
    return (globalThis as { __stryker__?: StrykerNamespace }).__stryker__;
}

/** Coverage ids that are not tests: a run's own, and a suite's `before` hooks' (mutation-hooks.ts). */
export const runCoveragePrefix = "\u0000run ";
export const hookCoveragePrefix = "\u0000before ";

/** [consumer coverage id, run coverage id] for every request of a run, or static if asked outside a test. */
export const runConsumers: [string | undefined, string][] = [];

async function coveredAs<T>(stryker: StrykerNamespace, id: string, start: () => Promise<T>): Promise<T> {
    const outer = stryker.currentTestId;
    stryker.currentTestId = id;
    try {
        return await start();
    } finally {
        stryker.currentTestId = outer;
    }
}

/** Runs by key, computed once per process (once per mutant under Stryker). */
export class SharedRuns {
    private readonly runs = new Map<string, Promise<unknown>>();
    private mutant: string | undefined;

    get<T>(key: string, start: () => Promise<T>): Promise<T> {
        const stryker = strykerNamespace();
        if (stryker && stryker.activeMutant !== this.mutant) {
            this.runs.clear();
            this.mutant = stryker.activeMutant;
        }
        const coverageId = runCoveragePrefix + key;
        // Before the run starts: until its first await, the current id is the run's own.
        if (stryker) runConsumers.push([stryker.currentTestId, coverageId]);
        let run = this.runs.get(key) as Promise<T> | undefined;
        if (!run) {
            run = stryker ? coveredAs(stryker, coverageId, start) : start();
            this.runs.set(key, run);
        }
        return run;
    }
}

const shared = new SharedRuns();

/** The result of `start` for `key`, shared by every test file. */
export function sharedRun<T>(key: string, start: () => Promise<T>): Promise<T> {
    return shared.get(key, start);
}
