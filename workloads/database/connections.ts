// The connection arithmetic of every stack: application connections (orchestrator replicas x
// colours x Hikari pool) against PgBouncer's max_client_conn, and PgBouncer's server pools plus
// everyone else against PostgreSQL's max_connections.
import type { StackSettings } from "../../config/settings";
import { budgetedColors, hikariPoolSize, reservedConnections } from "../database-connections";

/** Ours: Flyway and an operator's psql as the owner, straight to the primary (not pooled). */
export const ownerConnections = 5;
/** Ours: the CloudNativePG instance manager and its metrics exporter on each instance. */
export const operatorConnections = 5;

export interface PoolerSizing {
    /** PgBouncer pods; each keeps its own server pool. */
    instances: number;
    /** Floor of the clients one PgBouncer accepts (the Service may send every client to one pod);
     * raised to the orchestrator's maximum plus a quarter when its HPA can open more (poolerClientLimit). */
    maxClientConn: number;
    /** Server connections per database/user pair per PgBouncer. */
    defaultPoolSize: number;
}

export interface DatabaseSizing {
    pooler: PoolerSizing;
    maxConnections: number;
}

/** Ours: per environment, checked below for every stack. */
export const databaseSizing: Record<"staging" | "production", DatabaseSizing> = {
    staging: { pooler: { instances: 1, maxClientConn: 150, defaultPoolSize: 10 }, maxConnections: 50 },
    production: { pooler: { instances: 2, maxClientConn: 250, defaultPoolSize: 20 }, maxConnections: 100 },
};

/** A cloud development stack that opts into CloudNativePG is sized like staging. */
export function databaseSizingFor(settings: StackSettings): DatabaseSizing {
    return databaseSizing[settings.environment === "production" ? "production" : "staging"];
}

export interface ConnectionBudget {
    applicationClients: number;
    clientLimit: number;
    serverConnections: number;
    serverLimit: number;
}

function applicationClientsOf(settings: StackSettings): number {
    const orchestrator = settings.sizing.orchestrator;
    const replicas = orchestrator.autoscaling?.maxReplicas ?? orchestrator.replicas;
    return replicas * budgetedColors * hikariPoolSize;
}

/** A client slot costs PgBouncer a file descriptor, not a server connection: follow the HPA's maximum. */
export function poolerClientLimit(settings: StackSettings, sizing: DatabaseSizing): number {
    return Math.max(sizing.pooler.maxClientConn, Math.ceil(applicationClientsOf(settings) * 1.25));
}

/** The CloudNativePG path; the StatefulSet's own arithmetic is issue 11's (workloads/postgresql.ts). */
export function connectionBudget(settings: StackSettings, sizing: DatabaseSizing): ConnectionBudget {
    const pooled = sizing.pooler.instances * sizing.pooler.defaultPoolSize;
    return {
        applicationClients: applicationClientsOf(settings),
        clientLimit: poolerClientLimit(settings, sizing),
        serverConnections: pooled + ownerConnections + operatorConnections,
        serverLimit: sizing.maxConnections - reservedConnections.superuser,
    };
}

export function connectionProblems(budget: ConnectionBudget): string[] {
    const problems: string[] = [];
    if (budget.applicationClients > budget.clientLimit) {
        problems.push(`the orchestrator can open ${budget.applicationClients} connections but only ${budget.clientLimit} are accepted`);
    }
    if (budget.serverConnections > budget.serverLimit) {
        problems.push(`${budget.serverConnections} server connections exceed max_connections less the superuser reserve (${budget.serverLimit})`);
    }
    return problems;
}
