// A gcp provider setting stored as a secret but empty (or only spaces) is unset: `pulumi config set
// --secret gcp:requestReason ''` leaves the key in the stack file, but an empty value means no value.
// The explicit provider must then carry no input for it at all, not a secret null (config/gcp.ts
// readAuth): the provider has no such setting, and a secret null input would still be kept in state
// and shown in every diff as a changed secret.
import { strict as assert } from "assert";
import { stackOptions, validStackRun } from "./support/runs";
import { onlyResource } from "./support/resources";

describe("gcp provider settings stored secret but empty are dropped (config/gcp.ts)", function () {
    this.timeout(30000);

    it("an empty or blank secret gcp:requestReason, gcp:billingProject and gcp:impersonateServiceAccount give the provider no such input", async () => {
        const base = stackOptions("gcp", "staging");
        const run = await validStackRun({
            ...base,
            secrets: { ...base.secrets, "gcp:requestReason": "", "gcp:billingProject": "   ", "gcp:impersonateServiceAccount": " " },
        });
        const provider = onlyResource(run, "pulumi:providers:gcp");
        // The same inputs as a stack that sets none of them (tests/gcp-provider-auth-settings.test.ts).
        assert.deepEqual(Object.keys(provider.inputs).sort(), ["defaultLabels", "project", "region"]);
        assert.deepEqual(provider.secretPaths, []);
    });
});
