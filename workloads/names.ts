// Every name the workloads layer gives a Kubernetes object, in one place: the docs, the
// NetworkPolicies and the seed's kubectl commands all refer to these.
import { Color } from "../config/settings";

export const namespaceName = "atlasia";
/** app.kubernetes.io/part-of and /instance of every Atlasia object. */
export const appName = "atlasia";

export type Component = "orchestrator" | "frontend" | "postgresql" | "backup" | "database-roles";

export const names = {
    secret: "atlasia-secrets",
    configMap: "atlasia-config",
    serviceAccount: "atlasia",
    role: "atlasia-role",
    roleBinding: "atlasia-rolebinding",
    orchestrator: "atlasia-orchestrator",
    frontend: "atlasia-frontend",
    postgresql: "atlasia-postgresql",
    postgresqlHeadless: "atlasia-postgresql-headless",
    postgresqlInit: "atlasia-postgresql-init",
    /** Passwords of the PostgreSQL superuser and the schema owner (never used by the application at runtime). */
    postgresqlRoles: "atlasia-postgresql-roles",
    /** The Job (and its scripts) that brings the PostgreSQL roles to their state on every update. */
    postgresqlRolesJob: "atlasia-postgresql-roles-sync",
    backup: "atlasia-postgresql-backup",
    ingress: "atlasia",
    websocketIngress: "atlasia-websocket",
    tlsSecret: "atlasia-tls",
} as const;

/** Deployments of a blue-green component carry their colour; the Services keep the stable name. */
export function colored(base: string, color: Color): string {
    return `${base}-${color}`;
}

/**
 * The database the orchestrator and the backup job talk to (the seed's user and database `ai`).
 * `user` is the application's role: no superuser, only data access. `owner` owns the schema and
 * runs the Flyway migrations (and the backup); `superuser` is the image's bootstrap account.
 */
export const database = {
    host: names.postgresql,
    port: 5432,
    name: "ai",
    user: "ai",
    owner: "ai_owner",
    superuser: "postgres",
} as const;

/** Service and database ports (the images' container ports are stack settings: settings.app.imageContract). */
export const ports = {
    /** The frontend Service exposes 80 whatever port its nginx listens on. */
    frontendService: 80,
    postgresql: database.port,
} as const;

/** Keys of atlasia-secrets (the seed's `kubectl create secret generic atlasia-secrets` literals). */
export const secretKeys = {
    orchestratorToken: "orchestrator-token",
    dbPassword: "db-password",
    jwtSecret: "jwt-secret",
    encryptionKey: "encryption-key",
    llmApiKey: "llm-api-key",
    vaultToken: "vault-token",
} as const;
