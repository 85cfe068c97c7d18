// The database alerts evaluated by Prometheus's own PromQL engine (github.com/prometheus/prometheus
// promql/promqltest, run by tools/promql-eval with `go test`): the expressions of the program's
// PrometheusRule against series shaped as the exporters export them, for the situations an on-call
// engineer must (not) be paged for. Pod and label names are CloudNativePG's (instances `<cluster>-<n>`);
// each scenario also loads series of another cluster (a PITR cluster beside the original,
// docs/database.md) and another namespace that would change the outcome if a selector let them in.
// Thresholds as docs/database.md states them: a base backup is late after 26 h, archiving is stuck when
// a segment waits and nothing was archived for 15 min (or ever: -1), replication lag over 60 s.
// Without Go on PATH, or where the Go module proxy cannot be reached, the suite is skipped with the reason
// printed; under Stryker too (the expressions' mutants are killed by tests/database-backup-alerts.test.ts).
import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { stackOptions, validStackRun, withDatabaseEngine } from "./support/runs";

const run = promisify(execFile);
const moduleDir = path.join(__dirname, "..", "tools", "promql-eval");
const goEnv = { ...process.env, GOFLAGS: "-mod=readonly", GOTOOLCHAIN: "local" };

/** Labels of a series of this cluster's pod n, and of the look-alikes that must not count. */
const own = (n: number) => `namespace="atlasia",pod="atlasia-db-${n}"`;
const otherCluster = `namespace="atlasia",pod="atlasia-db-r1-1"`;
const otherNamespace = `namespace="staging",pod="atlasia-db-1"`;

const backupAvailable = "barman_cloud_cloudnative_pg_io_last_available_backup_timestamp";
const backupFailed = "barman_cloud_cloudnative_pg_io_last_failed_backup_timestamp";
const archiveStatus = "cnpg_collector_pg_wal_archive_status";
const sinceArchival = "cnpg_pg_stat_archiver_seconds_since_last_archival";
const lastArchived = "cnpg_pg_stat_archiver_last_archived_time";
const lastFailed = "cnpg_pg_stat_archiver_last_failed_time";
const lag = "cnpg_pg_replication_lag";

interface Scenario {
    name: string;
    alert: string;
    /** `metric{labels}` and a constant value, sampled every minute from 0 to `until` minutes. */
    series: [string, string, number][];
    until?: number;
    /** Evaluation time and the expected result ([] = the alert's condition is false). */
    evals: { at: string; result: string[] }[];
}

const scenarios: Scenario[] = [
    {
        name: "backup_failed_after_the_last_success",
        alert: "PostgresBackupFailed",
        series: [
            [backupAvailable, own(1), 90000],
            [backupFailed, own(1), 93000],
            [backupAvailable, own(2), 90000],
            [backupFailed, own(2), 93000],
        ],
        evals: [{ at: "30m", result: ["{} 93000"] }],
    },
    {
        name: "backup_succeeded_after_an_old_failure_even_if_another_cluster_failed",
        alert: "PostgresBackupFailed",
        series: [
            [backupAvailable, own(1), 90000],
            [backupFailed, own(1), 80000],
            [backupAvailable, otherCluster, 1],
            [backupFailed, otherCluster, 99999],
            [backupAvailable, otherNamespace, 1],
            [backupFailed, otherNamespace, 99999],
        ],
        evals: [{ at: "30m", result: [] }],
    },
    {
        // Before the first backup the plugin reports 0 for both (plugin-barman-cloud metrics.go, no recovery window).
        name: "no_backup_yet",
        alert: "PostgresBackupFailed",
        series: [
            [backupAvailable, own(1), 0],
            [backupFailed, own(1), 0],
        ],
        evals: [{ at: "30m", result: [] }],
    },
    {
        // The last base backup at 1 h: exactly 26 h later (27 h) is not late yet, 26 h 5 min is; another
        // cluster's fresh backup must not hide it.
        name: "backup_late_after_26_hours",
        alert: "PostgresBackupLate",
        until: 27 * 60 + 10,
        series: [
            [backupAvailable, own(1), 3600],
            [backupAvailable, own(2), 3600],
            [backupAvailable, otherCluster, 97000],
            [backupAvailable, otherNamespace, 97000],
        ],
        evals: [
            { at: "27h", result: [] },
            { at: "27h5m", result: ["{} 93900"] },
        ],
    },
    {
        name: "backup_metrics_present",
        alert: "PostgresBackupMetricsMissing",
        series: [[backupAvailable, own(1), 90000]],
        evals: [{ at: "30m", result: [] }],
    },
    {
        name: "backup_metrics_missing_here_though_elsewhere",
        alert: "PostgresBackupMetricsMissing",
        series: [
            [backupAvailable, otherCluster, 90000],
            [backupAvailable, otherNamespace, 90000],
        ],
        // absent() keeps the selector's equality matchers (https://prometheus.io/docs/prometheus/latest/querying/functions/#absent).
        evals: [{ at: "30m", result: ['{namespace="atlasia"} 1'] }],
    },
    {
        // An idle night: nothing waits, the last archival is hours old; "done" segments do not count.
        name: "wal_idle_night",
        alert: "PostgresWalArchivingStuck",
        series: [
            [archiveStatus, `${own(1)},value="ready"`, 0],
            [archiveStatus, `${own(1)},value="done"`, 50],
            [sinceArchival, own(1), 20000],
        ],
        evals: [{ at: "30m", result: [] }],
    },
    {
        name: "wal_segments_wait_and_nothing_archived_for_over_15_minutes",
        alert: "PostgresWalArchivingStuck",
        series: [
            [archiveStatus, `${own(1)},value="ready"`, 4],
            [sinceArchival, own(1), 901],
        ],
        evals: [{ at: "30m", result: ["{} 4"] }],
    },
    {
        name: "wal_segments_wait_and_nothing_ever_archived",
        alert: "PostgresWalArchivingStuck",
        series: [
            [archiveStatus, `${own(1)},value="ready"`, 1],
            [sinceArchival, own(1), -1],
        ],
        evals: [{ at: "30m", result: ["{} 1"] }],
    },
    {
        name: "wal_segments_wait_while_archiving_keeps_up",
        alert: "PostgresWalArchivingStuck",
        series: [
            [archiveStatus, `${own(1)},value="ready"`, 2],
            [sinceArchival, own(1), 900],
            [archiveStatus, `${otherCluster},value="ready"`, 9],
            [sinceArchival, otherCluster, 5000],
        ],
        evals: [{ at: "30m", result: [] }],
    },
    {
        name: "wal_archiving_failed_last",
        alert: "PostgresWalArchivingFailing",
        series: [
            [lastArchived, own(1), 4000],
            [lastFailed, own(1), 5000],
        ],
        evals: [{ at: "30m", result: ["{} 5000"] }],
    },
    {
        // -1: never failed (the default query's COALESCE, charts cloudnative-pg values.yaml pg_stat_archiver).
        name: "wal_archiving_never_failed_or_recovered",
        alert: "PostgresWalArchivingFailing",
        series: [
            [lastArchived, own(1), 4000],
            [lastFailed, own(1), -1],
            [lastArchived, otherNamespace, 1],
            [lastFailed, otherNamespace, 9000],
        ],
        evals: [{ at: "30m", result: [] }],
    },
    {
        name: "replica_over_60_seconds_behind",
        alert: "PostgresReplicationLag",
        series: [
            [lag, own(1), 0],
            [lag, own(2), 61],
        ],
        evals: [{ at: "30m", result: ["{} 61"] }],
    },
    {
        name: "replica_60_seconds_behind_and_another_cluster_far_behind",
        alert: "PostgresReplicationLag",
        series: [
            [lag, own(1), 0],
            [lag, own(2), 60],
            [lag, otherCluster, 600],
        ],
        evals: [{ at: "30m", result: [] }],
    },
];

/** The scenario in the promqltest language (promql/promqltest/README.md). */
function script(scenario: Scenario, expr: string): string {
    const points = scenario.until ?? 40;
    const load = scenario.series.map(([metric, labels, value]) => `    ${metric}{${labels}} ${value}x${points}`);
    const evals = scenario.evals.map((e) => [`eval instant at ${e.at} ${expr}`, ...e.result.map((r) => `    ${r}`)].join("\n"));
    return [["load 1m", ...load].join("\n"), ...evals, ""].join("\n\n");
}

interface GoTestEvent {
    Action: string;
    Test?: string;
    Output?: string;
}

describe("database alerts evaluated by Prometheus's PromQL engine", function () {
    const outcomes = new Map<string, { action: string; output: string }>();

    before(async function () {
        // A cold build of the engine takes minutes; later runs reuse Go's build cache.
        this.timeout(20 * 60 * 1000);
        const skip = (reason: string) => {
            console.log(`      promql evaluation: skipped (${reason})`);
            this.skip();
        };
        if ((globalThis as { __stryker__?: unknown }).__stryker__) return skip("under Stryker");
        try {
            await run("go", ["version"], { env: goEnv });
        } catch {
            return skip("no Go toolchain on PATH");
        }
        try {
            // Fetches what the engine needs (the Go module proxy, once) and checks the toolchain's version.
            await run("go", ["list", "-test", "-deps", "."], { cwd: moduleDir, env: goEnv, maxBuffer: 64 * 1024 * 1024 });
        } catch (e) {
            const stderr = String((e as { stderr?: string }).stderr ?? e).trim();
            return skip(`the engine's Go modules are not available: ${stderr.split("\n").slice(-1)[0]}`);
        }

        const program = await validStackRun(withDatabaseEngine(stackOptions("gcp", "production"), "cloudnativepg"));
        const rule = program.resources.find((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule");
        assert.ok(rule, "the PrometheusRule");
        const exprOf = new Map<string, string>(rule.inputs.spec.groups[0].rules.map((r: { alert: string; expr: string }) => [r.alert, r.expr]));
        const scripts = Object.fromEntries(
            scenarios.map((s) => {
                const expr = exprOf.get(s.alert);
                assert.ok(expr, `the rule has ${s.alert}`);
                return [s.name, script(s, expr)];
            }),
        );
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "promql-eval-"));
        const file = path.join(dir, "scripts.json");
        fs.writeFileSync(file, JSON.stringify(scripts));
        let stdout: string;
        try {
            ({ stdout } = await run("go", ["test", "-json", "-count=1", "-run", "TestScripts", "."], {
                cwd: moduleDir,
                env: { ...goEnv, PROMQL_SCRIPTS: file },
                maxBuffer: 64 * 1024 * 1024,
            }));
        } catch (e) {
            // A failing scenario exits 1; its events are on stdout all the same.
            stdout = String((e as { stdout?: string }).stdout ?? "");
            if (!stdout.includes('"Test":"TestScripts/')) throw e;
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        for (const line of stdout.split("\n").filter((l) => l.startsWith("{"))) {
            const event = JSON.parse(line) as GoTestEvent;
            const name = event.Test?.replace(/^TestScripts\//, "");
            if (!name || name === event.Test) continue;
            const outcome = outcomes.get(name) ?? { action: "run", output: "" };
            if (event.Action === "output") outcome.output += event.Output ?? "";
            if (event.Action === "pass" || event.Action === "fail" || event.Action === "skip") outcome.action = event.Action;
            outcomes.set(name, outcome);
        }
    });

    for (const scenario of scenarios) {
        it(`${scenario.alert}: ${scenario.name.replace(/_/g, " ")}`, () => {
            const outcome = outcomes.get(scenario.name);
            assert.ok(outcome, `go test reported ${scenario.name}`);
            assert.equal(outcome.action, "pass", outcome.output);
        });
    }
});
