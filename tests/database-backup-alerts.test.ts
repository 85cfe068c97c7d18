// What the on-call engineer gets from CloudNativePG's monitoring (workloads/database/alerts.ts): the
// PrometheusRule's alerts, each with its name, `for`, severity and full PromQL expression, and the
// PodMonitors that collect the series those expressions read. Expected values are written out by hand:
//  - thresholds from docs/database.md "Alerts": no base backup for 26 h = 26 x 3600 = 93600 s; a waiting
//    WAL segment with nothing archived for 15 min = 900 s; replication lag over 60 s.
//  - metric names from the exporters themselves (exportedMetrics below, each with its source).
//  - pod names and labels from CloudNativePG's source (instances are `<cluster>-<serial>`).
// Every expression is also parsed with Prometheus's own PromQL grammar (@prometheus-io/lezer-promql,
// the parser of the Prometheus UI), and its selectors checked against the pods they must (not) match.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parser } from "@prometheus-io/lezer-promql";
import { stackOptions, validStackRun, withConfig, withDatabaseEngine, type Cloud, type Env } from "./support/runs";
import { cnpgPodLabels } from "./support/cnpg-pods";
import type { RecordedResource } from "../harness/run";

type Run = Awaited<ReturnType<typeof validStackRun>>;

const cloudStacks = (["gcp", "aws", "azure"] as const).flatMap((cloud: Cloud) =>
    (["staging", "production"] as const).map((env: Env) => ({
        label: `${cloud}/${env}`,
        options: withDatabaseEngine(stackOptions(cloud, env), "cloudnativepg"),
    })),
);

const crs = (run: Run, kind: string) => run.resources.filter((r) => r.type === "kubernetes:monitoring.coreos.com/v1:" + kind);
const one = (list: RecordedResource[], what: string) => {
    assert.equal(list.length, 1, `exactly one ${what}, got ${list.length}`);
    return list[0];
};

/**
 * The series the alerts may read, as their exporters name them:
 *  - barman_cloud_cloudnative_pg_io_*: the Barman Cloud plugin v0.13.0, internal/cnpgi/instance/metrics.go
 *    (buildFqName: the plugin name barman-cloud.cloudnative-pg.io with "." and "-" as "_"), "exposed through
 *    the native Prometheus exporter of the instance manager" (https://cloudnative-pg.io/plugin-barman-cloud/docs/observability).
 *  - cnpg_pg_stat_archiver_* and cnpg_pg_replication_lag: CloudNativePG's default monitoring queries
 *    (cnpg_<query>_<column>; charts cloudnative-pg 0.29.0 values.yaml monitoringQueriesConfigMap:
 *    pg_stat_archiver's seconds_since_last_archival, last_archived_time, last_failed_time; pg_replication's lag).
 *  - cnpg_collector_pg_wal_archive_status: the instance manager's collector, one series per value="ready"|"done"
 *    (cloudnative-pg pkg/management/postgres/webserver/metricserver/pg_collector.go).
 */
const exportedMetrics = new Set([
    "barman_cloud_cloudnative_pg_io_last_available_backup_timestamp",
    "barman_cloud_cloudnative_pg_io_last_failed_backup_timestamp",
    "barman_cloud_cloudnative_pg_io_first_recoverability_point",
    "cnpg_pg_stat_archiver_seconds_since_last_archival",
    "cnpg_pg_stat_archiver_last_archived_time",
    "cnpg_pg_stat_archiver_last_failed_time",
    "cnpg_pg_replication_lag",
    "cnpg_collector_pg_wal_archive_status",
]);

/** The alerts of the cluster `atlasia-db` in the namespace `atlasia`, as an on-call engineer reads them. */
function expectedRules(cluster: string) {
    const sel = `namespace="atlasia",pod=~"${cluster}-[0-9]+"`;
    const rules = [
        {
            alert: "PostgresBackupFailed",
            for: "5m",
            expr: `max(barman_cloud_cloudnative_pg_io_last_failed_backup_timestamp{${sel}}) > max(barman_cloud_cloudnative_pg_io_last_available_backup_timestamp{${sel}})`,
        },
        {
            alert: "PostgresBackupLate",
            for: "15m",
            expr: `time() - max(barman_cloud_cloudnative_pg_io_last_available_backup_timestamp{${sel}}) > 93600`,
        },
        { alert: "PostgresBackupMetricsMissing", for: "30m", expr: `absent(barman_cloud_cloudnative_pg_io_last_available_backup_timestamp{${sel}})` },
        {
            alert: "PostgresWalArchivingStuck",
            for: "5m",
            expr: `max(cnpg_collector_pg_wal_archive_status{${sel},value="ready"}) > 0 and (max(cnpg_pg_stat_archiver_seconds_since_last_archival{${sel}}) > 900 or max(cnpg_pg_stat_archiver_seconds_since_last_archival{${sel}}) < 0)`,
        },
        {
            alert: "PostgresWalArchivingFailing",
            for: "5m",
            expr: `max(cnpg_pg_stat_archiver_last_failed_time{${sel}}) > max(cnpg_pg_stat_archiver_last_archived_time{${sel}})`,
        },
        { alert: "PostgresReplicationLag", for: "5m", expr: `max(cnpg_pg_replication_lag{${sel}}) > 60` },
    ];
    return rules.map((rule) => ({
        ...rule,
        labels: { severity: "critical" },
        annotations: { summary: `${rule.alert} on ${cluster}`, runbook_url: "docs/database.md#alerts" },
    }));
}

interface Selector {
    metric: string;
    matchers: { name: string; op: string; value: string }[];
}

/** Parses with Prometheus's grammar; the syntax errors and every vector selector of the expression. */
function parsePromql(expr: string): { errors: string[]; selectors: Selector[] } {
    const errors: string[] = [];
    const selectors: Selector[] = [];
    const text = (node: { from: number; to: number }) => expr.slice(node.from, node.to);
    parser.parse(expr).iterate({
        enter: (ref) => {
            if (ref.type.isError) errors.push(`at ${ref.from}: ${JSON.stringify(expr.slice(Math.max(0, ref.from - 20), ref.to + 20))}`);
            if (ref.name !== "VectorSelector") return;
            const node = ref.node;
            const matchers = node.getChild("LabelMatchers")?.getChildren("UnquotedLabelMatcher") ?? [];
            selectors.push({
                metric: text(node.getChild("Identifier")!),
                matchers: matchers.map((m) => ({
                    name: text(m.getChild("LabelName")!),
                    op: text(m.getChild("MatchOp")!),
                    value: JSON.parse(text(m.getChild("StringLiteral")!)),
                })),
            });
        },
    });
    return { errors, selectors };
}

/** "Regex matches are fully anchored" (https://prometheus.io/docs/prometheus/latest/querying/basics/#time-series-selectors). */
const promRegexMatches = (pattern: string, value: string) => new RegExp(`^(?:${pattern})$`).test(value);

describe("database alerts: what pages the on-call engineer when backups, WAL archiving or replication go wrong", function () {
    this.timeout(120000);

    for (const stack of cloudStacks) {
        it(`${stack.label}: one PrometheusRule atlasia-db-alerts with the six alerts, each critical, its \`for\` and its full expression`, async () => {
            const run = await validStackRun(stack.options);
            const rule = one(crs(run, "PrometheusRule"), "PrometheusRule").inputs;
            assert.equal(rule.metadata.name, "atlasia-db-alerts");
            assert.equal(rule.metadata.namespace, "atlasia");
            assert.deepEqual(rule.spec.groups, [{ name: "atlasia-db.backups", rules: expectedRules("atlasia-db") }]);
        });
    }

    it("a cluster of another name (a PITR cluster beside the original, docs/database.md) is alerted on under its own pods only", async () => {
        const run = await validStackRun(withConfig(cloudStacks[1].options, { databaseClusterName: "atlasia-db-r1" }));
        const rule = one(crs(run, "PrometheusRule"), "PrometheusRule").inputs;
        assert.equal(rule.metadata.name, "atlasia-db-r1-alerts");
        assert.deepEqual(rule.spec.groups, [{ name: "atlasia-db-r1.backups", rules: expectedRules("atlasia-db-r1") }]);
    });

    it("every expression is valid PromQL that reads only series the exporters export, from this cluster's instance pods in atlasia", async () => {
        const run = await validStackRun(cloudStacks[1].options);
        const rules: { alert: string; expr: string }[] = one(crs(run, "PrometheusRule"), "PrometheusRule").inputs.spec.groups[0].rules;
        assert.equal(rules.length, 6);
        // CloudNativePG names an instance's pod `<cluster>-<serial>` (cloudnative-pg pkg/specs/pods.go,
        // GetInstanceName); its Jobs' pods `<instance>-<job role>-<suffix>` (pkg/specs/jobs.go); the
        // PgBouncer pods are a Deployment's, `<pooler>-<hash>-<suffix>`.
        const own = ["atlasia-db-1", "atlasia-db-2", "atlasia-db-3", "atlasia-db-12"];
        const others = ["atlasia-db-r1-1", "atlasia-db-1-initdb-x7k2p", "atlasia-postgresql-6d9c8b7f5-q2w3e", "atlasia-db", "xatlasia-db-1"];
        for (const { alert, expr } of rules) {
            const { errors, selectors } = parsePromql(expr);
            assert.deepEqual(errors, [], `${alert}: ${expr}`);
            assert.ok(selectors.length > 0, `${alert} reads a series`);
            for (const s of selectors) {
                assert.ok(exportedMetrics.has(s.metric), `${alert}: ${s.metric} is not a series CloudNativePG or the Barman Cloud plugin exports`);
                assert.deepEqual(
                    s.matchers.filter((m) => m.name === "namespace"),
                    [{ name: "namespace", op: "=", value: "atlasia" }],
                    `${alert}: ${s.metric} in the atlasia namespace only`,
                );
                const pod = s.matchers.filter((m) => m.name === "pod");
                assert.equal(pod.length, 1, `${alert}: ${s.metric} selects pods`);
                assert.equal(pod[0].op, "=~");
                for (const name of own) assert.ok(promRegexMatches(pod[0].value, name), `${alert}: ${pod[0].value} misses ${name}`);
                for (const name of others) assert.ok(!promRegexMatches(pod[0].value, name), `${alert}: ${pod[0].value} takes in ${name}`);
            }
        }
    });

    it("the alerts' runbook (docs/database.md#alerts) exists and names every alert", async () => {
        const run = await validStackRun(cloudStacks[0].options);
        const rules: { alert: string; annotations: { runbook_url: string } }[] = one(crs(run, "PrometheusRule"), "PrometheusRule").inputs.spec.groups[0].rules;
        const doc = fs.readFileSync(path.join(__dirname, "..", "docs", "database.md"), "utf8");
        const section = doc.split(/^## /m).find((s) => s.startsWith("Alerts\n"));
        assert.ok(section, "docs/database.md has an Alerts section (#alerts)");
        for (const rule of rules) {
            assert.equal(rule.annotations.runbook_url, "docs/database.md#alerts");
            assert.ok(section.includes(`\`${rule.alert}\``), `${rule.alert} in docs/database.md#alerts`);
        }
    });

    it("the rules and both PodMonitors wait for kube-prometheus-stack, whose release installs their CRDs", async () => {
        const run = await validStackRun(cloudStacks[3].options);
        const crdsReady = run.platform?.urns.crdsReady;
        assert.ok(crdsReady, "monitoring is on");
        const objects = [
            ...crs(run, "PrometheusRule"),
            ...crs(run, "PodMonitor").filter((m) => m.inputs.metadata.labels["app.kubernetes.io/component"] === "database"),
        ];
        assert.equal(objects.length, 3);
        for (const object of objects)
            assert.ok(object.dependencies.includes(crdsReady), `${object.inputs.kind}/${object.inputs.metadata.name} dependsOn the CRDs`);
    });

    it("without monitoring (monitoringEnabled false) there is no rule and no PodMonitor, and the database still deploys", async () => {
        const run = await validStackRun(withConfig(cloudStacks[2].options, { monitoringEnabled: "false" }));
        assert.equal(run.resources.filter((r) => r.inputs?.kind === "Cluster").length, 1, "the CloudNativePG Cluster is there");
        assert.deepEqual(
            [...crs(run, "PrometheusRule"), ...crs(run, "PodMonitor")].map((r) => r.name),
            [],
        );
    });
});

describe("database PodMonitors: Prometheus scrapes every instance (with the plugin's backup series) and the pooler", function () {
    this.timeout(120000);

    /**
     * The ports the pods declare: an instance's postgres container postgresql 5432, metrics 9187, status 8000
     * (cloudnative-pg pkg/specs/pods.go, createPostgresContainers; "on port 9187, named metrics",
     * https://cloudnative-pg.io/documentation/current/monitoring/); the plugin's sidecar declares none (it
     * talks to the instance manager over a socket, plugin-barman-cloud internal/cnpgi/operator/lifecycle.go) and its
     * series come out of the instance manager's exporter; a PgBouncer pod pgbouncer 5432 and metrics 9127
     * (pkg/specs/pgbouncer/deployments.go). The operator's own PodMonitors scrape the same port name
     * (pkg/specs/pgbouncer/podmonitor.go: port "metrics").
     */
    const declaredPorts = { instance: ["postgresql", "metrics", "status"], pooler: ["pgbouncer", "metrics"] };

    for (const stack of [cloudStacks[0], cloudStacks[5]]) {
        it(`${stack.label}: the instances' and the pooler's PodMonitors select their pods and scrape the port named metrics every 30 s`, async () => {
            const run = await validStackRun(stack.options);
            const monitor = (name: string) =>
                one(
                    crs(run, "PodMonitor").filter((m) => m.inputs.metadata.name === name),
                    `PodMonitor ${name}`,
                ).inputs;
            const instances = monitor("atlasia-db");
            const pooler = monitor("atlasia-postgresql");
            assert.equal(instances.metadata.namespace, "atlasia");
            assert.equal(pooler.metadata.namespace, "atlasia");
            // No namespaceSelector: pods of the PodMonitor's own namespace (PodMonitor CRD).
            assert.deepEqual(instances.spec, {
                selector: { matchLabels: { "cnpg.io/cluster": "atlasia-db", "cnpg.io/podRole": "instance" } },
                podMetricsEndpoints: [{ port: "metrics", interval: "30s" }],
            });
            assert.deepEqual(pooler.spec, {
                selector: { matchLabels: { "cnpg.io/poolerName": "atlasia-postgresql" } },
                podMetricsEndpoints: [{ port: "metrics", interval: "30s" }],
            });

            const pods = cnpgPodLabels("atlasia-db", "atlasia-postgresql", {});
            const selects = (m: Record<string, any>, labels: Record<string, string>) =>
                Object.entries(m.spec.selector.matchLabels as Record<string, string>).every(([k, v]) => labels[k] === v);
            assert.deepEqual(
                Object.entries(pods)
                    .filter(([, labels]) => selects(instances, labels))
                    .map(([role]) => role),
                ["primary", "replica"],
                "every instance, primary or replica: each exports its own backup and archiver series",
            );
            assert.deepEqual(
                Object.entries(pods)
                    .filter(([, labels]) => selects(pooler, labels))
                    .map(([role]) => role),
                ["pooler"],
            );
            assert.ok(declaredPorts.instance.includes(instances.spec.podMetricsEndpoints[0].port));
            assert.ok(declaredPorts.pooler.includes(pooler.spec.podMetricsEndpoints[0].port));
        });
    }
});
