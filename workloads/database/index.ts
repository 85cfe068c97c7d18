// Which engine runs PostgreSQL for this stack (config/database.ts): the StatefulSet, CloudNativePG,
// or both while migrating (pods.ts, which the capacity check counts). The components are registered under the workloads component itself, so
// the StatefulSet's URNs do not change. The application's host stays `atlasia-postgresql`: the
// StatefulSet's Service, or once it is gone the PgBouncer Pooler of the same name.
import * as pulumi from "@pulumi/pulumi";
import { WorkloadContext } from "../context";
import { names, namespaceName, secretKeys } from "../names";
import { DatabaseRolesJob } from "../database-roles-job";
import { secretChecksum } from "../secret-checksum";
import { Postgresql } from "../postgresql";
import { PostgresqlBackup } from "../backup";
import { CloudNativePgDatabase } from "./cloudnativepg";
import { databaseNetworkPolicies } from "./network-policies";
import type { AtlasiaSecrets } from "../secrets";
import type { DatabaseRoles } from "../database-roles";
import { databaseSizingFor } from "./connections";
import { runsCloudNativePg, runsStatefulSet } from "./pods";

/** atlasia-secrets (the application's password) and the roles' Secret (the owner's, database-roles.ts). */
export interface DatabaseSecrets {
    secrets: AtlasiaSecrets;
    roles: DatabaseRoles;
}

/** Returns what the application must wait for: the StatefulSet's roles Job (database-roles-job.ts). */
export function createDatabase(ctx: WorkloadContext, args: DatabaseSecrets, parent: pulumi.Resource): pulumi.Resource[] {
    const { settings } = ctx;
    const engine = settings.database.engine;
    const child = { parent };
    const ready: pulumi.Resource[] = [];
    if (runsStatefulSet(engine)) {
        const postgresql = new Postgresql("postgresql", ctx, { rolesSecretName: args.roles.secretName }, child);
        const { secrets, roles } = args;
        ready.push(
            new DatabaseRolesJob(
                "database-roles-job",
                ctx,
                {
                    secretName: secrets.secretName,
                    rolesSecretName: roles.secretName,
                    secretChecksum: secretChecksum({ [secretKeys.dbPassword]: secrets.values[secretKeys.dbPassword], ...roles.values }),
                    database: postgresql.statefulSet,
                },
                child,
            ).job,
        );
        // Always registered with the StatefulSet: postgresBackupsEnabled switches only the CronJob (see backup.ts).
        new PostgresqlBackup("backup", ctx, { rolesSecretName: args.roles.secretName }, child);
    }
    if (!runsCloudNativePg(engine)) return ready;

    // Guards for the program's own wiring, not for input: config/database.ts refuses a local cluster, and
    // the add-ons install the operator for every engine but the StatefulSet (clusters/addons/index.ts).
    const backupStorage = ctx.cluster.backupStorage;
    if (!backupStorage) throw new Error(`${engine} needs the cluster's object storage (config/database.ts refuses a local cluster).`);
    const operator = ctx.platform.database;
    if (!operator)
        throw new Error(`${engine} needs the CloudNativePG operator add-on (clusters/addons/index.ts installs it unless the engine is statefulset).`);

    // The connection arithmetic of these sizes is checked for every stack by tests/database.test.ts.
    const sizing = databaseSizingFor(settings);
    const clusterName = settings.database.clusterName;
    const storage = backupStorage({
        namespace: namespaceName,
        serviceAccount: clusterName,
        retentionDays: settings.database.retentionDays,
        protect: settings.protect,
    });
    // While migrating, the StatefulSet's Service still holds the application's host name.
    const poolerName = engine === "migrating" ? `${clusterName}-pooler-rw` : names.postgresql;
    new CloudNativePgDatabase("database", ctx, { storage, sizing, operator, ...args, poolerName }, child);
    databaseNetworkPolicies(ctx, parent, { cluster: clusterName, pooler: poolerName, operator: operator.operator });
    return ready;
}
