// The StatefulSet's nightly pg_dump (workloads/backup.ts): its script run by bash against a stand-in
// pg_dump, and the CronJob and claim as Kubernetes receives them. The seed asks for nightly dumps of the
// `ai` database (port 5432) kept on their own volume, as large as the database's (production 50Gi).
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { backupMountPath, backupScript } from "../workloads/backup";
import { container, matrix, objectOf, onStatefulSet, runValid } from "./support/workloads";

/** Runs the script with /backup moved to a temporary folder and a pg_dump that prints `output` and exits with `status`. */
function runScript(retentionDays: number, pgDump: { output: string; status: number }, before: (folder: string) => void = () => undefined) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "atlasia-backup-"));
    const folder = path.join(root, "backup");
    const bin = path.join(root, "bin");
    fs.mkdirSync(folder);
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, "pg_dump"), `#!/bin/sh\necho '${pgDump.output}'\nexit ${pgDump.status}\n`, { mode: 0o755 });
    before(folder);
    const script = backupScript(retentionDays).split(backupMountPath).join(folder);
    const env = { PATH: `${bin}:${process.env.PATH}`, PGHOST: "db", PGPORT: "5432", PGUSER: "ai_owner", PGDATABASE: "ai" };
    const result = spawnSync("bash", ["-c", script], { env, encoding: "utf8" });
    return { ...result, files: fs.readdirSync(folder).sort(), folder };
}

describe("the PostgreSQL backup job", () => {
    it("publishes a gzip of pg_dump's output under the database's name and a UTC timestamp, and lists what is kept", () => {
        const run = runScript(14, { output: "-- dump of ai", status: 0 });
        assert.equal(run.status, 0, run.stderr);
        assert.equal(run.files.length, 1);
        assert.match(run.files[0], /^ai-\d{8}-\d{6}\.sql\.gz$/);
        const dump = spawnSync("gzip", ["-dc", path.join(run.folder, run.files[0])], { encoding: "utf8" }).stdout;
        assert.equal(dump, "-- dump of ai\n");
        assert.match(run.stdout, new RegExp(`${run.files[0].replace(/\./g, "\\.")}\\n`));
    });

    it("fails, and publishes nothing, when pg_dump fails (a half dump never looks like a backup)", () => {
        const run = runScript(14, { output: "-- partial", status: 1 });
        assert.notEqual(run.status, 0);
        assert.deepEqual(
            run.files.filter((f) => f.endsWith(".sql.gz")),
            [],
        );
    });

    it("deletes the database's dumps older than the retention, keeps newer ones and other files", () => {
        const run = runScript(7, { output: "-- dump", status: 0 }, (folder) => {
            const aged = (name: string, days: number) => {
                fs.writeFileSync(path.join(folder, name), "x");
                const time = new Date(Date.now() - days * 24 * 3600 * 1000);
                fs.utimesSync(path.join(folder, name), time, time);
            };
            aged("ai-20200101-000000.sql.gz", 8);
            aged("ai-20200102-000000.sql.gz.partial", 8);
            aged("ai-20200103-000000.sql.gz", 6);
            aged("notes.txt", 30);
        });
        assert.equal(run.status, 0, run.stderr);
        assert.deepEqual(
            run.files.filter((f) => !/^ai-\d{8}-\d{6}\.sql\.gz$/.test(f) || f.startsWith("ai-2020")),
            ["ai-20200103-000000.sql.gz", "notes.txt"],
        );
    });

    it("runs nightly in UTC, as the schema owner, into a claim as large as the database's, and cleans up its Jobs after a week", async () => {
        const stack = onStatefulSet(matrix.find((c) => c.label === "gcp/production")!);
        const run = await runValid(stack.label, stack.options);
        const claim = objectOf(run, "PersistentVolumeClaim", "atlasia-postgresql-backup");
        assert.deepEqual(claim.spec.accessModes, ["ReadWriteOnce"]);
        assert.deepEqual(claim.spec.resources, { requests: { storage: "50Gi" } });
        assert.equal(claim.metadata.labels["app.kubernetes.io/version"], "16.15");
        const cron = objectOf(run, "CronJob", "atlasia-postgresql-backup");
        assert.equal(cron.spec.timeZone, "Etc/UTC");
        const job = cron.spec.jobTemplate;
        assert.equal(job.metadata.labels["app.kubernetes.io/component"], "backup");
        assert.equal(job.spec.ttlSecondsAfterFinished, 604800);
        const pod = job.spec.template;
        assert.equal(pod.spec.restartPolicy, "OnFailure");
        const backup = container(pod, "backup");
        assert.deepEqual(backup.command.slice(0, 2), ["/bin/bash", "-c"]);
        const env = Object.fromEntries(
            backup.env.filter((e: { value?: string }) => e.value !== undefined).map((e: { name: string; value: string }) => [e.name, e.value]),
        );
        assert.deepEqual(env, { PGHOST: "atlasia-postgresql", PGPORT: "5432", PGUSER: "ai_owner", PGDATABASE: "ai" });
        assert.deepEqual(
            backup.volumeMounts.find((m: { name: string }) => m.name === "backup"),
            { name: "backup", mountPath: "/backup" },
        );
        assert.deepEqual(
            pod.spec.volumes.find((v: { name: string }) => v.name === "backup"),
            { name: "backup", persistentVolumeClaim: { claimName: "atlasia-postgresql-backup" } },
        );
    });
});
