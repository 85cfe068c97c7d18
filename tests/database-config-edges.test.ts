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

/** The problems of `options`, as key, message and fix each. */
async function assertProblems(options: RunOptions, expected: ConfigProblem[]): Promise<void> {
    assert.deepEqual(await problemsOf(options), expected);
}

const scheduleFix = (stack: string) => `pulumi config set --stack ${stack} atlasia:databaseBackupSchedule '0 0 2 * * *'`;

describe("database config edges: bounds, one-ended mistakes and whole fix commands", function () {
    this.timeout(120000);

    describe("the engine", () => {
        it("a misspelled engine is refused with the closest engine as the fix", async () => {
            await assertProblems(production({ databaseEngine: "cloudnative" }), [
                {
                    key: "atlasia:databaseEngine",
                    message: '"cloudnative" is not one of statefulset, cloudnativepg, migrating (did you mean cloudnativepg?).',
                    fix: "pulumi config set --stack production atlasia:databaseEngine cloudnativepg",
                },
            ]);
        });

        it("cloudnativepg and migrating are refused on a local cluster, fixed with statefulset", async () => {
            for (const engine of ["cloudnativepg", "migrating"]) {
                await assertProblems(dev({ databaseEngine: engine }), [
                    {
                        key: "atlasia:databaseEngine",
                        message: `${engine} needs the cloud's object storage for its backups; a local cluster has none.`,
                        fix: "pulumi config set --stack dev atlasia:databaseEngine statefulset",
                    },
                ]);
            }
            await assertAccepted(dev({ databaseEngine: "statefulset" }));
        });

        it("a development stack on a cloud takes staging's size when it asks for CloudNativePG", async () => {
            const run = await validStackRun({ stack: "dev", secrets, set: { cloud: "gcp", "gcp:project": "my-project-123", databaseEngine: "cloudnativepg" } });
            const cluster = run.resources.find((r) => r.inputs.kind === "Cluster" && r.inputs.apiVersion === "postgresql.cnpg.io/v1");
            const store = run.resources.find((r) => r.inputs.kind === "ObjectStore");
            assert.equal(cluster?.inputs.spec.instances, 1);
            assert.equal(store?.inputs.spec.retentionPolicy, "7d");
        });
    });

    describe("the cluster name", () => {
        const message = (name: string) => `"${name}" must be lower-case letters, digits and hyphens, start with a letter and have at most 40 characters.`;
        it("is refused when wrong only at its first or last character, or at 41 characters", async () => {
            const fortyOne = `atlasia-${"d".repeat(33)}`;
            assert.equal(fortyOne.length, 41);
            for (const name of ["atlasia-db-", "1atlasia-db", "atlasia_db", "Atlasia-db", fortyOne]) {
                await assertProblems(production({ databaseClusterName: name }), [
                    {
                        key: "atlasia:databaseClusterName",
                        message: message(name),
                        fix: "pulumi config set --stack production atlasia:databaseClusterName atlasia-db",
                    },
                ]);
            }
        });

        it("40 characters are accepted and name the Cluster", async () => {
            const forty = `atlasia-${"d".repeat(32)}`;
            const run = await validStackRun(production({ databaseClusterName: forty }));
            const cluster = run.resources.find((r) => r.inputs.kind === "Cluster" && r.inputs.apiVersion === "postgresql.cnpg.io/v1");
            assert.equal(cluster?.inputs.metadata.name, forty);
        });
    });

    describe("instances: 1-3, at least 2 in production", () => {
        it("4 cannot be scheduled (one per zone, three zones), fixed with 3; 99 likewise, and nothing else is reported", async () => {
            for (const count of ["4", "99"]) {
                await assertProblems(production({ databaseInstances: count }), [
                    {
                        key: "atlasia:databaseInstances",
                        message: `${count} instances cannot be scheduled: one instance per zone, and the cluster has 3 zones.`,
                        fix: "pulumi config set --stack production atlasia:databaseInstances 3",
                    },
                ]);
            }
        });

        it("production refuses 1 (synchronous replication needs a standby) and accepts 2; staging accepts 1", async () => {
            await assertProblems(production({ databaseInstances: "1" }), [
                {
                    key: "atlasia:databaseInstances",
                    message: "production needs at least 2 instances: synchronous replication confirms each commit on a standby in another zone.",
                    fix: "pulumi config set --stack production atlasia:databaseInstances 3",
                },
            ]);
            await assertAccepted(production({ databaseInstances: "2" }));
            await assertAccepted(staging({ databaseInstances: "1" }));
            await assertAccepted(staging({ databaseInstances: "3" }));
        });

        it("a number outside 0-99 or not whole is refused as such", async () => {
            for (const raw of ["-1", "100", "2.5"]) {
                await assertProblems(production({ databaseInstances: raw }), [
                    {
                        key: "atlasia:databaseInstances",
                        message: `"${raw}" is not a whole number from 0 to 99.`,
                        fix: "pulumi config set --stack production atlasia:databaseInstances 3",
                    },
                ]);
            }
        });
    });

    describe("backup retention: 0 (the environment's default) to 3650 days", () => {
        it("refuses -1 and 3651", async () => {
            for (const raw of ["-1", "3651"]) {
                const problems = await problemsOf(production({ databaseBackupRetentionDays: raw }));
                assert.deepEqual(
                    problems.map((p) => [p.key, p.message]),
                    [["atlasia:databaseBackupRetentionDays", `"${raw}" is not a whole number from 0 to 3650.`]],
                );
            }
        });

        it("keeps 1 and 3650 days as given: the ObjectStore's retention policy", async () => {
            for (const days of [1, 3650]) {
                const run = await validStackRun(production({ databaseBackupRetentionDays: String(days) }));
                const store = run.resources.find((r) => r.inputs.kind === "ObjectStore");
                assert.equal(store?.inputs.spec.retentionPolicy, `${days}d`);
            }
        });
    });

    describe("the base backup schedule: six fields, seconds first, daily", () => {
        const refusedWith = async (schedule: string, message: string) =>
            assertProblems(production({ databaseBackupSchedule: schedule }), [
                { key: "atlasia:databaseBackupSchedule", message, fix: scheduleFix("production") },
            ]);
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

    describe("point-in-time recovery", () => {
        const recovering = (set: Record<string, string>) => production({ databaseEngine: "cloudnativepg", databaseClusterName: "atlasia-db-r1", ...set });

        it("a source without a target is refused, fixed with latest", async () => {
            await assertProblems(recovering({ databaseRecoverySource: "atlasia-db" }), [
                {
                    key: "atlasia:databaseRecoveryTarget",
                    message: "is empty; recovery needs a target: latest or an RFC 3339 time.",
                    fix: "pulumi config set --stack production atlasia:databaseRecoveryTarget latest",
                },
            ]);
        });

        it("a target without a source is refused, fixed with the default cluster name", async () => {
            await assertProblems(recovering({ databaseRecoveryTarget: "latest" }), [
                {
                    key: "atlasia:databaseRecoverySource",
                    message: "recovery needs the name of the cluster whose backups are restored (its databaseClusterName).",
                    fix: "pulumi config set --stack production atlasia:databaseRecoverySource atlasia-db",
                },
            ]);
        });

        it("recovering into the source's own name is refused, fixed with a new name", async () => {
            await assertProblems(production({ databaseRecoveryTarget: "latest", databaseRecoverySource: "atlasia-db" }), [
                {
                    key: "atlasia:databaseClusterName",
                    message:
                        'the recovered cluster needs a new name: "atlasia-db" is the source, and a cluster never archives into the archive it recovers from.',
                    fix: "pulumi config set --stack production atlasia:databaseClusterName atlasia-db-r1",
                },
            ]);
        });

        it("recovery on the StatefulSet or while migrating is refused, fixed with cloudnativepg", async () => {
            for (const engine of ["statefulset", "migrating"]) {
                await assertProblems(recovering({ databaseEngine: engine, databaseRecoveryTarget: "latest", databaseRecoverySource: "atlasia-db" }), [
                    {
                        key: "atlasia:databaseEngine",
                        message: `a point-in-time recovery bootstraps a CloudNativePG cluster from its archive; engine ${engine} cannot.`,
                        fix: "pulumi config set --stack production atlasia:databaseEngine cloudnativepg",
                    },
                ]);
            }
        });

        it("a target that is not an RFC 3339 time, wrong only at one end, is refused in full", async () => {
            for (const target of ["2026-11-29T08:00:00Zx", "x2026-11-29T08:00:00Z", "2026-11-29 08:00:00Z", "2026-13-01T00:00:00Z", "Latest"]) {
                await assertProblems(recovering({ databaseRecoverySource: "atlasia-db", databaseRecoveryTarget: target }), [
                    {
                        key: "atlasia:databaseRecoveryTarget",
                        message: `"${target}" is neither "latest" nor an RFC 3339 time such as 2026-11-29T08:00:00Z.`,
                        fix: "pulumi config set --stack production atlasia:databaseRecoveryTarget latest",
                    },
                ]);
            }
        });

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

        describe("the target's window, to the millisecond (fixed clock)", () => {
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
});
