// The stack's azure-native settings (config/azure.ts): each kind of setting of the provider's
// config schema, accepted as the explicit provider takes it or refused with the whole fix command.
// Schema: @pulumi/azure-native/config/vars.d.ts and
// https://www.pulumi.com/registry/packages/azure-native/api-docs/provider/ (auxiliaryTenantIds is a
// list of strings; environment is one of public, usgovernment, china; clientSecret, oidcToken and
// clientCertificatePassword are credentials). Subscription, tenant and client IDs are GUIDs
// (https://learn.microsoft.com/en-us/entra/fundamentals/how-to-find-tenant).
import { strict as assert } from "assert";
import { ConfigProblem } from "../config/reader";
import type { RunOptions } from "../harness/run";
import { configProblems, settingsFor } from "./support/settings";

const subscription = "11111111-2222-4333-8444-555555555555";
const tenant = "22222222-2222-4333-8444-555555555555";
const otherTenant = "33333333-2222-4333-8444-555555555555";

/** Staging on AKS in eastus (the default region), with one administrator so only the tested settings matter. */
const azureStaging = (set: Record<string, string> = {}, secrets: Record<string, string> = {}): RunOptions => ({
    stack: "staging",
    secrets: { llmApiKey: "sk-test", ...secrets },
    set: { cloud: "azure", clusterAdmins: '["00000000-0000-0000-0000-000000000001"]', ...set },
});

const byKey = (problems: ConfigProblem[]) => [...problems].sort((a, b) => a.key.localeCompare(b.key));

const tenantListProblem = (raw: string): ConfigProblem => ({
    key: "azure-native:auxiliaryTenantIds",
    message: `must be a list of tenant IDs (GUIDs), got ${JSON.stringify(raw)}.`,
    fix:
        "pulumi config rm --stack staging azure-native:auxiliaryTenantIds && " +
        "pulumi config set --stack staging --path 'azure-native:auxiliaryTenantIds[0]' '<tenant ID>'",
});

describe("azure-native provider settings: accepted as the provider takes them, refused with the fix", function () {
    this.timeout(30000);

    it("passes GUIDs and paths trimmed, booleans as booleans and a tenant list as an array; an empty value counts as unset", async () => {
        const settings = await settingsFor(
            azureStaging({
                "azure-native:subscriptionId": `  ${subscription} `,
                "azure-native:tenantId": "",
                "azure-native:clientCertificatePath": "/etc/azure/deployer.pfx",
                "azure-native:oidcRequestUrl": "https://token.actions.githubusercontent.com/request",
                "azure-native:useMsi": "false",
                "azure-native:useOidc": "true",
                "azure-native:auxiliaryTenantIds": JSON.stringify([tenant, otherTenant]),
            }),
        );
        assert.deepEqual(settings.azure.provider, {
            subscriptionId: subscription,
            clientCertificatePath: "/etc/azure/deployer.pfx",
            oidcRequestUrl: "https://token.actions.githubusercontent.com/request",
            useMsi: false,
            useOidc: true,
            auxiliaryTenantIds: [tenant, otherTenant],
        });
        assert.equal(settings.azure.subscriptionId, subscription);
    });

    it("refuses an ID that is not a GUID (one digit short, or a name), with a placeholder (never an example GUID) in the fix", async () => {
        const problems = await configProblems(
            azureStaging({ "azure-native:subscriptionId": "atlasia-subscription", "azure-native:clientId": subscription.slice(0, -1) }),
        );
        assert.deepEqual(byKey(problems), [
            {
                key: "azure-native:clientId",
                message: `"${subscription.slice(0, -1)}" is not a GUID.`,
                fix: "pulumi config set --stack staging azure-native:clientId '<client ID>'",
            },
            {
                key: "azure-native:subscriptionId",
                message: '"atlasia-subscription" is not a GUID.',
                fix: "pulumi config set --stack staging azure-native:subscriptionId '<subscription ID>'",
            },
        ]);
    });

    describe("refuses a tenant list that is not a JSON array of GUID strings", () => {
        const bad = [
            tenant, // a bare GUID, not a list
            JSON.stringify(tenant), // a JSON string
            JSON.stringify({ tenant }), // a JSON object
            "5",
            JSON.stringify([[tenant]]), // a nested list, whose only item reads as a GUID when made a string
            JSON.stringify([tenant, [otherTenant]]),
        ];
        for (const raw of bad) {
            it(raw, async () => {
                assert.deepEqual(await configProblems(azureStaging({ "azure-native:auxiliaryTenantIds": raw })), [tenantListProblem(raw)]);
            });
        }
    });

    it("bad entries among good tenants are replaced in the whole list set anew; the others stay", async () => {
        const raw = JSON.stringify([tenant, "not-a-tenant", otherTenant, "x"]);
        const path = (i: number) => `pulumi config set --stack staging --path 'azure-native:auxiliaryTenantIds[${i}]'`;
        const fix = `pulumi config rm --stack staging azure-native:auxiliaryTenantIds && ${path(0)} ${tenant} && ${path(1)} '<tenant ID>' && ${path(2)} ${otherTenant} && ${path(3)} '<tenant ID>'`;
        assert.deepEqual(await configProblems(azureStaging({ "azure-native:auxiliaryTenantIds": raw })), [
            { key: "azure-native:auxiliaryTenantIds", message: '"not-a-tenant" is not a tenant ID (a GUID).', fix },
            { key: "azure-native:auxiliaryTenantIds", message: '"x" is not a tenant ID (a GUID).', fix },
        ]);
    });

    it("refuses a boolean other than true or false, with true in the fix", async () => {
        assert.deepEqual(await configProblems(azureStaging({ "azure-native:useMsi": "yes" })), [
            { key: "azure-native:useMsi", message: '"yes" is not true or false.', fix: "pulumi config set --stack staging azure-native:useMsi true" },
        ]);
    });

    it("refuses credentials in plain text and unknown keys, all at once, each with its fix", async () => {
        const problems = await configProblems(
            azureStaging({
                "azure-native:clientSecret": "plain-client-secret",
                "azure-native:oidcToken": "plain-oidc-token",
                "azure-native:clientid": subscription,
            }),
        );
        const plainText = "is stored in plain text in the stack file; it is a credential and must be encrypted.";
        assert.deepEqual(byKey(problems), [
            {
                key: "azure-native:clientid",
                message: "is not a setting of the azure-native provider (@pulumi/azure-native/config/vars): it would be ignored.",
                fix: "pulumi config rm --stack staging azure-native:clientid",
            },
            { key: "azure-native:clientSecret", message: plainText, fix: "pulumi config set --stack staging --secret azure-native:clientSecret" },
            { key: "azure-native:oidcToken", message: plainText, fix: "pulumi config set --stack staging --secret azure-native:oidcToken" },
        ]);
    });

    it("accepts the stack's own region as location (in any letter case, spaces trimmed), public as environment, and a blank value as unset", async () => {
        for (const location of ["eastus", "EastUS", " eastus "]) {
            assert.deepEqual(
                await configProblems(
                    azureStaging({ "azure-native:location": location, "azure-native:environment": "public", "azure-native:metadataHost": "  " }),
                ),
                [],
                location,
            );
        }
    });

    it("refuses another region, another cloud and any metadata host, all at once, each removed by its fix", async () => {
        const problems = await configProblems(
            azureStaging({ "azure-native:location": "westeurope", "azure-native:environment": "usgovernment", "azure-native:metadataHost": "public" }),
        );
        assert.deepEqual(byKey(problems), [
            {
                key: "azure-native:environment",
                message:
                    '"usgovernment" is not supported: only the public Azure cloud is supported: the kubeconfig\'s kubelogin server ID and the OIDC issuer are those of the public cloud.',
                fix: "pulumi config rm --stack staging azure-native:environment",
            },
            {
                key: "azure-native:location",
                message:
                    '"westeurope" is not supported: the region comes from atlasia:region; a different azure-native:location would split the stack across two regions.',
                fix: "pulumi config rm --stack staging azure-native:location",
            },
            {
                key: "azure-native:metadataHost",
                message: '"public" is not supported: only the public Azure cloud is supported (Azure Stack and sovereign clouds need other endpoints).',
                fix: "pulumi config rm --stack staging azure-native:metadataHost",
            },
        ]);
    });

    it("refuses an environment named like the region (only the location may be the region)", async () => {
        const problems = await configProblems(azureStaging({ "azure-native:environment": "eastus" }));
        assert.deepEqual(
            problems.map((p) => [p.key, p.fix]),
            [["azure-native:environment", "pulumi config rm --stack staging azure-native:environment"]],
        );
    });
});
