// A throwaway PostgreSQL server from the machine's own binaries (Debian's postgresql package puts them
// in /usr/lib/postgresql/<major>/bin), for tests of the program's SQL against the real engine. Trust
// authentication over a private Unix socket; nothing listens on TCP. Where no server binaries are
// installed, `startPostgres` returns why, and the tests that need it skip with that reason.
import { spawnSync, SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export interface Postgres {
    major: number;
    /** The environment a client script needs: the binaries on PATH, the socket as PGHOST. */
    env: Record<string, string>;
    /** Runs SQL as `user` in `database` with psql (ON_ERROR_STOP): exit status and output. */
    sql(user: string, database: string, sql: string): { status: number; output: string };
    /** The server's log so far: every statement is logged (everyStatementRecorded) unless a session turns that off. */
    serverLog(): string;
    stop(): void;
}

/**
 * Every way the server writes a statement's text down, switched on: the statement log, the duration
 * log and its sampling (per statement and per transaction), and pg_stat_statements (a view over it needs CREATE EXTENSION)
 * (https://www.postgresql.org/docs/current/runtime-config-logging.html#RUNTIME-CONFIG-LOGGING-WHAT,
 * https://www.postgresql.org/docs/current/pgstatstatements.html). A failed statement's text is logged
 * by the default log_min_error_statement (error).
 */
const everyStatementRecorded = [
    "log_statement=all",
    "log_min_duration_statement=0",
    "log_min_duration_sample=0",
    "log_statement_sample_rate=1",
    "log_transaction_sample_rate=1",
    "shared_preload_libraries=pg_stat_statements",
]
    .map((setting) => `-c ${setting}`)
    .join(" ");

/** The newest server binaries installed, if any. */
function serverBin(): string | undefined {
    const root = "/usr/lib/postgresql";
    if (!fs.existsSync(root)) return undefined;
    const majors = fs
        .readdirSync(root)
        .filter((dir) => /^\d+$/.test(dir) && fs.existsSync(path.join(root, dir, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a));
    return majors.length > 0 ? path.join(root, majors[0], "bin") : undefined;
}

function check(run: SpawnSyncReturns<string>, what: string): void {
    if (run.status !== 0) throw new Error(`${what} failed (${run.status}): ${run.stdout}${run.stderr}`);
}

/** Why no server can be started here, or undefined when one can. */
export function postgresUnavailable(): string | undefined {
    if (!serverBin()) return "no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)";
    // The server refuses to run as root: as root, it runs as the package's postgres user.
    if (process.getuid?.() === 0) {
        if (spawnSync("id", ["-u", "postgres"]).status !== 0) return "running as root and there is no postgres user to run the server as";
        // runuser lives in /usr/sbin, which a cut-down PATH leaves out.
        if (spawnSync("runuser", ["--help"]).error) return "running as root and runuser (util-linux, /usr/sbin) is not on PATH";
    }
    return undefined;
}

/**
 * A server whose bootstrap superuser is `bootstrapUser` with one database `database` owned by it, as
 * the postgres image's entrypoint leaves a new volume (POSTGRES_USER, POSTGRES_DB); or why there is none.
 */
export function startPostgres(bootstrapUser: string, database: string): Postgres | string {
    const unavailable = postgresUnavailable();
    if (unavailable) return unavailable;
    const bin = serverBin()!;
    const root = process.getuid?.() === 0;
    const asServer = (command: string, args: string[]) =>
        root
            ? spawnSync("runuser", ["-u", "postgres", "--", path.join(bin, command), ...args], { encoding: "utf8" })
            : spawnSync(path.join(bin, command), args, { encoding: "utf8" });

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "atlasia-postgres-"));
    const data = path.join(dir, "data");
    const socket = path.join(dir, "socket");
    fs.mkdirSync(data, { mode: 0o700 });
    fs.mkdirSync(socket);
    if (root) {
        fs.chmodSync(dir, 0o755);
        check(spawnSync("chown", ["postgres", data, socket], { encoding: "utf8" }), "chown");
    }
    const log = path.join(socket, "server.log");
    try {
        check(asServer("initdb", ["-D", data, "-U", bootstrapUser, "--auth=trust", "--no-sync", "-E", "UTF8"]), "initdb");
        check(
            asServer("pg_ctl", [
                "-D",
                data,
                "-w",
                "-l",
                log,
                "-o",
                `-k ${socket} -c listen_addresses= -p 5432 -c fsync=off ${everyStatementRecorded}`,
                "start",
            ]),
            "pg_ctl start",
        );
    } catch (e) {
        const serverLog = fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "";
        fs.rmSync(dir, { recursive: true, force: true });
        throw new Error(`${(e as Error).message}\n${serverLog}`, { cause: e });
    }
    const env: Record<string, string> = { PATH: `${bin}:${process.env.PATH}`, PGHOST: socket, PGPORT: "5432" };
    const sql = (user: string, db: string, text: string) => {
        const run = spawnSync(path.join(bin, "psql"), ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-U", user, "-d", db, "-c", text], {
            encoding: "utf8",
            env: { ...process.env, ...env },
        });
        return { status: run.status ?? 1, output: `${run.stdout}${run.stderr}`.trim() };
    };
    if (database !== "postgres")
        check(spawnSync(path.join(bin, "createdb"), ["-U", bootstrapUser, database], { encoding: "utf8", env: { ...process.env, ...env } }), "createdb");
    return {
        major: Number(path.basename(path.dirname(bin))),
        env,
        sql,
        serverLog: () => fs.readFileSync(log, "utf8"),
        stop: () => {
            asServer("pg_ctl", ["-D", data, "-m", "immediate", "stop"]);
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}
