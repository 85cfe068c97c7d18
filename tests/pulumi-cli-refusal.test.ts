// The message that stops a run on a Pulumi CLI outside requiredPulumiVersion (config/pulumi-cli.ts):
// what was wrong, why it matters, and the install command for the pinned version
// (https://www.pulumi.com/docs/iac/download-install/: `curl -fsSL https://get.pulumi.com | sh -s -- --version <v>`),
// with the engine's own error kept as the cause for a debugger or a log with stack traces.
import { strict as assert } from "assert";
import { requireSupportedCli } from "../config/pulumi-cli";

describe("Pulumi CLI refusal message", () => {
    it("names the range, the engine's reason, the risk and the install command, keeping the engine's error as cause", async () => {
        const engineError = new Error("The installed version of the CLI does not support the `RequirePulumiVersion` RPC.");
        const asked: string[] = [];
        const refused = await requireSupportedCli((range) => {
            asked.push(range);
            return Promise.reject(engineError);
        }).then(
            () => assert.fail("an engine refusing the range must stop the run"),
            (e: Error) => e,
        );
        assert.deepEqual(asked, [">=3.219.0"]);
        assert.equal(
            refused.message,
            [
                "This program needs the Pulumi CLI >=3.219.0: The installed version of the CLI does not support the `RequirePulumiVersion` RPC.",
                "  Older CLIs replace the generated passwords and keys (docs/operations.md). Install the version in .pulumi-version:",
                "  curl -fsSL https://get.pulumi.com | sh -s -- --version $(cat .pulumi-version)",
            ].join("\n"),
        );
        assert.equal(refused.cause, engineError);
    });

    it("lets a run on a CLI inside the range go on", async () => {
        await requireSupportedCli(() => Promise.resolve());
    });
});
