// The managed cluster itself: the guide's `az aks create`, with Entra ID and Azure RBAC (local
// accounts off), Azure CNI Overlay with Cilium network policy, OIDC issuer and workload identity,
// KMS etcd encryption, the API endpoint's exposure, and the small system pool inline.
import * as pulumi from "@pulumi/pulumi";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import { channelOwnsVersion } from "../../config/azure";
import { StackSettings } from "../../config/settings";
import { projectName } from "../../config/keys";
import { secretOutputsWhenStored, secretWhenStored } from "../../config/stored-secret";
import { ContainerInsights } from "./monitoring";
type ManagedClusterAPIServerAccessProfileArgs = containerservice.ManagedClusterArgs["apiServerAccessProfile"];
import { systemPoolProfile } from "./node-pools";

/**
 * The API endpoint (https://learn.microsoft.com/en-us/azure/aks/api-server-authorized-ip-ranges,
 * https://learn.microsoft.com/en-us/azure/aks/private-clusters): authorized ranges, a private
 * cluster (reached only from its virtual network or peered networks), or public.
 */
export function apiServerAccessProfile(settings: StackSettings): ManagedClusterAPIServerAccessProfileArgs | undefined {
    const { apiEndpointAccess, apiAuthorizedCidrs } = settings.access;
    if (apiEndpointAccess === "private") return { enablePrivateCluster: true };
    // Secret when the stack stores the ranges encrypted: the cluster's inputs are kept in state.
    if (apiEndpointAccess === "authorized") return { authorizedIPRanges: secretWhenStored(`${projectName}:apiAuthorizedCidrs`, apiAuthorizedCidrs) };
    return undefined;
}

/**
 * Azure CNI Overlay with the Cilium dataplane enforcing NetworkPolicy, which the workloads rely on.
 * Not the guide's `--network-policy azure`: Azure NPM's support on Linux ends and AKS points to
 * Cilium (https://learn.microsoft.com/en-us/azure/aks/use-network-policies). Cilium needs overlay
 * (or a pod subnet) (https://learn.microsoft.com/en-us/azure/aks/azure-cni-powered-by-cilium), and a
 * node-subnet Azure CNI cluster with a network policy cannot move to overlay in place
 * (Azure/AKS#3845), so the choice is made at creation. Overlay also keeps pod IPs out of the VNet.
 */
export const aksNetworkProfile = {
    networkPlugin: "azure",
    networkPluginMode: "overlay",
    networkDataplane: "cilium",
    networkPolicy: "cilium",
    loadBalancerSku: "standard",
} as const;

export interface ManagedClusterArgs {
    settings: StackSettings;
    resourceGroupName: pulumi.Input<string>;
    identity: managedidentity.UserAssignedIdentity;
    kmsKeyId: pulumi.Input<string>;
    insights?: ContainerInsights;
}

export function managedCluster(args: ManagedClusterArgs, opts: pulumi.CustomResourceOptions): containerservice.ManagedCluster {
    const { settings } = args;
    const name = settings.clusterName;
    const autoUpgrade = settings.azure.autoUpgradeChannel;
    return new containerservice.ManagedCluster(
        name,
        {
            resourceName: name,
            resourceGroupName: args.resourceGroupName,
            location: settings.region,
            dnsPrefix: name,
            // Named, not AKS's MC_<group>_<cluster>_<region> (up to 80 characters and refused beyond):
            // it holds the nodes, the load balancer, its public IPs and the volumes' disks, and AKS
            // deletes it with the cluster.
            nodeResourceGroup: `${name}-nodes`,
            kubernetesVersion: settings.kubernetesVersion,
            identity: { type: "UserAssigned", userAssignedIdentities: [args.identity.id] },
            sku: { name: "Base", tier: settings.environment === "production" ? "Standard" : "Free" }, // Standard: the API server SLA
            agentPoolProfiles: [systemPoolProfile(settings)],
            networkProfile: { ...aksNetworkProfile },
            addonProfiles: {
                ...(args.insights ? { omsagent: args.insights.addon } : {}),
                azurepolicy: { enabled: true },
            },
            aadProfile: { managed: true, enableAzureRBAC: true },
            disableLocalAccounts: true,
            enableRBAC: true,
            oidcIssuerProfile: { enabled: true },
            securityProfile: {
                workloadIdentity: { enabled: true },
                azureKeyVaultKms: { enabled: true, keyId: args.kmsKeyId, keyVaultNetworkAccess: "Public" },
            },
            autoUpgradeProfile: { upgradeChannel: autoUpgrade, nodeOSUpgradeChannel: "NodeImage" },
            apiServerAccessProfile: apiServerAccessProfile(settings),
            tags: settings.tags,
        },
        {
            ...opts,
            protect: settings.protect,
            additionalSecretOutputs: secretOutputsWhenStored(`${projectName}:apiAuthorizedCidrs`, ["apiServerAccessProfile"]),
            // The autoscaler owns the live node count; stable and rapid move the version past the configured one.
            ignoreChanges: [
                "agentPoolProfiles[0].count",
                ...(channelOwnsVersion(autoUpgrade) ? ["kubernetesVersion", "agentPoolProfiles[0].orchestratorVersion"] : []),
            ],
        },
    );
}
