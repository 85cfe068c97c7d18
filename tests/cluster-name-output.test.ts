// The stack's clusterName output names the cluster an operator works with: on a cloud the cluster this stack
// created (atlasia:clusterName, else atlasia-<environment>, Pulumi.yaml), on a local stack the kubeconfig context
// of the existing kind or minikube cluster (atlasia:localContext), since nothing there is named by the stack.
import { strict as assert } from "assert";
import { stackOptions, validStackRun, withConfig } from "./support/runs";

describe("the clusterName output", function () {
    this.timeout(60000);

    it("local: the kubeconfig context of the committed dev stack (kind-atlasia), or the one configured", async () => {
        // Pulumi.dev.yaml: atlasia:localContext kind-atlasia (kind names its context kind-<cluster name>).
        assert.equal((await validStackRun(stackOptions("local", "development"))).outputs.clusterName.value, "kind-atlasia");
        const minikube = withConfig(stackOptions("local", "development"), { localDistribution: "minikube", localContext: "minikube" });
        assert.equal((await validStackRun(minikube)).outputs.clusterName.value, "minikube");
    });

    for (const cloud of ["gcp", "aws", "azure"] as const) {
        it(`${cloud}: the cluster's name, atlasia-staging by default or the one configured, never the local context`, async () => {
            assert.equal((await validStackRun(stackOptions(cloud, "staging"))).outputs.clusterName.value, "atlasia-staging");
            const named = withConfig(stackOptions(cloud, "staging"), { clusterName: "atlasia-blue" });
            assert.equal((await validStackRun(named)).outputs.clusterName.value, "atlasia-blue");
        });
    }
});
