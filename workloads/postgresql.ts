// PostgreSQL 16 (the official image) as a one-replica StatefulSet: database `ai` and the uuid-ossp
// and pg_trgm extensions created on first start (the roles: database-roles-job.ts, on every update),
// max_connections from the connection budget (database-connections.ts), a memory-backed /dev/shm,
// a volume on the cluster's StorageClass that outlives the StatefulSet, a headless and a client Service.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { componentLabels, selectorLabels } from "./labels";
import { database, names, ports } from "./names";
import { exec, probes, restrictedPod, secretEnv } from "./pod";
import { k8sOptions, WorkloadContext } from "./context";
import { roleSecretKeys } from "./database-roles";
import { maxConnections } from "./database-connections";
import { memoryMiB } from "../config/quantity";

/** The official image, pinned to a minor release (Bitnami's images are no longer published). */
export const postgresImage = { repository: "postgres", tag: "16.15" };
/** The postgres user of the official image. */
export const postgresUid = 999;
export const dataMountPath = "/var/lib/postgresql/data";
/** A subdirectory, so initdb never meets the volume's lost+found. */
export const pgdata = `${dataMountPath}/pgdata`;

/** Run once by the image's entrypoint when the data directory is empty. */
export const initScript = ['CREATE EXTENSION IF NOT EXISTS "uuid-ossp";', "CREATE EXTENSION IF NOT EXISTS pg_trgm;", ""].join("\n");

/** Ready when the server accepts TCP connections (not during initdb's socket-only temporary server). */
const pgIsReady = exec(["pg_isready", "-h", "127.0.0.1", "-p", String(ports.postgresql), "-U", database.user, "-d", database.name]);

export interface PostgresqlArgs {
    /** The superuser's password (database-roles.ts). */
    rolesSecretName: pulumi.Input<string>;
}

/**
 * Parallel queries and hash joins use POSIX shared memory in /dev/shm (dynamic_shared_memory_type,
 * https://www.postgresql.org/docs/16/runtime-config-resource.html); a container runtime gives only
 * 64 MB there (Docker's --shm-size default). A memory-backed emptyDir counts against the container's
 * memory limit, so it gets a quarter of that limit.
 */
export function sharedMemorySizeLimit(memoryLimit: string): string {
    return `${Math.floor(memoryMiB(memoryLimit) / 4)}Mi`;
}

export class Postgresql extends pulumi.ComponentResource {
    readonly statefulSet: k8s.apps.v1.StatefulSet;
    readonly service: k8s.core.v1.Service;

    constructor(name: string, ctx: WorkloadContext, args: PostgresqlArgs, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:app:Postgresql", name, {}, opts);
        const { settings, cluster } = ctx;
        const sizing = settings.sizing.postgresql;
        const selector = selectorLabels("postgresql");
        const labels = componentLabels("postgresql", { version: postgresImage.tag });

        const init = new k8s.core.v1.ConfigMap(
            names.postgresqlInit,
            {
                metadata: { name: names.postgresqlInit, namespace: ctx.namespace, labels },
                data: { "01-extensions.sql": initScript },
            },
            k8sOptions(ctx, this),
        );

        // The headless Service gives the StatefulSet's pod its stable DNS name; clients use the other.
        const service = (serviceName: string, clusterIP?: "None") =>
            new k8s.core.v1.Service(
                serviceName,
                {
                    metadata: { name: serviceName, namespace: ctx.namespace, labels },
                    spec: {
                        ...(clusterIP ? { clusterIP } : { type: "ClusterIP" }),
                        selector,
                        ports: [{ name: "postgresql", port: ports.postgresql, targetPort: "postgresql", protocol: "TCP" }],
                    },
                },
                k8sOptions(ctx, this),
            );
        const headless = service(names.postgresqlHeadless, "None");
        this.service = service(names.postgresql);

        this.statefulSet = new k8s.apps.v1.StatefulSet(
            names.postgresql,
            {
                metadata: { name: names.postgresql, namespace: ctx.namespace, labels },
                spec: {
                    serviceName: headless.metadata.name,
                    replicas: 1,
                    selector: { matchLabels: selector },
                    updateStrategy: { type: "RollingUpdate" },
                    // The data volume stays when the StatefulSet is deleted or scaled down.
                    persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
                    template: restrictedPod({
                        labels,
                        uid: postgresUid,
                        // initdb's temporary server and the server's socket; /tmp for sorts spilling to files.
                        scratch: { run: "/var/run/postgresql", tmp: "/tmp" },
                        volumes: [
                            { name: "init", configMap: { name: init.metadata.name } },
                            { name: "dshm", emptyDir: { medium: "Memory", sizeLimit: sharedMemorySizeLimit(sizing.resources.limits.memory) } },
                        ],
                        container: {
                            name: "postgresql",
                            image: `${postgresImage.repository}:${postgresImage.tag}`,
                            // The entrypoint runs `postgres` with these arguments.
                            args: ["-c", `max_connections=${maxConnections(settings)}`],
                            ports: [{ name: "postgresql", containerPort: ports.postgresql, protocol: "TCP" }],
                            env: [
                                { name: "POSTGRES_USER", value: database.superuser },
                                { name: "POSTGRES_DB", value: database.name },
                                { name: "PGDATA", value: pgdata },
                                ...secretEnv(args.rolesSecretName, { POSTGRES_PASSWORD: roleSecretKeys.superuserPassword }),
                            ],
                            resources: sizing.resources,
                            volumeMounts: [
                                { name: "data", mountPath: dataMountPath },
                                { name: "init", mountPath: "/docker-entrypoint-initdb.d", readOnly: true },
                                { name: "dshm", mountPath: "/dev/shm" },
                            ],
                            // initdb and the init script run before the server listens: allow 5 minutes.
                            ...probes({ liveness: pgIsReady, readiness: pgIsReady }),
                        },
                    }),
                    volumeClaimTemplates: [
                        {
                            metadata: { name: "data", labels: selector },
                            spec: {
                                accessModes: ["ReadWriteOnce"],
                                storageClassName: cluster.storageClassName,
                                resources: { requests: { storage: sizing.storage } },
                            },
                        },
                    ],
                },
            },
            k8sOptions(ctx, this, {
                dependsOn: cluster.storageReady,
                protect: settings.protect,
                retainOnDelete: settings.protect,
                // volumeClaimTemplates are immutable: a new size would replace the StatefulSet. Grow the
                // volume by expanding its PVC instead (docs/workloads.md).
                ignoreChanges: ["spec.volumeClaimTemplates"],
            }),
        );
        this.registerOutputs({});
    }
}
