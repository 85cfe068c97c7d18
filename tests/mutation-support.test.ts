// The support that makes `npm run mutate` measure this suite correctly (tests/support/shared-runs.ts,
// tests/support/mutation-hooks.ts), against a stand-in for Stryker's global namespace: a shared run is
// recomputed when the active mutant changes, and its coverage is credited to every test that used it.
import { strict as assert } from "assert";
import { SharedRuns, StrykerNamespace } from "./support/shared-runs";
import { mochaHooks } from "./support/mutation-hooks";

describe("mutation testing support", function () {
    const global = globalThis as { __stryker__?: StrykerNamespace };
    // Under Stryker itself the stand-in would replace the real namespace: these tests run in `npm test`.
    before(function () {
        if (global.__stryker__) this.skip();
    });
    afterEach(() => {
        delete global.__stryker__;
    });

    it("without Stryker, a shared run is computed once", async () => {
        const runs = new SharedRuns();
        const sharedRun = runs.get.bind(runs);
        let computed = 0;
        const start = () => Promise.resolve(++computed);
        assert.equal(await sharedRun("mutation-support plain", start), 1);
        assert.equal(await sharedRun("mutation-support plain", start), 1);
    });

    it("under Stryker, each mutant gets its own run, and every test that asked for it is credited with its coverage", async () => {
        const stryker: StrykerNamespace = { currentTestId: "first test", mutantCoverage: { static: {}, perTest: {} } };
        global.__stryker__ = stryker;
        // Its own cache: switching the stand-in's mutant must not empty the runs other test files share.
        const runs = new SharedRuns();
        const sharedRun = runs.get.bind(runs);
        let computed = 0;
        // What instrumented code does: count the mutants it passes under the current test id.
        const start = () => {
            const coverage = stryker.mutantCoverage!.perTest;
            coverage[stryker.currentTestId!] = { ...coverage[stryker.currentTestId!], "7": 1 };
            return Promise.resolve(++computed);
        };
        assert.equal(await sharedRun("mutation-support stryker", start), 1);
        assert.equal(stryker.currentTestId, "first test", "the test's id is restored after the run");
        stryker.currentTestId = "second test";
        assert.equal(await sharedRun("mutation-support stryker", start), 1, "cached within one mutant");
        stryker.currentTestId = undefined;
        await sharedRun("mutation-support stryker", start);
        mochaHooks.afterAll.call({} as Mocha.Context);
        assert.deepEqual(stryker.mutantCoverage, { static: { "7": 1 }, perTest: { "first test": { "7": 1 }, "second test": { "7": 1 } } });

        stryker.activeMutant = "7";
        assert.equal(await sharedRun("mutation-support stryker", start), 2, "recomputed with the mutant active");
    });
});
