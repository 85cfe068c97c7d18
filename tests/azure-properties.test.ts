// Generated AKS stacks through the whole program: each is refused with a configuration error
// before any resource exists, or creates only names and tags Azure accepts
// (clusters/platform-rules/azure.ts). Seeded: the same configurations every run.
import { strict as assert } from "assert";
import fc from "fast-check";
import { aksAutoUpgradeChannels, weekDays } from "../config/azure";
import { machineShapes } from "../clusters/capacity";
import { assertStacksObeyPlatformRules, GeneratedStack } from "./support/property-runs";

const regions = ["", "eastus", "westeurope", "australiaeast", "germanywestcentral", "southafricanorth", "brazilsouth"];
/** Shapes Azure does not use for a region, and regions without availability zones: refused by atlasia:region's checks. */
const badRegions = ["East US", "us-east-1", "eastus-2", "australiasoutheast", "ukwest"];

/** A VM family the program knows no shape of: accepted with atlasia:nodeCpus and atlasia:nodeMemoryGib. */
const unlistedVmSize = { nodeMachineType: "Standard_E4as_v5", nodeCpus: "4", nodeMemoryGib: "32" };
const vmSize = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom("", ...Object.keys(machineShapes.azure)).map((nodeMachineType) => ({ nodeMachineType })) },
    { weight: 1, arbitrary: fc.constant(unlistedVmSize) },
);

const clusterName = fc.oneof(
    { weight: 2, arbitrary: fc.constant("") },
    // The longest names the program accepts (40), with runs of hyphens that Key Vault names refuse.
    { weight: 4, arbitrary: fc.stringMatching(/^[a-z][-a-z0-9]{38}[a-z0-9]$/) },
    { weight: 3, arbitrary: fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/) },
    { weight: 1, arbitrary: fc.constantFrom("atlasia--prod", "Atlasia", "atlasia-", "a".repeat(41), "9lives") },
);

const endpoint = fc.constantFrom("", "public", "authorized", "authorized", "private").map((mode) => ({
    apiEndpointAccess: mode,
    apiAuthorizedCidrs: mode === "authorized" ? '["198.18.0.0/15"]' : "[]",
}));

const maintenanceWindow = fc.oneof(
    {
        weight: 9,
        arbitrary: fc
            .tuple(fc.constantFrom(...weekDays), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
            .map(([day, hour, minute]) => `${day} ${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`),
    },
    { weight: 1, arbitrary: fc.constantFrom("Sunday 24:00", "sometime") },
);

const registry = fc.oneof(
    fc.constant(""),
    fc
        .tuple(fc.uuid(), fc.stringMatching(/^[a-z0-9]{5,50}$/))
        .map(([subscription, name]) => `/subscriptions/${subscription}/resourceGroups/registry-rg/providers/Microsoft.ContainerRegistry/registries/${name}`),
);

export const azureStacks: fc.Arbitrary<GeneratedStack> = fc
    .record({
        stack: fc.constantFrom("dev" as const, "staging" as const, "production" as const),
        region: fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...regions) }, { weight: 1, arbitrary: fc.constantFrom(...badRegions) }),
        clusterName,
        vmSize,
        nodeDiskSizeGb: fc.oneof({ weight: 19, arbitrary: fc.integer({ min: 30, max: 2000 }) }, { weight: 1, arbitrary: fc.constant(20) }),
        admins: fc.oneof({ weight: 1, arbitrary: fc.constant([]) }, { weight: 5, arbitrary: fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 3 }) }),
        includeDeployer: fc.boolean(),
        endpoint,
        autoUpgrade: fc.constantFrom(...aksAutoUpgradeChannels),
        maintenanceWindow,
        registry,
        monitoring: fc.boolean(),
    })
    .map((c): GeneratedStack => ({
        stack: c.stack,
        set: {
            cloud: "azure",
            region: c.region,
            clusterName: c.clusterName,
            ...c.vmSize,
            nodeDiskSizeGb: String(c.nodeDiskSizeGb),
            clusterAdmins: JSON.stringify(c.admins),
            clusterAdminIncludeDeployer: String(c.includeDeployer),
            ...c.endpoint,
            aksAutoUpgradeChannel: c.autoUpgrade,
            aksMaintenanceWindow: c.maintenanceWindow,
            aksAcrResourceId: c.registry,
            monitoringEnabled: String(c.monitoring),
        },
    }));

describe("AKS: generated stacks obey Azure's rules or are refused by config", function () {
    // About 25 s of CPU; generous for a shared, busy machine.
    this.timeout(300000);

    it("200 generated configurations: a config error before any resource, or no platform rule broken", async () => {
        const generated: GeneratedStack[] = [];
        const tally = await assertStacksObeyPlatformRules(
            azureStacks.map((stack) => {
                generated.push(stack);
                return stack;
            }),
        );
        assert.equal(tally.accepted + tally.rejected, 200);
        assert.equal(generated.length, 200);
        // The issue asks for every environment, region shape and VM family, and the longest names.
        const seen = (key: string) => new Set(generated.map((g) => g.set[key]));
        assert.deepEqual(new Set(generated.map((g) => g.stack)), new Set(["dev", "staging", "production"]));
        for (const region of [...regions, ...badRegions]) assert.ok(seen("region").has(region), `region "${region}" never generated`);
        for (const size of ["", ...Object.keys(machineShapes.azure), unlistedVmSize.nodeMachineType]) {
            assert.ok(seen("nodeMachineType").has(size), `VM size "${size}" never generated`);
        }
        assert.ok(
            [...seen("clusterName")].some((name) => name.length === 40),
            "no cluster name of the longest allowed length (40)",
        );
        // The generator must mostly build deployable stacks, or it only tests rejection.
        assert.ok(tally.accepted >= 80, `only ${tally.accepted} of 200 accepted`);
        assert.ok(tally.rejected >= 10, `only ${tally.rejected} of 200 rejected`);
    });
});
