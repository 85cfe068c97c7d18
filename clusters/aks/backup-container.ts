// The database's backups on AKS: a storage account without shared keys (Entra ID only), one blob
// container, and one user-assigned identity that holds "Storage Blob Data Contributor" on that
// container only, federated with the database pods' Kubernetes service account (AKS workload
// identity; no key or connection string anywhere).
// https://learn.microsoft.com/azure/aks/workload-identity-deploy-cluster
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as storage from "@pulumi/azure-native/storage";
import { BackupStorage, BackupStorageRequest } from "../contract";
import { backupLifecycleDays, noncurrentVersionDays } from "../backup-lifecycle";
import { grantRole } from "./role-assignments";

/** The audience AKS workload identity tokens carry. */
export const workloadIdentityAudience = "api://AzureADTokenExchange";
export const backupContainerName = "postgresql";

export interface AksBackupContext {
    clusterName: string;
    location: string;
    /** Makes the global account name unique: the subscription ID when configured, else project/stack. */
    nameSeed: string;
    resourceGroupName: pulumi.Output<string>;
    subscriptionId: pulumi.Output<string>;
    oidcIssuerUrl: pulumi.Output<string>;
    tags: Record<string, string>;
    opts: pulumi.CustomResourceOptions;
}

/** Storage account names are global, 3-24 lower-case letters and digits. */
export function backupAccountName(clusterName: string, subscriptionSeed: string): string {
    const hash = crypto.createHash("sha256").update(`${subscriptionSeed}/${clusterName}`).digest("hex").slice(0, 8);
    return `${clusterName.replace(/[^a-z0-9]/g, "").slice(0, 12)}db${hash}`;
}

export function createBackupContainer(ctx: AksBackupContext, request: BackupStorageRequest): BackupStorage {
    const { clusterName, opts } = ctx;
    const resourceGroupName = ctx.resourceGroupName;
    const accountName = backupAccountName(clusterName, ctx.nameSeed);
    const account = new storage.StorageAccount(
        `${clusterName}-db-backups`,
        {
            accountName,
            resourceGroupName,
            location: ctx.location,
            kind: "StorageV2",
            sku: { name: "Standard_ZRS" }, // copies in three zones of the region
            minimumTlsVersion: "TLS1_2",
            enableHttpsTrafficOnly: true,
            allowBlobPublicAccess: false,
            // No account keys, SAS or connection strings: Entra ID tokens only.
            allowSharedKeyAccess: false,
            defaultToOAuthAuthentication: true,
            // Encrypted at rest with Microsoft-managed keys (always on).
            encryption: { keySource: "Microsoft.Storage", services: { blob: { enabled: true, keyType: "Account" } } },
            tags: ctx.tags,
        },
        { ...opts, protect: request.protect, retainOnDelete: request.protect },
    );
    const child = { ...opts, dependsOn: [account] };
    new storage.BlobServiceProperties(
        `${clusterName}-db-backups`,
        {
            accountName,
            resourceGroupName,
            blobServicesName: "default",
            isVersioningEnabled: true,
            deleteRetentionPolicy: { enabled: true, days: noncurrentVersionDays },
            containerDeleteRetentionPolicy: { enabled: true, days: noncurrentVersionDays },
        },
        child,
    );
    const container = new storage.BlobContainer(
        `${clusterName}-db-backups`,
        {
            accountName,
            resourceGroupName,
            containerName: backupContainerName,
            publicAccess: "None",
        },
        { ...child, protect: request.protect },
    );
    new storage.ManagementPolicy(
        `${clusterName}-db-backups`,
        {
            accountName,
            resourceGroupName,
            managementPolicyName: "default",
            policy: {
                rules: [
                    {
                        name: "backup-retention",
                        enabled: true,
                        type: "Lifecycle",
                        definition: {
                            filters: { blobTypes: ["blockBlob"], prefixMatch: [`${backupContainerName}/`] },
                            actions: {
                                baseBlob: { delete: { daysAfterModificationGreaterThan: backupLifecycleDays(request.retentionDays) } },
                                version: { delete: { daysAfterCreationGreaterThan: noncurrentVersionDays } },
                            },
                        },
                    },
                ],
            },
        },
        child,
    );

    const identity = new managedidentity.UserAssignedIdentity(
        `${clusterName}-db-backup`,
        {
            resourceName: `${clusterName}-db-backup`,
            resourceGroupName,
            location: ctx.location,
            tags: ctx.tags,
        },
        opts,
    );
    new managedidentity.FederatedIdentityCredential(
        `${clusterName}-db-backup`,
        {
            federatedIdentityCredentialResourceName: `${request.namespace}-${request.serviceAccount}`,
            resourceName: `${clusterName}-db-backup`,
            resourceGroupName,
            issuer: ctx.oidcIssuerUrl,
            subject: `system:serviceaccount:${request.namespace}:${request.serviceAccount}`,
            audiences: [workloadIdentityAudience],
        },
        { ...opts, dependsOn: [identity] },
    );
    grantRole(
        `${clusterName}-db-backup-writer`,
        {
            scope: container.id,
            principalId: identity.principalId,
            principalType: "ServicePrincipal",
            role: "storageBlobDataContributor",
            subscriptionId: ctx.subscriptionId,
        },
        opts,
    );

    return {
        destinationPath: container.id.apply(() => `https://${accountName}.blob.core.windows.net/${backupContainerName}`),
        // DefaultAzureCredential picks up the workload identity token the AKS webhook injects
        // (plugin-barman-cloud #681, in v0.11.0; inheritFromAzureAD would ask IMDS for a managed identity).
        credentials: { azureCredentials: { useDefaultAzureCredentials: true } },
        serviceAccountAnnotations: identity.clientId.apply((clientId): Record<string, string> => ({ "azure.workload.identity/client-id": clientId })),
        podLabels: { "azure.workload.identity/use": "true" },
    };
}
