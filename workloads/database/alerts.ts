// Monitoring of the CloudNativePG database: PodMonitors for the instances (port "metrics", 9187)
// and the poolers, and alerts for a failed or late base backup, stuck WAL archiving and replication
// lag, so a silent backup failure cannot happen. Metric names: the Barman Cloud plugin v0.13.0
// (internal/cnpgi/instance/metrics.go: barman_cloud_cloudnative_pg_io_*; the in-tree
// cnpg_collector_*backup* series go stale with the plugin, cloudnative-pg#8902) and CloudNativePG's
// default queries (cnpg_pg_stat_archiver_*, cnpg_pg_replication_lag).
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { k8sOptions, WorkloadContext } from "../context";
import { instanceSelector, poolerSelector } from "./cloudnativepg";

/** Ours: a daily base backup is late after 26 hours; WAL is archived at least every 5 minutes. */
export const alertThresholds = { backupAgeHours: 26, archiveAgeSeconds: 15 * 60, replicationLagSeconds: 60 };

export function databaseAlertRules(cluster: string): { alert: string; expr: string; for: string }[] {
    const sel = `namespace="atlasia",pod=~"${cluster}-[0-9]+"`;
    return [
        {
            alert: "PostgresBackupFailed",
            for: "5m",
            expr: `max(barman_cloud_cloudnative_pg_io_last_failed_backup_timestamp{${sel}}) > max(barman_cloud_cloudnative_pg_io_last_available_backup_timestamp{${sel}})`,
        },
        {
            alert: "PostgresBackupLate",
            for: "15m",
            expr: `time() - max(barman_cloud_cloudnative_pg_io_last_available_backup_timestamp{${sel}}) > ${alertThresholds.backupAgeHours * 3600}`,
        },
        { alert: "PostgresBackupMetricsMissing", for: "30m", expr: `absent(barman_cloud_cloudnative_pg_io_last_available_backup_timestamp{${sel}})` },
        // An idle database switches no segment (archive_timeout skips a switch without activity,
        // https://www.postgresql.org/docs/16/runtime-config-wal.html#GUC-ARCHIVE-TIMEOUT), so the age alone
        // fires every quiet night: stuck means a segment waits ("ready", cnpg_collector_pg_wal_archive_status,
        // cloudnative-pg pkg/management/postgres/webserver/metricserver/pg_collector.go) and nothing was
        // archived for the threshold, or ever (-1).
        {
            alert: "PostgresWalArchivingStuck",
            for: "5m",
            expr: `max(cnpg_collector_pg_wal_archive_status{${sel},value="ready"}) > 0 and (max(cnpg_pg_stat_archiver_seconds_since_last_archival{${sel}}) > ${alertThresholds.archiveAgeSeconds} or max(cnpg_pg_stat_archiver_seconds_since_last_archival{${sel}}) < 0)`,
        },
        {
            alert: "PostgresWalArchivingFailing",
            for: "5m",
            expr: `max(cnpg_pg_stat_archiver_last_failed_time{${sel}}) > max(cnpg_pg_stat_archiver_last_archived_time{${sel}})`,
        },
        { alert: "PostgresReplicationLag", for: "5m", expr: `max(cnpg_pg_replication_lag{${sel}}) > ${alertThresholds.replicationLagSeconds}` },
    ];
}

export function databaseAlerts(ctx: WorkloadContext, parent: pulumi.Resource, args: { cluster: string; pooler: string; labels: Record<string, string> }): void {
    const monitoring = ctx.platform.monitoring;
    if (!monitoring) return;
    const options = k8sOptions(ctx, parent, { dependsOn: [monitoring.crdsReady] });
    const labels = { ...args.labels, ...monitoring.serviceMonitorLabels };
    const podMonitor = (name: string, selector: Record<string, string>) =>
        new k8s.apiextensions.CustomResource(
            name,
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "PodMonitor",
                metadata: { name, namespace: ctx.namespace, labels },
                spec: { selector: { matchLabels: selector }, podMetricsEndpoints: [{ port: "metrics", interval: "30s" }] },
            },
            options,
        );
    podMonitor(args.cluster, instanceSelector(args.cluster));
    podMonitor(args.pooler, poolerSelector(args.pooler));
    new k8s.apiextensions.CustomResource(
        `${args.cluster}-alerts`,
        {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "PrometheusRule",
            metadata: { name: `${args.cluster}-alerts`, namespace: ctx.namespace, labels },
            spec: {
                groups: [
                    {
                        name: `${args.cluster}.backups`,
                        rules: databaseAlertRules(args.cluster).map((rule) => ({
                            ...rule,
                            labels: { severity: "critical" },
                            annotations: { summary: `${rule.alert} on ${args.cluster}`, runbook_url: "docs/database.md#alerts" },
                        })),
                    },
                ],
            },
        },
        options,
    );
}
