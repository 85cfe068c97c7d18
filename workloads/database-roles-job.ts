// Brings the PostgreSQL roles to one state on every `pulumi up`, whatever the data directory:
// `postgres` the superuser, `ai_owner` owning the database and its objects, `ai` a plain login role
// with data access. The image's /docker-entrypoint-initdb.d scripts run only on an empty data
// directory (https://github.com/docker-library/docs/tree/master/postgres#initialization-scripts), so
// they cannot migrate a volume initialised with POSTGRES_USER=ai; this Job does both cases with one
// idempotent script, so there is no second copy to drift.
//
// On such a volume `ai` is the bootstrap superuser, which PostgreSQL 16 refuses to strip of
// SUPERUSER ("The bootstrap user must have the SUPERUSER attribute", PostgreSQL 16 release notes:
// "Prevent removal of superuser privileges for the bootstrap user"), and a session cannot rename its
// own role. So `ai` creates a handover superuser, which renames the bootstrap role to `postgres`
// and then runs the common script (creating a fresh `ai`) in the same transaction; `postgres` drops
// the handover role. Every step may be repeated after a failure.
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { componentLabels } from "./labels";
import { database, names, secretKeys } from "./names";
import { roleSecretKeys } from "./database-roles";
import { secretEnv } from "./pod";
import { postgresImage } from "./postgresql";
import { postgresClientPod } from "./postgres-client";
import { k8sOptions, WorkloadContext } from "./context";

/** A superuser that exists only while the bootstrap role of an old volume is renamed. */
export const handoverRole = "atlasia_roles_handover";

const { name: db, user: app, owner, superuser } = database;

/**
 * What the owner must own: schema public's objects, whoever made them, and what the application role
 * made in other schemas, with those schemas (extension members stay with their extension). Not
 * REASSIGN OWNED BY the application role: on every run that would also take the large objects and
 * temporary tables its live sessions own (they could then no longer read or unlink them), and once
 * converted the role can create nothing else. Temporary schemas (pg_temp_N) and the system ones are
 * left alone; no user schema may start with pg_.
 */
const ownObjects = `DO $$
DECLARE object record;
BEGIN
    FOR object IN
        SELECT format('ALTER SCHEMA %I OWNER TO ${owner}', n.nspname) AS statement
        FROM pg_namespace n
        WHERE n.nspowner = '${app}'::regrole AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
        UNION ALL
        SELECT format('ALTER %s %s OWNER TO ${owner}',
                      CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                     WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
                      c.oid::regclass)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE (n.nspname = 'public' OR c.relowner = '${app}'::regrole) AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
          AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND c.relowner <> '${owner}'::regrole
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                          AND d.deptype IN ('e', 'a', 'i'))  -- extension members; sequences owned by a column follow their table
        UNION ALL
        SELECT format('ALTER ROUTINE %s OWNER TO ${owner}', p.oid::regprocedure)
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE (n.nspname = 'public' OR p.proowner = '${app}'::regrole) AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
          AND p.proowner <> '${owner}'::regrole
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
        UNION ALL
        SELECT format('ALTER TYPE %s OWNER TO ${owner}', t.oid::regtype)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE (n.nspname = 'public' OR t.typowner = '${app}'::regrole) AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
          AND t.typowner <> '${owner}'::regrole
          AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND EXISTS (SELECT FROM pg_class r WHERE r.oid = t.typrelid AND r.relkind = 'c')))
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
    LOOP
        EXECUTE object.statement;
    END LOOP;
END $$;`;

/**
 * Everything the application role was given outside what rolesSql grants it: memberships (of the
 * owner, or of predefined roles such as pg_write_server_files), each revoked as the role that granted
 * it (PostgreSQL 16 keeps one per grantor and ignores a revoke by another: REVOKE, GRANTED BY), and
 * every privilege in a schema other than public, which the application does not use.
 */
const revokeOtherGrants = `DO $$
DECLARE item record;
BEGIN
    FOR item IN SELECT roleid::regrole AS role, grantor::regrole AS grantor FROM pg_auth_members WHERE member = '${app}'::regrole LOOP
        EXECUTE format('REVOKE %s FROM ${app} GRANTED BY %s CASCADE', item.role, item.grantor);
    END LOOP;
    FOR item IN SELECT nspname FROM pg_namespace WHERE nspname <> 'public' AND nspname <> 'information_schema' AND nspname !~ '^pg_' LOOP
        EXECUTE format('REVOKE ALL ON SCHEMA %I FROM ${app} CASCADE', item.nspname);
        EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM ${app} CASCADE', item.nspname);
        EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM ${app} CASCADE', item.nspname);
        EXECUTE format('REVOKE ALL ON ALL FUNCTIONS IN SCHEMA %I FROM ${app} CASCADE', item.nspname);
    END LOOP;
END $$;`;

/**
 * Statements that carry a password are kept out of the server log (ALTER ROLE: "the password ... might
 * also be logged"), also when one fails or is slow, out of pg_stat_statements, and out of
 * pg_stat_activity while one waits for a lock. Whether the whole transaction is logged
 * (log_transaction_sample_rate) is drawn when it begins, before these: the Job's PGOPTIONS set that.
 */
const unlogged = [
    "SET LOCAL log_statement = 'none';",
    "SET LOCAL log_min_error_statement = 'panic';",
    "SET LOCAL log_min_duration_statement = -1;",
    "SET LOCAL log_min_duration_sample = -1;",
    // pg_stat_statements keeps the text of utility statements (patroni/patroni#2491); accepted unloaded.
    "SET LOCAL pg_stat_statements.track_utility = off;",
    "SET LOCAL track_activities = off;",
];

/**
 * Run as a superuser, in one transaction. Passwords are psql variables from the environment
 * (never in the text); psql does not substitute inside DO blocks, so roles are created there
 * without one and given it by ALTER ROLE.
 */
export const rolesSql = [
    ...unlogged,
    "DO $$",
    "BEGIN",
    ...[owner, app].map((role) => `    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role}; END IF;`),
    "END $$;",
    ...[
        [owner, "owner_password"],
        [app, "app_password"],
    ].map(([role, variable]) => `ALTER ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'${variable}';`),
    `ALTER ROLE ${superuser} PASSWORD :'superuser_password';`,
    `ALTER DATABASE ${db} OWNER TO ${owner};`,
    `ALTER SCHEMA public OWNER TO ${owner};`,
    ownObjects,
    `REVOKE ALL ON DATABASE ${db} FROM PUBLIC;`,
    `REVOKE CREATE ON SCHEMA public FROM PUBLIC;`,
    // Grants made to the application role before (it owned or created objects): it keeps only what follows.
    revokeOtherGrants,
    `REVOKE ALL ON DATABASE ${db} FROM ${app} CASCADE;`,
    `REVOKE ALL ON SCHEMA public FROM ${app} CASCADE;`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${app} CASCADE;`,
    `REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${app} CASCADE;`,
    `GRANT CONNECT, TEMPORARY ON DATABASE ${db} TO ${app};`,
    `GRANT USAGE ON SCHEMA public TO ${app};`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app};`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app};`,
    `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${app};`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app};`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app};`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO ${app};`,
    "",
].join("\n");

/** Run as the old bootstrap superuser `ai`: a superuser that can rename it. */
export const handoverSql = [
    ...unlogged,
    `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${handoverRole}') THEN CREATE ROLE ${handoverRole}; END IF; END $$;`,
    `ALTER ROLE ${handoverRole} LOGIN SUPERUSER PASSWORD :'superuser_password';`,
    "",
].join("\n");

/** Run as the handover role, before rolesSql in the same transaction. */
export const renameSql = `ALTER ROLE ${app} RENAME TO ${superuser};\n`;

export const sqlDir = "/sql";

/**
 * When neither `postgres` logs in nor `ai` is a superuser, the superuser's password in stack config is not
 * the database's: initdb applies POSTGRES_PASSWORD only to an empty volume, so setting, changing or
 * unsetting (on an unprotected stack: a new generated value) atlasia:postgresSuperuserPassword later
 * changes only the Secret. The way back needs no password: the image trusts connections over the
 * container's local socket (https://github.com/docker-library/docs/tree/master/postgres#postgres_password, Note 1).
 */
export const superuserMismatch =
    `${superuser} rejects the password in atlasia:postgresSuperuserPassword and ${app} cannot hand over (not a superuser, or it rejects atlasia:dbPassword too): ` +
    "the superuser password was changed in stack config after the database was initialised. Set it in PostgreSQL over the pod's local socket, " +
    `then run pulumi up again: kubectl exec -n <namespace> statefulset/${names.postgresql} -- psql -U ${superuser} -c "ALTER ROLE ${superuser} PASSWORD '<the configured value>'" (docs/workloads.md)`;

/** The Job's script: log in as `postgres`, or, on a volume where `ai` is the superuser, hand over first. */
export const rolesJobScript = [
    "set -euo pipefail",
    "until pg_isready -q; do sleep 2; done",
    'as_role() { PGUSER="$1" PGPASSWORD="$2" psql -X -q -v ON_ERROR_STOP=1 --single-transaction \\',
    '  -v superuser_password="$SUPERUSER_PASSWORD" -v owner_password="$OWNER_PASSWORD" -v app_password="$APP_PASSWORD" "${@:3}"; }',
    `if as_role ${superuser} "$SUPERUSER_PASSWORD" -c 'SELECT 1' >/dev/null; then`,
    `  as_role ${superuser} "$SUPERUSER_PASSWORD" -f ${sqlDir}/roles.sql`,
    "else",
    `  echo "${superuser} cannot log in: handing over from ${app}, the superuser of a volume initialised with POSTGRES_USER=${app}"`,
    `  if ! as_role ${app} "$APP_PASSWORD" -f ${sqlDir}/handover.sql; then`,
    "    cat >&2 <<'MISMATCH'",
    superuserMismatch,
    "MISMATCH",
    "    exit 1",
    "  fi",
    `  as_role ${handoverRole} "$SUPERUSER_PASSWORD" -f ${sqlDir}/rename.sql -f ${sqlDir}/roles.sql`,
    "fi",
    `as_role ${superuser} "$SUPERUSER_PASSWORD" -c 'DROP ROLE IF EXISTS ${handoverRole}'`,
    "",
].join("\n");

export const sqlFiles = { "roles.sql": rolesSql, "handover.sql": handoverSql, "rename.sql": renameSql, "run.sh": rolesJobScript };

export interface DatabaseRolesJobArgs {
    secretName: pulumi.Input<string>;
    rolesSecretName: pulumi.Input<string>;
    /** Hash of the password values (secret-checksum.ts): a rotated password re-runs the Job. */
    secretChecksum: pulumi.Input<string>;
    /** The database the Job talks to. */
    database: pulumi.Resource;
}

export class DatabaseRolesJob extends pulumi.ComponentResource {
    readonly job: k8s.batch.v1.Job;

    constructor(name: string, ctx: WorkloadContext, args: DatabaseRolesJobArgs, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:app:DatabaseRolesJob", name, {}, opts);
        const labels = componentLabels("database-roles", { version: postgresImage.tag });
        const scriptHash = crypto.createHash("sha256").update(JSON.stringify(sqlFiles)).digest("hex");
        // A Job's pod template is immutable and a finished Job never runs again: a new name per
        // script and password version makes Pulumi replace it, which runs it again.
        const jobName = pulumi.output(args.secretChecksum).apply(
            (checksum) =>
                `${names.postgresqlRolesJob}-${crypto
                    .createHash("sha256")
                    .update(scriptHash + checksum)
                    .digest("hex")
                    .slice(0, 10)}`,
        );

        const scripts = new k8s.core.v1.ConfigMap(
            names.postgresqlRolesJob,
            {
                metadata: { name: names.postgresqlRolesJob, namespace: ctx.namespace, labels },
                data: sqlFiles,
            },
            k8sOptions(ctx, this),
        );

        this.job = new k8s.batch.v1.Job(
            names.postgresqlRolesJob,
            {
                metadata: { name: jobName, namespace: ctx.namespace, labels },
                spec: {
                    backoffLimit: 6,
                    activeDeadlineSeconds: 900,
                    // Gone a day after it finishes; its name records what it applied.
                    ttlSecondsAfterFinished: 24 * 3600,
                    template: postgresClientPod({
                        labels,
                        restartPolicy: "Never",
                        volume: { name: "sql", configMap: { name: scripts.metadata.name } },
                        container: {
                            name: "roles",
                            command: ["/bin/bash", `${sqlDir}/run.sh`],
                            env: [
                                { name: "PGHOST", value: database.host },
                                { name: "PGPORT", value: String(database.port) },
                                { name: "PGDATABASE", value: database.name },
                                // Fail fast and retry rather than queue the application behind a lock (an owner
                                // change waits for open transactions on its table, and the queries after it wait
                                // for it); a server process whose Job was killed stops waiting too. No sampled
                                // transaction logging: it is decided at BEGIN, before the script's SET LOCALs.
                                {
                                    name: "PGOPTIONS",
                                    value: "-c lock_timeout=5s -c statement_timeout=300s -c client_connection_check_interval=10s -c log_transaction_sample_rate=0",
                                },
                                ...secretEnv(args.rolesSecretName, {
                                    SUPERUSER_PASSWORD: roleSecretKeys.superuserPassword,
                                    OWNER_PASSWORD: roleSecretKeys.ownerPassword,
                                }),
                                // `ai`'s password, also the superuser's on a volume initialised with POSTGRES_USER=ai.
                                ...secretEnv(args.secretName, { APP_PASSWORD: secretKeys.dbPassword }),
                            ],
                            // Not in the seed's tables: one psql client.
                            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } },
                            volumeMounts: [{ name: "sql", mountPath: sqlDir, readOnly: true }],
                        },
                    }),
                },
            },
            k8sOptions(ctx, this, { dependsOn: [args.database] }),
        );
        this.registerOutputs({});
    }
}
