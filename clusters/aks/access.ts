// Who administers the cluster, and what the nodes may pull. Local accounts are off, so every
// Kubernetes call is authorized by Azure RBAC on the cluster
// (https://learn.microsoft.com/en-us/azure/aks/manage-azure-rbac). Each entry of
// atlasia:clusterAdmins (a user, group, service principal or managed identity: any Entra ID object,
// which adminGroupObjectIDs would not accept; typed as ARM requires) gets "Azure Kubernetes Service RBAC Cluster Admin";
// the identity running `pulumi up` only with clusterAdminIncludeDeployer.
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import { Sleep } from "@pulumiverse/time/sleep";
import { StackSettings } from "../../config/settings";
import { grantRole } from "./role-assignments";
import { EntraPrincipalType, parseEntraPrincipal } from "../../config/cluster-access";
import { checkedDeployer, OneGrantPerPrincipal } from "../deployer-admin";

type ClientConfig = pulumi.Output<authorization.GetClientConfigResult>;

/**
 * Azure keeps one role assignment per scope, role and principal (a second, under another name, is
 * refused with 409 RoleAssignmentExists, hashicorp/terraform-provider-azurerm#17421), and an
 * assignment's name is its identity: "You can't create two role assignments with the same name"
 * (troubleshooting page below). Both resources derive the same name (./role-assignments.ts), and
 * azure-native refuses to create a resource that exists ("cannot create already existing resource",
 * pulumi-azure-native provider/pkg/provider/provider.go). For a service principal the deployer's own,
 * typed as a user, is refused outright (UnmatchedPrincipalType): an own grant that exists is a user's.
 * Renamed to the listed grant's name, it matches the listed inputs but for principalType, at most an update in
 * place; azure-native replaces an assignment only for a new principalId or scope
 * (pulumi-azure-native provider/pkg/gen forceNewMap, pulumi/pulumi-azure-native#1010), and compares
 * the principalId as written.
 */
export const aksOneAssignmentPerPrincipal: OneGrantPerPrincipal = {
    grant: "the Azure Kubernetes Service RBAC Cluster Admin role assignment",
    refusal:
        "Azure keeps one assignment per scope, role and principal and both resources name that one, so azure-native refuses to create the second " +
        "(https://learn.microsoft.com/en-us/azure/role-based-access-control/troubleshooting)",
    resources: "its RoleAssignment",
    // Object IDs are GUIDs, equal whatever their case (RFC 4122 section 3); an entry may carry its type.
    samePrincipal: (admin, deployer) => parseEntraPrincipal(admin)?.objectId.toLowerCase() === deployer.toLowerCase(),
    renamedMatches: (deployer) =>
        `with the deployer listed as ${deployer} in this very case (azure-native replaces an assignment whose principalId changes, pulumi/pulumi-azure-native#1010)`,
    // getClientConfig's object ID is the token's oid claim, which a cross-tenant sign-in may lack.
    unknownDeployer: {
        why: "its token carries no oid claim, hashicorp/terraform-provider-azurerm#20465",
        listAs: "its object ID, or ServicePrincipal:<object-id> for a service principal or managed identity",
    },
};

export function clusterAdministrators(
    settings: StackSettings,
    cluster: containerservice.ManagedCluster,
    deployer: ClientConfig,
    opts: pulumi.CustomResourceOptions,
): authorization.RoleAssignment[] {
    const { clusterAdmins, includeDeployerAsAdmin } = settings.access;
    const grant = (name: string, principalId: pulumi.Input<string>, principalType?: EntraPrincipalType) =>
        grantRole(
            name,
            {
                scope: cluster.id,
                principalId,
                principalType,
                role: "aksRbacClusterAdmin",
                subscriptionId: deployer.subscriptionId,
            },
            opts,
        );
    // Validated by config/cluster-access.ts: `<object-id>` (a user) or `<Type>:<object-id>`.
    const principals = clusterAdmins.map((entry) => parseEntraPrincipal(entry)!);
    // One resource per listed principal, named after its object ID: the list, not the deployer, decides.
    const adminName = (objectId: string) => `${settings.clusterName}-admin-${objectId.toLowerCase()}`;
    const admins = principals.map(({ objectId, principalType }) => grant(adminName(objectId), objectId, principalType));
    if (includeDeployerAsAdmin) {
        // Opt-in: a different deployer replaces this assignment, and the previous one loses access.
        const ownGrant = `${settings.clusterName}-deployer-admin`;
        const checked = checkedDeployer(
            { stack: settings.stack, clusterAdmins, ownGrant, listedGrant: adminName },
            deployer.objectId,
            aksOneAssignmentPerPrincipal,
        );
        admins.push(grant(ownGrant, checked));
    } else if (!pulumi.runtime.isDryRun()) {
        // Not in a preview: the preview identity has a grant of its own outside clusterAdmins (README, Permissions).
        deployer.objectId.apply((objectId) => {
            // No object ID when the token has no oid claim (hashicorp/terraform-provider-azurerm#20465): nothing to compare.
            if (objectId && !clusterAdmins.some((admin) => aksOneAssignmentPerPrincipal.samePrincipal(admin, objectId))) {
                void pulumi.log.warn(
                    `The deployer ${objectId} is not in clusterAdmins: unless it is in a listed group, its Kubernetes calls are refused (403).`,
                );
            }
        });
    }
    return admins;
}

/**
 * AcrPull for the kubelet identity on the registry named by atlasia:aksAcrResourceId. AKS has no
 * registry of its own; the registry is the operator's, so it is named, never guessed.
 */
export function registryPull(
    settings: StackSettings,
    cluster: containerservice.ManagedCluster,
    opts: pulumi.CustomResourceOptions,
): authorization.RoleAssignment | undefined {
    const registry = settings.azure.acrResourceId;
    if (!registry) return undefined;
    return grantRole(
        `${settings.clusterName}-acr-pull`,
        {
            scope: registry,
            principalId: cluster.identityProfile.apply((profile) => profile?.kubeletidentity?.objectId ?? ""),
            role: "acrPull",
            subscriptionId: registry.split("/")[2],
            principalType: "ServicePrincipal",
        },
        opts,
    );
}

/**
 * Azure RBAC takes minutes to reach the cluster's API server; without the pause the first
 * Kubernetes call of a new stack is refused (403). Again whenever the set of administrators changes.
 */
export function rbacPropagation(
    settings: StackSettings,
    admins: authorization.RoleAssignment[],
    opts: { parent: pulumi.Resource; provider: pulumi.ProviderResource },
): Sleep {
    return new Sleep(
        `${settings.clusterName}-rbac-propagation`,
        {
            createDuration: "180s",
            triggers: { roleAssignments: pulumi.all(admins.map((admin) => admin.id)).apply((ids) => ids.sort().join(",")) },
        },
        { ...opts, dependsOn: admins },
    );
}
