// The capacity check: workloads at maximum scale plus the add-ons against the node pool at its
// maximum size, before any resource exists. Demand numbers are the seed's tables multiplied out.
import { strict as assert } from "assert";
import { checkCapacity, CapacityError, workloadDemand } from "../workloads/capacity";
import { settingsFor } from "./support/settings";
import { runOnce } from "./support/workloads";
import { stackOptions } from "./support/runs";
import { capacityError, smallNodesAtEksFloor } from "./support/capacity-errors";

const secrets = { llmApiKey: "sk-test" };
const tooSmall = {
    stack: "production",
    secrets,
    set: { cloud: "aws", clusterAdminIncludeDeployer: "true", nodeMachineType: "t3.large", nodeMaxCount: "3", nodeMinCount: "3", nodeCount: "3" },
};

describe("capacity check", () => {
    it("fails a production stack whose node pool is too small, before registering any resource", async () => {
        const run = await runOnce("aws/production on three t3.large", tooSmall);
        assert.ok(run.error instanceof CapacityError, String(run.error));
        assert.match(run.error.message, /6\.30 vCPU/, "names the workloads' demand (worked out below)");
        assert.match(run.error.message, /5\.79 vCPU/, "names the node pool's allocatable CPU at its maximum");
        assert.match(run.error.message, /pulumi config set --stack production atlasia:nodeMaxCount \d+/);
        assert.deepEqual(
            run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.type),
            [],
        );
    });

    it("multiplies out the seed's production table at maximum and minimum scale, with CloudNativePG's pods", async () => {
        const demand = workloadDemand(await settingsFor({ stack: "production", secrets, set: { "gcp:project": "my-project-123" } }));
        // Production runs CloudNativePG (3 instances, 2 PgBouncer pods; no pg_dump job, which belongs to the StatefulSet):
        // 10 orchestrators x 500m/512Mi + 2 frontends x 100m/128Mi
        // + 3 instances x (PostgreSQL 250m/256Mi + Barman Cloud sidecar 50m/128Mi) + 2 PgBouncer x 100m/64Mi
        // = 5000 + 200 + 900 + 200 = 6300m; 5120 + 256 + 1152 + 128 = 6656Mi.
        assert.deepEqual(demand.atMax, { cpuMillis: 6300, memoryMiB: 6656 });
        // 3 orchestrators + 2 frontends + the same database pods: 1500 + 200 + 900 + 200 = 2800m; 1536 + 256 + 1152 + 128 = 3072Mi.
        assert.deepEqual(demand.atMin, { cpuMillis: 2800, memoryMiB: 3072 });
        // The orchestrator (500m/512Mi) is larger than an instance pod (300m/384Mi).
        assert.deepEqual(demand.largestPod, { cpuMillis: 500, memoryMiB: 512 });
        assert.deepEqual(demand.database, ["3 CloudNativePG instances with the Barman Cloud sidecar", "2 PgBouncer pods"]);
    });

    it("production per engine: the StatefulSet with its pg_dump job, or both engines while migrating", async () => {
        const production = (databaseEngine: string) => settingsFor({ stack: "production", secrets, set: { "gcp:project": "my-project-123", databaseEngine } });
        const statefulSet = workloadDemand(await production("statefulset"));
        // 10 x 500m/512Mi + 2 x 100m/128Mi + PostgreSQL 250m/256Mi + the backup job 250m/256Mi = 5700m, 5888Mi;
        // at minimum 3 orchestrators, no job: 1500 + 200 + 250 = 1950m, 1536 + 256 + 256 = 2048Mi.
        assert.deepEqual(statefulSet.atMax, { cpuMillis: 5700, memoryMiB: 5888 });
        assert.deepEqual(statefulSet.atMin, { cpuMillis: 1950, memoryMiB: 2048 });
        const migrating = workloadDemand(await production("migrating"));
        // Both: 6300m/6656Mi (above) + StatefulSet 250m/256Mi + backup job 250m/256Mi = 6800m, 7168Mi;
        // at minimum 2800m/3072Mi + 250m/256Mi = 3050m, 3328Mi.
        assert.deepEqual(migrating.atMax, { cpuMillis: 6800, memoryMiB: 7168 });
        assert.deepEqual(migrating.atMin, { cpuMillis: 3050, memoryMiB: 3328 });
    });

    it("counts both colours when green is deployed, and no backup job when backups are off", async () => {
        const demand = workloadDemand(
            await settingsFor({
                stack: "staging",
                secrets,
                set: { "gcp:project": "my-project-123", greenOrchestratorTag: "0.2.0", postgresBackupsEnabled: "false", databaseEngine: "statefulset" },
            }),
        );
        // Staging: 2 colours x 5 orchestrators x 250m/256Mi + 2 colours x 1 frontend x 50m/64Mi + PostgreSQL 125m/128Mi
        assert.deepEqual(demand.atMax, { cpuMillis: 2 * 5 * 250 + 2 * 50 + 125, memoryMiB: 2 * 5 * 256 + 2 * 64 + 128 });
    });

    it("staging on CloudNativePG: one instance with its sidecar and one PgBouncer pod, never the pg_dump job", async () => {
        // postgresBackupsEnabled is on by default; the CronJob exists only with the StatefulSet (workloads/database/index.ts).
        const demand = workloadDemand(await settingsFor({ stack: "staging", secrets, set: { "gcp:project": "my-project-123" } }));
        // 5 x 250m/256Mi + 1 x 50m/64Mi + (PostgreSQL 125m/128Mi + sidecar 50m/128Mi) + PgBouncer 100m/64Mi
        // = 1250 + 50 + 175 + 100 = 1575m; 1280 + 64 + 256 + 64 = 1664Mi.
        assert.deepEqual(demand.atMax, { cpuMillis: 1575, memoryMiB: 1664 });
        assert.deepEqual(demand.database, ["1 CloudNativePG instance with the Barman Cloud sidecar", "1 PgBouncer pod"]);
    });

    it("suggests the node maximum worked out by hand from the guide, the clouds' reservations and the add-ons, per zone on GKE", async () => {
        // Workloads at maximum scale, the guide's production table on CloudNativePG (worked out above): 6300m, 6656Mi.
        // Add-ons once per cluster (generated/addon-requests.json, production, on CloudNativePG as committed):
        // ingress-nginx 770m/808Mi + cert-manager 100m/608Mi + kube-prometheus-stack 1470m/5218Mi +
        // prometheus-adapter 100m/256Mi + jaeger 200m/512Mi + cnpg 100m/128Mi + barman-cloud 50m/64Mi
        // = GKE 2790m/7594Mi, EKS 2890m/7894Mi (with the cluster-autoscaler's 100m/300Mi).
        // Per node: node-exporter 100m/30Mi + the cloud's system pods (clusters/system-pods.ts: EKS 195m/250Mi, GKE 344m/596Mi).
        // Allocatable CPU of a 2-vCPU node on EKS and GKE: 2000m - 6 % of core 1 - 1 % of core 2 = 1930m.
        // t3.large (2 vCPU, 8 GiB, 35 pods) on EKS: memory 8192 - (11 x 35 + 255) - 100 eviction = 7452Mi
        // (docs.aws.amazon.com/eks/latest/best-practices/node-and-workload-efficiency.html, eni-max-pods.txt).
        // Free per node after the per-node pods: 1635m, 7172Mi; (6300 + 2890) / 1635 = 5.6, so 6 nodes;
        // memory (6656 + 7894) / 7172 = 2.03 needs 3.
        // n2-standard-2 (2 vCPU, 8 GiB) on GKE: memory 8192 - (25 % of 4096 + 20 % of 4096) - 100 = 6248Mi
        // (cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes#memory_and_cpu_reservations).
        // Free per node: 1486m, 5622Mi; (6300 + 2790) / 1486 = 6.1, so 7 nodes = 3 per zone over 3 zones
        // (memory (6656 + 7594) / 5622 = 2.5 needs 3).
        const gcpSmall = {
            stack: "production",
            secrets,
            set: { "gcp:project": "my-project-123", nodeMachineType: "n2-standard-2", nodeMaxCount: "1", nodeMinCount: "1", nodeCount: "1" },
        };
        for (const [options, fix, fits] of [
            [tooSmall, "  fix: pulumi config set --stack production atlasia:nodeMaxCount 6", 6],
            [
                gcpSmall,
                "  fix: pulumi config set --stack production atlasia:nodeMaxCount 3\n       (nodeMaxCount counts nodes per zone: 3 x 3 zones = 9 nodes)",
                3,
            ],
        ] as const) {
            const message = await capacityError(options);
            // The fix, then (GKE) what its count means, then the other way out.
            assert.ok(message.endsWith(`\n${fix}\n   or: pulumi config set --stack production atlasia:nodeMachineType '<a larger machine type>'`), message);
            const suggested = await settingsFor({ ...options, set: { ...options.set, nodeMaxCount: String(fits) } });
            assert.doesNotThrow(() => checkCapacity(suggested), `nodeMaxCount ${fits} fits`);
            const oneLess = await settingsFor({ ...options, set: { ...options.set, nodeMaxCount: String(fits - 1) } });
            assert.throws(() => checkCapacity(oneLess), CapacityError, `nodeMaxCount ${fits - 1} does not fit`);
        }
    });

    it("warns when the minimum node count cannot hold the minimum replicas", async () => {
        const settings = await settingsFor(smallNodesAtEksFloor());
        const warnings = checkCapacity(settings);
        assert.equal(warnings.length, 1);
        assert.match(warnings[0], /atlasia:nodeMinCount \d+/);
    });

    for (const [label, options] of [
        ["local/development", { stack: "dev", secrets }],
        ["gcp/staging", { stack: "staging", secrets, set: { "gcp:project": "my-project-123" } }],
        ["gcp/production", { stack: "production", secrets, set: { "gcp:project": "my-project-123" } }],
        ["aws/staging", { stack: "staging", secrets, set: { cloud: "aws", clusterAdminIncludeDeployer: "true" } }],
        ["aws/production", stackOptions("aws", "production")],
        ["azure/production", { stack: "production", secrets, set: stackOptions("azure", "production").set }],
    ] as const) {
        it(`${label}: the committed sizes fit without warnings`, async () => {
            assert.deepEqual(checkCapacity(await settingsFor(options)), []);
        });
    }

    it("fails a laptop too small for the local cluster, naming localCpus", async () => {
        const settings = await settingsFor({ stack: "dev", secrets, set: { localCpus: "1", localMemoryGib: "1" } });
        assert.throws(() => checkCapacity(settings), /atlasia:localCpus/);
    });
});
