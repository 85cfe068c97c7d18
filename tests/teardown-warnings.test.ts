// atlasia:allowClusterDeletion (config/teardown.ts, docs/operations.md#tearing-production-down):
// on production it lifts the cluster's deletion protection and says how to put it back; elsewhere
// there is no protection to lift, and the operator is told the setting does nothing.
import { strict as assert } from "assert";
import { settingsFor } from "./support/settings";

const deletionWarnings = async (stack: string, allowClusterDeletion: string) =>
    (
        await settingsFor({
            stack,
            secrets: { llmApiKey: "sk-test" },
            set: { allowClusterDeletion, "gcp:project": "my-project-123" },
        })
    ).warnings.filter((w) => w.includes("allowClusterDeletion"));

describe("allowClusterDeletion warnings", function () {
    this.timeout(30000);

    it("on production: protection lifted by this update, with the command that restores it", async () => {
        assert.deepEqual(await deletionWarnings("production", "true"), [
            "atlasia:allowClusterDeletion is true: the production cluster's deletion protection is lifted by this update. Only for a teardown (docs/operations.md#tearing-production-down); otherwise: pulumi config rm --stack production atlasia:allowClusterDeletion",
        ]);
    });

    it("on staging: no effect, since only production carries deletion protection", async () => {
        const settings = await settingsFor({ stack: "staging", secrets: { llmApiKey: "sk-test" }, set: { allowClusterDeletion: "true" } });
        assert.equal(settings.allowClusterDeletion, true);
        assert.deepEqual(
            settings.warnings.filter((w) => w.includes("allowClusterDeletion")),
            ["atlasia:allowClusterDeletion has no effect in staging: only production clusters carry deletion protection."],
        );
    });

    it("says nothing when it is false", async () => {
        assert.deepEqual(await deletionWarnings("production", "false"), []);
        assert.deepEqual(await deletionWarnings("staging", "false"), []);
    });
});
