// Every name the workloads layer gives a Kubernetes object, in one place: the docs, the
// NetworkPolicies and the seed's kubectl commands all refer to these.
import { Color } from "../config/settings";

export const namespaceName = "atlasia";
/** app.kubernetes.io/part-of and /instance of every Atlasia object. */
export const appName = "atlasia";

export type Component = "orchestrator" | "frontend" | "postgresql" | "backup";

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
    backup: "atlasia-postgresql-backup",
    ingress: "atlasia",
    websocketIngress: "atlasia-websocket",
    tlsSecret: "atlasia-tls",
} as const;

/** Deployments of a blue-green component carry their colour; the Services keep the stable name. */
export function colored(base: string, color: Color): string {
    return `${base}-${color}`;
}

/** The database the orchestrator and the backup job talk to (the seed's user and database `ai`). */
export const database = {
    host: names.postgresql,
    port: 5432,
    name: "ai",
    user: "ai",
} as const;

/** Container ports. */
export const ports = {
    /** Orchestrator: REST, WebSocket and actuator. */
    orchestrator: 8080,
    /** Unprivileged nginx listens on a high port; the Service exposes 80. */
    frontendContainer: 8080,
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
