// Cluster Autoscaler: adds and removes EKS nodes within each node group's min and max. GKE and AKS
// scale their node pools themselves; a cluster that needs this add-on says so in its contract
// (`Cluster.clusterAutoscaler`). It finds every node group's Auto Scaling group by the tags EKS puts
// on managed node groups (k8s.io/cluster-autoscaler/enabled and k8s.io/cluster-autoscaler/<name>)
// and acts through an IAM role for its service account (IRSA).
// https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { setCommand } from "../../config/fix-commands";
import type { ClusterAutoscalerNeeds } from "../contract";
import { charts } from "./charts";
import { addonRelease, AddonScope } from "./release";

/** Where its pod runs and which service account the IAM role trusts (the cluster layer builds that trust). */
export const clusterAutoscalerServiceAccount = { namespace: charts.clusterAutoscaler.namespace, name: "cluster-autoscaler" } as const;

/**
 * The autoscaler embeds the scheduler of one Kubernetes minor: its image must match the cluster's
 * ("use the version matching your Kubernetes minor", autoscaler README). Newest patch per minor:
 * https://github.com/aws-ia/terraform-aws-eks-blueprints-addons/pull/516 (1.33.5, 1.34.4, 1.35.1),
 * https://github.com/kubernetes/k8s.io/pull/8815 (1.32.5). Chart 9.59.0 ships app 1.35.0.
 */
export const clusterAutoscalerImageTags: Record<string, string> = {
    "1.32": "v1.32.5",
    "1.33": "v1.33.5",
    "1.34": "v1.34.4",
    "1.35": "v1.35.1",
};

/**
 * The image tag for a cluster version ("1.34" or EKS's "1.34" output). An unknown minor stops the
 * deployment: its release must be added to the table. Pinning another atlasia:kubernetesVersion helps
 * only for a cluster older than the table, one minor up at a time: EKS never downgrades and upgrades
 * one minor per update (https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html).
 */
export function clusterAutoscalerImageTag(kubernetesVersion: string, stack: string): string {
    const minor = kubernetesVersion.split(".").slice(0, 2).join(".");
    const tag = clusterAutoscalerImageTags[minor];
    if (!tag) {
        const known = Object.keys(clusterAutoscalerImageTags);
        const minorNumber = (version: string) => Number(version.split(".")[1]);
        const newer = minorNumber(minor) > minorNumber(known[known.length - 1]);
        const addRelease = `add its release to clusterAutoscalerImageTags in clusters/addons/cluster-autoscaler.ts from https://github.com/kubernetes/autoscaler/releases`;
        throw new Error(
            `Cluster Autoscaler has no release for Kubernetes ${minor} (known: ${known.join(", ")}). ` +
                (newer
                    ? `The cluster runs a newer minor than the table knows: ${addRelease}. EKS cannot downgrade a cluster, so an older atlasia:kubernetesVersion does not help.`
                    : `The cluster runs an older minor than the table knows: ${addRelease}, or upgrade the control plane one minor (EKS upgrades one at a time): ` +
                      setCommand(stack, "atlasia:kubernetesVersion", `1.${minorNumber(minor) + 1}`)),
        );
    }
    return tag;
}

/**
 * Node labels that differ between EKS's per-zone node groups (clusters/eks/zonal-node-groups.ts) and
 * that the autoscaler's AWS comparator may not ignore by itself. --balance-similar-node-groups only
 * balances groups whose nodes carry the same labels, apart from an ignored set: the zone labels
 * (BasicIgnoredLabels, processors/nodegroupset/compare_nodegroups.go) and, for AWS,
 * eks.amazonaws.com/nodegroup and topology.ebs.csi.aws.com/zone (cloudprovider/aws aws_nodegroups.go,
 * CreateNodeInfoComparator). Our own label, atlasia.io/pool, is the same on every group.
 */
export const balancingIgnoredLabels = [
    // The zone ID label nodes carry since EKS 1.30; the comparator ignores it only since
    // kubernetes/autoscaler#8910 (December 2025, cherry-picked to 1.30-1.34), which the pinned
    // images above may predate. Without it the groups are "not similar" and nothing is balanced.
    "topology.k8s.aws/zone-id",
    // The AMI ID: each group resolves the latest AMI release when it is created, so a group replaced
    // alone (a new minimum or maximum changes only some groups' shares) can run a newer AMI than the others.
    "eks.amazonaws.com/nodegroup-image",
];

export function clusterAutoscalerValues(needs: ClusterAutoscalerNeeds, stack: string): pulumi.Output<{ [key: string]: unknown }> {
    return pulumi.all([needs.serviceAccountRoleArn, needs.kubernetesVersion]).apply(([roleArn, version]): { [key: string]: unknown } => ({
        cloudProvider: "aws",
        awsRegion: needs.region,
        autoDiscovery: {
            clusterName: needs.clusterName,
            tags: ["k8s.io/cluster-autoscaler/enabled", `k8s.io/cluster-autoscaler/${needs.clusterName}`],
        },
        image: { tag: clusterAutoscalerImageTag(version, stack) },
        rbac: {
            serviceAccount: {
                create: true,
                name: clusterAutoscalerServiceAccount.name,
                annotations: { "eks.amazonaws.com/role-arn": roleArn },
            },
        },
        replicaCount: 1, // leader election makes a second replica idle; the PDB keeps it through drains
        resources: { requests: { cpu: "100m", memory: "300Mi" }, limits: { memory: "600Mi" } },
        // The namespace enforces the restricted Pod Security level.
        securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: "RuntimeDefault" } },
        containerSecurityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
        // Node groups of one shape in several zones stay balanced (labels differing per zone ignored);
        // least-waste picks the group that fits best.
        // Every Atlasia pod mounts emptyDir scratch (read-only root filesystem, workloads/pod.ts), and by
        // default (true) the autoscaler never removes a node running such a pod, so nodes added for an
        // HPA burst would stay forever. State lives on PVCs. FAQ "What are the parameters to CA?":
        // https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/FAQ.md
        customArgs: [
            "--balance-similar-node-groups=true",
            ...balancingIgnoredLabels.map((label) => `--balancing-ignore-label=${label}`),
            "--expander=least-waste",
            "--skip-nodes-with-local-storage=false",
        ],
    }));
}

export function clusterAutoscaler(scope: AddonScope, namespace: k8s.core.v1.Namespace, needs: ClusterAutoscalerNeeds): k8s.helm.v3.Release {
    return addonRelease("clusterAutoscaler", { namespace, values: clusterAutoscalerValues(needs, scope.settings.stack), dependsOn: needs.permissions }, scope);
}
