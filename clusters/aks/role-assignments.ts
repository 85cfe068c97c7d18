// Azure role assignments with stable names: the name is derived from scope, role and principal,
// so a rerun (by CI or a person, or after a lost state) writes the same assignment instead of
// creating a second one, which Azure refuses (RoleAssignmentExists).
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { EntraPrincipalType } from "../../config/cluster-access";

/** Built-in role definition IDs (the same GUID in every subscription). */
export const builtInRoles = {
    /** https://learn.microsoft.com/en-us/azure/role-based-access-control/built-in-roles/containers#azure-kubernetes-service-rbac-cluster-admin */
    aksRbacClusterAdmin: "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
    /** https://learn.microsoft.com/en-us/azure/role-based-access-control/built-in-roles/containers#acrpull */
    acrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
    /**
     * https://learn.microsoft.com/en-us/azure/role-based-access-control/built-in-roles/containers#container-registry-repository-reader:
     * pull in a registry whose permissions mode is "RBAC Registry + ABAC Repository Permissions", which
     * does not honour AcrPull (and is to become the default):
     * https://learn.microsoft.com/en-us/azure/container-registry/container-registry-rbac-abac-repository-permissions
     */
    acrRepositoryReader: "b93aa761-3e63-49ed-ac28-beffa264f7ac",
    /** Encrypt/decrypt with a key (the KMS plugin): https://learn.microsoft.com/en-us/azure/role-based-access-control/built-in-roles/security#key-vault-crypto-user */
    keyVaultCryptoUser: "12338af0-0e69-4776-bea7-57ae8d297424",
    /** Read, write and delete blobs (database backups): https://learn.microsoft.com/en-us/azure/role-based-access-control/built-in-roles/storage#storage-blob-data-contributor */
    storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
} as const;

/** A GUID (RFC 4122 layout, version 5 bits) derived from the parts; role assignment names must be GUIDs. */
export function stableGuid(...parts: string[]): string {
    const hash = crypto.createHash("sha1").update(parts.join("|").toLowerCase()).digest();
    hash[6] = (hash[6] & 0x0f) | 0x50;
    hash[8] = (hash[8] & 0x3f) | 0x80;
    const hex = hash.subarray(0, 16).toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export interface RoleGrant {
    scope: pulumi.Input<string>;
    principalId: pulumi.Input<string>;
    role: keyof typeof builtInRoles;
    /** Subscription holding the role definition (any subscription of the tenant has the built-in roles). */
    subscriptionId: pulumi.Input<string>;
    /**
     * The principal's own type (ARM refuses another); azure-native sends "User" when unset.
     * "ServicePrincipal" for managed identities also avoids a failure while a new identity replicates.
     */
    principalType?: pulumi.Input<EntraPrincipalType>;
}

export function grantRole(name: string, grant: RoleGrant, opts: pulumi.CustomResourceOptions): authorization.RoleAssignment {
    const roleId = builtInRoles[grant.role];
    return new authorization.RoleAssignment(
        name,
        {
            roleAssignmentName: pulumi.all([grant.scope, grant.principalId]).apply(([scope, principal]) => stableGuid(scope, roleId, principal)),
            scope: grant.scope,
            principalId: grant.principalId,
            principalType: grant.principalType,
            roleDefinitionId: pulumi.interpolate`/subscriptions/${grant.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`,
        },
        opts,
    );
}
