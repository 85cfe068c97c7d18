// PostgreSQL 16 run by CloudNativePG: the Cluster (instances over zones, synchronous replication in
// production, WAL archived by the Barman Cloud plugin), its ObjectStore on the cloud's bucket, the
// daily base backup, the PgBouncer Pooler the application connects to, and monitoring.
// Field names follow the 1.30 CRDs (postgresql.cnpg.io/v1) and the plugin's (barmancloud.cnpg.io/v1).
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { BackupStorage } from "../../clusters/contract";
import type { PlatformServices } from "../../clusters/addons/contract";
import { k8sOptions, WorkloadContext } from "../context";
import { appLabels } from "../labels";
import { database, names, secretKeys } from "../names";
import { DatabaseSizing, poolerClientLimit } from "./connections";
import { barmanSidecarResources, pgbouncerResources } from "./pods";
import { roleSecretKeys } from "../database-roles";
import type { DatabaseSecrets } from "./index";
import { databaseAlerts } from "./alerts";

export const cnpgApiVersion = "postgresql.cnpg.io/v1";
export const barmanApiVersion = "barmancloud.cnpg.io/v1";
export const barmanPluginName = "barman-cloud.cnpg.io";
/**
 * CloudNativePG's PostgreSQL 16 image, the StatefulSet's minor (an import needs a target no older than its
 * source). The `standard` type: "Minimal and standard images are supposed to be used alongside a backup
 * plugin like Barman Cloud" (cloudnative-pg/postgres-containers README; `system` images carry the in-tree
 * Barman and are planned for deprecation). 16.15-standard-trixie is the PostgreSQL 16 entry of the
 * project's `standard` ClusterImageCatalog.
 */
export const cnpgImage = "ghcr.io/cloudnative-pg/postgresql:16.15-standard-trixie";
/** A WAL segment is archived at least this often, so at most this much is lost with the cluster: the RPO. */
export const archiveTimeout = "5min";
/** The StatefulSet as an import source (migrating). */
export const statefulSetSource = "statefulset";
export const recoverySource = "origin";
export const extensions = ["uuid-ossp", "pg_trgm"];

/**
 * Labels CloudNativePG puts on its pods. PgBouncer pods carry cnpg.io/cluster too, so the instances
 * are selected with cnpg.io/podRole as well (cloudnative-pg pkg/specs/pgbouncer/deployments.go:
 * cnpg.io/cluster, cnpg.io/poolerName, cnpg.io/podRole=pooler; instances: cnpg.io/podRole=instance).
 */
export const instanceSelector = (cluster: string) => ({ "cnpg.io/cluster": cluster, "cnpg.io/podRole": "instance" });
/**
 * The instances and the Jobs that bootstrap them, for NetworkPolicies. The operator's Jobs (initdb,
 * import, full-recovery, join: cloudnative-pg pkg/specs/jobs.go, CreatePrimaryJob) carry cnpg.io/cluster
 * and cnpg.io/jobRole but no cnpg.io/podRole; they reach the API server, the object store (recovery),
 * the import source and the primary (join, pg_basebackup) as the instances do. NotIn also matches a
 * pod without the key, so only the PgBouncer pods (podRole=pooler) are left out.
 */
export const databasePodSelector = (cluster: string) => ({
    matchLabels: { "cnpg.io/cluster": cluster },
    matchExpressions: [{ key: "cnpg.io/podRole", operator: "NotIn", values: ["pooler"] }],
});
/**
 * The Job that runs `initdb.import`: the one pod that reads the import source (cloudnative-pg
 * pkg/specs/jobs.go, CreatePrimaryJobViaInitdb: jobRoleImport, with the cnpg.io/jobRole label).
 */
export const importJobSelector = (cluster: string) => ({ "cnpg.io/cluster": cluster, "cnpg.io/jobRole": "import" });
/** The `<cluster>-rw` Service's selector: the primary only (cloudnative-pg pkg/specs/services.go). */
export const primarySelector = (cluster: string) => ({ ...instanceSelector(cluster), "cnpg.io/instanceRole": "primary" });
/** The Service CloudNativePG creates for the primary (https://cloudnative-pg.io/documentation/current/service_management/). */
export const primaryService = (cluster: string) => `${cluster}-rw`;
export const poolerSelector = (pooler: string) => ({ "cnpg.io/poolerName": pooler });

export interface CloudNativePgArgs extends DatabaseSecrets {
    storage: BackupStorage;
    /** The operator and plugin add-on: every custom resource waits for its releases (CRDs, webhooks). */
    operator: NonNullable<PlatformServices["database"]>;
    sizing: DatabaseSizing;
    /** The Pooler's name: the application's database host once the StatefulSet is gone. */
    poolerName: string;
}

export class CloudNativePgDatabase extends pulumi.ComponentResource {
    readonly cluster: k8s.apiextensions.CustomResource;
    readonly poolerName: string;

    constructor(name: string, ctx: WorkloadContext, args: CloudNativePgArgs, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:app:CloudNativePgDatabase", name, {}, opts);
        const { settings } = ctx;
        const db = settings.database;
        const crds = args.operator.crdsReady;
        const labels = { ...appLabels, "app.kubernetes.io/component": "database" };
        const meta = (objectName: string) => ({ name: objectName, namespace: ctx.namespace, labels });
        const cr = (
            objectName: string,
            apiVersion: string,
            kind: string,
            spec: pulumi.Input<Record<string, unknown>>,
            extra: pulumi.CustomResourceOptions = {},
        ) =>
            new k8s.apiextensions.CustomResource(
                objectName,
                { apiVersion, kind, metadata: meta(objectName), spec },
                k8sOptions(ctx, this, { ...extra, dependsOn: [...crds, ...((extra.dependsOn as pulumi.Resource[]) ?? [])] }),
            );

        // The roles of database-roles.ts with the passwords they already have: the schema owner
        // (initdb, recovery; Flyway) and the application's login (a managed role, data access only).
        const login = (objectName: string, username: string, password: pulumi.Input<string>) =>
            new k8s.core.v1.Secret(
                objectName,
                {
                    metadata: meta(objectName),
                    type: "kubernetes.io/basic-auth",
                    stringData: { username, password: pulumi.secret(password) },
                },
                // No additionalSecretOutputs: @pulumi/kubernetes' Secret marks data and stringData secret itself (core/v1/secret.js).
                k8sOptions(ctx, this),
            );
        const ownerSecret = login(`${db.clusterName}-owner`, database.owner, args.roles.values[roleSecretKeys.ownerPassword]);
        // The value itself, not atlasia-secrets' stringData output: the provider stores a Secret's stringData
        // as data, so that output is unknown in every preview (and the login would show as changing).
        const appSecret = login(`${db.clusterName}-app`, database.user, args.secrets.values[secretKeys.dbPassword]);

        const objectStoreName = `${db.clusterName}-backups`;
        const objectStore = cr(objectStoreName, barmanApiVersion, "ObjectStore", {
            configuration: {
                destinationPath: args.storage.destinationPath,
                ...args.storage.credentials,
                wal: { compression: "gzip", maxParallel: 2 },
                data: { compression: "gzip" },
            },
            retentionPolicy: `${db.retentionDays}d`,
            instanceSidecarConfiguration: { resources: barmanSidecarResources },
        });

        const production = settings.environment === "production";
        const replicated = db.instances > 1;
        const sizing = settings.sizing.postgresql;
        this.cluster = cr(
            db.clusterName,
            cnpgApiVersion,
            "Cluster",
            {
                instances: db.instances,
                imageName: cnpgImage,
                enableSuperuserAccess: false,
                postgresql: {
                    parameters: { archive_timeout: archiveTimeout, max_connections: String(args.sizing.maxConnections) },
                    // One standby in another zone confirms each commit; "preferred" lets writes go on when
                    // no standby is healthy (a zone down), instead of blocking them.
                    ...(production && replicated ? { synchronous: { method: "any", number: 1, dataDurability: "preferred" } } : {}),
                },
                affinity: {
                    topologyKey: "topology.kubernetes.io/zone",
                    podAntiAffinityType: replicated ? "required" : "preferred",
                },
                // A rolling update (image, resources, the sidecar's) ends with the primary: with a standby,
                // switch over to it first instead of restarting the primary in place (the CRD's default,
                // a write outage for the whole restart: cluster_upgrade.go updatePrimaryPod).
                primaryUpdateMethod: replicated ? "switchover" : "restart",
                resources: sizing.resources,
                storage: { size: sizing.storage, storageClass: ctx.cluster.storageClassName },
                serviceAccountTemplate: { metadata: { annotations: args.storage.serviceAccountAnnotations } },
                inheritedMetadata: { labels: { ...labels, ...args.storage.podLabels } },
                bootstrap: bootstrap(db, ownerSecret.metadata.name),
                externalClusters: externalClusters(db, objectStoreName),
                plugins: [{ name: barmanPluginName, isWALArchiver: true, parameters: { barmanObjectName: objectStoreName } }],
                managed: {
                    // The application's login: no superuser, no ownership (its grants: roleGrants below).
                    roles: [
                        {
                            name: database.user,
                            ensure: "present",
                            login: true,
                            superuser: false,
                            createdb: false,
                            createrole: false,
                            inherit: true,
                            passwordSecret: { name: appSecret.metadata.name },
                        },
                    ],
                },
            },
            { dependsOn: [objectStore, ownerSecret, appSecret, ...ctx.cluster.storageReady], protect: settings.protect, retainOnDelete: settings.protect },
        );

        cr(
            `${db.clusterName}-daily`,
            cnpgApiVersion,
            "ScheduledBackup",
            {
                cluster: { name: db.clusterName },
                schedule: db.baseBackupSchedule,
                method: "plugin",
                pluginConfiguration: { name: barmanPluginName },
                backupOwnerReference: "self",
                immediate: true,
            },
            { dependsOn: [this.cluster] },
        );

        this.poolerName = args.poolerName;
        cr(
            args.poolerName,
            cnpgApiVersion,
            "Pooler",
            {
                cluster: { name: db.clusterName },
                instances: args.sizing.pooler.instances,
                type: "rw",
                // The operator fills in the rest of the container (image, command, ports) by name.
                template: { spec: { containers: [{ name: "pgbouncer", resources: pgbouncerResources }] } },
                pgbouncer: {
                    poolMode: "transaction",
                    parameters: {
                        max_client_conn: String(poolerClientLimit(settings, args.sizing)),
                        default_pool_size: String(args.sizing.pooler.defaultPoolSize),
                    },
                },
            },
            { dependsOn: [this.cluster] },
        );

        databaseAlerts(ctx, this, { cluster: db.clusterName, pooler: args.poolerName, labels });
        this.registerOutputs({ cluster: db.clusterName, pooler: args.poolerName });
    }
}

/**
 * The application role's data access, as database-roles.ts gives it on the StatefulSet; run as the
 * superuser in the database after initdb or the import. The role is created here if the managed
 * role has not been reconciled yet (the operator then sets its password).
 */
export const roleGrants = [
    `DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${database.user}') THEN CREATE ROLE ${database.user} LOGIN; END IF; END$$;`,
    `REVOKE ALL ON DATABASE ${database.name} FROM PUBLIC;`,
    `GRANT CONNECT, TEMPORARY ON DATABASE ${database.name} TO ${database.user};`,
    `GRANT USAGE ON SCHEMA public TO ${database.user};`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${database.user};`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${database.user};`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${database.owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${database.user};`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${database.owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${database.user};`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${database.owner} IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO ${database.user};`,
];

function bootstrap(db: WorkloadContext["settings"]["database"], ownerSecret: pulumi.Output<string>): Record<string, unknown> {
    const owner = { database: database.name, owner: database.owner, secret: { name: ownerSecret } };
    if (db.recovery) {
        const target = db.recovery.target === "latest" ? {} : { recoveryTarget: { targetTime: db.recovery.target } };
        return { recovery: { source: recoverySource, ...owner, ...target } };
    }
    const extensionSql = extensions.map((extension) => `CREATE EXTENSION IF NOT EXISTS "${extension}";`);
    if (db.engine === "migrating") {
        return {
            initdb: {
                ...owner,
                import: {
                    type: "microservice",
                    databases: [database.name],
                    source: { externalCluster: statefulSetSource },
                    postImportApplicationSQL: roleGrants,
                },
            },
        };
    }
    return { initdb: { ...owner, postInitApplicationSQL: [...extensionSql, ...roleGrants] } };
}

function externalClusters(db: WorkloadContext["settings"]["database"], objectStoreName: string): Record<string, unknown>[] {
    if (db.recovery) {
        return [
            {
                name: recoverySource,
                plugin: { name: barmanPluginName, parameters: { barmanObjectName: objectStoreName, serverName: db.recovery.source } },
            },
        ];
    }
    if (db.engine === "migrating") {
        return [
            {
                name: statefulSetSource,
                // The schema owner reads everything the dump needs.
                connectionParameters: { host: names.postgresql, port: String(database.port), user: database.owner, dbname: database.name, sslmode: "disable" },
                password: { name: names.postgresqlRoles, key: roleSecretKeys.ownerPassword },
            },
        ];
    }
    return [];
}
