// The AKS node pools' OS, labels and the system pool's size per environment, through the whole program.
// - Azure Linux is the OS SKU of every pool (https://learn.microsoft.com/en-us/azure/azure-linux/intro-azure-linux:
//   osSKU "AzureLinux"); without it AKS picks Ubuntu.
// - The workers carry atlasia.io/pool=standard-workers, as the GKE and EKS pools do (tests/eks-node-group.test.ts),
//   on the user pool, and on development's single pool, which runs the workloads; never on the tainted system pool.
// - The system pool outside development: Standard_D2s_v5 (2 vCPU, 8 GiB: over AKS's minimum of 2 vCPUs and
//   4 GB for system pools, https://learn.microsoft.com/en-us/azure/aks/use-system-pools), two nodes in staging.
import { strict as assert } from "assert";
import { stackOptions, validStackRun } from "./support/runs";
import { onlyResource } from "./support/resources";
import type { ProgramRun } from "../harness/run";

const clusterType = "azure-native:containerservice:ManagedCluster";
const userPoolType = "azure-native:containerservice:AgentPool";
const workers = { "atlasia.io/pool": "standard-workers" };
const systemPool = (run: ProgramRun) => onlyResource(run, clusterType).inputs.agentPoolProfiles[0];

describe("AKS pools: Azure Linux, the workers' label, the system pool's size", function () {
    this.timeout(120000);

    for (const environment of ["staging", "production"] as const) {
        it(`${environment}: both pools run Azure Linux; the user pool is labelled standard-workers, the system pool not`, async () => {
            const run = await validStackRun(stackOptions("azure", environment));
            assert.equal(systemPool(run).osSKU, "AzureLinux");
            assert.equal(systemPool(run).nodeLabels, undefined);
            const user = onlyResource(run, userPoolType).inputs;
            assert.equal(user.osSKU, "AzureLinux");
            assert.deepEqual(user.nodeLabels, workers);
        });
    }

    it("development: its single pool runs Azure Linux and carries the workers' label", async () => {
        const [pool] = onlyResource(await validStackRun(stackOptions("azure", "development")), clusterType).inputs.agentPoolProfiles;
        assert.equal(pool.osSKU, "AzureLinux");
        assert.deepEqual(pool.nodeLabels, workers);
    });

    it("staging: a system pool of two Standard_D2s_v5 nodes, autoscaled to three", async () => {
        const system = systemPool(await validStackRun(stackOptions("azure", "staging")));
        assert.deepEqual(
            { vmSize: system.vmSize, count: system.count, minCount: system.minCount, maxCount: system.maxCount },
            { vmSize: "Standard_D2s_v5", count: 2, minCount: 2, maxCount: 3 },
        );
    });
});
