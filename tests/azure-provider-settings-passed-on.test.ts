// The `azure-native:` settings an operator may give the provider (node_modules/@pulumi/azure-native/config/vars.d.ts):
// an explicit provider does not read them from stack config, so each one the program accepts must reach
// its provider unchanged, and the credentials stay secrets. Values are literals written by hand; none is
// the SDK's own default (provider.js: environment "public", the rest unset).
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { validStackRun } from "./support/runs";
import { configProblems } from "./support/settings";
import { providerConfigSettings } from "./support/provider-config";

/** Refused unless they say what the program uses (tests/azure-provider-settings.test.ts): one region, the public cloud. */
const refused = ["environment", "location", "metadataHost"];

/** Credentials: accepted only when the stack stores them encrypted (`pulumi config set --secret`). */
const secrets: Record<string, string> = {
    clientCertificatePassword: "pfx-password-value",
    clientSecret: "client-secret-value",
    oidcRequestToken: "oidc-request-token-value",
    oidcToken: "oidc-token-value",
};

/** Plain settings: what the operator sets, and what the provider gets (booleans and lists as JSON). */
const plain: Record<string, [set: string, passed: string]> = {
    auxiliaryTenantIds: ['["33333333-2222-4333-8444-555555555555"]', '["33333333-2222-4333-8444-555555555555"]'],
    clientCertificatePath: ["/etc/azure/deployer.pfx", "/etc/azure/deployer.pfx"],
    clientId: ["44444444-2222-4333-8444-555555555555", "44444444-2222-4333-8444-555555555555"],
    disableInstanceDiscovery: ["true", "true"],
    disablePulumiPartnerId: ["true", "true"],
    msiEndpoint: ["http://169.254.169.254/metadata/identity/oauth2/token", "http://169.254.169.254/metadata/identity/oauth2/token"],
    oidcRequestUrl: ["https://token.actions.githubusercontent.com/request", "https://token.actions.githubusercontent.com/request"],
    oidcTokenFilePath: ["/var/run/secrets/azure/tokens/azure-identity-token", "/var/run/secrets/azure/tokens/azure-identity-token"],
    partnerId: ["55555555-2222-4333-8444-555555555555", "55555555-2222-4333-8444-555555555555"],
    subscriptionId: ["11111111-2222-4333-8444-555555555555", "11111111-2222-4333-8444-555555555555"],
    tenantId: ["22222222-2222-4333-8444-555555555555", "22222222-2222-4333-8444-555555555555"],
    useDefaultAzureCredential: ["true", "true"],
    useMsi: ["true", "true"],
    useOidc: ["true", "true"],
};

/** Staging on AKS with one administrator and `set` (full keys), so only the tested settings matter. */
const azureStaging = (set: Record<string, string>, secretSet: Record<string, string> = {}): RunOptions => ({
    stack: "staging",
    secrets: { llmApiKey: "sk-test", ...secretSet },
    set: { cloud: "azure", clusterAdmins: '["00000000-0000-0000-0000-000000000001"]', ...set },
});

const prefixed = (settings: Record<string, string>) => Object.fromEntries(Object.entries(settings).map(([name, value]) => [`azure-native:${name}`, value]));

describe("azure-native settings reach the explicit provider", function () {
    this.timeout(60000);

    it("refuses every credential stored in plain text, each with the command that encrypts it", async () => {
        const problems = await configProblems(azureStaging(prefixed(secrets)));
        assert.deepEqual(
            [...problems].sort((a, b) => a.key.localeCompare(b.key)),
            Object.keys(secrets).map((name) => ({
                key: `azure-native:${name}`,
                message: "is stored in plain text in the stack file; it is a credential and must be encrypted.",
                fix: `pulumi config set --stack staging --secret azure-native:${name}`,
            })),
        );
    });

    it("refuses a partner ID that is not a GUID, with a placeholder in the fix", async () => {
        // https://learn.microsoft.com/en-us/partner-center/marketplace-offers/azure-partner-customer-usage-attribution: a GUID.
        assert.deepEqual(await configProblems(azureStaging({ "azure-native:partnerId": "atlasia" })), [
            {
                key: "azure-native:partnerId",
                message: '"atlasia" is not a GUID.',
                fix: "pulumi config set --stack staging azure-native:partnerId '<partner ID>'",
            },
        ]);
    });

    it("every setting the SDK declares but the refused ones is passed on as set, the credentials as secrets", async () => {
        assert.deepEqual(
            [...Object.keys(plain), ...Object.keys(secrets)].sort(),
            providerConfigSettings("@pulumi/azure-native").filter((name) => !refused.includes(name)),
        );
        const run = await validStackRun(
            azureStaging(prefixed(Object.fromEntries(Object.entries(plain).map(([name, [set]]) => [name, set]))), prefixed(secrets)),
        );
        const provider = run.resources.find((r) => r.type === "pulumi:providers:azure-native");
        assert.ok(provider, "the explicit azure-native provider");
        const expected = { ...Object.fromEntries(Object.entries(plain).map(([name, [, passed]]) => [name, passed])), ...secrets };
        assert.deepEqual(Object.fromEntries(Object.keys(expected).map((name) => [name, provider.inputs[name]])), expected);
        for (const name of Object.keys(secrets))
            assert.ok(provider.secretPaths.includes(name), `${name} is a secret; secret paths: ${provider.secretPaths.join(", ")}`);
    });
});
