// The capacity check counts the pods the program declares. For every cloud x environment and every
// database engine, the pods are read back from the whole program's recorded resources (Deployments at
// their HPA's bounds, the StatefulSet's replicas, one pod per CronJob, the CloudNativePG Cluster's
// instances with the Barman Cloud sidecar the plugin injects, the Pooler's instances) and their requests
// must equal what workloadDemand counts. Then the totals, worked out by hand from config/sizing.ts.
import { strict as assert } from "assert";
import type { ProgramRun, RecordedResource } from "../harness/run";
import { workloadDemand } from "../workloads/capacity";
import { cpuMillis, memoryMiB, type Capacity } from "../config/quantity";
import { matrix, StackCase, validStackRun, withDatabaseEngine, type DatabaseEngine } from "./support/runs";
import { settingsFor } from "./support/settings";
import { barmanSidecar } from "./support/cnpg-pods";

type Obj = Record<string, any>;
interface DeclaredPods {
    atMax: Capacity;
    atMin: Capacity;
    largestPod: Capacity;
}

const requestsOf = (container: Obj): Capacity => {
    const requests = container.resources?.requests ?? {};
    return { cpuMillis: requests.cpu ? cpuMillis(requests.cpu) : 0, memoryMiB: requests.memory ? memoryMiB(requests.memory) : 0 };
};

/**
 * A pod's requests as the scheduler sees them: the app containers plus the restartable init containers
 * (native sidecars), or the largest plain init container if that is more
 * (https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/#resource-sharing-within-containers).
 * A pod without CPU and memory requests would be BestEffort: refused here.
 */
function podRequests(spec: Obj, what: string): Capacity {
    const sidecars = (spec.initContainers ?? []).filter((c: Obj) => c.restartPolicy === "Always");
    const plainInits = (spec.initContainers ?? []).filter((c: Obj) => c.restartPolicy !== "Always");
    const running = [...spec.containers, ...sidecars].map(requestsOf);
    for (const [i, r] of running.entries())
        assert.ok(
            r.cpuMillis > 0 && r.memoryMiB > 0,
            `${what}: container ${i} has no CPU or memory request (uncounted; a pod of such containers only is BestEffort)`,
        );
    const sum = running.reduce((a, b) => ({ cpuMillis: a.cpuMillis + b.cpuMillis, memoryMiB: a.memoryMiB + b.memoryMiB }));
    const inits = plainInits.map(requestsOf);
    return {
        cpuMillis: Math.max(sum.cpuMillis, ...inits.map((r: Capacity) => r.cpuMillis)),
        memoryMiB: Math.max(sum.memoryMiB, ...inits.map((r: Capacity) => r.memoryMiB)),
    };
}

interface PodGroup {
    pod: Capacity;
    atMax: number;
    atMin: number;
}

/** The application namespace's pods, read from the recorded resources (the one-off roles Job aside: it runs before the application starts). */
function declaredPods(run: ProgramRun): DeclaredPods {
    const inNamespace = run.resources.filter((r) => r.type.startsWith("kubernetes:") && r.inputs?.metadata?.namespace === "atlasia");
    const ofKind = (kind: string) => inNamespace.filter((r) => r.inputs.kind === kind || r.type.endsWith(`:${kind}`));
    const hpaOf = (name: string) => ofKind("HorizontalPodAutoscaler").find((h) => h.inputs.spec.scaleTargetRef.name === name)?.inputs.spec;
    const groups: PodGroup[] = [
        ...ofKind("Deployment").map((d: RecordedResource) => {
            const hpa = hpaOf(d.inputs.metadata.name);
            const pod = podRequests(d.inputs.spec.template.spec, d.inputs.metadata.name);
            return { pod, atMax: hpa?.maxReplicas ?? d.inputs.spec.replicas ?? 1, atMin: hpa?.minReplicas ?? d.inputs.spec.replicas ?? 1 };
        }),
        ...ofKind("StatefulSet").map((s) => ({
            pod: podRequests(s.inputs.spec.template.spec, s.inputs.metadata.name),
            atMax: s.inputs.spec.replicas,
            atMin: s.inputs.spec.replicas,
        })),
        // concurrencyPolicy Forbid: one job pod at a time, and only while it runs.
        ...ofKind("CronJob").map((c) => ({ pod: podRequests(c.inputs.spec.jobTemplate.spec.template.spec, c.inputs.metadata.name), atMax: 1, atMin: 0 })),
        ...ofKind("Cluster").map((cluster) => {
            // Each instance: the postgres container with spec.resources, and the plugin's sidecar with the ObjectStore's resources.
            const storeName = cluster.inputs.spec.plugins[0].parameters.barmanObjectName;
            const store = ofKind("ObjectStore").find((o) => o.inputs.metadata.name === storeName);
            assert.ok(store, `the Cluster's ObjectStore ${storeName}`);
            const sidecar = barmanSidecar(store.inputs.spec.instanceSidecarConfiguration?.resources);
            const pod = podRequests({ containers: [{ name: "postgres", resources: cluster.inputs.spec.resources }], initContainers: [sidecar] }, "instance");
            return { pod, atMax: cluster.inputs.spec.instances, atMin: cluster.inputs.spec.instances };
        }),
        ...ofKind("Pooler").map((pooler) => {
            // The operator adds the pgbouncer container when the template lacks it, with no resources (pkg/specs/pgbouncer/deployments.go).
            const template = pooler.inputs.spec.template?.spec ?? { containers: [] };
            const containers = template.containers.some((c: Obj) => c.name === "pgbouncer")
                ? template.containers
                : [...template.containers, { name: "pgbouncer" }];
            const pod = podRequests({ ...template, containers }, pooler.inputs.metadata.name);
            return { pod, atMax: pooler.inputs.spec.instances, atMin: pooler.inputs.spec.instances };
        }),
    ];
    const total = (count: (g: PodGroup) => number): Capacity => ({
        cpuMillis: groups.reduce((sum, g) => sum + g.pod.cpuMillis * count(g), 0),
        memoryMiB: groups.reduce((sum, g) => sum + g.pod.memoryMiB * count(g), 0),
    });
    return {
        atMax: total((g) => g.atMax),
        atMin: total((g) => g.atMin),
        largestPod: { cpuMillis: Math.max(...groups.map((g) => g.pod.cpuMillis)), memoryMiB: Math.max(...groups.map((g) => g.pod.memoryMiB)) },
    };
}

const engines: readonly DatabaseEngine[] = ["statefulset", "cloudnativepg", "migrating"];
/** A local cluster has no object storage, so it runs the StatefulSet only (config/database.ts). */
const casesOf = (c: StackCase) => engines.filter((engine) => c.cloud !== "local" || engine === "statefulset");

describe("capacity check: the pods the program declares, per database engine", function () {
    this.timeout(300000);

    for (const c of matrix) {
        for (const engine of casesOf(c)) {
            it(`${c.label} on ${engine}: the recorded pods' requests are what the check counts`, async () => {
                const options = withDatabaseEngine(c.options, engine);
                const declared = declaredPods(await validStackRun(options));
                const counted = workloadDemand(await settingsFor(options));
                assert.deepEqual(
                    { atMax: counted.atMax, atMin: counted.atMin, largestPod: counted.largestPod },
                    { atMax: declared.atMax, atMin: declared.atMin, largestPod: declared.largestPod },
                );
            });
        }
    }

    // By hand from config/sizing.ts (the seed's tables) and workloads/database (ours): the Barman Cloud sidecar
    // 50m/128Mi per instance, PgBouncer 100m/64Mi per pod; instances per config/database.ts (staging 1, production 3),
    // PgBouncer pods per connections.ts (staging 1, production 2). Backups: postgresBackupsEnabled is off in the
    // committed dev stack and on in staging and production; the pg_dump job exists only with the StatefulSet.
    const byHand: Record<string, Partial<Record<DatabaseEngine, { atMax: Capacity; atMin: Capacity }>>> = {
        // orchestrator 250m/256Mi + frontend 50m/64Mi + PostgreSQL 125m/128Mi, no HPA, no backup job.
        development: { statefulset: { atMax: { cpuMillis: 425, memoryMiB: 448 }, atMin: { cpuMillis: 425, memoryMiB: 448 } } },
        staging: {
            // max: 5 x 250 + 50 + PostgreSQL 125 + job 125 = 1550m; 5 x 256 + 64 + 128 + 128 = 1600Mi. min: 2 x 250 + 50 + 125 = 675m; 512 + 64 + 128 = 704Mi.
            statefulset: { atMax: { cpuMillis: 1550, memoryMiB: 1600 }, atMin: { cpuMillis: 675, memoryMiB: 704 } },
            // max: 1250 + 50 + (125 + 50) + 100 = 1575m; 1280 + 64 + (128 + 128) + 64 = 1664Mi. min: 500 + 50 + 175 + 100 = 825m; 512 + 64 + 256 + 64 = 896Mi.
            cloudnativepg: { atMax: { cpuMillis: 1575, memoryMiB: 1664 }, atMin: { cpuMillis: 825, memoryMiB: 896 } },
            // both: 1575 + 125 + 125 = 1825m, 1664 + 128 + 128 = 1920Mi; min 825 + 125 = 950m, 896 + 128 = 1024Mi.
            migrating: { atMax: { cpuMillis: 1825, memoryMiB: 1920 }, atMin: { cpuMillis: 950, memoryMiB: 1024 } },
        },
        production: {
            // max: 10 x 500 + 2 x 100 + 250 + 250 = 5700m; 5120 + 256 + 256 + 256 = 5888Mi. min: 1500 + 200 + 250 = 1950m; 1536 + 256 + 256 = 2048Mi.
            statefulset: { atMax: { cpuMillis: 5700, memoryMiB: 5888 }, atMin: { cpuMillis: 1950, memoryMiB: 2048 } },
            // max: 5000 + 200 + 3 x (250 + 50) + 2 x 100 = 6300m; 5120 + 256 + 3 x (256 + 128) + 2 x 64 = 6656Mi.
            // min: 1500 + 200 + 900 + 200 = 2800m; 1536 + 256 + 1152 + 128 = 3072Mi.
            cloudnativepg: { atMax: { cpuMillis: 6300, memoryMiB: 6656 }, atMin: { cpuMillis: 2800, memoryMiB: 3072 } },
            // both: 6300 + 250 + 250 = 6800m, 6656 + 256 + 256 = 7168Mi; min 2800 + 250 = 3050m, 3072 + 256 = 3328Mi.
            migrating: { atMax: { cpuMillis: 6800, memoryMiB: 7168 }, atMin: { cpuMillis: 3050, memoryMiB: 3328 } },
        },
    };
    for (const c of matrix) {
        it(`${c.label}: the totals worked out by hand, per engine`, async () => {
            for (const engine of casesOf(c)) {
                const demand = workloadDemand(await settingsFor(withDatabaseEngine(c.options, engine)));
                assert.deepEqual({ atMax: demand.atMax, atMin: demand.atMin }, byHand[c.environment][engine], engine);
            }
        });
    }
});
