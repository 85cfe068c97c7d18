// How the Cluster Autoscaler on EKS picks what to grow and what it may shrink: the exact arguments the
// program adds to the chart's (customArgs, rendered one per line after the chart's own flags by
// templates/deployment.yaml). Defaults from the autoscaler FAQ, "What are the parameters to CA?":
// https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/FAQ.md#what-are-the-parameters-to-ca
import { strict as assert } from "assert";
import { stackOptions, validStackRun } from "./support/runs";

describe("Cluster Autoscaler arguments: balanced similar groups, least-waste expansion", function () {
    this.timeout(60000);

    for (const environment of ["staging", "production"] as const) {
        it(`aws/${environment}: overrides exactly three FAQ defaults, each as one --flag=value`, async () => {
            const run = await validStackRun(stackOptions("aws", environment));
            const release = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "cluster-autoscaler");
            assert.ok(release, "no cluster-autoscaler release on EKS");
            // FAQ defaults: balance-similar-node-groups false, expander random, skip-nodes-with-local-storage true.
            // least-waste: the AWS example manifest's choice (cloudprovider/aws/examples/cluster-autoscaler-autodiscover.yaml).
            assert.deepEqual(release.inputs.values.customArgs, [
                "--balance-similar-node-groups=true",
                "--expander=least-waste",
                "--skip-nodes-with-local-storage=false",
            ]);
        });
    }
});
