// config/database.ts at its edges (issues 9 and 13): every bound of the database settings on both
// sides, values wrong only at one end, and each problem's message and fix command in full, as an
// operator reads and pastes them. Refusals go through the whole program (nothing but the stack is
// registered); the recovery window's exact edges through recoveryTargetProblem with a fixed clock.
// Sources: ScheduledBackup.spec.schedule is robfig/cron with seconds first, fields split on any run
// of spaces (https://pkg.go.dev/github.com/robfig/cron#hdr-CRON_Expression_Format, strings.Fields);
// recovery targets are RFC 3339 times (https://cloudnative-pg.io/documentation/current/recovery/).
import { strict as assert } from "assert";
import { stackRun, validStackRun } from "./support/runs";
import type { RunOptions } from "../harness/run";
import { ConfigProblem, StackConfigError } from "../config/reader";
import { recoveryTargetProblem } from "../config/database";
import { configCalls } from "./support/config-cli";

const secrets = { llmApiKey: "sk-test" };
const production = (set: Record<string, string> = {}): RunOptions => ({ stack: "production", secrets, set: { cloud: "gcp", ...set } });
const staging = (set: Record<string, string> = {}): RunOptions => ({ stack: "staging", secrets, set: { cloud: "gcp", ...set } });
const dev = (set: Record<string, string> = {}): RunOptions => ({ stack: "dev", secrets, set });

/** The problems of a refused configuration; the program registered nothing but its stack. */
async function problemsOf(options: RunOptions): Promise<ConfigProblem[]> {
    const run = await stackRun(options);
    if (!run.error) return [];
    assert.ok(run.error instanceof StackConfigError, String(run.error));
    assert.deepEqual(
        run.resources.map((r) => r.type),
        ["pulumi:pulumi:Stack"],
        "refused before any resource is created",
    );
    return run.error.problems;
}

async function assertAccepted(options: RunOptions): Promise<void> {
    assert.deepEqual(await problemsOf(options), [], JSON.stringify(options.set));
}

/** `options` has exactly one problem: `key`, with this message and this fix command, in full. */
async function refused(options: RunOptions, key: string, message: string, fix: string): Promise<void> {
    assert.deepEqual(await problemsOf(options), [{ key: `atlasia:${key}`, message, fix }]);
}

const scheduleFix = (stack: string) => `pulumi config set --stack ${stack} atlasia:databaseBackupSchedule '0 0 2 * * *'`;

describe("database config edges: bounds, one-ended mistakes and whole fix commands", function () {
    this.timeout(120000);

    // Each refusal: the one problem it must give, with its message and fix command in full.
    const fixOf = (stack: string, key: string, value: string) => `pulumi config set --stack ${stack} atlasia:${key} ${value}`;
    const fortyOne = `atlasia-${"d".repeat(33)}`;
    const forty = `atlasia-${"d".repeat(32)}`;
    // 40 characters with -r1 (the rule's limit): a recovered name of the source's would be 43.
    const fortyRecovered = `atlasia-${"d".repeat(29)}-r1`;
    // Cut to make room for -r1, it would end in a hyphen.
    const fortyWithHyphen = `atlasia-${"d".repeat(28)}-xyz`;
    const recovering = (set: Record<string, string>) => production({ databaseEngine: "cloudnativepg", databaseClusterName: "atlasia-db-r1", ...set });
    const refusals: { label: string; options: RunOptions; key: string; message: string; fix: string }[] = [
        {
            label: "a misspelled engine, fixed with the closest engine",
            options: production({ databaseEngine: "cloudnative" }),
            key: "databaseEngine",
            message: '"cloudnative" is not one of statefulset, cloudnativepg, migrating (did you mean cloudnativepg?).',
            fix: fixOf("production", "databaseEngine", "cloudnativepg"),
        },
        ...["cloudnativepg", "migrating"].map((engine) => ({
            label: `${engine} on a local cluster, fixed with statefulset`,
            options: dev({ databaseEngine: engine }),
            key: "databaseEngine",
            message: `${engine} needs the cloud's object storage for its backups; a local cluster has none.`,
            fix: fixOf("dev", "databaseEngine", "statefulset"),
        })),
        ...["atlasia-db-", "1atlasia-db", "atlasia_db", "Atlasia-db", fortyOne].map((name) => ({
            label: `the cluster name ${name} (wrong at one end, or 41 characters)`,
            options: production({ databaseClusterName: name }),
            key: "databaseClusterName",
            message: `"${name}" must be lower-case letters, digits and hyphens, start with a letter, end with a letter or digit and have at most 40 characters.`,
            fix: fixOf("production", "databaseClusterName", "atlasia-db"),
        })),
        ...["4", "99"].map((count) => ({
            label: `${count} instances: one per zone, three zones (and nothing else reported)`,
            options: production({ databaseInstances: count }),
            key: "databaseInstances",
            message: `${count} instances cannot be scheduled: one instance per zone, and the cluster has 3 zones.`,
            fix: fixOf("production", "databaseInstances", "3"),
        })),
        {
            label: "1 instance in production: synchronous replication needs a standby",
            options: production({ databaseInstances: "1" }),
            key: "databaseInstances",
            message: "production needs at least 2 instances: synchronous replication confirms each commit on a standby in another zone.",
            fix: fixOf("production", "databaseInstances", "3"),
        },
        ...["-1", "100", "2.5"].map((raw) => ({
            label: `${raw} instances: not a whole number from 0 to 99`,
            options: production({ databaseInstances: raw }),
            key: "databaseInstances",
            message: `"${raw}" is not a whole number from 0 to 99.`,
            fix: fixOf("production", "databaseInstances", "3"),
        })),
        ...["-1", "3651"].map((raw) => ({
            label: `a retention of ${raw} days: not a whole number from 0 to 3650`,
            options: production({ databaseBackupRetentionDays: raw }),
            key: "databaseBackupRetentionDays",
            message: `"${raw}" is not a whole number from 0 to 3650.`,
            fix: fixOf("production", "databaseBackupRetentionDays", "30"),
        })),
        {
            label: "a recovery source without a target, fixed with latest",
            options: recovering({ databaseRecoverySource: "atlasia-db" }),
            key: "databaseRecoveryTarget",
            message: "is empty; recovery needs a target: latest or an RFC 3339 time.",
            fix: fixOf("production", "databaseRecoveryTarget", "latest"),
        },
        {
            // Never the default name: after a recovery, atlasia-db's archive is an older cluster's.
            label: "a recovery target without a source, asking for the archive's cluster name",
            options: recovering({ databaseRecoveryTarget: "latest" }),
            key: "databaseRecoverySource",
            message:
                "recovery needs the name of the cluster whose backups are restored (its databaseClusterName; " +
                "the archives are the folders at the top of the stack's backup bucket or container).",
            fix: fixOf("production", "databaseRecoverySource", "'<the databaseClusterName whose archive is restored>'"),
        },
        {
            label: "a recovery into the source's own name, fixed with a new name",
            options: production({ databaseRecoveryTarget: "latest", databaseRecoverySource: "atlasia-db" }),
            key: "databaseClusterName",
            message: 'the recovered cluster needs a new name: "atlasia-db" is the source, and a cluster never archives into the archive it recovers from.',
            fix: fixOf("production", "databaseClusterName", "atlasia-db-r1"),
        },
        {
            label: "a recovery of a 40-character cluster into its own name, fixed with a new name of 40 characters",
            options: production({ databaseClusterName: forty, databaseRecoveryTarget: "latest", databaseRecoverySource: forty }),
            key: "databaseClusterName",
            message: `the recovered cluster needs a new name: "${forty}" is the source, and a cluster never archives into the archive it recovers from.`,
            fix: fixOf("production", "databaseClusterName", fortyRecovered),
        },
        {
            label: "a recovery of a 40-character cluster cut at a hyphen, fixed with a new name without a double hyphen",
            options: production({ databaseClusterName: fortyWithHyphen, databaseRecoveryTarget: "latest", databaseRecoverySource: fortyWithHyphen }),
            key: "databaseClusterName",
            message: `the recovered cluster needs a new name: "${fortyWithHyphen}" is the source, and a cluster never archives into the archive it recovers from.`,
            fix: fixOf("production", "databaseClusterName", `atlasia-${"d".repeat(28)}-r1`),
        },
        {
            label: "a recovered cluster recovered again into its own name, fixed with the next number",
            options: recovering({ databaseRecoveryTarget: "latest", databaseRecoverySource: "atlasia-db-r1" }),
            key: "databaseClusterName",
            message: 'the recovered cluster needs a new name: "atlasia-db-r1" is the source, and a cluster never archives into the archive it recovers from.',
            fix: fixOf("production", "databaseClusterName", "atlasia-db-r2"),
        },
        ...["statefulset", "migrating"].map((engine) => ({
            label: `a recovery on engine ${engine}, fixed with cloudnativepg`,
            options: recovering({ databaseEngine: engine, databaseRecoveryTarget: "latest", databaseRecoverySource: "atlasia-db" }),
            key: "databaseEngine",
            message: `a point-in-time recovery bootstraps a CloudNativePG cluster from its archive; engine ${engine} cannot.`,
            fix: fixOf("production", "databaseEngine", "cloudnativepg"),
        })),
        ...[
            "2026-11-29T08:00:00Zx",
            "x2026-11-29T08:00:00Z",
            // An ISO 8601 expanded year (the year 2026 BC), which JavaScript's Date.parse takes; RFC 3339 has four-digit years only.
            "-002026-11-29T08:00:00Z",
            "2026-11-29 08:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-02-30T08:00:00Z",
            "2026-04-31T08:00:00Z",
            "Latest",
        ].map((target) => ({
            label: `the recovery target ${target}: not an RFC 3339 time`,
            options: recovering({ databaseRecoverySource: "atlasia-db", databaseRecoveryTarget: target }),
            key: "databaseRecoveryTarget",
            message: `"${target}" is neither "latest" nor an RFC 3339 time such as 2026-11-29T08:00:00Z.`,
            fix: fixOf("production", "databaseRecoveryTarget", "latest"),
        })),
    ];

    describe("refuses, with the whole message and fix command", () => {
        for (const r of refusals) it(r.label, () => refused(r.options, r.key, r.message, r.fix));

        it("every problem is reported at once", async () => {
            const problems = await problemsOf(
                production({
                    databaseEngine: "migrating",
                    databaseClusterName: "atlasia-db-",
                    databaseInstances: "4",
                    databaseBackupSchedule: "0 2 * * *",
                    databaseRecoveryTarget: "yesterday",
                }),
            );
            assert.deepEqual(
                problems.map((p) => p.key),
                [
                    "atlasia:databaseClusterName",
                    "atlasia:databaseInstances",
                    "atlasia:databaseBackupSchedule",
                    "atlasia:databaseRecoveryTarget",
                    "atlasia:databaseRecoverySource",
                    "atlasia:databaseEngine",
                ],
            );
        });
    });

    describe("accepts the values at the edges, and uses them", () => {
        const cnpg = (run: Awaited<ReturnType<typeof validStackRun>>, kind: string) =>
            run.resources.find((r) => r.inputs.kind === kind && typeof r.inputs.apiVersion === "string" && /cnpg\.io\//.test(r.inputs.apiVersion));

        it("the StatefulSet on a local cluster; 2 instances in production; 1 and 3 in staging", async () => {
            await assertAccepted(dev({ databaseEngine: "statefulset" }));
            await assertAccepted(production({ databaseInstances: "2" }));
            await assertAccepted(staging({ databaseInstances: "1" }));
            await assertAccepted(staging({ databaseInstances: "3" }));
        });

        it("a development stack on a cloud takes staging's size when it asks for CloudNativePG", async () => {
            const run = await validStackRun({ stack: "dev", secrets, set: { cloud: "gcp", "gcp:project": "my-project-123", databaseEngine: "cloudnativepg" } });
            assert.equal(cnpg(run, "Cluster")?.inputs.spec.instances, 1);
            assert.equal(cnpg(run, "ObjectStore")?.inputs.spec.retentionPolicy, "7d");
        });

        it("a 40-character cluster name names the Cluster", async () => {
            const run = await validStackRun(production({ databaseClusterName: forty }));
            assert.equal(cnpg(run, "Cluster")?.inputs.metadata.name, forty);
        });

        it("the new name the fix gives a recovery of a 40-character cluster: accepted, and names the recovered Cluster", async () => {
            const recovery = { databaseRecoveryTarget: "latest", databaseRecoverySource: forty };
            const [problem] = await problemsOf(production({ databaseClusterName: forty, ...recovery }));
            const [{ operands }] = configCalls(problem.fix);
            const options = production({ databaseClusterName: operands[1], ...recovery });
            await assertAccepted(options);
            assert.equal(cnpg(await validStackRun(options), "Cluster")?.inputs.metadata.name, operands[1]);
        });

        it("1 and 3650 days of retention become the ObjectStore's retention policy", async () => {
            for (const days of [1, 3650]) {
                const run = await validStackRun(production({ databaseBackupRetentionDays: String(days) }));
                assert.equal(cnpg(run, "ObjectStore")?.inputs.spec.retentionPolicy, `${days}d`);
            }
        });
    });

    describe("the base backup schedule: six fields, seconds first, daily", () => {
        const refusedWith = async (schedule: string, message: string) =>
            refused(production({ databaseBackupSchedule: schedule }), "databaseBackupSchedule", message, scheduleFix("production"));
        const notSixFields = (s: string) => `"${s}" is not a six-field cron schedule (seconds first) such as "0 0 2 * * *".`;

        it("five fields: the message suggests the same schedule with a seconds field", async () => {
            await refusedWith("0 2 * * *", `"0 2 * * *" has five fields; CloudNativePG's schedule starts with seconds (six fields), e.g. "0 0 2 * * *".`);
        });

        it("four or seven fields, or a field wrong only at one end, is not a six-field schedule", async () => {
            for (const schedule of ["0 2 * *", "0 0 2 * * * *", "0 0 2 * * *x", "0 0 2 * * x*", "0 0 2- * * *", "0 0 -2 * * *", "0 0 2 * * Mond"]) {
                await refusedWith(schedule, notSixFields(schedule));
            }
        });

        it("the seconds field is one number 0-59: 59 accepted, 60, * and */5 refused", async () => {
            for (const seconds of ["60", "*", "*/5", "0-5"]) {
                const schedule = `${seconds} 0 2 * * *`;
                await refusedWith(schedule, `"${schedule}" must start a backup at one second of the minute (a number 0-59), not "${seconds}".`);
            }
            await assertAccepted(production({ databaseBackupSchedule: "59 0 2 * * *" }));
        });

        it("the minutes field is one number 0-59: 59 accepted, 60, * and */10 refused", async () => {
            for (const minutes of ["60", "*", "*/10"]) {
                const schedule = `0 ${minutes} 2 * * *`;
                await refusedWith(schedule, `"${schedule}" would start a base backup every minute; give the minute as a number, e.g. "0 0 2 * * *".`);
            }
            await assertAccepted(production({ databaseBackupSchedule: "0 59 2 * * *" }));
        });

        it("day-of-month, month and weekday stay *; several backups a day are fine", async () => {
            for (const schedule of ["0 0 2 1 * *", "0 0 2 * 1 *", "0 0 2 * * 0", "0 0 2 * * MON"]) {
                await refusedWith(
                    schedule,
                    `"${schedule}" does not take a base backup every day; the storage lifecycle deletes objects 7 days after the retention (it would delete a base backup Barman still needs) and the late-backup alert expects one a day. Keep day-of-month, month and weekday "*", e.g. "0 0 2 * * *".`,
                );
            }
            for (const schedule of ["0 0 */6 * * *", "0 0 1,13 * * *", "0 0 * * * *"]) await assertAccepted(production({ databaseBackupSchedule: schedule }));
        });

        it("fields apart by several spaces are one schedule (robfig/cron splits on any run of spaces), passed on as written", async () => {
            const schedule = "0  30   1 * * *";
            const run = await validStackRun(production({ databaseBackupSchedule: schedule }));
            const backup = run.resources.find((r) => r.inputs.kind === "ScheduledBackup");
            assert.equal(backup?.inputs.spec.schedule, schedule);
        });
    });

    describe("point-in-time recovery: the target's window, to the millisecond (fixed clock)", () => {
        const now = new Date("2026-11-29T10:00:00Z");
        it("now is accepted, a millisecond later is in the future", () => {
            assert.equal(recoveryTargetProblem("2026-11-29T10:00:00Z", 30, now), undefined);
            assert.equal(recoveryTargetProblem("2026-11-29T10:00:00.001Z", 30, now), "2026-11-29T10:00:00.001Z is in the future; the archive ends now.");
            assert.equal(recoveryTargetProblem("2026-11-29T11:00:00+02:00", 30, now), undefined, "an offset is honoured: 09:00 UTC");
        });
        it("exactly the retention ago is accepted, a millisecond earlier is deleted already", () => {
            assert.equal(recoveryTargetProblem("2026-10-30T10:00:00Z", 30, now), undefined);
            assert.equal(recoveryTargetProblem("2026-11-22T10:00:00Z", 7, now), undefined);
            assert.equal(
                recoveryTargetProblem("2026-11-22T09:59:59.999Z", 7, now),
                "2026-11-22T09:59:59.999Z is older than the 7-day retention: those backups and WAL files are deleted. " +
                    "If the cluster was already recovered to it, its bootstrap is done: set the target to latest (docs/database.md#point-in-time-recovery).",
            );
        });
    });
});
