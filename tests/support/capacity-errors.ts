// The capacity check's error message for a configuration, failing the test when it does not throw one.
import { strict as assert } from "assert";
import { checkCapacity, CapacityError } from "../../workloads/capacity";
import type { RunOptions } from "../../harness/run";
import { settingsFor } from "./settings";
import { stackOptions } from "./runs";

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

/**
 * EKS production at its floor of one node per zonal group (3) of a custom 2 vCPU / 4 GiB type: too
 * few for the minimum replicas, so the capacity check warns and suggests five
 * (tests/capacity-messages.test.ts works the numbers out).
 */
export function smallNodesAtEksFloor(): RunOptions {
    const base = stackOptions("aws", "production");
    return { ...base, set: { ...base.set, nodeMachineType: "t3.medium", nodeCpus: "2", nodeMemoryGib: "4", nodeMinCount: "3", nodeCount: "3" } };
}
