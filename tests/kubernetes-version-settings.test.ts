// atlasia:kubernetesVersion against the two rules beside its format check: the workloads' oldest
// minor (config/workload-kubernetes.ts: the preStop sleep action is on by default from 1.30, KEP-3960,
// https://github.com/kubernetes/enhancements/issues/3960) and AKS's patch channel, which moves past a
// configured patch (https://learn.microsoft.com/en-us/azure/aks/auto-upgrade-cluster#cluster-auto-upgrade-channels).
// A malformed version gets one problem (its format), not a second one from a rule that half-read it.
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { configProblems } from "./support/settings";

const azureStaging = (set: Record<string, string> = {}): RunOptions => ({
    stack: "staging",
    secrets: { llmApiKey: "sk-test" },
    set: { cloud: "azure", clusterAdmins: '["00000000-0000-0000-0000-000000000001"]', ...set },
});

const notAVersion = (version: string) => ({
    key: "atlasia:kubernetesVersion",
    message: `"${version}" is not a Kubernetes version such as 1.33.`,
    fix: "pulumi config set --stack staging atlasia:kubernetesVersion 1.33",
});

describe("kubernetesVersion: the workloads' oldest minor and the AKS patch channel", function () {
    this.timeout(30000);

    it("refuses 1.29, the last minor without the preStop sleep action, fixing it to a supported minor", async () => {
        assert.deepEqual(await configProblems(azureStaging({ kubernetesVersion: "1.29" })), [
            {
                key: "atlasia:kubernetesVersion",
                message: "1.29 is older than 1.30: the workloads' preStop sleep action (a pause without a shell in the image) needs 1.30 or later.",
                fix: "pulumi config set --stack staging atlasia:kubernetesVersion 1.33",
            },
        ]);
        assert.deepEqual(await configProblems(azureStaging({ kubernetesVersion: "1.30" })), []);
    });

    it("reports only the format of a version written with a leading v", async () => {
        assert.deepEqual(await configProblems(azureStaging({ kubernetesVersion: "v1.29" })), [notAVersion("v1.29")]);
        assert.deepEqual(await configProblems(azureStaging({ aksAutoUpgradeChannel: "patch", kubernetesVersion: "v1.33.1" })), [notAVersion("v1.33.1")]);
    });

    it("reports only the format of a version with a fourth part on the patch channel", async () => {
        assert.deepEqual(await configProblems(azureStaging({ aksAutoUpgradeChannel: "patch", kubernetesVersion: "1.33.1.2" })), [notAVersion("1.33.1.2")]);
    });

    it("refuses a two-digit patch on the patch channel, fixing it to its minor", async () => {
        assert.deepEqual(await configProblems(azureStaging({ aksAutoUpgradeChannel: "patch", kubernetesVersion: "1.33.10" })), [
            {
                key: "atlasia:kubernetesVersion",
                message: '"1.33.10" has a patch, which aksAutoUpgradeChannel "patch" moves past: give the minor version only.',
                fix: "pulumi config set --stack staging atlasia:kubernetesVersion 1.33",
            },
        ]);
    });

    it("accepts a patch version on the channels that do not move the patch alone", async () => {
        for (const channel of ["stable", "rapid", "none", "node-image"]) {
            assert.deepEqual(await configProblems(azureStaging({ aksAutoUpgradeChannel: channel, kubernetesVersion: "1.33.1" })), [], channel);
        }
    });
});
