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

    it("stops on a newer minor than it knows, saying to add its release and that pinning an older one cannot help", () => {
        // Reached when EKS picks (or its extended-support policy upgrades to) a newer minor than the table knows.
        // EKS never downgrades a cluster (https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html).
        assert.throws(() => clusterAutoscalerImageTag("1.36", "production"), {
            message:
                "Cluster Autoscaler has no release for Kubernetes 1.36 (known: 1.32, 1.33, 1.34, 1.35). The cluster runs a newer minor than the table knows: " +
                "add its release to clusterAutoscalerImageTags in clusters/addons/cluster-autoscaler.ts from https://github.com/kubernetes/autoscaler/releases. " +
                "EKS cannot downgrade a cluster, so an older atlasia:kubernetesVersion does not help.",
        });
    });

    it("stops on an older minor than it knows, with the one-minor control-plane upgrade as the other way out", () => {
        // EKS upgrades one minor per update (update-cluster.html): from 1.31 the next step is 1.32, whatever the newest.
        assert.throws(() => clusterAutoscalerImageTag("1.31.7", "production"), {
            message:
                "Cluster Autoscaler has no release for Kubernetes 1.31 (known: 1.32, 1.33, 1.34, 1.35). The cluster runs an older minor than the table knows: " +
                "add its release to clusterAutoscalerImageTags in clusters/addons/cluster-autoscaler.ts from https://github.com/kubernetes/autoscaler/releases, " +
                "or upgrade the control plane one minor (EKS upgrades one at a time): pulumi config set --stack production atlasia:kubernetesVersion 1.32",
        });
    });
});
