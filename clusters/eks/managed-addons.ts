// EKS managed add-ons, each at the version AWS names the default for the cluster's Kubernetes
// version (resolved again when the cluster's version changes), the VPC CNI and EBS CSI driver with
// their own IAM roles. coredns, metrics-server and the EBS CSI controller need nodes to run on.
import * as pulumi from "@pulumi/pulumi";
import * as eks from "@pulumi/aws/eks";
import { ServiceAccountRoles } from "./service-accounts";

export interface EksManagedAddons {
    nodesReady: eks.Addon[];
    storageReady: eks.Addon[];
}

export function eksManagedAddons(
    clusterName: string,
    cluster: eks.Cluster,
    nodeGroup: eks.NodeGroup,
    roles: ServiceAccountRoles,
    opts: pulumi.CustomResourceOptions,
): EksManagedAddons {
    const addon = (addonName: string, extra: Partial<eks.AddonArgs>, dependsOn: pulumi.Resource[]) =>
        new eks.Addon(`${clusterName}-${addonName}`, {
            clusterName: cluster.name,
            addonName,
            // An add-on version supports a range of Kubernetes versions; the default one for the
            // cluster's version is AWS's tested choice (aws eks describe-addon-versions).
            addonVersion: eks.getAddonVersionOutput({ addonName, kubernetesVersion: cluster.version }, opts).version,
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "PRESERVE",
            ...extra,
        }, { ...opts, dependsOn });
    const vpcCni = addon("vpc-cni", {
        serviceAccountRoleArn: roles.vpcCni.role.arn,
        configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }),
    }, roles.vpcCni.attachments);
    const kubeProxy = addon("kube-proxy", {}, []);
    const coreDns = addon("coredns", {}, [nodeGroup]);
    // EKS has no metrics-server of its own: without it the HPA's CPU and memory targets never read.
    const metricsServer = addon("metrics-server", {}, [nodeGroup]);
    const ebsCsi = addon("aws-ebs-csi-driver", { serviceAccountRoleArn: roles.ebsCsi.role.arn }, [nodeGroup, ...roles.ebsCsi.attachments]);
    return { nodesReady: [vpcCni, kubeProxy, coreDns, metricsServer], storageReady: [ebsCsi] };
}
