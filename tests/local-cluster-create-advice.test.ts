// A local stack whose kubeconfig context is missing is told how to create the cluster that context
// names, with the tool of its distribution: kind names the context kind-<cluster>
// (https://kind.sigs.k8s.io/docs/user/quick-start/#interacting-with-your-cluster), minikube after the
// profile of `minikube start -p <profile>` (https://minikube.sigs.k8s.io/docs/commands/start/), sized as
// the deployment guide's `minikube start --cpus=4 --memory=8192 --disk-size=50g`, with calico so NetworkPolicies are enforced
// (the CNI warning of clusters/local-checks.ts would follow the default CNI).
import { strict as assert } from "assert";
import { checkLocalCluster } from "../clusters/local-checks";
import { stackOptions, withConfig } from "./support/runs";
import { settingsFor } from "./support/settings";

const noFiles = { exists: () => false, read: () => "" };
const missing = { file: "/home/op/.kube/config", searched: ["/home/op/.kube/config"] };
const pointCommand = "pulumi config set --stack dev atlasia:localKubeconfig '<path>'";

async function warningsFor(set: Record<string, string>): Promise<string[]> {
    const settings = await settingsFor(withConfig(stackOptions("local", "development"), set));
    return checkLocalCluster(settings, missing, noFiles, {});
}

describe("local cluster: how to create the missing cluster", () => {
    it("minikube: minikube start of the profile the context names, never kind", async () => {
        assert.deepEqual(await warningsFor({ localContext: "minikube", localDistribution: "minikube" }), [
            `atlasia:localContext "minikube" is not in /home/op/.kube/config: pulumi up cannot reach the cluster. Create it (minikube start -p minikube --cni calico --cpus=4 --memory=8192 --disk-size=50g), or point to its kubeconfig: ${pointCommand}`,
        ]);
    });

    it("kind: the cluster name is the context without kind-", async () => {
        assert.deepEqual(await warningsFor({ localContext: "kind-dev2" }), [
            `atlasia:localContext "kind-dev2" is not in /home/op/.kube/config: pulumi up cannot reach the cluster. Create it (kind create cluster --name dev2 --config local/kind-atlasia.yaml), or point to its kubeconfig: ${pointCommand}`,
        ]);
    });

    it("kind: a context kind never creates gets no create command, only where to point", async () => {
        assert.deepEqual(await warningsFor({ localContext: "docker-desktop" }), [
            `atlasia:localContext "docker-desktop" is not in /home/op/.kube/config: pulumi up cannot reach the cluster. Point to its kubeconfig: ${pointCommand}`,
        ]);
    });
});
