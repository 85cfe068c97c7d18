// EKS managed add-ons, each at the version AWS names the default for the cluster's Kubernetes
// version (resolved again when the cluster's version changes), the VPC CNI and EBS CSI driver with
// their own IAM roles. Two steps: the node networking add-ons before the node group, the rest
// (coredns, metrics-server and the EBS CSI controller need nodes to run on) after the node groups.
import * as pulumi from "@pulumi/pulumi";
import * as eks from "@pulumi/aws/eks";
import { ServiceAccountRoles } from "./service-accounts";

export interface EksManagedAddons {
    nodesReady: eks.Addon[];
    storageReady: eks.Addon[];
}

function managedAddon(
    clusterName: string,
    cluster: eks.Cluster,
    addonName: string,
    extra: Partial<eks.AddonArgs>,
    opts: pulumi.CustomResourceOptions,
    dependsOn: pulumi.Resource[],
): eks.Addon {
    return new eks.Addon(
        `${clusterName}-${addonName}`,
        {
            clusterName: cluster.name,
            addonName,
            // An add-on version supports a range of Kubernetes versions; the default one for the
            // cluster's version is AWS's tested choice (aws eks describe-addon-versions).
            addonVersion: eks.getAddonVersionOutput({ addonName, kubernetesVersion: cluster.version }, opts).version,
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "PRESERVE",
            ...extra,
        },
        { ...opts, dependsOn },
    );
}

/**
 * The VPC CNI (on its IRSA role, with NetworkPolicy enforcement) and kube-proxy, created before the
 * node group: nodes that boot first get EKS's bootstrap aws-node, which has no permissions on the
 * node role (AmazonEKS_CNI_Policy is on the CNI's own role), stay NotReady ("cni plugin not
 * initialized") and fail the node group's creation. Both are DaemonSets, healthy with no nodes.
 * terraform-aws-modules/terraform-aws-eks `before_compute` (#3446, #3327, #2820).
 */
export function eksNodeNetworkAddons(clusterName: string, cluster: eks.Cluster, roles: ServiceAccountRoles, opts: pulumi.CustomResourceOptions): eks.Addon[] {
    const vpcCni = managedAddon(
        clusterName,
        cluster,
        "vpc-cni",
        {
            serviceAccountRoleArn: roles.vpcCni.role.arn,
            configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }),
        },
        opts,
        roles.vpcCni.attachments,
    );
    return [vpcCni, managedAddon(clusterName, cluster, "kube-proxy", {}, opts, [])];
}

/** The add-ons whose controllers run on the nodes. */
export function eksNodeWorkloadAddons(
    clusterName: string,
    cluster: eks.Cluster,
    nodeGroups: eks.NodeGroup[],
    roles: ServiceAccountRoles,
    opts: pulumi.CustomResourceOptions,
): EksManagedAddons {
    const coreDns = managedAddon(clusterName, cluster, "coredns", {}, opts, nodeGroups);
    // EKS has no metrics-server of its own: without it the HPA's CPU and memory targets never read.
    const metricsServer = managedAddon(clusterName, cluster, "metrics-server", {}, opts, nodeGroups);
    const ebsCsi = managedAddon(clusterName, cluster, "aws-ebs-csi-driver", { serviceAccountRoleArn: roles.ebsCsi.role.arn }, opts, [
        ...nodeGroups,
        ...roles.ebsCsi.attachments,
    ]);
    return { nodesReady: [coreDns, metricsServer], storageReady: [ebsCsi] };
}
