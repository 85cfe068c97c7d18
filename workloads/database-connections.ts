// How many connections PostgreSQL must accept, from the orchestrator's worst case: every colour at its
// HPA maximum plus the surge pod of a rolling update, each with its Hikari pool and Flyway's own
// connection, plus the backup job, an operator's psql and the superuser's reserved slots.
import type { StackSettings } from "../config/settings";

/**
 * Set explicitly (spring.datasource.hikari.maximum-pool-size) so the budget below cannot drift
 * from what the application uses. HikariCP's default is 10
 * (https://github.com/brettwooldridge/HikariCP#frequently-used, "maximumPoolSize ... Default: 10").
 */
export const hikariPoolSize = 10;

/** Flyway with its own user (spring.flyway.user) opens its own DataSource while a pod migrates at startup. */
export const migrationConnectionsPerPod = 1;

/** Rolling updates add one pod at a time per Deployment (maxSurge 1 in orchestrator.ts). */
export const orchestratorMaxSurge = 1;

/**
 * Both colours are budgeted even while only blue runs: max_connections only changes with a restart
 * of PostgreSQL, which a blue-green switch must not need.
 */
export const budgetedColors = 2;

export const reservedConnections = {
    /** pg_dump uses one connection (no -j). */
    backup: 1,
    /** An operator's psql session and one spare (kubectl exec, a migration by hand). */
    operators: 2,
    /**
     * superuser_reserved_connections, default 3: slots non-superusers cannot take
     * (https://www.postgresql.org/docs/16/runtime-config-connection.html).
     */
    superuser: 3,
};

/** Orchestrator pods that can exist at once, over every colour. */
export function orchestratorPodsAtMost(settings: StackSettings): number {
    const { orchestrator } = settings.sizing;
    const perColor = (orchestrator.autoscaling?.maxReplicas ?? orchestrator.replicas) + orchestratorMaxSurge;
    return perColor * budgetedColors;
}

/** PostgreSQL's max_connections for this stack (the official image's default is 100). */
export function maxConnections(settings: StackSettings): number {
    const reserved = reservedConnections.backup + reservedConnections.operators + reservedConnections.superuser;
    return orchestratorPodsAtMost(settings) * (hikariPoolSize + migrationConnectionsPerPod) + reserved;
}
