// The gcp provider's own stack settings that config/gcp.ts passes to the program's explicit provider
// (an explicit provider reads no `gcp:*` config itself): lists that must be lists of strings, the
// impersonated identity that must be a service account, and userProjectOverride that must be a
// boolean. A wrong value is refused before anything is created, every one at once.
import { strict as assert } from "assert";
import { configProblems, settingsFor } from "./support/settings";
import { stackOptions, validStackRun, withConfig } from "./support/runs";
import { onlyResource } from "./support/resources";
import type { RunOptions } from "../harness/run";

const secrets = { llmApiKey: "sk-test" };
const gcpProduction = (set: Record<string, string> = {}): RunOptions => ({ stack: "production", secrets, set: { "gcp:project": "my-project-123", ...set } });
const gcpStaging = (set: Record<string, string>): RunOptions => withConfig(stackOptions("gcp", "staging"), set);
const cloudPlatform = "https://www.googleapis.com/auth/cloud-platform";

describe("gcp provider authentication settings (config/gcp.ts)", function () {
    this.timeout(30000);

    describe("gcp:scopes and gcp:impersonateServiceAccountDelegates: lists of strings", () => {
        // Provider reference: scopes and impersonate_service_account_delegates are lists of strings
        // (https://registry.terraform.io/providers/hashicorp/google/latest/docs/guides/provider_reference).
        it("a list of strings reaches the explicit provider as it is", async () => {
            const run = await validStackRun(gcpStaging({ "gcp:scopes": JSON.stringify([cloudPlatform]) }));
            assert.equal(onlyResource(run, "pulumi:providers:gcp").inputs.scopes, JSON.stringify([cloudPlatform]));
        });

        it("refuses a list holding a number, a plain string and an object, with the full message and fix; a single e-mail is kept as the one item", async () => {
            assert.deepEqual(await configProblems(gcpProduction({ "gcp:scopes": `["${cloudPlatform}", 42]` })), [
                {
                    key: "gcp:scopes",
                    message: `must be a list of strings, got ${JSON.stringify(`["${cloudPlatform}", 42]`)}.`,
                    fix: "pulumi config rm --stack production gcp:scopes && pulumi config set --stack production --path 'gcp:scopes[0]' '<OAuth scope URL>'",
                },
            ]);
            assert.deepEqual(await configProblems(gcpProduction({ "gcp:impersonateServiceAccountDelegates": '"ci@atlasia.iam.gserviceaccount.com"' })), [
                {
                    key: "gcp:impersonateServiceAccountDelegates",
                    message: 'must be a list of strings, got "\\"ci@atlasia.iam.gserviceaccount.com\\"".',
                    fix:
                        "pulumi config rm --stack production gcp:impersonateServiceAccountDelegates && " +
                        "pulumi config set --stack production --path 'gcp:impersonateServiceAccountDelegates[0]' ci@atlasia.iam.gserviceaccount.com",
                },
            ]);
            const objectProblems = await configProblems(gcpProduction({ "gcp:scopes": '{"scope":"x"}' }));
            assert.deepEqual(
                objectProblems.map((p) => p.key),
                ["gcp:scopes"],
            );
        });
    });

    describe("gcp:impersonateServiceAccount: a service account's e-mail", () => {
        // https://cloud.google.com/iam/docs/service-account-overview: SA_NAME@PROJECT_ID.iam.gserviceaccount.com.
        it("accepts a service account e-mail", async () => {
            const settings = await settingsFor(gcpProduction({ "gcp:impersonateServiceAccount": "deployer@atlasia-production.iam.gserviceaccount.com" }));
            assert.equal(settings.gcp.auth.impersonateServiceAccount, "deployer@atlasia-production.iam.gserviceaccount.com");
        });

        it("refuses a user's e-mail, with a service account placeholder as the fix", async () => {
            assert.deepEqual(await configProblems(gcpProduction({ "gcp:impersonateServiceAccount": "deployer@gmail.com" })), [
                {
                    key: "gcp:impersonateServiceAccount",
                    message: '"deployer@gmail.com" is not a service account e-mail.',
                    fix: "pulumi config set --stack production gcp:impersonateServiceAccount '<service account e-mail>'",
                },
            ]);
        });

        it("refuses a service account e-mail with anything around it: a mailto: before, a dot after", async () => {
            // A service account e-mail is SA_NAME@PROJECT_ID.iam.gserviceaccount.com, nothing more:
            // https://cloud.google.com/iam/docs/service-account-overview#identifiers
            for (const given of ["mailto:deployer@atlasia-production.iam.gserviceaccount.com", "deployer@atlasia-production.iam.gserviceaccount.com."]) {
                assert.deepEqual(
                    (await configProblems(gcpProduction({ "gcp:impersonateServiceAccount": given }))).map(({ key, message }) => [key, message]),
                    [["gcp:impersonateServiceAccount", `"${given}" is not a service account e-mail.`]],
                );
            }
        });
    });

    describe("gcp:userProjectOverride: true or false", () => {
        // Provider reference: user_project_override is a boolean, false unless set.
        it("true and false reach the explicit provider; unset, the provider carries no value of its own", async () => {
            for (const value of ["true", "false"]) {
                const run = await validStackRun(gcpStaging({ "gcp:userProjectOverride": value }));
                assert.equal(onlyResource(run, "pulumi:providers:gcp").inputs.userProjectOverride, value);
            }
            assert.equal((await settingsFor(gcpProduction({ "gcp:userProjectOverride": "true" }))).gcp.auth.userProjectOverride, true);
            assert.equal((await settingsFor(gcpProduction({ "gcp:userProjectOverride": "false" }))).gcp.auth.userProjectOverride, false);
            const unset = await validStackRun(stackOptions("gcp", "staging"));
            assert.deepEqual(Object.keys(onlyResource(unset, "pulumi:providers:gcp").inputs).sort(), ["defaultLabels", "project", "region"]);
        });

        it("refuses anything else, with true as the fix", async () => {
            assert.deepEqual(await configProblems(gcpProduction({ "gcp:userProjectOverride": "yes" })), [
                {
                    key: "gcp:userProjectOverride",
                    message: '"yes" is not true or false.',
                    fix: "pulumi config set --stack production gcp:userProjectOverride true",
                },
            ]);
        });
    });

    it("reports every wrong provider setting at once", async () => {
        const problems = await configProblems(
            gcpProduction({
                "gcp:scopes": "[1]",
                "gcp:impersonateServiceAccountDelegates": "[true]",
                "gcp:impersonateServiceAccount": "deployer@gmail.com",
                "gcp:userProjectOverride": "TRUE",
            }),
        );
        assert.deepEqual(
            problems.map((p) => p.key),
            ["gcp:impersonateServiceAccountDelegates", "gcp:scopes", "gcp:impersonateServiceAccount", "gcp:userProjectOverride"],
        );
    });
});
