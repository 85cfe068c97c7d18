// Which engine runs PostgreSQL for this stack (config/database.ts): the StatefulSet, CloudNativePG,
// or both while migrating. The components are registered under the workloads component itself, so
// the StatefulSet's URNs do not change. The application's host stays `atlasia-postgresql`: the
// StatefulSet's Service, or once it is gone the PgBouncer Pooler of the same name.
import * as pulumi from "@pulumi/pulumi";
import { WorkloadContext } from "../context";
import { names, namespaceName } from "../names";
import { Postgresql } from "../postgresql";
import { PostgresqlBackup } from "../backup";
import { CloudNativePgDatabase } from "./cloudnativepg";
import { databaseNetworkPolicies } from "./network-policies";
import type { AtlasiaSecrets } from "../secrets";
import type { DatabaseRoles } from "../database-roles";
import { connectionBudget, connectionProblems, databaseSizing } from "./connections";

/** atlasia-secrets (the application's password) and the roles' Secret (the owner's, database-roles.ts). */
export interface DatabaseSecrets {
    secrets: AtlasiaSecrets;
    roles: DatabaseRoles;
}

export function createDatabase(ctx: WorkloadContext, args: DatabaseSecrets, parent: pulumi.Resource): void {
    const { settings } = ctx;
    const engine = settings.database.engine;
    const child = { parent };
    if (engine !== "cloudnativepg") {
        new Postgresql("postgresql", ctx, { secretName: args.secrets.secretName, rolesSecretName: args.roles.secretName }, child);
        // Always registered with the StatefulSet: postgresBackupsEnabled switches only the CronJob (see backup.ts).
        new PostgresqlBackup("backup", ctx, { rolesSecretName: args.roles.secretName }, child);
    }
    if (engine === "statefulset") return;

    // A cloud development stack that opts into CloudNativePG is sized like staging.
    const sizing = databaseSizing[settings.environment === "production" ? "production" : "staging"];
    const problems = connectionProblems(connectionBudget(settings, sizing));
    if (problems.length > 0) throw new Error(`connection arithmetic of ${settings.stack}: ${problems.join("; ")} (workloads/database/connections.ts)`);

    const backupStorage = ctx.cluster.backupStorage;
    if (!backupStorage) throw new Error(`${engine} needs the cluster's object storage (config/database.ts refuses a local cluster).`);
    const clusterName = settings.database.clusterName;
    const storage = backupStorage({ namespace: namespaceName, serviceAccount: clusterName, retentionDays: settings.database.retentionDays, protect: settings.protect });
    // While migrating, the StatefulSet's Service still holds the application's host name.
    const poolerName = engine === "migrating" ? `${clusterName}-pooler-rw` : names.postgresql;
    new CloudNativePgDatabase("database", ctx, { storage, sizing, ...args, poolerName }, child);
    databaseNetworkPolicies(ctx, parent, { cluster: clusterName, pooler: poolerName });
}
