// The e2e run's check of the blue-green switch's order in the engine output (tests/e2e/engine-output.ts),
// on the lines the real engine printed: before the fix (first run, 2026-11-29) and after it.
import { strict as assert } from "assert";
import { switchOrderProblems } from "./e2e/engine-output";

const before = [
    " +  kubernetes:apps/v1:Deployment atlasia-frontend-green creating (0s) ",
    " ~  kubernetes:core/v1:Service atlasia-frontend updating (0s) [diff: ~spec]",
    " +  kubernetes:apps/v1:Deployment atlasia-frontend-green created (0.55s) ",
    " ~  kubernetes:core/v1:Service atlasia-orchestrator updating (0s) [diff: ~spec]",
    " +  kubernetes:apps/v1:Deployment atlasia-orchestrator-green creating (0s) ",
    " +  kubernetes:apps/v1:Deployment atlasia-orchestrator-green created (0.15s) ",
].join("\n");

const after = [
    " +  kubernetes:apps/v1:Deployment atlasia-frontend-green creating (0s) ",
    " +  kubernetes:apps/v1:Deployment atlasia-frontend-green created (0.56s) ",
    " ~  kubernetes:core/v1:Service atlasia-frontend updating (0s) [diff: ~spec]",
    " +  kubernetes:apps/v1:Deployment atlasia-orchestrator-green creating (0s) ",
    " +  kubernetes:apps/v1:Deployment atlasia-orchestrator-green created (0.33s) ",
    " ~  kubernetes:core/v1:Service atlasia-orchestrator updating (0s) [diff: ~spec]",
].join("\n");

describe("e2e: blue-green switch order in the engine output", () => {
    it("finds both Services switched before their green Deployment was ready in the first real run", () => {
        const problems = switchOrderProblems(before, ["frontend", "orchestrator"], "green");
        assert.equal(problems.length, 2);
        assert.match(problems[0], /atlasia-frontend was switched \(line 2\) before atlasia-frontend-green was ready \(line 3\)/);
    });

    it("accepts the order after the fix (the Services depend on the active colour's Deployment)", () => {
        assert.deepEqual(switchOrderProblems(after, ["frontend", "orchestrator"], "green"), []);
    });

    it("reports a switch that did not happen", () => {
        assert.deepEqual(switchOrderProblems(after, ["worker"], "green"), ["the green Deployment atlasia-worker-green was not created"]);
    });
});
