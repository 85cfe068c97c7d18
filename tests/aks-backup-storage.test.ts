// The database's backup storage on AKS through the whole program under mocks: the storage account's
// global name and its security settings, soft delete and versioning, the lifecycle rule, the private
// container, and the backup identity's federated credential and role assignment. Expected values
// are written out by hand from the Azure documentation and ARM/azure-native schema cited beside them,
// never from the program's tables.
import { strict as assert } from "assert";
import { ProgramRun, RecordedResource } from "../harness/run";
import { mockAksIssuerId, mockAzureSubscription, mockAzureTenant } from "../harness/mocks";
import { backupAccountName } from "../clusters/aks/backup-container";
import { platformRuleViolations } from "./support/platform-rules";
import { stackOptions, validStackRun } from "./support/runs";

/** Storage account names: 3-24 lower-case letters and digits, global (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftstorage). */
const storageAccountNamePattern = /^[a-z0-9]{3,24}$/;

type Env = "production" | "staging";
const runs = new Map<Env, ProgramRun>();

function one(env: Env, type: string, name?: string): RecordedResource {
    const found = runs.get(env)?.resources.filter((r) => r.type === type && (name === undefined || r.name === name)) ?? [];
    assert.equal(found.length, 1, `${env}: expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}`);
    return found[0];
}

const accountOf = (env: Env) => one(env, "azure-native:storage:StorageAccount");
const blobServiceOf = (env: Env) => one(env, "azure-native:storage:BlobServiceProperties");
const containerOf = (env: Env) => one(env, "azure-native:storage:BlobContainer");
const lifecycleOf = (env: Env) => one(env, "azure-native:storage:ManagementPolicy");
const backupIdentityOf = (env: Env) =>
    one(env, "azure-native:managedidentity:UserAssignedIdentity", `atlasia-${env === "production" ? "prod" : env}-db-backup`);
const federatedOf = (env: Env) => one(env, "azure-native:managedidentity:FederatedIdentityCredential");
const backupWriterOf = (env: Env) => one(env, "azure-native:authorization:RoleAssignment", `atlasia-${env === "production" ? "prod" : env}-db-backup-writer`);

describe("AKS database backup storage", function () {
    this.timeout(60000);

    before(async () => {
        for (const env of ["production", "staging"] as const) runs.set(env, await validStackRun(stackOptions("azure", env)));
    });

    describe("the storage account's name", () => {
        // The name cannot be changed once created (a new name is a new, empty account): pinned letter by
        // letter. <cluster name, letters and digits only, at most 12> + "db" + the first 8 hex characters
        // of sha256("<seed>/<cluster>"), the seed being "<project>/<stack>" without a subscription ID.
        // Hashes derived by hand: `echo -n atlasia/production/atlasia-prod | sha256sum` = 31385cc9...
        it("production and staging: <cluster letters and digits>db<8 hex of the seed and cluster name>", () => {
            assert.equal(accountOf("production").inputs.accountName, "atlasiaproddb31385cc9");
            assert.equal(accountOf("staging").inputs.accountName, "atlasiastagidb42ba6450", '"atlasiastaging" cut to 12');
        });

        it("the subscription ID, when configured, seeds the hash: the same cluster name in two subscriptions gets two global names", () => {
            // `echo -n 11111111-2222-4333-8444-555555555555/atlasia-prod | sha256sum` = f1791d23...
            assert.equal(backupAccountName("atlasia-prod", "11111111-2222-4333-8444-555555555555"), "atlasiaproddbf1791d23");
            assert.notEqual(backupAccountName("atlasia-prod", "11111111-2222-4333-8444-555555555555"), backupAccountName("atlasia-prod", "atlasia/production"));
        });

        it("a 40-character hyphenated cluster name (the longest accepted) keeps the account name within 24 characters", async () => {
            // "atlasia-payments-eu-west-blue1-canary001" without hyphens has 36 characters; 12 of them +
            // "db" + 8 = 22. `echo -n atlasia/staging/atlasia-payments-eu-west-blue1-canary001 | sha256sum` = c9dc0dc0...
            const clusterName = "atlasia-payments-eu-west-blue1-canary001";
            const base = stackOptions("azure", "staging");
            const run = await validStackRun({ ...base, set: { ...base.set, clusterName } });
            const account = run.resources.find((r) => r.type === "azure-native:storage:StorageAccount");
            assert.equal(account?.inputs.accountName, "atlasiapaymedbc9dc0dc0");
            assert.match(account?.inputs.accountName, storageAccountNamePattern);
            assert.deepEqual(platformRuleViolations(run), []);
        });
    });

    describe("the storage account's settings", () => {
        it("general-purpose v2 with zone-redundant storage: three copies in three zones of the region", () => {
            // StorageV2 is the kind Microsoft recommends and the one lifecycle management and blob
            // versioning need (https://learn.microsoft.com/azure/storage/common/storage-account-overview);
            // Standard_ZRS: https://learn.microsoft.com/azure/storage/common/storage-redundancy#zone-redundant-storage
            for (const env of ["production", "staging"] as const) {
                assert.equal(accountOf(env).inputs.kind, "StorageV2", env);
                assert.deepEqual(accountOf(env).inputs.sku, { name: "Standard_ZRS" }, env);
            }
        });

        it("TLS 1.2 at least, HTTPS only, no anonymous blob access", () => {
            // https://learn.microsoft.com/azure/storage/common/transport-layer-security-configure-minimum-version,
            // https://learn.microsoft.com/azure/storage/common/storage-require-secure-transfer,
            // https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent
            for (const env of ["production", "staging"] as const) {
                const account = accountOf(env).inputs;
                assert.equal(account.minimumTlsVersion, "TLS1_2", env);
                assert.strictEqual(account.enableHttpsTrafficOnly, true, env);
                assert.strictEqual(account.allowBlobPublicAccess, false, env);
            }
        });

        it("Entra ID only: shared keys refused and OAuth the portal's default", () => {
            // https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent;
            // defaultToOAuthAuthentication: "A boolean flag which indicates whether the default
            // authentication is OAuth or not" (azure-native storage.StorageAccount).
            for (const env of ["production", "staging"] as const) {
                assert.strictEqual(accountOf(env).inputs.allowSharedKeyAccess, false, env);
                assert.strictEqual(accountOf(env).inputs.defaultToOAuthAuthentication, true, env);
            }
        });

        it("blobs encrypted at rest with Microsoft-managed keys (keySource Microsoft.Storage, account-scoped key)", () => {
            // https://learn.microsoft.com/azure/storage/common/storage-service-encryption; EncryptionService
            // keyType "Account": an account-scoped encryption key (azure-native storage EncryptionServiceArgs).
            assert.deepEqual(accountOf("production").inputs.encryption, {
                keySource: "Microsoft.Storage",
                services: { blob: { enabled: true, keyType: "Account" } },
            });
        });

        it("production: Pulumi protects the account and retains it if it leaves the program", () => {
            assert.equal(accountOf("production").protect, true);
            assert.equal(accountOf("production").retainOnDelete, true);
        });
    });

    describe("recovering what was deleted", () => {
        it("versioning on; deleted blobs and deleted containers recoverable for 7 days (Azure allows 1-365)", () => {
            // The blob service has one instance, named "default" (ARM: "Blob Service Name must be 'default'").
            // https://learn.microsoft.com/azure/storage/blobs/soft-delete-blob-overview,
            // https://learn.microsoft.com/azure/storage/blobs/soft-delete-container-overview,
            // https://learn.microsoft.com/azure/storage/blobs/versioning-overview
            for (const env of ["production", "staging"] as const) {
                const blob = blobServiceOf(env).inputs;
                assert.equal(blob.blobServicesName, "default", env);
                assert.strictEqual(blob.isVersioningEnabled, true, env);
                assert.deepEqual(blob.deleteRetentionPolicy, { enabled: true, days: 7 }, env);
                assert.deepEqual(blob.containerDeleteRetentionPolicy, { enabled: true, days: 7 }, env);
            }
        });

        it("the lifecycle rule: block blobs under postgresql/ deleted a week past the retention, old versions after 7 days", () => {
            // https://learn.microsoft.com/azure/storage/blobs/lifecycle-management-overview: one policy per
            // account, named "default" (ARM: "It should always be 'default'"); prefixMatch starts with the
            // container name; type "Lifecycle" is the only valid type. A '-' in the rule name is accepted
            // (hashicorp/terraform-provider-azurerm#11648, #17973). Retention: production 30 days, staging 7
            // (config/database.ts), plus a 7-day margin.
            const policy = (days: number) => ({
                rules: [
                    {
                        name: "backup-retention",
                        enabled: true,
                        type: "Lifecycle",
                        definition: {
                            filters: { blobTypes: ["blockBlob"], prefixMatch: ["postgresql/"] },
                            actions: {
                                baseBlob: { delete: { daysAfterModificationGreaterThan: days } },
                                version: { delete: { daysAfterCreationGreaterThan: 7 } },
                            },
                        },
                    },
                ],
            });
            assert.equal(lifecycleOf("production").inputs.managementPolicyName, "default");
            assert.deepEqual(lifecycleOf("production").inputs.policy, policy(37));
            assert.deepEqual(lifecycleOf("staging").inputs.policy, policy(14));
        });

        it("the container is private (publicAccess None)", () => {
            // https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-configure
            assert.equal(containerOf("production").inputs.containerName, "postgresql");
            assert.equal(containerOf("production").inputs.publicAccess, "None");
        });

        it("the blob service, container and lifecycle policy wait for the account they name only by its name", () => {
            // They take accountName as a plain string, which records no dependency: without dependsOn
            // ARM would be asked for them before the account exists (ParentResourceNotFound).
            const account = accountOf("production").urn;
            for (const child of [blobServiceOf("production"), containerOf("production"), lifecycleOf("production")]) {
                assert.ok(child.dependencies.includes(account), `${child.type} waits for the account`);
            }
        });
    });

    describe("the backup identity", () => {
        it("is federated with the database's service account: the cluster's issuer, its subject, Entra ID's audience", () => {
            // https://learn.microsoft.com/azure/aks/workload-identity-deploy-cluster#create-the-federated-identity-credential:
            // issuer = the cluster's OIDC issuer URL, subject system:serviceaccount:<namespace>:<name>,
            // audience api://AzureADTokenExchange. The credential's name: up to 120 characters
            // (Azure/azure-workload-identity#323, #372), unique per identity; named after namespace and account.
            const federated = federatedOf("production");
            assert.deepEqual(federated.inputs, {
                federatedIdentityCredentialResourceName: "atlasia-atlasia-db",
                resourceName: "atlasia-prod-db-backup",
                resourceGroupName: "atlasia-prod-rg",
                issuer: `https://eastus.oic.prod-aks.azure.com/${mockAzureTenant}/${mockAksIssuerId}/`,
                subject: "system:serviceaccount:atlasia:atlasia-db",
                audiences: ["api://AzureADTokenExchange"],
            });
        });

        it("the federated credential waits for the identity it names only by its name", () => {
            // resourceName is a plain string: without dependsOn ARM would be asked for the credential of
            // an identity that does not exist yet.
            assert.ok(federatedOf("production").dependencies.includes(backupIdentityOf("production").urn));
        });

        it("holds Storage Blob Data Contributor on the container only, assigned as a service principal", () => {
            // https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/storage#storage-blob-data-contributor
            // (ba92f5b4-2d11-453d-a403-e96b0029c9fe). principalType ServicePrincipal lets the assignment
            // succeed while a new identity is still replicating
            // (https://learn.microsoft.com/azure/role-based-access-control/role-assignments-template#new-service-principal).
            const assignment = backupWriterOf("production");
            assert.equal(
                assignment.inputs.roleDefinitionId,
                `/subscriptions/${mockAzureSubscription}/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe`,
            );
            assert.equal(assignment.inputs.principalType, "ServicePrincipal");
            assert.ok(assignment.propertyDependencies.scope.includes(containerOf("production").urn), "scoped to the container");
            assert.ok(assignment.propertyDependencies.principalId.includes(backupIdentityOf("production").urn), "granted to the backup identity");
        });
    });
});
