// A stand-in for `psql` and `pg_isready` that models only what the roles Job depends on: which
// role can log in with which password, which roles are superusers, and PostgreSQL 16's refusal to
// take SUPERUSER from the bootstrap role ("Prevent removal of superuser privileges for the bootstrap
// user", PostgreSQL 16 release notes). State: one `role:password:super|plain:bootstrap|-` line per role.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const fakePsql = fs.readFileSync(path.join(__dirname, "fake-psql.sh"), "utf8");

export interface FakeRun {
    /** Roles at the end, sorted `role:password:super|plain:bootstrap|-`. */
    roles: string[];
    /** `<login role> <steps>` per successful psql session. */
    sessions: string[];
    exitCode: number;
    /** What the script printed (stdout and stderr). */
    output: string;
}

/**
 * Runs the Job's script against a database whose roles are `roles` (lines as in FakeRun.roles). The
 * server is up after `startingChecks` pg_isready calls have found it still starting (none by default);
 * until then psql cannot connect.
 */
export function runAgainstFake(script: string, roles: string[], env: Record<string, string>, startingChecks = 0): FakeRun {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-postgres-"));
    try {
        fs.writeFileSync(path.join(dir, "psql"), fakePsql, { mode: 0o755 });
        const ready = path.join(dir, "ready");
        const checks = path.join(dir, "checks");
        fs.writeFileSync(checks, "");
        if (startingChecks === 0) fs.writeFileSync(ready, "");
        // pg_isready (https://www.postgresql.org/docs/current/app-pg-isready.html): while starting, exit 2 (no
        // response: the Service has no ready endpoint yet), then 1 (the server rejects connections); then 0.
        fs.writeFileSync(
            path.join(dir, "pg_isready"),
            `#!/bin/sh\necho . >> "${checks}"\nchecks=$(wc -l < "${checks}")\n[ "$checks" -gt ${startingChecks} ] || exit $(( checks == 1 ? 2 : 1 ))\ntouch "${ready}"\n`,
            { mode: 0o755 },
        );
        const state = path.join(dir, "state");
        const log = path.join(dir, "log");
        fs.writeFileSync(state, roles.map((r) => `${r}\n`).join(""));
        fs.writeFileSync(log, "");
        const run = spawnSync("bash", ["-c", script], {
            env: { ...env, PATH: `${dir}:${process.env.PATH}`, FAKE_STATE: state, FAKE_LOG: log, FAKE_READY: ready },
            stdio: ["ignore", "pipe", "pipe"],
            encoding: "utf8",
        });
        const lines = (file: string) =>
            fs
                .readFileSync(file, "utf8")
                .split("\n")
                .filter((l) => l !== "");
        return { roles: lines(state).sort(), sessions: lines(log), exitCode: run.status ?? 1, output: run.stdout + run.stderr };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
