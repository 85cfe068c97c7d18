// The AKS node pools' settings and what Pulumi leaves to AKS, through the whole program under mocks:
// the pool type and OS both pools need, autoscaling of the system pool, the surge during upgrades,
// the exact ignoreChanges per auto-upgrade channel, and AKS-managed Entra ID integration. Expected
// values are written out by hand from the AKS documentation cited beside them.
import { strict as assert } from "assert";
import { ProgramRun, RunOptions } from "../harness/run";
import { stackOptions, validStackRun, withConfig } from "./support/runs";
import { onlyResource } from "./support/resources";

const clusterOf = (run: ProgramRun) => onlyResource(run, "azure-native:containerservice:ManagedCluster");
const userPoolOf = (run: ProgramRun) => onlyResource(run, "azure-native:containerservice:AgentPool");
const systemPoolOf = (run: ProgramRun) => clusterOf(run).inputs.agentPoolProfiles[0];

function azure(environment: "development" | "staging" | "production", set: Record<string, string> = {}): RunOptions {
    return withConfig(stackOptions("azure", environment), set);
}

describe("AKS node pool settings", function () {
    this.timeout(60000);
    const runs: Record<string, ProgramRun> = {};

    before(async () => {
        for (const environment of ["development", "staging", "production"] as const) runs[environment] = await validStackRun(azure(environment));
    });

    it("every pool is a Linux virtual machine scale set, as zones, the autoscaler and several pools require", () => {
        // https://learn.microsoft.com/azure/aks/availability-zones and
        // https://learn.microsoft.com/azure/aks/create-node-pools (multiple pools and zones need
        // VirtualMachineScaleSets); a system pool must run Linux
        // (https://learn.microsoft.com/azure/aks/use-system-pools#system-and-user-node-pools).
        for (const environment of ["development", "staging", "production"]) {
            const system = systemPoolOf(runs[environment]);
            assert.equal(system.type, "VirtualMachineScaleSets", `${environment} system pool`);
            assert.equal(system.osType, "Linux", `${environment} system pool`);
        }
        for (const environment of ["staging", "production"]) {
            const user = userPoolOf(runs[environment]).inputs;
            assert.equal(user.type, "VirtualMachineScaleSets", `${environment} user pool`);
            assert.equal(user.osType, "Linux", `${environment} user pool`);
        }
    });

    it("the system pool autoscales, from at least three nodes in production", () => {
        // https://learn.microsoft.com/azure/aks/cluster-autoscaler: minCount and maxCount act only with
        // enableAutoScaling. AKS recommends three nodes for a single system pool in production
        // (https://learn.microsoft.com/azure/aks/use-system-pools).
        for (const environment of ["development", "staging", "production"]) {
            const system = systemPoolOf(runs[environment]);
            assert.strictEqual(system.enableAutoScaling, true, environment);
            assert.ok(system.minCount <= system.maxCount, environment);
        }
        assert.ok(systemPoolOf(runs.production).minCount >= 3);
    });

    it("both pools surge 33 % of their nodes during upgrades, AKS's recommendation for production pools", () => {
        // https://learn.microsoft.com/azure/aks/upgrade-aks-node-pools-rolling#customize-node-surge: "For
        // production node pools, we recommend a max surge setting of 33%"; unset, AKS surges by one node
        // (10% for pools created with newer API versions), a slow upgrade of a larger pool.
        for (const environment of ["development", "staging", "production"]) {
            assert.deepEqual(systemPoolOf(runs[environment]).upgradeSettings, { maxSurge: "33%" }, environment);
        }
        for (const environment of ["staging", "production"]) {
            assert.deepEqual(userPoolOf(runs[environment]).inputs.upgradeSettings, { maxSurge: "33%" }, environment);
        }
    });

    it("Entra ID integration is AKS-managed, with Azure RBAC deciding Kubernetes access", () => {
        // https://learn.microsoft.com/azure/aks/enable-authentication-microsoft-entra-id: managed: true is
        // the AKS-managed integration; the legacy one (managed false, own server and client apps) is
        // deprecated. https://learn.microsoft.com/azure/aks/manage-azure-rbac (enableAzureRBAC).
        for (const environment of ["staging", "production"]) {
            assert.deepEqual(clusterOf(runs[environment]).inputs.aadProfile, { managed: true, enableAzureRBAC: true }, environment);
        }
    });

    describe("what Pulumi leaves to AKS, exactly", () => {
        // https://learn.microsoft.com/azure/aks/auto-upgrade-cluster#cluster-auto-upgrade-channels:
        // stable and rapid move the Kubernetes version (control plane and pools); none, patch and
        // node-image do not move the minor. The cluster autoscaler owns the node count
        // (https://learn.microsoft.com/azure/aks/cluster-autoscaler). Nothing else may be ignored: an
        // ignored field is never applied again.
        it("none, patch, node-image: only the node counts", async () => {
            for (const channel of ["none", "patch", "node-image"]) {
                const run = await validStackRun(azure("staging", { aksAutoUpgradeChannel: channel, kubernetesVersion: "1.33" }));
                assert.deepEqual(clusterOf(run).ignoreChanges, ["agentPoolProfiles[0].count"], channel);
                assert.deepEqual(userPoolOf(run).ignoreChanges, ["count"], channel);
            }
        });

        it("stable, rapid: the node counts and the Kubernetes version of the control plane and both pools", async () => {
            for (const channel of ["stable", "rapid"]) {
                const run = await validStackRun(azure("staging", { aksAutoUpgradeChannel: channel, kubernetesVersion: "1.33" }));
                assert.deepEqual(
                    [...clusterOf(run).ignoreChanges].sort(),
                    ["agentPoolProfiles[0].count", "agentPoolProfiles[0].orchestratorVersion", "kubernetesVersion"],
                    channel,
                );
                assert.deepEqual([...userPoolOf(run).ignoreChanges].sort(), ["count", "orchestratorVersion"], channel);
            }
        });
    });
});
