// The control plane's user-assigned identity. KMS etcd encryption needs it: a system-assigned
// identity exists only after the cluster, too late to be granted the key first
// (https://learn.microsoft.com/en-us/azure/aks/use-kms-etcd-encryption#limitations).
import * as pulumi from "@pulumi/pulumi";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import { StackSettings } from "../../config/settings";

export function controlPlaneIdentity(
    settings: StackSettings,
    resourceGroupName: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): managedidentity.UserAssignedIdentity {
    const name = `${settings.clusterName}-control-plane`;
    // Deleting the identity of a KMS cluster is not supported: production protects it.
    return new managedidentity.UserAssignedIdentity(
        name,
        {
            resourceName: name,
            resourceGroupName,
            location: settings.region,
            tags: settings.tags,
        },
        { ...opts, protect: settings.protect },
    );
}
