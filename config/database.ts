// The database settings: which engine runs PostgreSQL (the StatefulSet, CloudNativePG, or both while
// migrating), the CloudNativePG cluster's size, its backup schedule and retention, and a
// point-in-time recovery. Every value that cannot work is refused here, before anything is created.
import { cronField, dnsLabel } from "./patterns";
import { ConfigReader } from "./reader";
import { Cloud, Environment } from "./sizing";
import { lifecycleMarginDays } from "../clusters/backup-lifecycle";

/**
 * statefulset: the one-pod StatefulSet with nightly pg_dump (development).
 * cloudnativepg: a CloudNativePG cluster with WAL archiving to the cloud's object storage.
 * migrating: both; the CloudNativePG cluster imports the StatefulSet's database, the application
 * stays on the StatefulSet until the new database is verified (docs/database.md#migration).
 */
export type DatabaseEngine = "statefulset" | "cloudnativepg" | "migrating";
export const databaseEngines: readonly DatabaseEngine[] = ["statefulset", "cloudnativepg", "migrating"];

/** Ours: what an environment runs when atlasia:databaseEngine is empty. */
export const defaultDatabaseEngine: Record<Environment, DatabaseEngine> = {
    development: "statefulset", // quick on a laptop: one pod, no operator, no object storage
    staging: "cloudnativepg",
    production: "cloudnativepg",
};

/** Ours (issue 9): instances and backup retention per environment when the keys are 0. */
export const databaseDefaults: Record<Exclude<Environment, "development">, { instances: number; retentionDays: number }> = {
    staging: { instances: 1, retentionDays: 7 },
    // A primary and two standbys, one per zone; 30 days of point-in-time recovery.
    production: { instances: 3, retentionDays: 30 },
};

/**
 * One instance per zone (required pod anti-affinity on topology.kubernetes.io/zone), and every
 * cluster here spans three zones: a fourth instance could never be scheduled.
 */
export const maxDatabaseInstances = 3;
/** Production's synchronous replication needs a standby to confirm each commit. */
export const minProductionInstances = 2;

export interface RecoverySettings {
    /** The CloudNativePG cluster whose archive (serverName in the bucket) is recovered. */
    source: string;
    /** "latest" (the end of the archive) or an RFC 3339 time. */
    target: string;
}

export interface DatabaseSettings {
    engine: DatabaseEngine;
    /** Name of the CloudNativePG Cluster, and its folder (serverName) in the backup bucket. */
    clusterName: string;
    instances: number;
    retentionDays: number;
    /** Six-field cron (seconds first) of the ScheduledBackup. */
    baseBackupSchedule: string;
    recovery?: RecoverySettings;
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const numberField = /^\d+$/;

/**
 * ScheduledBackup.spec.schedule has a seconds field first (the CRD's own description, after
 * https://pkg.go.dev/github.com/robfig/cron#hdr-CRON_Expression_Format): six fields, not five.
 * A `*` in the seconds or minutes field would start a base backup every second or minute.
 */
export function baseBackupScheduleProblem(schedule: string): string | undefined {
    const fields = schedule.trim().split(/\s+/);
    if (fields.length === 5) return `"${schedule}" has five fields; CloudNativePG's schedule starts with seconds (six fields), e.g. "0 ${schedule}".`;
    if (fields.length !== 6 || !fields.every((field) => cronField.test(field)))
        return `"${schedule}" is not a six-field cron schedule (seconds first) such as "0 0 2 * * *".`;
    if (!numberField.test(fields[0]) || Number(fields[0]) > 59)
        return `"${schedule}" must start a backup at one second of the minute (a number 0-59), not "${fields[0]}".`;
    if (!numberField.test(fields[1]) || Number(fields[1]) > 59)
        return `"${schedule}" would start a base backup every minute; give the minute as a number, e.g. "0 0 2 * * *".`;
    // The storage lifecycle deletes objects lifecycleMarginDays after the retention; Barman still needs
    // the newest base backup older than the window (and its WAL), up to one backup interval older.
    // A restricted day-of-month or month field spaces backups beyond that margin; a restricted weekday
    // stays inside it but trips the late-backup alert (workloads/database/alerts.ts, 26 hours): daily.
    if (!fields.slice(3).every((field) => field === "*")) {
        return `"${schedule}" does not take a base backup every day; the storage lifecycle deletes objects ${lifecycleMarginDays} days after the retention (it would delete a base backup Barman still needs) and the late-backup alert expects one a day. Keep day-of-month, month and weekday "*", e.g. "0 0 2 * * *".`;
    }
    return undefined;
}

/**
 * JavaScript's Date.parse rolls an impossible day over (2026-02-30 becomes March 2); Go's time.Parse,
 * which reads the Cluster's targetTime, and PostgreSQL's recovery_target_time refuse it ("day out of
 * range"), so the Cluster would fail only after the resources exist.
 */
function isCalendarDate(target: string): boolean {
    const [year, month, day] = target.slice(0, 10).split("-").map(Number);
    return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

/** A recovery target: "latest", or a past time inside the retention window. */
export function recoveryTargetProblem(target: string, retentionDays: number, now: Date): string | undefined {
    if (target === "latest") return undefined;
    if (!rfc3339.test(target) || Number.isNaN(Date.parse(target)) || !isCalendarDate(target))
        return `"${target}" is neither "latest" nor an RFC 3339 time such as 2026-11-29T08:00:00Z.`;
    const time = Date.parse(target);
    if (time > now.getTime()) return `${target} is in the future; the archive ends now.`;
    const oldest = now.getTime() - retentionDays * 24 * 3600 * 1000;
    if (time < oldest) {
        return (
            `${target} is older than the ${retentionDays}-day retention: those backups and WAL files are deleted. ` +
            "If the cluster was already recovered to it, its bootstrap is done: set the target to latest (docs/database.md#point-in-time-recovery)."
        );
    }
    return undefined;
}

const maxClusterNameLength = 40;

/** The naming rule of databaseClusterName: a DNS label of at most 40 characters. */
function isClusterName(name: string): boolean {
    return dnsLabel.test(name) && name.length <= maxClusterNameLength;
}

/**
 * A new name for a cluster recovered from `source` (a name that follows the rule) that itself follows
 * the naming rule: -r1, or the next number after a recovery's own -r<n>, with the source shortened to
 * make room (a hyphen left at its end dropped).
 */
function recoveredClusterName(source: string): string {
    const [, base, recovery] = /^(.*)-r(\d{1,3})$/.exec(source) ?? [source, source, "0"];
    const suffix = `-r${Number(recovery) + 1}`;
    return `${base.slice(0, maxClusterNameLength - suffix.length).replace(/-+$/, "")}${suffix}`;
}

export function loadDatabaseSettings(read: ConfigReader, cloud: Cloud, environment: Environment, now = new Date()): DatabaseSettings {
    const configuredEngine = read.string("databaseEngine");
    const engine = configuredEngine ? read.oneOf("databaseEngine", databaseEngines, defaultDatabaseEngine[environment]) : defaultDatabaseEngine[environment];
    const clusterName = read.string("databaseClusterName");
    if (!isClusterName(clusterName)) {
        read.problem(
            "databaseClusterName",
            `"${clusterName}" must be lower-case letters, digits and hyphens, start with a letter, end with a letter or digit and have at most ${maxClusterNameLength} characters.`,
            "atlasia-db",
        );
    }
    const defaults = environment === "development" ? databaseDefaults.staging : databaseDefaults[environment];
    const instances = read.integer("databaseInstances", 0, 99) || defaults.instances;
    if (instances > maxDatabaseInstances) {
        read.problem(
            "databaseInstances",
            `${instances} instances cannot be scheduled: one instance per zone, and the cluster has ${maxDatabaseInstances} zones.`,
            String(maxDatabaseInstances),
        );
    } else if (environment === "production" && instances < minProductionInstances) {
        read.problem(
            "databaseInstances",
            `production needs at least ${minProductionInstances} instances: synchronous replication confirms each commit on a standby in another zone.`,
            "3",
        );
    }
    const retentionDays = read.integer("databaseBackupRetentionDays", 0, 3650) || defaults.retentionDays;
    const baseBackupSchedule = read.string("databaseBackupSchedule");
    const scheduleProblem = baseBackupScheduleProblem(baseBackupSchedule);
    if (scheduleProblem) read.problem("databaseBackupSchedule", scheduleProblem, "0 0 2 * * *");

    const usesOperator = engine !== "statefulset";
    if (usesOperator && cloud === "local") {
        read.problem("databaseEngine", `${engine} needs the cloud's object storage for its backups; a local cluster has none.`, "statefulset");
    }

    const target = read.string("databaseRecoveryTarget");
    const source = read.string("databaseRecoverySource");
    let recovery: RecoverySettings | undefined;
    if (target || source) {
        const targetProblem = target ? recoveryTargetProblem(target, retentionDays, now) : "is empty; recovery needs a target: latest or an RFC 3339 time.";
        if (targetProblem) read.problem("databaseRecoveryTarget", targetProblem, "latest");
        // Never a default name: after a recovery, atlasia-db's archive is an older cluster's, which the
        // lifecycle keeps for the retention, and a `latest` recovery from it succeeds with old data.
        const whichArchive = "<the databaseClusterName whose archive is restored>";
        const whereListed = "the archives are the folders at the top of the stack's backup bucket or container";
        if (!source) {
            read.problem(
                "databaseRecoverySource",
                `recovery needs the name of the cluster whose backups are restored (its databaseClusterName; ${whereListed}).`,
                whichArchive,
            );
        } else if (!isClusterName(source)) {
            // Each cluster archives under its own name, and databaseClusterName has had this rule since it exists.
            read.problem(
                "databaseRecoverySource",
                `"${source}" cannot be a cluster's archive: its name (databaseClusterName) is lower-case letters, digits and hyphens, starts with a letter, ` +
                    `ends with a letter or digit and has at most ${maxClusterNameLength} characters; ${whereListed}.`,
                isClusterName(source.toLowerCase()) ? source.toLowerCase() : whichArchive,
            );
        } else if (source === clusterName) {
            read.problem(
                "databaseClusterName",
                `the recovered cluster needs a new name: "${clusterName}" is the source, and a cluster never archives into the archive it recovers from.`,
                recoveredClusterName(source),
            );
        }
        if (engine !== "cloudnativepg") {
            read.problem(
                "databaseEngine",
                `a point-in-time recovery bootstraps a CloudNativePG cluster from its archive; engine ${engine} cannot.`,
                "cloudnativepg",
            );
        }
        recovery = { source, target };
    }
    return { engine, clusterName, instances, retentionDays, baseBackupSchedule, recovery };
}
