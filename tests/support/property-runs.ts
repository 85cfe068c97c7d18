// Property-based runs of the whole program: generated configurations go through index.ts under
// mocks, and each must either be rejected with a configuration error (before any resource exists)
// or produce resources that break no platform naming rule. Seeded, so a failure reproduces.
import { strict as assert } from "assert";
import fc from "fast-check";
import { ProgramRun, runProgram } from "../../harness/run";
import { withOperatorNames } from "./runs";
import { StackConfigError } from "../../config/reader";
import { platformRuleViolations } from "./platform-rules";
import { llmApiKey } from "./runs";

/** Fixed seed: the same configurations every run; change it to explore, then fix what fails. */
export const propertySeed = 20261129;
/** The issue asks for at least 200 generated configurations per cloud. */
export const propertyRunsPerCloud = 200;

/** One generated stack: a committed stack file and the config keys set over it. */
export interface GeneratedStack {
    stack: "dev" | "staging" | "production";
    /** "key" (atlasia:) or "namespace:key" to value, as `pulumi config set` would store it. */
    set: Record<string, string>;
}

export interface PropertyTally {
    accepted: number;
    rejected: number;
}

/** Resources a run registered besides the root stack (which Pulumi registers before the program runs). */
export function createdResources(run: Pick<ProgramRun, "resources">): string[] {
    return run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => `${r.type} ${r.name}`);
}

/** Runs one generated configuration; throws on a crash, a resource created before rejection, or a broken rule. */
export async function checkGeneratedStack(generated: GeneratedStack, tally: PropertyTally): Promise<void> {
    const run = await runProgram(withOperatorNames({ stack: generated.stack, set: generated.set, secrets: { llmApiKey } }));
    const shown = JSON.stringify(generated);
    if (run.error) {
        if (!(run.error instanceof StackConfigError)) {
            // Runs drop stack traces for speed; run the crash again with them, to show where it was.
            const traced = await runProgram(withOperatorNames({ stack: generated.stack, set: generated.set, secrets: { llmApiKey }, stackTraces: true }));
            assert.fail(`${shown}: crashed instead of a configuration error:\n${traced.error?.stack ?? run.error.message}`);
        }
        const created = createdResources(run);
        assert.equal(created.length, 0, `${shown}: rejected after creating ${created.join(", ")}`);
        tally.rejected++;
        return;
    }
    assert.deepEqual(platformRuleViolations(run), [], `${shown}: breaks platform rules`);
    tally.accepted++;
}

/** Asserts the property over `propertyRunsPerCloud` configurations and returns how many were accepted. */
export async function assertStacksObeyPlatformRules(
    stacks: fc.Arbitrary<GeneratedStack>,
    numRuns = propertyRunsPerCloud,
    observe?: (generated: GeneratedStack, accepted: boolean) => void,
): Promise<PropertyTally> {
    const tally: PropertyTally = { accepted: 0, rejected: 0 };
    await fc.assert(
        fc.asyncProperty(stacks, async (generated) => {
            const acceptedBefore = tally.accepted;
            await checkGeneratedStack(generated, tally);
            observe?.(generated, tally.accepted > acceptedBefore);
        }),
        { seed: propertySeed, numRuns, endOnFailure: true },
    );
    return tally;
}
