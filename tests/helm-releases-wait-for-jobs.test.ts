// Every add-on release waits for its Jobs to complete before it counts as installed (docs/addons.md
// "Releases": skipAwait false and waitForJobs true). Helm waits for Jobs only with --wait-for-jobs
// ("if set and --wait enabled, will wait until all Jobs have been completed", `helm install --help`,
// v3.22.0); pulumi-kubernetes' Release leaves it off unless waitForJobs is true (@pulumi/kubernetes
// 4.34.2 helm/v3/release.d.ts). Hook Jobs are waited for either way; a plain Job that a chart adds
// later would otherwise still be running when the releases and workloads that depend on it start.
import { strict as assert } from "assert";
import { stackOptions, validStackRun } from "./support/runs";

const releaseType = "kubernetes:helm.sh/v3:Release";

// Between them every release of the program: local development (no cert-manager, StatefulSet) and EKS
// production (cert-manager, CloudNativePG and its Barman Cloud plugin, the Cluster Autoscaler).
const stacks = [
    { label: "local/development", options: stackOptions("local", "development") },
    { label: "aws/production", options: stackOptions("aws", "production") },
];

describe("Helm releases: ready means every Job completed", function () {
    this.timeout(60000);

    it("covers every release of the program", async () => {
        const names = new Set<string>();
        for (const { options } of stacks) {
            for (const r of (await validStackRun(options)).resources) if (r.type === releaseType) names.add(r.name);
        }
        assert.deepEqual([...names].sort(), [
            "barman-cloud",
            "cert-manager",
            "cluster-autoscaler",
            "cnpg",
            "ingress-nginx",
            "jaeger",
            "kube-prometheus-stack",
            "prometheus-adapter",
        ]);
    });

    for (const { label, options } of stacks) {
        it(`${label}: every release waits for its Jobs, with waiting on`, async () => {
            const releases = (await validStackRun(options)).resources.filter((r) => r.type === releaseType);
            for (const release of releases) {
                assert.equal(release.inputs.waitForJobs, true, `${release.name}: waitForJobs`);
                assert.equal(release.inputs.skipAwait, false, `${release.name}: waitForJobs is ignored when skipAwait is on`);
            }
        });
    }
});
