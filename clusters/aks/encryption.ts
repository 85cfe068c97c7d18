// Key Vault KMS etcd encryption: Kubernetes Secrets are encrypted with a key in our own vault
// (https://learn.microsoft.com/en-us/azure/aks/use-kms-etcd-encryption). The control plane's
// identity may only encrypt and decrypt with that key. Deleting the key, the vault or the identity
// makes the cluster's secrets unrecoverable: production protects them and turns on purge protection.
import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import { RandomString } from "@pulumi/random/randomString";
import { StackSettings } from "../../config/settings";
import { UtilityProviders } from "../utility-providers";
import { grantRole } from "./role-assignments";

/** Key Vault names are global, 3-24 characters, no "--": the cluster name cut short plus a random suffix. */
const vaultSuffixLength = 6;
const vaultNameLength = 24;

/** The vault name's fixed part for a cluster name (letters, digits and single hyphens). */
export function vaultNamePrefix(clusterName: string): string {
    return clusterName
        .replace(/-+/g, "-")
        .slice(0, vaultNameLength - vaultSuffixLength - 1)
        .replace(/-+$/, "");
}

/** Production keeps deleted vaults 90 days (the maximum) and cannot purge them; elsewhere 7 days (the minimum). */
const softDeleteRetentionDays = { production: 90, other: 7 };

export interface EtcdEncryption {
    /** Versioned key URI for `securityProfile.azureKeyVaultKms.keyId`. */
    keyId: pulumi.Output<string>;
    /** The grant the cluster must wait for. */
    keyAccess: pulumi.Resource;
}

export interface EtcdEncryptionArgs {
    settings: StackSettings;
    resourceGroupName: pulumi.Input<string>;
    tenantId: pulumi.Input<string>;
    subscriptionId: pulumi.Input<string>;
    identity: managedidentity.UserAssignedIdentity;
    randomProvider: UtilityProviders["random"];
}

export function etcdEncryption(args: EtcdEncryptionArgs, opts: pulumi.CustomResourceOptions): EtcdEncryption {
    const { settings } = args;
    const production = settings.environment === "production";
    const keep = { ...opts, protect: settings.protect };
    // A new suffix only with a new vault: a purge-protected deleted vault keeps its name for 90 days.
    const suffix = new RandomString(
        `${settings.clusterName}-kms-vault-suffix`,
        {
            length: vaultSuffixLength,
            upper: false,
            special: false,
            numeric: true,
            lower: true,
        },
        { parent: opts.parent, provider: args.randomProvider },
    );
    const vault = new keyvault.Vault(
        `${settings.clusterName}-kms`,
        {
            vaultName: pulumi.interpolate`${vaultNamePrefix(settings.clusterName)}-${suffix.result}`,
            resourceGroupName: args.resourceGroupName,
            location: settings.region,
            properties: {
                tenantId: args.tenantId,
                sku: { family: "A", name: "standard" },
                enableRbacAuthorization: true,
                enableSoftDelete: true,
                softDeleteRetentionInDays: production ? softDeleteRetentionDays.production : softDeleteRetentionDays.other,
                // Purge protection cannot be turned off again; outside production a destroyed stack's vault can be purged.
                enablePurgeProtection: production ? true : undefined,
                // KMS does not support a vault firewall limited to networks or addresses (see the limitations above).
                publicNetworkAccess: "Enabled",
                networkAcls: { defaultAction: "Allow", bypass: "AzureServices" },
            },
            tags: settings.tags,
        },
        keep,
    );
    const key = new keyvault.Key(
        `${settings.clusterName}-etcd`,
        {
            keyName: "etcd-encryption",
            vaultName: vault.name,
            resourceGroupName: args.resourceGroupName,
            properties: { kty: "RSA", keySize: 2048 },
        },
        { ...keep, parent: opts.parent },
    );
    const keyAccess = grantRole(
        `${settings.clusterName}-kms-key-user`,
        {
            scope: key.id,
            principalId: args.identity.principalId,
            role: "keyVaultCryptoUser",
            subscriptionId: args.subscriptionId,
            principalType: "ServicePrincipal",
        },
        opts,
    );
    return { keyId: key.keyUriWithVersion, keyAccess };
}
