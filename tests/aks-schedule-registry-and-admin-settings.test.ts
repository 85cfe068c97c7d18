// AKS settings of config/azure.ts at their edges, each refusal matched in full as an operator
// pastes its fix: the weekly maintenance window
// (https://learn.microsoft.com/en-us/azure/aks/planned-maintenance: a day of the week and a start
// time HH:mm), the auto-upgrade channel
// (https://learn.microsoft.com/en-us/azure/aks/auto-upgrade-cluster#cluster-auto-upgrade-channels:
// none, patch, stable, rapid, node-image; there is no "latest"), the registry's resource ID
// (registry names are 5-50 alphanumerics,
// https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/resource-name-rules#microsoftcontainerregistry)
// and the administrator an AKS cluster without local accounts needs
// (https://learn.microsoft.com/en-us/azure/aks/manage-local-accounts-managed-azure-ad).
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { configProblems, settingsFor } from "./support/settings";
import { parseAcrResourceId } from "../config/azure";

const azureStaging = (set: Record<string, string> = {}): RunOptions => ({
    stack: "staging",
    secrets: { llmApiKey: "sk-test" },
    set: { cloud: "azure", clusterAdmins: '["00000000-0000-0000-0000-000000000001"]', ...set },
});

describe("AKS schedule, registry and administrator settings at their edges", function () {
    this.timeout(30000);

    describe("maintenance window", () => {
        it("takes a day in any letter case and a UTC time from 00:00 to 23:59", async () => {
            const cases: [string, { dayOfWeek: string; startTime: string }][] = [
                ["saturday 22:30", { dayOfWeek: "Saturday", startTime: "22:30" }],
                ["Monday 00:00", { dayOfWeek: "Monday", startTime: "00:00" }],
                ["SUNDAY 23:59", { dayOfWeek: "Sunday", startTime: "23:59" }],
            ];
            for (const [raw, window] of cases) {
                assert.deepEqual((await settingsFor(azureStaging({ aksMaintenanceWindow: raw }))).azure.maintenanceWindow, window, raw);
            }
        });

        // Each is wrong only before the day, after the time, or in the day's name.
        for (const raw of ["Every Sunday 03:00", "Sunday 03:00 UTC", "Funday 03:00"]) {
            it(`refuses "${raw}"`, async () => {
                assert.deepEqual(await configProblems(azureStaging({ aksMaintenanceWindow: raw })), [
                    {
                        key: "atlasia:aksMaintenanceWindow",
                        message: `"${raw}" is not a weekly start such as "Sunday 03:00" (a day of the week and a UTC time HH:MM).`,
                        fix: "pulumi config set --stack staging atlasia:aksMaintenanceWindow 'Sunday 03:00'",
                    },
                ]);
            });
        }
    });

    it("refuses an auto-upgrade channel AKS does not have, fixing it to the default stable channel", async () => {
        assert.deepEqual(await configProblems(azureStaging({ aksAutoUpgradeChannel: "latest" })), [
            {
                key: "atlasia:aksAutoUpgradeChannel",
                message: '"latest" is not one of none, patch, stable, rapid, node-image.',
                fix: "pulumi config set --stack staging atlasia:aksAutoUpgradeChannel stable",
            },
        ]);
    });

    it("refuses a registry ID whose name is one character short of 5; the fix holds placeholders, never an all-zero subscription", async () => {
        const registryId = (name: string) =>
            `/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/registry-rg/providers/Microsoft.ContainerRegistry/registries/${name}`;
        assert.deepEqual(await configProblems(azureStaging({ aksAcrResourceId: registryId("acr1") })), [
            {
                key: "atlasia:aksAcrResourceId",
                message: `"${registryId("acr1")}" is not the resource ID of a container registry.`,
                fix:
                    "pulumi config set --stack staging atlasia:aksAcrResourceId " +
                    "'/subscriptions/<subscription ID>/resourceGroups/<resource group>/providers/Microsoft.ContainerRegistry/registries/<registry name>'",
            },
        ]);
        assert.deepEqual((await settingsFor(azureStaging({ aksAcrResourceId: registryId("Acr12") }))).azure.acr, {
            id: registryId("Acr12"),
            subscriptionId: "11111111-2222-4333-8444-555555555555",
            name: "acr12",
            loginServer: "acr12.azurecr.io",
        });
    });

    it("takes every resource group name Azure allows in a registry ID, and no other", () => {
        // 1-90 underscores, hyphens, periods, parentheses and Unicode letters or digits (Char.IsLetterOrDigit), not ending
        // in a period (https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/resource-name-rules).
        const inGroup = (group: string, subscription = "11111111-2222-4333-8444-555555555555") =>
            parseAcrResourceId(`/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.ContainerRegistry/registries/atlasiaprod`);
        for (const group of ["rg-café", "資源グループ", "RG_(prod).v2", "r", "a".repeat(90), "rg-١٢"]) {
            assert.equal(inGroup(group)?.loginServer, "atlasiaprod.azurecr.io", group);
        }
        // .NET counts UTF-16 units and classifies each alone: a letter outside the BMP is two non-letters.
        assert.equal(inGroup("資".repeat(90))?.name, "atlasiaprod", "90 letters of the BMP");
        for (const group of ["rg.", "a".repeat(91), "資".repeat(91), "\u{20000}", "", "rg/x", "rg x", "rg+x", "rg😀"]) {
            assert.equal(inGroup(group), undefined, group);
        }
        assert.equal(inGroup("rg", "-".repeat(36)), undefined, "a subscription is a GUID, not any 36 hyphens and hex digits");
        assert.equal(inGroup("rg", "11111111-2222-4333-8444-55555555555"), undefined, "a GUID's last group has 12 digits");
        // Case-insensitive matching under the u flag would fold the Kelvin sign and the long s into k and s: the
        // login server would look right while the role assignment's scope kept the stray character.
        for (const name of ["atlas\u212Aprod", "atla\u017Fprod"]) {
            assert.equal(
                parseAcrResourceId(
                    `/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/${name}`,
                ),
                undefined,
                name,
            );
        }
        assert.equal(inGroup("rg", "AAAAAAAA-2222-4333-8444-555555555555")?.subscriptionId, "AAAAAAAA-2222-4333-8444-555555555555", "IDs ignore case");
    });

    it("refuses a registry ID with anything around it: a portal URL before, a replication's path after", async () => {
        // The role assignment's scope is the registry's own ARM resource ID, as `az acr show --query id` prints it
        // (https://learn.microsoft.com/en-us/azure/aks/cluster-container-registry-integration): a management URL before
        // it or a child resource's path (a geo-replication) after it names no registry the kubelet could pull from.
        const registry =
            "/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/registry-rg/providers/Microsoft.ContainerRegistry/registries/atlasiaregistry";
        for (const given of [`https://management.azure.com${registry}`, `${registry}/replications/westeurope`]) {
            assert.deepEqual(
                (await configProblems(azureStaging({ aksAcrResourceId: given }))).map(({ key, message }) => ({ key, message })),
                [{ key: "atlasia:aksAcrResourceId", message: `"${given}" is not the resource ID of a container registry.` }],
            );
        }
    });

    it("refuses a cluster nobody could administer, naming both ways out", async () => {
        assert.deepEqual(await configProblems(azureStaging({ clusterAdmins: "[]" })), [
            {
                key: "atlasia:clusterAdmins",
                message:
                    "AKS has local accounts disabled, so the cluster needs at least one administrator: list the CI identity as " +
                    "ServicePrincipal:<object-id> and a break-glass group as Group:<object-id> (the identity running pulumi up must be " +
                    "one of them or in a listed group), or set clusterAdminIncludeDeployer to true.",
                fix:
                    "pulumi config rm --stack staging atlasia:clusterAdmins && " +
                    "pulumi config set --stack staging --path 'atlasia:clusterAdmins[0]' 'ServicePrincipal:<object ID of CI>' && " +
                    "pulumi config set --stack staging --path 'atlasia:clusterAdmins[1]' 'Group:<object ID of the break-glass group>'",
            },
        ]);
    });
});
