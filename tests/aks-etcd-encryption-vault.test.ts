// The Key Vault, key and grant behind AKS KMS etcd encryption, through the whole program under mocks,
// and the vault's name cut to Key Vault's naming rule. Expected values come from the Key Vault and AKS
// documentation cited beside each test, written out by hand.
import { strict as assert } from "assert";
import { ProgramRun } from "../harness/run";
import { vaultNamePrefix } from "../clusters/aks/encryption";
import { stackOptions, validStackRun } from "./support/runs";
import { onlyResource } from "./support/resources";

describe("AKS etcd encryption: vault, key and grant", function () {
    this.timeout(60000);
    let runs: Record<"staging" | "production", ProgramRun>;

    before(async () => {
        runs = {
            staging: await validStackRun(stackOptions("azure", "staging")),
            production: await validStackRun(stackOptions("azure", "production")),
        };
    });

    describe("the vault's name", () => {
        // Key Vault names: 3-24 characters, alphanumerics and hyphens, start with a letter, end with a letter
        // or digit, no consecutive hyphens
        // (https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/resource-name-rules#microsoftkeyvault).
        // The name is "<prefix>-<6 random characters>", so the prefix has at most 24 - 7 = 17 characters.
        it("keeps a short cluster name whole, hyphens included", () => {
            assert.equal(vaultNamePrefix("atlasia-prod"), "atlasia-prod");
        });

        it("collapses consecutive hyphens into one", () => {
            assert.equal(vaultNamePrefix("atlasia--eu---prod"), "atlasia-eu-prod");
        });

        it("cuts a long name to 17 characters", () => {
            assert.equal(vaultNamePrefix("atlasia-analytics-westeurope"), "atlasia-analytics");
        });

        it("drops the hyphen a cut ends in, so the name never holds '--'", () => {
            assert.equal(vaultNamePrefix("atlasia-analytic-s-eu"), "atlasia-analytic");
        });

        it("the random suffix draws from lower-case letters and digits only", () => {
            // random.RandomString: lower and numeric default to true; upper and special must be turned off
            // (https://registry.terraform.io/providers/hashicorp/random/latest/docs/resources/string).
            // A vault name is a global DNS label (<name>.vault.azure.net): the more combinations, the fewer clashes.
            const suffix = onlyResource(runs.production, "random:index/randomString:RandomString", (r) => r.name === "atlasia-prod-kms-vault-suffix").inputs;
            assert.equal(suffix.length, 6);
            assert.equal(suffix.upper, false);
            assert.equal(suffix.special, false);
            assert.notEqual(suffix.lower, false, "lower-case letters stay in");
            assert.notEqual(suffix.numeric, false, "digits stay in");
        });
    });

    describe("the vault", () => {
        it("is a standard vault (family A); KMS needs no HSM-backed key", () => {
            // Vault sku: family "A" (the only family), name "standard" or "premium" (HSM-protected keys)
            // (https://learn.microsoft.com/en-us/azure/templates/microsoft.keyvault/vaults#sku).
            for (const run of Object.values(runs)) {
                assert.deepEqual(onlyResource(run, "azure-native:keyvault:Vault").inputs.properties.sku, { family: "A", name: "standard" });
            }
        });

        it("keeps soft delete on, which Key Vault no longer lets anyone turn off", () => {
            // "In February 2025, Microsoft will enable soft-delete protection on all key vaults, and users
            // will no longer be able to opt out" (https://learn.microsoft.com/en-us/azure/key-vault/general/soft-delete-change).
            for (const run of Object.values(runs)) {
                assert.strictEqual(onlyResource(run, "azure-native:keyvault:Vault").inputs.properties.enableSoftDelete, true);
            }
        });

        it("stays reachable by the KMS plugin: public network access without a firewall", () => {
            // "Azure Key Vault with a firewall setting 'allow public access from specific virtual networks and
            // IP addresses' or 'disable public access' isn't supported because it blocks traffic from the KMS
            // plugin to the key vault" (https://learn.microsoft.com/en-us/azure/aks/use-kms-etcd-encryption#limitations);
            // the cluster says keyVaultNetworkAccess Public.
            for (const run of Object.values(runs)) {
                const properties = onlyResource(run, "azure-native:keyvault:Vault").inputs.properties;
                assert.equal(properties.publicNetworkAccess, "Enabled");
                assert.deepEqual(properties.networkAcls, { defaultAction: "Allow", bypass: "AzureServices" });
                assert.equal(
                    onlyResource(run, "azure-native:containerservice:ManagedCluster").inputs.securityProfile.azureKeyVaultKms.keyVaultNetworkAccess,
                    "Public",
                );
            }
        });
    });

    it("the key is RSA 2048, the key type AKS KMS encrypts with", () => {
        // `az keyvault key create` in https://learn.microsoft.com/en-us/azure/aks/use-kms-etcd-encryption makes an
        // RSA key (its default --kty); Azure/terraform-azurerm-aks examples/named_cluster/kms.tf: key_type "RSA", key_size 2048.
        for (const run of Object.values(runs)) {
            assert.deepEqual(onlyResource(run, "azure-native:keyvault:Key").inputs.properties, { kty: "RSA", keySize: 2048 });
        }
    });

    it("grants Key Vault Crypto User to the control plane's identity as a ServicePrincipal, created just before", () => {
        // A managed identity created in the same deployment may not have replicated yet; principalType
        // ServicePrincipal lets the assignment wait for it
        // (https://learn.microsoft.com/en-us/azure/role-based-access-control/role-assignments-template#new-service-principal).
        for (const run of Object.values(runs)) {
            const grant = onlyResource(
                run,
                "azure-native:authorization:RoleAssignment",
                // Key Vault Crypto User (https://learn.microsoft.com/en-us/azure/role-based-access-control/built-in-roles/security#key-vault-crypto-user).
                (r) => String(r.inputs.roleDefinitionId).endsWith("/12338af0-0e69-4776-bea7-57ae8d297424"),
            );
            assert.equal(grant.inputs.principalType, "ServicePrincipal");
        }
    });
});
