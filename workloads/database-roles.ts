// PostgreSQL roles: the application connects as `ai`, a plain login role with data access only; the
// schema belongs to `ai_owner`, which Flyway migrates as; `postgres` is the image's superuser, used
// only by the init scripts. Their two passwords live in their own Secret, generated once.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { componentLabels } from "./labels";
import { database, names } from "./names";
import { k8sOptions, WorkloadContext } from "./context";

export const roleSecretKeys = { superuserPassword: "superuser-password", ownerPassword: "owner-password" } as const;

/**
 * Sourced by the image's entrypoint (as `postgres`, over the local socket, under its `set -e`) when
 * the data directory is empty. Passwords come from the environment as psql variables, never from the script's text.
 * The default privileges give `ai` data access to every table `ai_owner` creates later.
 */
export const rolesScript = [
    'psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \\',
    '  -v owner_password="$DB_OWNER_PASSWORD" -v app_password="$DB_APP_PASSWORD" <<\'SQL\'',
    `CREATE ROLE ${database.owner} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';`,
    `CREATE ROLE ${database.user} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';`,
    `ALTER DATABASE ${database.name} OWNER TO ${database.owner};`,
    `ALTER SCHEMA public OWNER TO ${database.owner};`,
    `REVOKE ALL ON DATABASE ${database.name} FROM PUBLIC;`,
    `GRANT CONNECT, TEMPORARY ON DATABASE ${database.name} TO ${database.user};`,
    `GRANT USAGE ON SCHEMA public TO ${database.user};`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${database.owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${database.user};`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${database.owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${database.user};`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${database.owner} IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO ${database.user};`,
    "SQL",
    "",
].join("\n");

export class DatabaseRoles extends pulumi.ComponentResource {
    readonly secret: k8s.core.v1.Secret;
    readonly secretName: pulumi.Output<string>;
    readonly values: Record<string, pulumi.Output<string>>;

    constructor(name: string, ctx: WorkloadContext, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:app:DatabaseRoles", name, {}, opts);
        const password = (key: string) => new random.RandomPassword(`postgresql-${key}`, { length: 32, special: false }, {
            parent: this,
            // A new password would lock the owner (migrations, backups) out of the database.
            protect: ctx.settings.protect,
            additionalSecretOutputs: ["result"],
        }).result;
        this.values = Object.fromEntries(Object.values(roleSecretKeys).map((key) => [key, pulumi.secret(password(key))]));
        this.secret = new k8s.core.v1.Secret(names.postgresqlRoles, {
            metadata: { name: names.postgresqlRoles, namespace: ctx.namespace, labels: componentLabels("postgresql") },
            type: "Opaque",
            stringData: this.values,
        }, k8sOptions(ctx, this, { additionalSecretOutputs: ["data", "stringData"] }));
        this.secretName = this.secret.metadata.name;
        this.registerOutputs({ secretName: this.secretName });
    }
}
