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
import { checkedDeployer, DeployerAdminError, OneGrantPerPrincipal, unusableDeployerProblem } from "../deployer-admin";
import { tokenPrincipalType } from "./token-principal-type";
import { projectName } from "../../config/keys";
import { nameDigest, namesWhenStored, secretWhenStored } from "../../config/stored-secret";

const adminsKey = `${projectName}:clusterAdmins`;

type ClientConfig = pulumi.Output<authorization.GetClientConfigResult>;

/** How to list the deployer in clusterAdmins when its own grant cannot be made. */
const deployerEntry = "the deployer's object ID (ServicePrincipal:<object-id> for a service principal or managed identity)";

/**
 * Azure keeps one role assignment per scope, role and principal (a second, under another name, is
 * refused with 409 RoleAssignmentExists, hashicorp/terraform-provider-azurerm#17421), and an
 * assignment's name is its identity: "You can't create two role assignments with the same name"
 * (troubleshooting page below). Both resources derive the same name (./role-assignments.ts), and
 * azure-native refuses to create a resource that exists ("cannot create already existing resource",
 * pulumi-azure-native provider/pkg/provider/provider.go). The deployer's own is typed from its access
 * token (./token-principal-type.ts). Renamed to the listed grant's name, it matches the listed inputs:
 * both send the object ID in lower case, and a principalType of its own is at most an update in place
 * (azure-native replaces an assignment only for a new principalId or scope, pulumi/pulumi-azure-native#1010).
 */
export const aksOneAssignmentPerPrincipal: OneGrantPerPrincipal = {
    grant: "the Azure Kubernetes Service RBAC Cluster Admin role assignment",
    refusal:
        "Azure keeps one assignment per scope, role and principal and both resources name that one, so azure-native refuses to create the second " +
        "(https://learn.microsoft.com/en-us/azure/role-based-access-control/troubleshooting)",
    resources: "its RoleAssignment",
    // Object IDs are GUIDs, equal whatever their case (RFC 4122 section 3); an entry may carry its type.
    // clusterAdmins is validated by config/cluster-access.ts before any resource is made.
    samePrincipal: (admin, deployer) => parseEntraPrincipal(admin)!.objectId.toLowerCase() === deployer.toLowerCase(),
    // A fallback: azure-native's getClientConfig looks a token's missing oid claim up in Microsoft Graph
    // or fails (provider/pkg/provider/auth_getclientconfig.go); an empty object ID still grants nobody.
    unusableDeployer: (deployer) => (deployer ? undefined : { why: "azure-native's getClientConfig returned no object ID", listAs: deployerEntry }),
};

export function clusterAdministrators(
    settings: StackSettings,
    cluster: containerservice.ManagedCluster,
    deployer: ClientConfig,
    opts: pulumi.CustomResourceOptions,
): authorization.RoleAssignment[] {
    const { clusterAdmins, includeDeployerAsAdmin } = settings.access;
    // The object ID in lower case, as Entra ID and ARM return it: the assignment's GUID name is made
    // from it in lower case, and azure-native compares principalId as written and replaces the
    // assignment when it changes (pulumi/pulumi-azure-native#1010). Replaced under the same name, the
    // new one would be created before the old is deleted and refused; so the old goes first.
    const grant = (name: string, objectId: pulumi.Input<string>, principalType: pulumi.Input<EntraPrincipalType>, aliases: pulumi.Alias[] = []) =>
        grantRole(
            name,
            {
                scope: cluster.id,
                principalId: pulumi.output(objectId).apply((id) => id.toLowerCase()),
                principalType,
                role: "aksRbacClusterAdmin",
                subscriptionId: deployer.subscriptionId,
            },
            { ...opts, deleteBeforeReplace: true, aliases },
        );
    // Validated by config/cluster-access.ts: `<object-id>` (a user) or `<Type>:<object-id>`.
    const principals = clusterAdmins.map((entry) => parseEntraPrincipal(entry)!);
    // One resource per listed principal, named after its object ID (a digest of it when the list is
    // stored secret: the name is in the URN), aliased from the other form (see ../eks/access.ts): the
    // list, not the deployer, decides.
    const adminNames = (objectId: string) =>
        namesWhenStored(
            adminsKey,
            `${settings.clusterName}-admin-${objectId.toLowerCase()}`,
            `${settings.clusterName}-admin-${nameDigest(objectId.toLowerCase())}`,
        );
    const adminName = (objectId: string) => adminNames(objectId).name;
    const admins = principals.map(({ objectId, principalType }) => {
        const { name, previous } = adminNames(objectId);
        return grant(name, secretWhenStored(adminsKey, objectId), principalType, [{ name: previous }]);
    });
    if (includeDeployerAsAdmin) {
        // Opt-in: a different deployer replaces this assignment, and the previous one loses access.
        const ownGrant = `${settings.clusterName}-deployer-admin`;
        const deployerGrant = { stack: settings.stack, clusterAdmins, ownGrant, listedGrant: adminName };
        const checked = checkedDeployer(deployerGrant, deployer.objectId, aksOneAssignmentPerPrincipal);
        // Only the derived type leaves the apply: the token is a credential, never in an error either.
        const token = authorization.getClientTokenOutput({}, opts).token;
        const deployerType = pulumi.all([checked, token]).apply(([objectId, accessToken]) => {
            const type = tokenPrincipalType(accessToken);
            if (type) return type;
            const unreadable = {
                why: "its access token (azure-native getClientToken) is not a JWT, so whether it is a user or a service principal is unknown",
                listAs: deployerEntry,
            };
            throw new DeployerAdminError(unusableDeployerProblem(deployerGrant, objectId, aksOneAssignmentPerPrincipal, unreadable));
        });
        admins.push(grant(ownGrant, checked, deployerType));
    } else if (!pulumi.runtime.isDryRun()) {
        // Not in a preview: the preview identity has a grant of its own outside clusterAdmins (README, Permissions).
        deployer.objectId.apply((objectId) => {
            // An empty object ID (see unusableDeployer above): nothing to compare.
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
 * Pull rights for the kubelet identity on the registry named by atlasia:aksAcrResourceId. AKS has no
 * registry of its own; the registry is the operator's, so it is named, never guessed. Both pull roles:
 * a registry honours AcrPull or Container Registry Repository Reader, by its permissions mode (RBAC
 * only, or RBAC + ABAC); @pulumi/azure-native does not expose the mode, and the operator may switch it.
 */
export function registryPull(
    settings: StackSettings,
    cluster: containerservice.ManagedCluster,
    opts: pulumi.CustomResourceOptions,
): authorization.RoleAssignment[] {
    const registry = settings.azure.acr;
    if (!registry) return [];
    const kubelet = cluster.identityProfile.apply((profile) => profile?.kubeletidentity?.objectId ?? "");
    const pullRoles = [
        ["acr-pull", "acrPull"],
        ["acr-repository-reader", "acrRepositoryReader"],
    ] as const;
    return pullRoles.map(([suffix, role]) =>
        grantRole(
            `${settings.clusterName}-${suffix}`,
            { scope: registry.id, principalId: kubelet, role, subscriptionId: registry.subscriptionId, principalType: "ServicePrincipal" },
            opts,
        ),
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
