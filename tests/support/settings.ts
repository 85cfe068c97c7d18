// Validated StackSettings of a configuration, without running the program (for pure functions).
import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig } from "../../harness/stack-config";
import { offlineMocks } from "../../harness/mocks";
import { RunOptions } from "../../harness/run";
import { projectName } from "../../config/keys";
import { loadSettings } from "../../config/load";
import { StackSettings } from "../../config/settings";
import { ConfigProblem, StackConfigError } from "../../config/reader";
import { withOperatorNames } from "./runs";

export async function settingsFor(given: RunOptions): Promise<StackSettings> {
    const options = withOperatorNames(given);
    const config = loadStackConfig(options.stack, options);
    await pulumi.runtime.setMocks(offlineMocks, projectName, options.stack ?? "dev", false);
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);
    return loadSettings();
}

/** The problems `loadSettings` reports for a configuration (none when it is valid). */
export async function configProblems(given: RunOptions): Promise<ConfigProblem[]> {
    try {
        await settingsFor(given);
        return [];
    } catch (e) {
        if (e instanceof StackConfigError) return e.problems;
        throw e;
    }
}
