// Mocha root hooks loaded only by `npm run mutate` (stryker.config.json mochaOptions.require).
// Stryker credits coverage to the test whose id it set in its root `beforeEach`, so code run by a
// suite's `before` hook would be credited to whichever test ran last. Each `before` hook instead
// records under its suite's own id, and at the end of the run every test is credited with what its
// suites' hooks and the shared runs it asked for executed (shared-runs.ts); runs asked for outside
// any test count as static (Stryker then runs every test against those mutants).
import type { Hook, Suite } from "mocha";
import { hookCoveragePrefix, runConsumers, runCoveragePrefix, strykerNamespace } from "./shared-runs";

const suiteIds = new Map<Suite, string>();
const wrapped = new WeakSet<Hook>();

function eachSuite(suite: Suite, visit: (suite: Suite) => void): void {
    visit(suite);
    for (const child of suite.suites) eachSuite(child, visit);
}

function addCoverage(into: Record<string, number>, from: Record<string, number> | undefined): void {
    for (const [mutant, hits] of Object.entries(from ?? {})) into[mutant] = (into[mutant] ?? 0) + hits;
}

export const mochaHooks = {
    beforeAll(this: Mocha.Context): void {
        // Every program module is loaded by now, outside any test, so that Stryker sees module-level code
        // (tables, patterns) as static and gives those mutants the fresh process they need. Loaded by the
        // first run instead, that code would count as the run's, and its mutants would be switched on after
        // it had run. Not when this file loads: Stryker's mocha runner loads `require` files at init, before
        // it switches a static mutant on, and only then the test files (mocha-runner src/mocha-test-runner.ts,
        // `run`: `activeMutant` is set before `loadFilesAsync`); loaded then, every static mutant would
        // be measured switched off, and survive.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("../../index");
        const stryker = strykerNamespace();
        const root = this.test?.parent;
        if (!stryker || !root) return;
        eachSuite(root, (suite) => {
            if (suite === root) return;
            const id = suiteIds.get(suite) ?? `${hookCoveragePrefix}${suiteIds.size} ${suite.fullTitle()}`;
            suiteIds.set(suite, id);
            for (const hook of (suite as unknown as { _beforeAll: Hook[] })._beforeAll) {
                if (wrapped.has(hook) || !hook.fn) continue;
                const original = hook.fn;
                hook.fn = function (this: Mocha.Context, ...args: unknown[]) {
                    stryker.currentTestId = id;
                    return (original as (...a: unknown[]) => unknown).apply(this, args);
                } as typeof original;
                wrapped.add(hook);
            }
        });
    },
    afterAll(this: Mocha.Context): void {
        const coverage = strykerNamespace()?.mutantCoverage;
        if (!coverage) return;
        const perTest = coverage.perTest;
        for (const [consumer, run] of runConsumers.splice(0)) {
            if (consumer?.startsWith(runCoveragePrefix)) continue;
            addCoverage(consumer ? (perTest[consumer] ??= {}) : coverage.static, perTest[run]);
        }
        for (const [suite, id] of suiteIds) {
            suite.eachTest((test) => addCoverage((perTest[test.fullTitle()] ??= {}), perTest[id]));
        }
        for (const id of Object.keys(perTest)) {
            if (id.startsWith(runCoveragePrefix) || id.startsWith(hookCoveragePrefix)) delete perTest[id];
        }
    },
};
