// The seed's nightly backup: a CronJob running `pg_dump | gzip` to its own volume, deleting dumps
// older than the retention period. Production protects the backup volume.
//
// The volume is registered in every configuration and only the CronJob follows
// postgresBackupsEnabled: turning backups off must neither delete a protected claim (the engine
// refuses) nor leave a retained one behind that the next "on" collides with (AlreadyExists: since
// pulumi-kubernetes #4278 a create no longer adopts an existing object). An unused claim costs no
// disk: every StorageClass here binds WaitForFirstConsumer, and pulumi-kubernetes #3130 treats such
// a Pending claim as ready.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { componentLabels } from "./labels";
import { database, names } from "./names";
import { roleSecretKeys } from "./database-roles";
import { secretEnv } from "./pod";
import { postgresImage } from "./postgresql";
import { postgresClientPod } from "./postgres-client";
import { k8sOptions, WorkloadContext } from "./context";

export const backupMountPath = "/backup";

/** The job's script: dump to a partial file, publish it atomically, then prune. */
export function backupScript(retentionDays: number): string {
    return [
        "set -euo pipefail",
        `file="${backupMountPath}/${database.name}-$(date -u +%Y%m%d-%H%M%S).sql.gz"`,
        `pg_dump -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$PGDATABASE" --no-owner | gzip > "$file.partial"`,
        'mv "$file.partial" "$file"',
        `find ${backupMountPath} -maxdepth 1 -name '${database.name}-*.sql.gz*' -type f -mmin +${retentionDays * 24 * 60} -print -delete`,
        `ls -l ${backupMountPath}`,
    ].join("\n");
}

export class PostgresqlBackup extends pulumi.ComponentResource {
    constructor(name: string, ctx: WorkloadContext, args: { rolesSecretName: pulumi.Input<string> }, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:app:PostgresqlBackup", name, {}, opts);
        const { settings, cluster } = ctx;
        const { schedule, retentionDays } = settings.app.backups;
        const labels = componentLabels("backup", { version: postgresImage.tag });

        const volume = new k8s.core.v1.PersistentVolumeClaim(
            names.backup,
            {
                metadata: { name: names.backup, namespace: ctx.namespace, labels },
                spec: {
                    accessModes: ["ReadWriteOnce"],
                    storageClassName: cluster.storageClassName,
                    // As large as the database volume: compressed nightly dumps of it fit many times over.
                    resources: { requests: { storage: settings.sizing.postgresql.storage } },
                },
            },
            k8sOptions(ctx, this, { dependsOn: cluster.storageReady, protect: settings.protect, retainOnDelete: true }),
        );

        if (!settings.app.backups.enabled) {
            this.registerOutputs({});
            return;
        }
        new k8s.batch.v1.CronJob(
            names.backup,
            {
                metadata: { name: names.backup, namespace: ctx.namespace, labels },
                spec: {
                    schedule,
                    timeZone: "Etc/UTC",
                    concurrencyPolicy: "Forbid",
                    // A run missed by more than an hour (controller down) is skipped, not run late.
                    startingDeadlineSeconds: 3600,
                    successfulJobsHistoryLimit: 3,
                    failedJobsHistoryLimit: 3,
                    jobTemplate: {
                        metadata: { labels },
                        spec: {
                            backoffLimit: 2,
                            activeDeadlineSeconds: 3600,
                            ttlSecondsAfterFinished: 7 * 24 * 3600,
                            template: postgresClientPod({
                                labels,
                                restartPolicy: "OnFailure",
                                volume: { name: "backup", persistentVolumeClaim: { claimName: volume.metadata.name } },
                                container: {
                                    name: "backup",
                                    command: ["/bin/bash", "-c", backupScript(retentionDays)],
                                    env: [
                                        { name: "PGHOST", value: database.host },
                                        { name: "PGPORT", value: String(database.port) },
                                        // The schema owner reads every table (the application role may not).
                                        { name: "PGUSER", value: database.owner },
                                        { name: "PGDATABASE", value: database.name },
                                        ...secretEnv(args.rolesSecretName, { PGPASSWORD: roleSecretKeys.ownerPassword }),
                                    ],
                                    // Not in the seed's tables: a pg_dump client sized like the server it reads.
                                    resources: settings.sizing.postgresql.resources,
                                    volumeMounts: [{ name: "backup", mountPath: backupMountPath }],
                                },
                            }),
                        },
                    },
                },
            },
            k8sOptions(ctx, this),
        );
        this.registerOutputs({});
    }
}
