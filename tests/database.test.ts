// Issue 9: PostgreSQL by CloudNativePG with off-cluster backups, PITR and a production standby.
// Every cloud x environment, the backup identity bound to exactly one bucket, the connection
// arithmetic, recovery and migration resources, and refused input.
// Sources (field names checked against the operator chart 0.29.0 CRDs and plugin chart 0.7.0 CRDs):
//  - https://cloudnative-pg.io/documentation/current/replication/ (synchronous: method any, number,
//    dataDurability preferred), https://cloudnative-pg.io/plugin-barman-cloud/docs/object_stores
//    (IRSA annotation, gkeEnvironment + iam.gke.io annotation), plugin-barman-cloud#681
//    (useDefaultAzureCredentials), ScheduledBackup.spec.schedule description (robfig cron, seconds first).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { matrix, stackRun, StackCase, validStackRun, withConfig } from "./support/runs";
import type { RecordedResource } from "../harness/run";
import { baseBackupScheduleProblem, recoveryTargetProblem } from "../config/database";
import { connectionBudget, connectionProblems, databaseSizing } from "../workloads/database/connections";
import { settingsFor } from "./support/settings";
import { crdSchemaErrors } from "./support/crd-schemas";

type Run = Awaited<ReturnType<typeof validStackRun>>;
const cr = (run: Run, kind: string) =>
    run.resources.filter((r) => r.type.startsWith("kubernetes:") && r.inputs.kind === kind && r.inputs.apiVersion !== undefined);
const ofType = (run: Run, type: string) => run.resources.filter((r) => r.type === type);
const one = (list: RecordedResource[], what: string) => {
    assert.equal(list.length, 1, `exactly one ${what}, got ${list.length}`);
    return list[0];
};

const cloudCases = matrix.filter((c) => c.cloud !== "local");
const engineRun = (c: StackCase, set: Record<string, string> = {}) => validStackRun(withConfig(c.options, { databaseEngine: "cloudnativepg", ...set }));

describe("database: CloudNativePG on every cloud and environment (issue 9)", function () {
    this.timeout(120000);

    for (const c of cloudCases) {
        describe(c.label, () => {
            it("runs a Cluster sized from the seed's table, over zones, with synchronous replication only in production", async () => {
                const run = await engineRun(c);
                const cluster = one(cr(run, "Cluster"), "Cluster").inputs;
                assert.equal(cluster.apiVersion, "postgresql.cnpg.io/v1");
                assert.equal(cluster.spec.instances, c.environment === "production" ? 3 : 1);
                assert.equal(cluster.spec.storage.size, c.environment === "production" ? "50Gi" : "20Gi");
                assert.equal(cluster.spec.affinity.topologyKey, "topology.kubernetes.io/zone");
                if (c.environment === "production") {
                    assert.deepEqual(cluster.spec.postgresql.synchronous, { method: "any", number: 1, dataDurability: "preferred" });
                    assert.equal(cluster.spec.affinity.podAntiAffinityType, "required");
                } else {
                    assert.equal(cluster.spec.postgresql.synchronous, undefined);
                }
                assert.equal(cluster.spec.postgresql.parameters.archive_timeout, "5min", "RPO: a WAL segment at least every 5 minutes");
                assert.equal(cluster.spec.enableSuperuserAccess, false);
                const sql: string[] = cluster.spec.bootstrap.initdb.postInitApplicationSQL;
                assert.deepEqual(sql.slice(0, 2), ['CREATE EXTENSION IF NOT EXISTS "uuid-ossp";', 'CREATE EXTENSION IF NOT EXISTS "pg_trgm";']);
                assert.ok(sql.includes("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ai;"), "the application's data access");
                assert.equal(cluster.spec.bootstrap.initdb.database, "ai");
                assert.equal(cluster.spec.bootstrap.initdb.owner, "ai_owner", "the schema owner of issue 11; migrations run as it");
                assert.deepEqual(cluster.spec.plugins, [
                    { name: "barman-cloud.cnpg.io", isWALArchiver: true, parameters: { barmanObjectName: "atlasia-db-backups" } },
                ]);
                assert.equal(cluster.spec.backup, undefined, "in-tree barmanObjectStore is deprecated");
                const role = cluster.spec.managed.roles[0];
                assert.equal(role.name, "ai", "the application's login");
                assert.equal(role.superuser, false);
                assert.equal(role.login, true);
                assert.equal(role.passwordSecret.name, "atlasia-db-app");
            });

            it("archives to the cloud's own storage through workload identity, with no static key", async () => {
                const run = await engineRun(c);
                const store = one(cr(run, "ObjectStore"), "ObjectStore").inputs;
                assert.equal(store.apiVersion, "barmancloud.cnpg.io/v1");
                assert.equal(store.spec.retentionPolicy, c.environment === "production" ? "30d" : "7d");
                const cluster = one(cr(run, "Cluster"), "Cluster").inputs;
                const annotations = cluster.spec.serviceAccountTemplate.metadata.annotations;
                const config = store.spec.configuration;
                if (c.cloud === "gcp") {
                    assert.match(config.destinationPath, /^gs:\/\//);
                    assert.deepEqual(config.googleCredentials, { gkeEnvironment: true });
                    assert.match(annotations["iam.gke.io/gcp-service-account"], /@.*\.iam\.gserviceaccount\.com$/);
                } else if (c.cloud === "aws") {
                    assert.match(config.destinationPath, /^s3:\/\//);
                    assert.deepEqual(config.s3Credentials, { inheritFromIAMRole: true });
                    assert.match(annotations["eks.amazonaws.com/role-arn"], /^arn:aws:iam::/);
                } else {
                    assert.match(config.destinationPath, /^https:\/\/[a-z0-9]{3,24}\.blob\.core\.windows\.net\/postgresql$/);
                    assert.deepEqual(config.azureCredentials, { useDefaultAzureCredentials: true });
                    assert.match(annotations["azure.workload.identity/client-id"], /^[0-9a-f-]{36}$/);
                    assert.equal(cluster.spec.inheritedMetadata.labels["azure.workload.identity/use"], "true");
                }
                const serialized = JSON.stringify(run.resources.map((r) => r.inputs));
                for (const key of ["accessKeyId", "secretAccessKey", "applicationCredentials", "storageKey", "connectionString", "storageSasToken"]) {
                    assert.ok(!serialized.includes(`"${key}"`), `no ${key} anywhere`);
                }
            });

            it("binds the backup identity to exactly one bucket or container, and to the database's service account only", async () => {
                const run = await engineRun(c);
                const subject = "atlasia/atlasia-db";
                if (c.cloud === "gcp") {
                    const bucket = one(ofType(run, "gcp:storage/bucket:Bucket"), "bucket");
                    const grants = ofType(run, "gcp:storage/bucketIAMMember:BucketIAMMember");
                    const account = one(
                        ofType(run, "gcp:serviceaccount/account:Account").filter((a) => /db-backup/.test(a.inputs.accountId)),
                        "backup account",
                    );
                    const email = `${account.inputs.accountId}@atlasia-${c.environment}.iam.gserviceaccount.com`;
                    const mine = grants.filter((g) => g.inputs.member === `serviceAccount:${email}`);
                    assert.equal(one(mine, "bucket grant").inputs.bucket, bucket.inputs.name);
                    assert.equal(mine[0].inputs.role, "roles/storage.objectAdmin");
                    const projectGrants = ofType(run, "gcp:projects/iAMMember:IAMMember").filter((g) => g.inputs.member === `serviceAccount:${email}`);
                    assert.deepEqual(projectGrants, [], "no project-wide role");
                    const wi = one(ofType(run, "gcp:serviceaccount/iAMMember:IAMMember"), "workload identity binding").inputs;
                    assert.equal(wi.role, "roles/iam.workloadIdentityUser");
                    assert.equal(wi.member, `serviceAccount:atlasia-${c.environment}.svc.id.goog[${subject}]`);
                    assert.equal(bucket.inputs.versioning.enabled, true);
                    assert.equal(bucket.inputs.publicAccessPrevention, "enforced");
                    assert.equal(bucket.inputs.lifecycleRules[0].condition.age, (c.environment === "production" ? 30 : 7) + 7);
                } else if (c.cloud === "aws") {
                    const bucket = one(ofType(run, "aws:s3/bucket:Bucket"), "bucket");
                    const bucketArn = `arn:aws:s3:::${bucket.inputs.bucketPrefix}mock`;
                    const policy = JSON.parse(
                        one(
                            ofType(run, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.inputs.policy.includes("s3:")),
                            "role policy",
                        ).inputs.policy,
                    );
                    const resources = policy.Statement.flatMap((s: { Resource: string | string[] }) => [s.Resource].flat());
                    assert.deepEqual(resources.sort(), [bucketArn, `${bucketArn}/*`].sort(), "only this bucket");
                    const role = ofType(run, "aws:iam/role:Role").find((r) => r.inputs.assumeRolePolicy?.includes("system:serviceaccount:atlasia"));
                    const trust = JSON.parse(role!.inputs.assumeRolePolicy).Statement[0].Condition.StringEquals;
                    assert.ok(Object.values(trust).includes(`system:serviceaccount:${subject.replace("/", ":")}`));
                    assert.equal(one(ofType(run, "aws:s3/bucketVersioning:BucketVersioning"), "versioning").inputs.versioningConfiguration.status, "Enabled");
                    assert.equal(
                        one(ofType(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"), "encryption").inputs.rules[0]
                            .applyServerSideEncryptionByDefault.sseAlgorithm,
                        "aws:kms",
                    );
                    assert.equal(
                        ofType(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")[0].inputs.rules[0].expiration.days,
                        (c.environment === "production" ? 30 : 7) + 7,
                    );
                } else {
                    one(ofType(run, "azure-native:storage:BlobContainer"), "container");
                    const identity = one(
                        ofType(run, "azure-native:managedidentity:UserAssignedIdentity").filter((i) => /db-backup$/.test(i.inputs.resourceName)),
                        "backup identity",
                    );
                    const assignments = ofType(run, "azure-native:authorization:RoleAssignment").filter((a) => a.dependencies.includes(identity.urn));
                    const assignment = one(assignments, "role assignment of the backup identity");
                    assert.match(assignment.inputs.scope, /BlobContainer/i, "scoped to the container, not the account or group");
                    assert.match(assignment.inputs.roleDefinitionId, /ba92f5b4-2d11-453d-a403-e96b0029c9fe$/);
                    const federated = one(ofType(run, "azure-native:managedidentity:FederatedIdentityCredential"), "federated credential").inputs;
                    assert.equal(federated.subject, `system:serviceaccount:${subject.replace("/", ":")}`);
                    assert.deepEqual(federated.audiences, ["api://AzureADTokenExchange"]);
                    const account = one(ofType(run, "azure-native:storage:StorageAccount"), "storage account").inputs;
                    assert.equal(account.allowSharedKeyAccess, false, "no account keys");
                    assert.equal(one(ofType(run, "azure-native:storage:BlobServiceProperties"), "blob properties").inputs.isVersioningEnabled, true);
                }
            });

            it("protects the bucket or container in production only", async () => {
                const run = await engineRun(c);
                const storage = run.resources.filter((r) =>
                    ["gcp:storage/bucket:Bucket", "aws:s3/bucket:Bucket", "azure-native:storage:StorageAccount"].includes(r.type),
                );
                assert.equal(storage.length, 1);
                assert.equal(Boolean(storage[0].protect), c.environment === "production");
            });

            it("backs up on schedule with the plugin and pools connections through PgBouncer", async () => {
                const run = await engineRun(c);
                const backup = one(cr(run, "ScheduledBackup"), "ScheduledBackup").inputs.spec;
                assert.equal(backup.method, "plugin");
                assert.deepEqual(backup.pluginConfiguration, { name: "barman-cloud.cnpg.io" });
                assert.equal(backup.schedule, "0 0 2 * * *");
                const pooler = one(cr(run, "Pooler"), "Pooler").inputs;
                assert.equal(pooler.metadata.name, "atlasia-postgresql", "the application's host, unchanged");
                assert.equal(pooler.spec.type, "rw");
                assert.equal(pooler.spec.pgbouncer.poolMode, "transaction");
                assert.equal(ofType(run, "kubernetes:apps/v1:StatefulSet").length, 0, "no StatefulSet once migrated");
            });

            // Transaction pooling never keeps session-level advisory locks or SET across transactions
            // (https://www.pgbouncer.org/features.html, "SQL feature map for pooling modes"); Flyway locks
            // its migrations with an advisory lock and fails behind it (flyway/flyway#2895). The
            // application stays on the pooler as the non-superuser `ai`; Flyway goes to the primary's
            // `-rw` Service as the owner (NetworkPolicies: tests/network-policy.test.ts).
            it("migrates straight to the primary as the owner; the application connects through the pooler", async () => {
                const config = one(
                    ofType(await engineRun(c), "kubernetes:core/v1:ConfigMap").filter((m) => m.inputs.metadata.name === "atlasia-config"),
                    "config",
                ).inputs.data;
                assert.equal(config.SPRING_DATASOURCE_URL, "jdbc:postgresql://atlasia-postgresql:5432/ai", "the Pooler's Service");
                assert.equal(config.SPRING_DATASOURCE_USERNAME, "ai");
                assert.equal(config.SPRING_FLYWAY_URL, "jdbc:postgresql://atlasia-db-rw:5432/ai");
                assert.equal(config.SPRING_FLYWAY_USER, "ai_owner");
                const recovered = await engineRun(c, {
                    databaseClusterName: "atlasia-db-r1",
                    databaseRecoverySource: "atlasia-db",
                    databaseRecoveryTarget: "latest",
                });
                const recoveredConfig = one(
                    ofType(recovered, "kubernetes:core/v1:ConfigMap").filter((m) => m.inputs.metadata.name === "atlasia-config"),
                    "config",
                ).inputs.data;
                assert.equal(recoveredConfig.SPRING_FLYWAY_URL, "jdbc:postgresql://atlasia-db-r1-rw:5432/ai", "the new cluster's primary");
                // While migrating the application and Flyway stay on the StatefulSet (unpooled).
                const migrating = await engineRun(c, { databaseEngine: "migrating" });
                const migratingConfig = one(
                    ofType(migrating, "kubernetes:core/v1:ConfigMap").filter((m) => m.inputs.metadata.name === "atlasia-config"),
                    "config",
                ).inputs.data;
                assert.equal(migratingConfig.SPRING_FLYWAY_URL, "jdbc:postgresql://atlasia-postgresql:5432/ai");
            });

            // Two objects of one kind and name in a namespace: the second create fails ("already exists").
            it("creates each Kubernetes object name once (the Pooler's NetworkPolicy is atlasia-postgresql)", async () => {
                const run = await engineRun(c);
                const keys = run.resources
                    .filter((r) => r.type.startsWith("kubernetes:") && r.inputs?.metadata?.name)
                    .map((r) => `${r.type}/${r.inputs.metadata.namespace ?? ""}/${r.inputs.metadata.name}`);
                assert.deepEqual(
                    keys.filter((k, i) => keys.indexOf(k) !== i),
                    [],
                );
            });

            it("alerts on a failed or late backup, stuck archiving and replication lag", async () => {
                const run = await engineRun(c);
                const specRules: { alert: string; expr: string }[] = one(cr(run, "PrometheusRule"), "PrometheusRule").inputs.spec.groups[0].rules;
                const rules = specRules.map((r) => r.alert);
                // archive_timeout switches no segment on an idle database (PostgreSQL 16 docs, archive_timeout),
                // so the archiver's age alone pages every quiet night; stuck is a waiting "ready" segment
                // (cnpg_collector_pg_wal_archive_status, cloudnative-pg metricserver/pg_collector.go; the
                // cluster chart's runbook CNPGClusterLowDiskSpaceCritical.md watches its "ready" count).
                const stuck = specRules.find((r) => r.alert === "PostgresWalArchivingStuck")!.expr;
                assert.match(stuck, /^max\(cnpg_collector_pg_wal_archive_status\{[^}]*value="ready"[^}]*\}\) > 0 and /, stuck);
                for (const alert of ["PostgresBackupFailed", "PostgresBackupLate", "PostgresWalArchivingStuck", "PostgresReplicationLag"])
                    assert.ok(rules.includes(alert), alert);
                const monitors = cr(run, "PodMonitor").filter((m) => m.inputs.metadata.labels["app.kubernetes.io/component"] === "database");
                assert.equal(monitors.length, 2, "instances and pooler");
            });

            // A new stack has no StatefulSet to import: initdb.import dumps the source at bootstrap only
            // (https://cloudnative-pg.io/docs/1.30/database_import), so a committed `migrating` would import
            // an empty or not yet running StatefulSet and leave the stack on it.
            it("the committed stack starts a new CloudNativePG database (initdb, no import, no StatefulSet)", async () => {
                const run = await validStackRun(c.options);
                const cluster = one(cr(run, "Cluster"), "Cluster").inputs.spec;
                assert.equal(cluster.bootstrap.initdb.import, undefined, "nothing to import on a new stack");
                assert.equal(cluster.bootstrap.initdb.owner, "ai_owner");
                assert.deepEqual(cluster.externalClusters, []);
                assert.equal(ofType(run, "kubernetes:apps/v1:StatefulSet").length, 0);
                assert.equal(one(cr(run, "Pooler"), "Pooler").inputs.metadata.name, "atlasia-postgresql", "the application's host");
            });

            it("migrating: the StatefulSet stays and the new cluster imports it", async () => {
                const run = await engineRun(c, { databaseEngine: "migrating" });
                assert.equal(ofType(run, "kubernetes:apps/v1:StatefulSet").length, 1, "nothing deleted before verification");
                const cluster = one(cr(run, "Cluster"), "Cluster").inputs.spec;
                const imported = cluster.bootstrap.initdb.import;
                assert.equal(imported.type, "microservice");
                assert.deepEqual(imported.databases, ["ai"]);
                assert.deepEqual(imported.source, { externalCluster: "statefulset" });
                assert.ok(imported.postImportApplicationSQL.includes("GRANT USAGE ON SCHEMA public TO ai;"));
                assert.equal(cluster.externalClusters[0].connectionParameters.host, "atlasia-postgresql");
                assert.equal(cluster.externalClusters[0].connectionParameters.user, "ai_owner");
                assert.notEqual(one(cr(run, "Pooler"), "Pooler").inputs.metadata.name, "atlasia-postgresql");
            });

            // CloudNativePG names the instances' ServiceAccount after the Cluster (serviceAccountTemplate,
            // https://cloudnative-pg.io/documentation/current/cloudnative-pg.v1/#postgresql-cnpg-io-v1-ServiceAccountTemplate),
            // so the identity binding must follow the Cluster's name, recovery clusters included.
            it("binds the backup identity to the service account of the Cluster actually created (a recovery cluster too)", async () => {
                const run = await engineRun(c, {
                    databaseClusterName: "atlasia-db-r1",
                    databaseRecoverySource: "atlasia-db",
                    databaseRecoveryTarget: "latest",
                });
                const subject = "system:serviceaccount:atlasia:atlasia-db-r1";
                if (c.cloud === "gcp") {
                    assert.equal(
                        one(ofType(run, "gcp:serviceaccount/iAMMember:IAMMember"), "workload identity binding").inputs.member,
                        `serviceAccount:atlasia-${c.environment}.svc.id.goog[atlasia/atlasia-db-r1]`,
                    );
                } else if (c.cloud === "aws") {
                    const role = ofType(run, "aws:iam/role:Role").find((r) => r.inputs.assumeRolePolicy?.includes("system:serviceaccount:atlasia"));
                    assert.ok(Object.values(JSON.parse(role!.inputs.assumeRolePolicy).Statement[0].Condition.StringEquals).includes(subject));
                } else {
                    assert.equal(one(ofType(run, "azure-native:managedidentity:FederatedIdentityCredential"), "federated credential").inputs.subject, subject);
                }
            });

            it("recovers to a point in time into a new cluster from the old one's archive", async () => {
                const target = new Date(Date.now() - 3600 * 1000).toISOString().replace(/\.\d+Z$/, "Z");
                const run = await engineRun(c, { databaseClusterName: "atlasia-db-r1", databaseRecoverySource: "atlasia-db", databaseRecoveryTarget: target });
                const cluster = one(cr(run, "Cluster"), "Cluster").inputs;
                assert.equal(cluster.metadata.name, "atlasia-db-r1");
                assert.deepEqual(cluster.spec.bootstrap.recovery.recoveryTarget, { targetTime: target });
                assert.equal(cluster.spec.bootstrap.recovery.source, "origin");
                assert.deepEqual(cluster.spec.externalClusters, [
                    {
                        name: "origin",
                        plugin: { name: "barman-cloud.cnpg.io", parameters: { barmanObjectName: "atlasia-db-r1-backups", serverName: "atlasia-db" } },
                    },
                ]);
            });
        });
    }

    // plugin-barman-cloud#816 (open, unmerged) would project the Azure token into the sidecar itself. With
    // the released plugin, the sidecar gets it from AKS's workload identity webhook, which mutates every
    // container and init container of a pod labelled azure.workload.identity/use=true whose service
    // account names the client ID (https://learn.microsoft.com/azure/aks/workload-identity-overview#pod-labels;
    // init containers: Azure/azure-workload-identity#149). The operator puts the sidecar into the pod
    // spec before it creates the pod, so the webhook sees it.
    it("AKS: the label reaches the instance pods, the service account names the backup identity's client ID", async () => {
        for (const c of cloudCases.filter((m) => m.cloud === "azure")) {
            const run = await engineRun(c);
            const cluster = one(cr(run, "Cluster"), "Cluster");
            const spec = cluster.inputs.spec;
            assert.equal(spec.inheritedMetadata.labels["azure.workload.identity/use"], "true", "a pod label: the webhook reads the pod's labels");
            assert.equal(
                spec.serviceAccountTemplate.metadata.labels?.["azure.workload.identity/use"],
                undefined,
                "a label on the service account does nothing",
            );
            const identity = one(
                ofType(run, "azure-native:managedidentity:UserAssignedIdentity").filter((i) => /db-backup$/.test(i.inputs.resourceName)),
                "backup identity",
            );
            assert.match(spec.serviceAccountTemplate.metadata.annotations["azure.workload.identity/client-id"], /^[0-9a-f-]{36}$/);
            assert.ok(cluster.dependencies.includes(identity.urn), "the client ID is the backup identity's");
            const federated = one(ofType(run, "azure-native:managedidentity:FederatedIdentityCredential"), "federated credential").inputs;
            assert.equal(federated.resourceName, identity.inputs.resourceName, "federated to that identity");
            const store = one(cr(run, "ObjectStore"), "ObjectStore").inputs.spec.configuration;
            assert.deepEqual(
                store.azureCredentials,
                { useDefaultAzureCredentials: true },
                "DefaultAzureCredential reads the webhook's AZURE_* variables (plugin-barman-cloud#681)",
            );
        }
    });

    // postgres-containers README: minimal and standard images go with a backup plugin; the project's
    // `standard` catalog lists 16.15-standard-trixie for PostgreSQL 16. Pinned to a minor, never a moving tag.
    it("runs the pinned PostgreSQL 16 standard image, the StatefulSet's minor", async () => {
        const run = await engineRun(cloudCases[0]);
        assert.equal(one(cr(run, "Cluster"), "Cluster").inputs.spec.imageName, "ghcr.io/cloudnative-pg/postgresql:16.15-standard-trixie");
        const local = await validStackRun(matrix[0].options);
        const postgres = one(ofType(local, "kubernetes:apps/v1:StatefulSet"), "StatefulSet").inputs.spec.template.spec.containers[0].image;
        assert.equal(postgres, "postgres:16.15", "an import needs a target no older than its source");
    });

    it("local development keeps the StatefulSet and installs no operator", async () => {
        const run = await validStackRun(matrix[0].options);
        assert.equal(ofType(run, "kubernetes:apps/v1:StatefulSet").length, 1);
        assert.equal(cr(run, "Cluster").length, 0);
        assert.ok(!run.resources.some((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "cloudnative-pg"));
    });
});

describe("database: connection arithmetic of every stack", () => {
    // The StatefulSet's (local/development) is issue 11's check (tests/runtime-workloads.test.ts).
    for (const c of cloudCases) {
        it(`${c.label}: orchestrator connections fit the pooler and the server`, async () => {
            const settings = await settingsFor(c.options);
            const budget = connectionBudget(settings, databaseSizing[c.environment === "production" ? "production" : "staging"]);
            assert.deepEqual(connectionProblems(budget), []);
            assert.ok(budget.applicationClients <= budget.clientLimit);
        });
    }

    it("refuses too few client slots or too many server connections", async () => {
        assert.equal(connectionProblems({ applicationClients: 200, clientLimit: 199, serverConnections: 10, serverLimit: 97 }).length, 1);
        const settings = await settingsFor(matrix.find((c) => c.label === "gcp/production")!.options);
        const greedy = { ...databaseSizing.production, pooler: { ...databaseSizing.production.pooler, defaultPoolSize: 50 } };
        assert.equal(connectionProblems(connectionBudget(settings, greedy)).length, 1);
    });
});

describe("database: bad input is refused with key, reason and fix", function () {
    this.timeout(60000);
    const refused = async (set: Record<string, string>, key: string, reason: RegExp) => {
        const run = await stackRun({ stack: "production", set: { cloud: "gcp", ...set }, secrets: { llmApiKey: "sk-test" } });
        assert.ok(run.error, "refused");
        const message = String(run.error);
        assert.match(message, new RegExp(`atlasia:${key}: [^\\n]*${reason.source}`));
        assert.match(message, new RegExp(`fix: pulumi config set --stack production atlasia:${key} `));
    };

    it("an instance count that cannot be scheduled or cannot replicate", async () => {
        await refused({ databaseInstances: "4" }, "databaseInstances", /cannot be scheduled/);
        await refused({ databaseInstances: "1" }, "databaseInstances", /synchronous replication/);
    });
    it("a retention out of range", async () => {
        await refused({ databaseBackupRetentionDays: "-3" }, "databaseBackupRetentionDays", /whole number/);
    });
    it("a five-field or every-second schedule", async () => {
        await refused({ databaseBackupSchedule: "0 2 * * *" }, "databaseBackupSchedule", /five fields/);
        await refused({ databaseBackupSchedule: "* 0 2 * * *" }, "databaseBackupSchedule", /one second/);
        assert.equal(baseBackupScheduleProblem("0 0 2 * * *"), undefined);
        assert.match(baseBackupScheduleProblem("0 * 2 * * *") ?? "", /every minute/);
    });
    // clusters/backup-lifecycle.ts: the lifecycle must exceed the retention by at least the base-backup
    // interval, or it deletes the oldest base backup the recovery window needs (Barman keeps it:
    // https://cloudnative-pg.io/plugin-barman-cloud/docs/retention/).
    // The late-backup alert (alerts.ts) expects a base backup within 26 hours: daily.
    it("a schedule with base backups further apart than the lifecycle's margin or the alert", async () => {
        await refused({ databaseBackupSchedule: "0 0 2 1 * *" }, "databaseBackupSchedule", /does not take a base backup every day/);
        assert.match(baseBackupScheduleProblem("0 0 2 */10 * *") ?? "", /lifecycle deletes objects 7 days after the retention/);
        assert.match(baseBackupScheduleProblem("0 0 2 * 1 *") ?? "", /every day/);
        assert.match(baseBackupScheduleProblem("0 0 2 * * 0") ?? "", /every day/, "weekly trips the 26-hour alert");
        assert.equal(baseBackupScheduleProblem("0 30 1 * * *"), undefined);
    });
    it("a recovery target in the future, outside the retention, or without a source", async () => {
        const now = new Date("2026-11-29T10:00:00Z");
        assert.match(recoveryTargetProblem("2026-11-30T00:00:00Z", 30, now) ?? "", /future/);
        assert.match(recoveryTargetProblem("2026-10-01T00:00:00Z", 30, now) ?? "", /older than the 30-day retention/);
        // The recovery keys stay while the recovered cluster exists (docs/database.md), so a time target
        // ages out 30 days later: the message must lead out of it, not only refuse.
        assert.match(recoveryTargetProblem("2026-10-01T00:00:00Z", 30, now) ?? "", /already recovered .* set the target to latest/);
        assert.match(recoveryTargetProblem("yesterday", 30, now) ?? "", /RFC 3339/);
        assert.equal(recoveryTargetProblem("2026-11-29T09:00:00Z", 30, now), undefined);
        assert.equal(recoveryTargetProblem("latest", 30, now), undefined);
        await refused({ databaseEngine: "cloudnativepg", databaseRecoveryTarget: "latest" }, "databaseRecoverySource", /name of the cluster/);
        await refused(
            { databaseEngine: "cloudnativepg", databaseRecoveryTarget: "latest", databaseRecoverySource: "atlasia-db" },
            "databaseClusterName",
            /needs a new name/,
        );
        await refused(
            {
                databaseEngine: "cloudnativepg",
                databaseRecoverySource: "atlasia-db",
                databaseClusterName: "atlasia-db-r1",
                databaseRecoveryTarget: "2999-01-01T00:00:00Z",
            },
            "databaseRecoveryTarget",
            /future/,
        );
    });
    it("CloudNativePG on a local cluster (no object storage)", async () => {
        const run = await stackRun({ stack: "dev", set: { databaseEngine: "cloudnativepg" }, secrets: { llmApiKey: "sk-test" } });
        assert.match(String(run.error), /atlasia:databaseEngine: cloudnativepg needs the cloud's object storage/);
    });
});

// The drill runs `pulumi up` on staging, which does not protect its Cluster: renaming it deletes the old
// one with its volumes, and a later return to the old name starts an empty cluster (initdb) over an
// archive that already holds WAL, which the plugin refuses (barman-cloud-check-wal-archive; the
// ObjectStore's destination must be empty for a new cluster, https://cloudnative-pg.io/plugin-barman-cloud/docs/usage/).
describe("database: the restore drill in docs/database.md", () => {
    const doc = fs.readFileSync(path.join(__dirname, "..", "docs", "database.md"), "utf8");
    const drill = doc.slice(doc.indexOf("## Restore drill"), doc.indexOf("## Migration"));
    it("never returns staging to a cluster name used before, and quiesces and archives before it restores", () => {
        assert.ok(drill.length > 0);
        assert.doesNotMatch(drill, /config rm atlasia:databaseClusterName/, "returning to the old name starts an empty cluster over its archive");
        assert.doesNotMatch(drill, /without touching staging's database/);
        const script = drill.slice(drill.indexOf("```bash"));
        let at = 0;
        // With an HPA, pulumi up never sets the replica count (workloads/orchestrator.ts): the drill gives it back.
        for (const step of [
            "orchestrator-replicas.txt",
            "--replicas 0",
            "kubectl cnpg backup",
            "databaseRecoverySource",
            "pulumi up --yes",
            '--replicas "$n"',
        ]) {
            const next = script.indexOf(step, at);
            assert.ok(next >= at, `"${step}" after the previous step`);
            at = next;
        }
    });
});

describe("database: the CRD schema check used by the Kubernetes schema tests", () => {
    it("finds a misspelled field, a wrong enum and a missing required field (it can fail)", () => {
        const pooler = (spec: Record<string, unknown>) => ({ apiVersion: "postgresql.cnpg.io/v1", kind: "Pooler", metadata: { name: "p" }, spec });
        assert.equal(crdSchemaErrors(pooler({ cluster: { name: "c" }, type: "rw", pgbouncer: { poolMode: "transaction" } })), "");
        assert.match(crdSchemaErrors(pooler({ cluster: { name: "c" }, pgbouncer: { poolMode: "transactoin" } })) ?? "", /allowed values/);
        assert.match(crdSchemaErrors(pooler({ cluster: { name: "c" }, pgbouncer: {}, instance: 2 })) ?? "", /spec.instance is not a field/);
        assert.match(crdSchemaErrors(pooler({ pgbouncer: {} })) ?? "", /cluster/);
        assert.match(
            crdSchemaErrors({
                apiVersion: "barmancloud.cnpg.io/v1",
                kind: "ObjectStore",
                metadata: { name: "o" },
                spec: { configuration: { destinationPath: "gs://b" }, retentionPolicy: "30 days" },
            }) ?? "",
            /pattern/,
        );
        assert.equal(crdSchemaErrors({ apiVersion: "v1", kind: "Service" }), undefined);
    });
});
