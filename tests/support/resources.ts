// Picking resources out of a recorded program run.
import { strict as assert } from "assert";
import type { ProgramRun, RecordedResource } from "../../harness/run";

/** The one resource of `type` with that name, or that `match` accepts (any, by default); fails unless exactly one. */
export function onlyResource(
    run: Pick<ProgramRun, "resources">,
    type: string,
    match: string | ((r: RecordedResource) => boolean) = () => true,
): RecordedResource {
    const accepts = typeof match === "string" ? (r: RecordedResource) => r.name === match : match;
    const found = run.resources.filter((r) => r.type === type && accepts(r));
    assert.equal(found.length, 1, `expected one ${type}${typeof match === "string" ? ` named ${match}` : ""}, found ${found.length}`);
    return found[0];
}

/** Every resource of `type`; fails when there is none, so a check over them cannot pass vacuously. */
export function everyResource(run: Pick<ProgramRun, "resources">, type: string): RecordedResource[] {
    const found = run.resources.filter((r) => r.type === type);
    assert.ok(found.length > 0, `expected at least one ${type}`);
    return found;
}
