// Which database pods run for a stack and what each requests: the database layer creates exactly
// these (index.ts) and the capacity check counts exactly these (workloads/capacity.ts).
import type { StackSettings } from "../../config/settings";
import type { ResourceSpec } from "../../config/sizing";
import type { DatabaseEngine } from "../../config/database";
import { databaseSizingFor } from "./connections";

/**
 * Ours (the seed has no PgBouncer): the Pooler's pod template is ours to write, and CloudNativePG
 * gives the pgbouncer container no resources of its own (cloudnative-pg pkg/specs/pgbouncer/deployments.go
 * builds it from spec.template and sets none), so without these the pod is BestEffort, evicted first.
 * PgBouncer is single-threaded (one core is all it can use) and needs a few MiB per hundred clients;
 * every query passes through it, so its CPU request is not the smallest share under contention.
 */
export const pgbouncerResources: ResourceSpec = {
    requests: { cpu: "100m", memory: "64Mi" },
    limits: { cpu: "1000m", memory: "256Mi" },
};

/**
 * Ours: the Barman Cloud plugin gives its sidecar the ObjectStore's instanceSidecarConfiguration.resources
 * and nothing when unset (plugin-barman-cloud internal/cnpgi/operator/lifecycle_resources.go,
 * collectSidecarResourcesForPod; lifecycle.go: sidecarTemplate.Resources = config.resources).
 * Idle between WAL segments; the nightly base backup compresses (gzip) and uploads. The same
 * resources go to the recovery Job's sidecar (collectSidecarResourcesForRecoveryJob: the recovery
 * source is this ObjectStore), where a restore has been seen OOM-killed at 512Mi (siutsin/otaru#2728):
 * the limits leave room for a restore and two parallel WAL uploads (wal.maxParallel).
 */
export const barmanSidecarResources: ResourceSpec = {
    requests: { cpu: "50m", memory: "128Mi" },
    limits: { cpu: "2000m", memory: "1Gi" },
};

/** The seed's StatefulSet runs unless the engine is CloudNativePG alone. */
export const runsStatefulSet = (engine: DatabaseEngine): boolean => engine !== "cloudnativepg";
/** CloudNativePG runs unless the engine is the StatefulSet alone (while migrating, both run). */
export const runsCloudNativePg = (engine: DatabaseEngine): boolean => engine !== "statefulset";

export interface DatabasePodGroup {
    /** What the capacity check's message calls them. */
    description: string;
    count: number;
    /** Every container of one pod that runs for the pod's life (a native sidecar included). */
    containers: ResourceSpec[];
    /** The nightly pg_dump job runs at times only: counted at maximum scale, not among the pods that always run. */
    always: boolean;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** The database's pods for this stack, per engine (config/database.ts). */
export function databasePods(settings: StackSettings): DatabasePodGroup[] {
    const { engine, instances } = settings.database;
    const postgres = settings.sizing.postgresql.resources;
    const statefulSet: DatabasePodGroup[] = runsStatefulSet(engine)
        ? [
              { description: "the PostgreSQL StatefulSet's pod", count: 1, containers: [postgres], always: true },
              // backup.ts registers the CronJob when postgresBackupsEnabled; its container is sized like the server.
              ...(settings.app.backups.enabled ? [{ description: "the pg_dump backup job", count: 1, containers: [postgres], always: false }] : []),
          ]
        : [];
    if (!runsCloudNativePg(engine)) return statefulSet;
    const poolers = databaseSizingFor(settings).pooler.instances;
    return [
        ...statefulSet,
        {
            description: `${plural(instances, "CloudNativePG instance")} with the Barman Cloud sidecar`,
            count: instances,
            containers: [postgres, barmanSidecarResources],
            always: true,
        },
        { description: plural(poolers, "PgBouncer pod"), count: poolers, containers: [pgbouncerResources], always: true },
    ];
}
