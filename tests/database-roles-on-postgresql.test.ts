// The database roles and grants against a real PostgreSQL server (the machine's own, tests/support/
// real-postgres.ts): the StatefulSet's roles Job script as the pod runs it, on the two volumes it meets
// (initialised with POSTGRES_USER=postgres, or with POSTGRES_USER=ai as the seed did), and the SQL the
// CloudNativePG Cluster runs after initdb. What is checked is what the application depends on: the
// owner role owns the database, its schema and its objects (Flyway migrates as it), the application
// role reads and writes every table, sequence and function the owner makes, now and later, and can
// neither create nor drop; no other role connects. Skipped, with the reason, where no server is installed.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { rolesJobScript, sqlDir, sqlFiles } from "../workloads/database-roles-job";
import { Postgres, postgresUnavailable, startPostgres } from "./support/real-postgres";
import { stackOptions, validStackRun, withConfig } from "./support/runs";

/** Runs the roles Job's script with its SQL files in a temporary folder instead of the pod's /sql. */
function runRolesJob(pg: Postgres): { status: number; output: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "atlasia-roles-sql-"));
    try {
        for (const [file, text] of Object.entries(sqlFiles)) fs.writeFileSync(path.join(dir, file), text);
        const script = rolesJobScript.split(`${sqlDir}/`).join(`${dir}/`);
        const run = spawnSync("bash", ["-c", script], {
            encoding: "utf8",
            env: {
                ...process.env,
                ...pg.env,
                PGDATABASE: "ai",
                SUPERUSER_PASSWORD: "super-secret-1",
                OWNER_PASSWORD: "owner-secret-2",
                APP_PASSWORD: "app-secret-3",
            },
        });
        return { status: run.status ?? 1, output: `${run.stdout}${run.stderr}` };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
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

    before(function () {
        skipped = postgresUnavailable();
        if (skipped) {
            console.log(`    database roles on PostgreSQL: skipped (${skipped})`);
            this.skip();
        }
    });
    afterEach(() => servers.splice(0).forEach((pg) => pg.stop()));

    /**
     * An old volume's state: schema public owned by the bootstrap role (PostgreSQL 14 and older, kept by
     * pg_upgrade), where PUBLIC may create; the application role given more than data access, owning
     * what it made (in public and in a schema of its own), one function's EXECUTE taken from PUBLIC and
     * the owner's future ones too; a table the bootstrap role made; another login role.
     */
    function oldVolume(pg: Postgres, bootstrapUser: string): void {
        if (bootstrapUser !== "ai") ok(pg, bootstrapUser, "CREATE ROLE ai LOGIN; GRANT ALL ON SCHEMA public TO ai; GRANT CREATE ON DATABASE ai TO ai;");
        ok(
            pg,
            bootstrapUser,
            `ALTER SCHEMA public OWNER TO ${bootstrapUser}; GRANT CREATE ON SCHEMA public TO PUBLIC; CREATE TABLE bootstrap_made (id int); ` +
                "CREATE ROLE intruder LOGIN; CREATE ROLE ai_owner; ALTER DEFAULT PRIVILEGES FOR ROLE ai_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;",
        );
        ok(
            pg,
            "ai",
            "CREATE TABLE legacy (id int); CREATE SEQUENCE legacy_seq; CREATE FUNCTION legacy_f() RETURNS int LANGUAGE sql AS 'SELECT 1'; " +
                "REVOKE EXECUTE ON FUNCTION legacy_f() FROM PUBLIC; CREATE SCHEMA ai_made; CREATE TABLE ai_made.kept (id int);",
        );
    }

    for (const bootstrapUser of ["postgres", "ai"]) {
        it(`the roles Job on a volume initialised with POSTGRES_USER=${bootstrapUser}: converges, gives the owner everything and the application data access only, and again on a second run`, () => {
            assert.equal(skipped, undefined);
            const pg = start(bootstrapUser);
            oldVolume(pg, bootstrapUser);
            for (const round of [1, 2]) {
                const run = runRolesJob(pg);
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
                // Outside schema public, what the application role made goes to the owner (REASSIGN OWNED);
                // on the seed's volume that role was the bootstrap one, renamed postgres, which keeps its own.
                assert.equal(
                    query(pg, "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'ai_made'"),
                    bootstrapUser === "ai" ? "postgres" : "ai_owner",
                );
            }
            assertApplicationAccess(pg, /^ai_owner$/);
        });
    }

    for (const engine of ["cloudnativepg", "migrating"] as const) {
        it(`CloudNativePG (${engine}): the SQL its Cluster runs after initdb gives the application the same access`, async () => {
            assert.equal(skipped, undefined);
            const run = await validStackRun(withConfig(stackOptions("gcp", "staging"), { databaseEngine: engine }));
            const cluster = run.resources.find(
                (r) => r.type.startsWith("kubernetes:") && r.inputs.kind === "Cluster" && r.inputs.apiVersion === "postgresql.cnpg.io/v1",
            );
            assert.ok(cluster);
            const initdb = cluster.inputs.spec.bootstrap.initdb;
            const sql: string[] = engine === "migrating" ? initdb.import.postImportApplicationSQL : initdb.postInitApplicationSQL;
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
