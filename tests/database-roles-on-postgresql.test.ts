// The database roles and grants against a real PostgreSQL server (the machine's own, tests/support/
// real-postgres.ts): the StatefulSet's roles Job script as the pod runs it, on the two volumes it meets
// (initialised with POSTGRES_USER=postgres, or with POSTGRES_USER=ai as the seed did), and the SQL the
// CloudNativePG Cluster runs after initdb. What is checked is what the application depends on: the
// owner role owns the database, its schema and its objects (Flyway migrates as it), the application
// role reads and writes every table, sequence and function the owner makes, now and later, and can
// neither create nor drop; no other role connects. Skipped, with the reason, where no server is installed.
import { strict as assert } from "assert";
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { rolesJobScript, sqlDir, sqlFiles } from "../workloads/database-roles-job";
import { initScript } from "../workloads/postgresql";
import { Postgres, postgresUnavailable, startPostgres } from "./support/real-postgres";
import { applicationSql } from "./support/cnpg-pods";
import { stackOptions, validStackRun, withDatabaseEngine } from "./support/runs";

/** The Job's passwords, from its Secrets in the pod. */
const jobPasswords = { SUPERUSER_PASSWORD: "super-secret-1", OWNER_PASSWORD: "owner-secret-2", APP_PASSWORD: "app-secret-3" };

/** The roles Job's and the database container's environment values, as the program sets them (from a stack run). */
interface PodEnv {
    job: Record<string, string>;
    postgresql: Record<string, string>;
}

/** The roles Job's script with its SQL files in a temporary folder instead of the pod's /sql, as the pod runs it. */
function rolesJob(pg: Postgres, podEnv: PodEnv, extraEnv: Record<string, string>): { command: string[]; env: NodeJS.ProcessEnv; dispose(): void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "atlasia-roles-sql-"));
    for (const [file, text] of Object.entries(sqlFiles)) fs.writeFileSync(path.join(dir, file), text);
    const script = rolesJobScript.split(`${sqlDir}/`).join(`${dir}/`);
    // The pod's PGOPTIONS and database; PGHOST and PGPORT are this server's socket.
    const { PGOPTIONS, PGDATABASE } = podEnv.job;
    return {
        command: ["-c", script],
        env: { ...process.env, ...pg.env, PGOPTIONS, PGDATABASE, ...jobPasswords, ...extraEnv },
        dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
}

/** Runs the roles Job to its end. */
function runRolesJob(pg: Postgres, podEnv: PodEnv, extraEnv: Record<string, string> = {}): { status: number; output: string } {
    const job = rolesJob(pg, podEnv, extraEnv);
    try {
        const run = spawnSync("bash", job.command, { encoding: "utf8", env: job.env });
        return { status: run.status ?? 1, output: `${run.stdout}${run.stderr}` };
    } finally {
        job.dispose();
    }
}

/** Starts the roles Job; resolves when it ends. */
function startRolesJob(pg: Postgres, podEnv: PodEnv): Promise<{ status: number; output: string }> {
    const job = rolesJob(pg, podEnv, {});
    const child = spawn("bash", job.command, { env: job.env });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    return new Promise((resolve) =>
        child.on("close", (status) => {
            job.dispose();
            resolve({ status: status ?? 1, output });
        }),
    );
}

/**
 * The server here writes down every statement, with its duration, sampled, and in pg_stat_statements
 * (tests/support/real-postgres.ts): the Job's statements that carry a password are in none of them.
 */
function assertNoPasswordRecorded(pg: Postgres): void {
    const log = pg.serverLog();
    assert.match(log, /CREATE ROLE intruder LOGIN/, "the statement log holds other sessions' statements");
    assert.match(log, /duration: [\d.]+ ms/, "the duration log is on");
    const recorded = ok(pg, "postgres", "CREATE EXTENSION pg_stat_statements; SELECT string_agg(query, E'\\n') FROM pg_stat_statements", "postgres");
    assert.match(recorded, /CREATE ROLE intruder LOGIN/, "pg_stat_statements holds utility statements");
    for (const password of Object.values(jobPasswords)) {
        assert.ok(!log.includes(password), "a password in the server log");
        assert.ok(!recorded.includes(password), "a password in pg_stat_statements");
    }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A session of `user` that ran `sql` in a transaction it keeps open (30 s, or until killed), after a second to take its locks. */
async function holdInTransaction(pg: Postgres, user: string, sql: string): Promise<ChildProcess> {
    const session = spawn("psql", ["-X", "-q", "-U", user, "-d", "ai", "-c", `BEGIN; ${sql}; SELECT pg_sleep(30); COMMIT;`], {
        env: { ...process.env, ...pg.env },
        stdio: "ignore",
    });
    await sleep(1000);
    return session;
}

/** Runs SQL that must succeed, and returns its output. */
function ok(pg: Postgres, user: string, sql: string, database = "ai"): string {
    const run = pg.sql(user, database, sql);
    assert.equal(run.status, 0, `${user}: ${sql}\n${run.output}`);
    return run.output;
}

/** Runs SQL that must be refused with `refusal`. */
function refused(pg: Postgres, user: string, sql: string, refusal: RegExp, database = "ai"): void {
    const run = pg.sql(user, database, sql);
    assert.notEqual(run.status, 0, `${user} may: ${sql}`);
    assert.match(run.output, refusal);
}

/** What the application needs, checked as the owner and the application role would act. */
function assertApplicationAccess(pg: Postgres, schemaOwner: RegExp): void {
    assert.equal(ok(pg, "postgres", "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'ai'"), "ai_owner", "the database's owner");
    assert.match(ok(pg, "postgres", "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'public'"), schemaOwner, "schema public's owner");
    // Flyway, as the owner, creates objects after the grants ran.
    ok(pg, "ai_owner", "CREATE TABLE fresh (id int); CREATE SEQUENCE fresh_seq; CREATE FUNCTION fresh_f() RETURNS int LANGUAGE sql AS 'SELECT 1';");
    for (const table of ["legacy", "fresh"]) {
        ok(pg, "ai", `INSERT INTO ${table} VALUES (1); UPDATE ${table} SET id = 2; SELECT count(*) FROM ${table}; DELETE FROM ${table};`);
        refused(pg, "ai", `DROP TABLE ${table}`, /must be owner/);
    }
    ok(pg, "ai", "SELECT nextval('legacy_seq'), nextval('fresh_seq'), legacy_f(), fresh_f();");
    refused(pg, "ai", "CREATE TABLE mine (id int)", /permission denied for schema public/);
    refused(pg, "ai", "CREATE SCHEMA mine", /permission denied for database ai/);
    refused(pg, "intruder", "SELECT 1", /permission denied for database "ai"/);
}

/** The server's answer to a query that must succeed, as one line per row. */
const query = (pg: Postgres, sql: string) => ok(pg, "postgres", sql);

describe("database roles on a real PostgreSQL server", function () {
    this.timeout(120000);
    let skipped: string | undefined;
    const servers: Postgres[] = [];
    const start = (bootstrapUser: string, database = "ai"): Postgres => {
        const pg = startPostgres(bootstrapUser, database);
        assert.ok(typeof pg !== "string", pg as string);
        servers.push(pg);
        return pg;
    };

    let podEnv: PodEnv;

    before(async function () {
        skipped = postgresUnavailable();
        if (skipped) {
            console.log(`    database roles on PostgreSQL: skipped (${skipped})`);
            this.skip();
        }
        const run = await validStackRun(withDatabaseEngine(stackOptions("gcp", "staging"), "statefulset"));
        const values = (container: { env: { name: string; value?: string }[] }) =>
            Object.fromEntries(container.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
        const job = run.resources.find((r) => r.type === "kubernetes:batch/v1:Job" && r.inputs.metadata.name.includes("roles"));
        const statefulSet = run.resources.find((r) => r.type === "kubernetes:apps/v1:StatefulSet" && r.inputs.metadata.name === "atlasia-postgresql");
        assert.ok(job && statefulSet, "the roles Job and the StatefulSet");
        podEnv = { job: values(job.inputs.spec.template.spec.containers[0]), postgresql: values(statefulSet.inputs.spec.template.spec.containers[0]) };
        assert.ok(podEnv.job.PGOPTIONS, "the Job's PGOPTIONS");
    });
    afterEach(() => servers.splice(0).forEach((pg) => pg.stop()));

    /**
     * A volume with a past: schema public owned by the bootstrap role (as on PostgreSQL 14 and older;
     * the program's volumes began on 16, so this is the harder case) where PUBLIC may create; the
     * application role given more than data access (membership of the owner and of a predefined role,
     * TRUNCATE and TRIGGER, a column grant, another schema), owning what it made, in public and in a
     * schema of its own; one function's EXECUTE taken from PUBLIC and the owner's future ones too; a
     * table the bootstrap role made; another login role.
     */
    function volumeWithAPast(pg: Postgres, bootstrapUser: string): void {
        if (bootstrapUser !== "ai") ok(pg, bootstrapUser, "CREATE ROLE ai LOGIN; GRANT ALL ON SCHEMA public TO ai; GRANT CREATE ON DATABASE ai TO ai;");
        ok(
            pg,
            bootstrapUser,
            `ALTER SCHEMA public OWNER TO ${bootstrapUser}; GRANT CREATE ON SCHEMA public TO PUBLIC; CREATE TABLE bootstrap_made (id int); ` +
                "CREATE ROLE intruder LOGIN; CREATE ROLE ai_owner; ALTER DEFAULT PRIVILEGES FOR ROLE ai_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC; " +
                "CREATE SCHEMA reports; CREATE TABLE reports.daily (id int); CREATE SEQUENCE reports.ids; CREATE FUNCTION reports.f() RETURNS int LANGUAGE sql AS 'SELECT 1'; " +
                "REVOKE EXECUTE ON FUNCTION reports.f() FROM PUBLIC; CREATE SEQUENCE boot_seq;",
        );
        ok(
            pg,
            "ai",
            "CREATE TABLE legacy (id int); CREATE SEQUENCE legacy_seq; CREATE FUNCTION legacy_f() RETURNS int LANGUAGE sql AS 'SELECT 1'; " +
                "REVOKE EXECUTE ON FUNCTION legacy_f() FROM PUBLIC; CREATE SCHEMA ai_made; CREATE TABLE ai_made.kept (id int); CREATE TYPE pair AS (a int, b int);",
        );
        if (bootstrapUser !== "ai")
            ok(
                pg,
                bootstrapUser,
                "GRANT ai_owner, pg_write_server_files TO ai; GRANT TRUNCATE, TRIGGER ON legacy TO ai; GRANT UPDATE (id) ON bootstrap_made TO ai; GRANT ALL ON boot_seq TO ai; " +
                    "GRANT USAGE, CREATE ON SCHEMA reports TO ai; GRANT ALL ON reports.daily, reports.ids TO ai WITH GRANT OPTION; GRANT EXECUTE ON FUNCTION reports.f() TO ai; " +
                    "GRANT SELECT ON bootstrap_made TO ai WITH GRANT OPTION;",
            );
    }

    /** What the application role passed on with its grant options: revoking them must cascade, not fail. */
    function passedOn(pg: Postgres): void {
        ok(pg, "ai", "GRANT SELECT ON reports.daily, bootstrap_made TO intruder;");
    }

    /** Only data access: no membership, no privilege beyond it, nowhere but the database and schema public. */
    function assertDataAccessOnly(pg: Postgres): void {
        assert.equal(query(pg, "SELECT count(*) FROM pg_auth_members WHERE member = 'ai'::regrole"), "0", "memberships");
        assert.equal(
            query(
                pg,
                "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND has_table_privilege('ai', oid, 'TRUNCATE, REFERENCES, TRIGGER')",
            ),
            "",
            "TRUNCATE, REFERENCES or TRIGGER",
        );
        assert.equal(
            query(
                pg,
                "SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = 'public'::regnamespace AND array_to_string(a.attacl, ',') ~ '(^|,)ai='",
            ),
            "0",
            "column grants",
        );
        const otherSchemas = "FROM pg_namespace n WHERE nspname NOT IN ('public', 'information_schema') AND nspname !~ '^pg_'";
        assert.equal(
            query(
                pg,
                `SELECT count(*) ${otherSchemas} AND (has_schema_privilege('ai', n.oid, 'USAGE') OR has_schema_privilege('ai', n.oid, 'CREATE') OR EXISTS (SELECT FROM pg_class c WHERE c.relnamespace = n.oid AND has_table_privilege('ai', c.oid, 'SELECT')))`,
            ),
            "0",
            "another schema",
        );
        assert.equal(
            query(
                pg,
                `SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'reports' AND has_function_privilege('ai', p.oid, 'EXECUTE')`,
            ),
            "0",
            "a function of another schema",
        );
        assert.equal(
            query(
                pg,
                "SELECT count(*) FROM (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'S' OFFSET 0) s WHERE has_sequence_privilege('ai', s.oid, 'UPDATE')",
            ),
            "0",
            "setval on a sequence",
        );
        refused(pg, "ai", "SET ROLE ai_owner", /permission denied to set role/);
    }

    it("the roles Job on a new volume (POSTGRES_USER=postgres, nothing made yet): the owner owns, the application has data access only", () => {
        assert.equal(skipped, undefined);
        const pg = start("postgres");
        ok(
            pg,
            "postgres",
            "CREATE ROLE intruder LOGIN; CREATE TABLE legacy (id int); CREATE SEQUENCE legacy_seq; CREATE FUNCTION legacy_f() RETURNS int LANGUAGE sql AS 'SELECT 1';",
        );
        const run = runRolesJob(pg, podEnv);
        assert.equal(run.status, 0, run.output);
        assertDataAccessOnly(pg);
        assertApplicationAccess(pg, /^ai_owner$/);
    });

    for (const bootstrapUser of ["postgres", "ai"]) {
        it(`the roles Job on a volume initialised with POSTGRES_USER=${bootstrapUser}: converges, gives the owner everything and the application data access only, and again on a second run`, () => {
            assert.equal(skipped, undefined);
            const pg = start(bootstrapUser);
            volumeWithAPast(pg, bootstrapUser);
            if (bootstrapUser !== "ai") passedOn(pg);
            for (const round of [1, 2]) {
                const run = runRolesJob(pg, podEnv);
                assert.equal(run.status, 0, `run ${round}: ${run.output}`);
                assert.equal(
                    query(
                        pg,
                        "SELECT string_agg(format('%s %s %s %s', rolname, rolsuper, rolcanlogin, rolpassword IS NOT NULL), ', ' ORDER BY rolname) FROM pg_authid WHERE rolname IN ('ai', 'ai_owner', 'postgres', 'atlasia_roles_handover')",
                    ),
                    "ai f t t, ai_owner f t t, postgres t t t",
                    `run ${round}: the roles`,
                );
                assert.equal(
                    query(
                        pg,
                        "SELECT count(*) FROM pg_authid WHERE rolname IN ('ai', 'ai_owner') AND (rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls)",
                    ),
                    "0",
                    "no role attribute beyond login",
                );
                assert.equal(
                    query(
                        pg,
                        "SELECT string_agg(format('%s %s', relname, pg_get_userbyid(relowner)), ', ' ORDER BY relname) FROM pg_class WHERE relname IN ('legacy', 'legacy_seq', 'bootstrap_made') " +
                            "UNION ALL SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'legacy_f'",
                    ),
                    "bootstrap_made ai_owner, legacy ai_owner, legacy_seq ai_owner\nai_owner",
                    "schema public's tables, sequences and functions belong to the owner, whoever made them",
                );
                // Outside schema public, what the application role made goes to the owner, with its schema;
                // on the seed's volume that role was the bootstrap one, renamed postgres, which keeps its own.
                assert.equal(
                    query(pg, "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'ai_made'"),
                    bootstrapUser === "ai" ? "postgres" : "ai_owner",
                );
            }
            assertDataAccessOnly(pg);
            assert.equal(query(pg, "SELECT pg_get_userbyid(typowner) FROM pg_type WHERE typname = 'pair'"), "ai_owner", "a composite type");
            assertNoPasswordRecorded(pg);
            assertApplicationAccess(pg, /^ai_owner$/);
        });
    }

    it("the roles Job leaves a live application session its temporary table and its large objects", async () => {
        assert.equal(skipped, undefined);
        const pg = start("postgres");
        assert.equal(runRolesJob(pg, podEnv).status, 0);
        const session = spawn("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-U", "ai", "-d", "ai"], { env: { ...process.env, ...pg.env } });
        let output = "";
        session.stdout.on("data", (chunk) => (output += chunk));
        session.stderr.on("data", (chunk) => (output += chunk));
        const printed = (marker: string) =>
            new Promise<void>((resolve, reject) => {
                const started = Date.now();
                const poll = setInterval(() => {
                    if (!output.includes(marker) && Date.now() - started < 20000) return;
                    clearInterval(poll);
                    if (output.includes(marker)) resolve();
                    else reject(new Error(`no ${marker}: ${output}`));
                }, 50);
            });
        session.stdin.write("CREATE TEMP TABLE scratch (id int); SELECT lo_from_bytea(4242, 'blob');\n\\echo ready\n");
        await printed("ready");
        // A change of the Job's script or passwords runs it again while the application works.
        const run = runRolesJob(pg, podEnv);
        assert.equal(run.status, 0, run.output);
        session.stdin.write("INSERT INTO scratch VALUES (1); SELECT encode(lo_get(4242), 'escape'); SELECT lo_unlink(4242);\n\\echo done\n\\q\n");
        await printed("done");
        assert.doesNotMatch(output, /ERROR/);
        assert.match(output, /blob/);
    });

    it("the StatefulSet's init script creates uuid-ossp and pg_trgm in database ai, as the image's entrypoint runs it (psql -v ON_ERROR_STOP=1)", () => {
        // https://github.com/docker-library/docs/tree/master/postgres#initialization-scripts: *.sql files run with psql
        // as POSTGRES_USER in POSTGRES_DB, stopping at the first error (docker-entrypoint.sh, docker_process_sql).
        assert.equal(skipped, undefined);
        const pg = start("postgres");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "atlasia-initdb-"));
        try {
            fs.writeFileSync(path.join(dir, "init.sql"), initScript);
            const { POSTGRES_USER, POSTGRES_DB } = podEnv.postgresql;
            const run = spawnSync("psql", ["-X", "-v", "ON_ERROR_STOP=1", "-U", POSTGRES_USER, "-d", POSTGRES_DB, "-f", path.join(dir, "init.sql")], {
                encoding: "utf8",
                env: { ...process.env, ...pg.env },
            });
            assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        assert.equal(query(pg, "SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension WHERE extname <> 'plpgsql'"), "pg_trgm,uuid-ossp");
    });

    it("the roles Job keeps a password out of the server log also when its statement fails (a lock timeout on a role another session is changing)", async () => {
        assert.equal(skipped, undefined);
        const pg = start("postgres");
        ok(pg, "postgres", "CREATE ROLE ai LOGIN; CREATE ROLE intruder LOGIN;");
        // An uncommitted change of the application role: the Job's ALTER ROLE ai ... PASSWORD waits for its row, then times out.
        const holder = await holdInTransaction(pg, "postgres", "ALTER ROLE ai VALID UNTIL 'infinity'");
        try {
            const job = startRolesJob(pg, podEnv);
            // While it waits (lock_timeout), what other sessions see of its statement: the wait, not the text.
            await sleep(2000);
            assert.equal(query(pg, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"), "1", "the Job waits for the row");
            const activity = query(pg, "SELECT string_agg(coalesce(query, ''), E'\\n') FROM pg_stat_activity");
            for (const password of Object.values(jobPasswords)) assert.ok(!activity.includes(password), "a password in pg_stat_activity");
            const result = await job;
            assert.notEqual(result.status, 0, "the Job fails, to be retried");
            assert.match(result.output, /lock timeout/);
            for (const password of Object.values(jobPasswords)) assert.ok(!result.output.includes(password), "a password in the Job's log");
            // The error itself is logged; the failed statement's text (log_min_error_statement) is not.
            assert.match(pg.serverLog(), /ERROR: {2}canceling statement due to lock timeout/);
            assertNoPasswordRecorded(pg);
        } finally {
            holder.kill();
        }
    });

    it("the roles Job with its pod's PGOPTIONS gives up on a table the application holds, instead of queueing it behind the owner change", async () => {
        assert.equal(skipped, undefined);
        const pg = start("postgres");
        volumeWithAPast(pg, "postgres");
        // The application in a transaction on a table whose owner the Job must change (ALTER ... OWNER waits for it).
        const holder = await holdInTransaction(pg, "ai", "LOCK TABLE legacy IN ACCESS SHARE MODE");
        try {
            const started = Date.now();
            const result = runRolesJob(pg, podEnv);
            assert.notEqual(result.status, 0, "the Job fails, to be retried");
            assert.match(result.output, /lock timeout/);
            assert.ok(Date.now() - started < 20000, `gave up after ${Date.now() - started} ms`);
        } finally {
            holder.kill();
        }
    });

    for (const engine of ["cloudnativepg", "migrating"] as const) {
        it(`CloudNativePG (${engine}): the SQL its Cluster runs after initdb gives the application the same access`, async () => {
            assert.equal(skipped, undefined);
            const sql = await applicationSql(engine);
            // initdb as CloudNativePG bootstraps: the owner a login role, the application database its own.
            const pg = start("postgres", "postgres");
            ok(pg, "postgres", "CREATE ROLE ai_owner LOGIN; CREATE ROLE intruder LOGIN;", "postgres");
            ok(pg, "postgres", "CREATE DATABASE ai OWNER ai_owner", "postgres");
            ok(pg, "ai_owner", "CREATE TABLE legacy (id int); CREATE SEQUENCE legacy_seq; CREATE FUNCTION legacy_f() RETURNS int LANGUAGE sql AS 'SELECT 1';");
            for (const statement of sql) ok(pg, "postgres", statement);
            // A fresh database's schema public belongs to pg_database_owner (PostgreSQL 15 and later): its owner.
            assertApplicationAccess(pg, /^(ai_owner|pg_database_owner)$/);
        });
    }
});
