// The Cluster Autoscaler image follows the cluster's Kubernetes minor: the autoscaler embeds one
// minor's scheduler, and its README says to run the release matching the cluster's minor
// (https://github.com/kubernetes/autoscaler/tree/master/cluster-autoscaler#releases). Tags written out
// from the kubernetes/autoscaler releases (cluster-autoscaler-1.32.5 .. 1.35.1).
import { strict as assert } from "assert";
import { clusterAutoscalerImageTag } from "../clusters/addons/cluster-autoscaler";

describe("Cluster Autoscaler image: the release of the cluster's Kubernetes minor", () => {
    it("maps each supported minor to its newest patch release", () => {
        assert.equal(clusterAutoscalerImageTag("1.32", "production"), "v1.32.5");
        assert.equal(clusterAutoscalerImageTag("1.33", "production"), "v1.33.5");
        assert.equal(clusterAutoscalerImageTag("1.34", "production"), "v1.34.4");
        assert.equal(clusterAutoscalerImageTag("1.35", "production"), "v1.35.1");
    });

    it("reads only the minor of a version with a patch", () => {
        // The autoscaler's release follows the minor, not the cluster's patch.
        assert.equal(clusterAutoscalerImageTag("1.34.2", "production"), "v1.34.4");
        assert.equal(clusterAutoscalerImageTag("1.33.0", "production"), "v1.33.5");
    });

    it("stops on a minor it has no release for, saying where to add one or the full command that pins a known one", () => {
        // Reached when EKS picks a newer default minor than the table knows (no atlasia:kubernetesVersion set);
        // a configured unknown minor is refused earlier, by config validation.
        const expected = (minor: string) =>
            `Cluster Autoscaler has no release for Kubernetes ${minor} in clusters/addons/cluster-autoscaler.ts ` +
            "(known: 1.32, 1.33, 1.34, 1.35): add it from https://github.com/kubernetes/autoscaler/releases, " +
            "or pin a known minor: pulumi config set --stack production atlasia:kubernetesVersion 1.35";
        assert.throws(() => clusterAutoscalerImageTag("1.36", "production"), { message: expected("1.36") });
        assert.throws(() => clusterAutoscalerImageTag("1.31.7", "production"), { message: expected("1.31") });
    });
});
