// The capacity check's error message for a configuration, failing the test when it does not throw one.
import { strict as assert } from "assert";
import { checkCapacity, CapacityError } from "../../workloads/capacity";
import type { RunOptions } from "../../harness/run";
import { settingsFor } from "./settings";

export async function capacityError(options: RunOptions): Promise<string> {
    const settings = await settingsFor(options);
    let message = "";
    assert.throws(
        () => checkCapacity(settings),
        (e: Error) => {
            message = e.message;
            return e instanceof CapacityError;
        },
    );
    return message;
}
