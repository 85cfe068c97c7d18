// The capacity check's messages in full (issue 13: fix texts were matched by prefix only), with the
// numbers worked out by hand from the guide's tables, the clouds' reservations and the add-ons.
import { strict as assert } from "assert";
import { checkCapacity, CapacityError, platformRequests, workloadDemand } from "../workloads/capacity";
import { addCapacity } from "../config/quantity";
import { settingsFor } from "./support/settings";
import { capacityError, smallNodesAtEksFloor } from "./support/capacity-errors";
import type { RunOptions } from "../harness/run";

const secrets = { llmApiKey: "sk-test" };

describe("capacity check messages, in full", () => {
    it("a node too small for the largest pod: the pod, the node's free capacity, a larger machine", async () => {
        // A custom 1 vCPU / 1 GiB GKE machine: 1000m - 6 % = 940m and 1024Mi - 25 % - 100Mi eviction = 668Mi
        // allocatable, less node-exporter (100m, 30Mi) and GKE's system pods (344m, 596Mi): 496m, 42Mi.
        // The production orchestrator pod requests 500m, 512Mi (the guide's table).
        const message = await capacityError({
            stack: "production",
            secrets,
            set: { "gcp:project": "my-project-123", nodeMachineType: "e2-small", nodeCpus: "1", nodeMemoryGib: "1" },
        });
        assert.equal(
            message,
            [
                'Capacity check failed for stack "production"; nothing was deployed:',
                "  the largest Atlasia pod requests 0.50 vCPU, 0.5 GiB, but one node of the node pool (e2-small, 6-30 nodes = 2-10 per zone x 3 zones) has only 0.50 vCPU, 0.0 GiB allocatable after the cloud's system pods and the per-node add-ons.",
                "  fix: pulumi config set --stack production atlasia:nodeMachineType '<a larger machine type>'",
            ].join("\n"),
        );
    });

    it("the local cluster at maximum scale names both colours and the database's pods, and the laptop's settings as the fix", async () => {
        // Development: orchestrator 250m/256Mi, frontend 50m/64Mi, PostgreSQL and the backup job 125m/128Mi each;
        // both colours double the orchestrator and the frontend: 850m, 896Mi.
        const message = await capacityError({
            stack: "dev",
            secrets,
            set: { localCpus: "1", localMemoryGib: "4", greenOrchestratorTag: "0.2.0", postgresBackupsEnabled: "true" },
        });
        assert.equal(
            message,
            [
                'Capacity check failed for stack "dev"; nothing was deployed:',
                "  at maximum scale the Atlasia workloads request 0.85 vCPU, 0.9 GiB and the platform add-ons and system pods 0.62 vCPU, 1.5 GiB: 1.47 vCPU, 2.4 GiB in all",
                "  (orchestrator at its HPA maximum, both blue and green colours; database: the PostgreSQL StatefulSet's pod, the pg_dump backup job),",
                "  but the local cluster (1 CPUs, 4 GiB) offers 1.00 vCPU, 4.0 GiB allocatable at its maximum size.",
                "  fix: pulumi config set --stack dev atlasia:localCpus '<vCPUs>' && pulumi config set --stack dev atlasia:localMemoryGib '<GiB>'",
                "       (and give the local cluster that much: these keys only tell the check what it has)",
            ].join("\n"),
        );
        // One colour, no backup job: 425m, 448Mi.
        const single = await capacityError({ stack: "dev", secrets, set: { localCpus: "1", localMemoryGib: "4", postgresBackupsEnabled: "false" } });
        assert.ok(single.split("\n").includes("  (orchestrator at its HPA maximum; database: the PostgreSQL StatefulSet's pod),"), single);
        assert.ok(single.includes("the Atlasia workloads request 0.42 vCPU, 0.4 GiB"), single);
    });

    it("memory alone can be short: CPU-rich nodes with little memory fail, and the suggestion counts memory", async () => {
        // A custom 16 vCPU / 4 GiB EC2 type (110 pods, the default for an unknown type): memory 4096 - (11 x 110 + 255)
        // - 100 = 2531Mi allocatable, 2251Mi free after the per-node pods (280Mi). Workloads at maximum on CloudNativePG
        // (tests/capacity.test.ts) and add-ons: 6656 + 7702 = 14358Mi, so ceil(14358 / 2251) = 7 nodes; CPU would need one (15890m allocatable).
        const options = (max: string): RunOptions => ({
            stack: "production",
            secrets,
            set: {
                cloud: "aws",
                clusterAdminIncludeDeployer: "true",
                nodeMachineType: "c7i.4xlarge",
                nodeCpus: "16",
                nodeMemoryGib: "4",
                nodeMinCount: "3",
                nodeCount: "3",
                nodeMaxCount: max,
            },
        });
        const message = await capacityError(options("3"));
        assert.ok(message.split("\n").includes("  fix: pulumi config set --stack production atlasia:nodeMaxCount 7"), message);
        const settings7 = await settingsFor(options("7"));
        assert.doesNotThrow(() => checkCapacity(settings7), "7 nodes hold it");
        await capacityError(options("6"));
    });

    it("requests may use a node's whole allocatable capacity: an exact fit fits, one millicore or MiB less does not", async () => {
        // The scheduler admits a pod while requests <= allocatable (kubernetes.io/docs/concepts/scheduling-eviction/
        // kube-scheduler/#kube-scheduler-implementation, NodeResourcesFit). A local cluster's capacity is its share exactly.
        const settings = await settingsFor({ stack: "dev", secrets });
        // One node: the workloads at maximum, the add-ons, and the per-node add-ons once.
        const platform = platformRequests(settings);
        const needed = addCapacity(workloadDemand(settings).atMax, platform.cluster, platform.perNode);
        const local = (cpuMillis: number, memoryMiB: number) => ({
            ...settings,
            local: { ...settings.local, cpus: cpuMillis / 1000, memoryGib: memoryMiB / 1024 },
        });
        assert.doesNotThrow(() => checkCapacity(local(needed.cpuMillis, needed.memoryMiB)));
        assert.throws(() => checkCapacity(local(needed.cpuMillis - 1, needed.memoryMiB)), CapacityError);
        assert.throws(() => checkCapacity(local(needed.cpuMillis, needed.memoryMiB - 1)), CapacityError);
    });

    it("a minimum node count below the minimum replicas: a warning with the smallest minimum that holds them", async () => {
        // Production at its minimum, on CloudNativePG: 3 orchestrators x 500m/512Mi + 2 frontends x 100m/128Mi
        // + 3 instances x (PostgreSQL 250m/256Mi + Barman Cloud sidecar 50m/128Mi) + 2 PgBouncer pods x 100m/64Mi
        // = 1500 + 200 + 900 + 200 = 2800m, 1536 + 256 + 1152 + 128 = 3072Mi; add-ons (generated/addon-requests.json, production, on CloudNativePG as committed):
        // ingress-nginx 3 x 250 + 2 x 10 = 770m, 3 x 256 + 2 x 20 = 808Mi; cert-manager 2 x 25 + 2 x 10 + 2 x 10
        // + 10 = 100m, 2 x 128 + 2 x 128 + 2 x 32 + 32 = 608Mi; kube-prometheus-stack 1470m, 5218Mi;
        // prometheus-adapter 2 x 50 = 100m, 2 x 128 = 256Mi; jaeger 200m, 512Mi; cluster-autoscaler 100m, 300Mi;
        // cnpg 100m, 128Mi; barman-cloud 50m, 64Mi: 2890m, 7894Mi. Each EKS node's node-exporter and system pods 295m, 280Mi.
        // EKS keeps at least one node per zonal group (3), so the small node is a custom 2 vCPU / 4 GiB
        // type (110 pods, the default for an unknown type): 2000 - 70 = 1930m and 4096 - (11 x 110 + 255) - 100
        // = 2531Mi allocatable, three of them 5790m, 7593Mi; with the add-ons 2800 + 2890 + 3 x 295 = 6575m
        // and 3072 + 7894 + 3 x 280 = 11806Mi (11.5 GiB); 6575m prints as 6.58. Memory decides: 10966 / (2531 - 280) = 4.9, so 5 nodes
        // (CPU: 5690 / (1930 - 295) = 3.5, 4 nodes).
        const settings = await settingsFor(smallNodesAtEksFloor());
        assert.deepEqual(checkCapacity(settings), [
            "At its minimum size (3 nodes, 5.79 vCPU, 7.4 GiB allocatable) the node pool (t3.medium, 3-10 nodes in 3 zonal node groups) " +
                "cannot hold the minimum replicas (6.58 vCPU, 11.5 GiB with the add-ons); " +
                "the autoscaler will add nodes on every deployment. To avoid it: pulumi config set --stack production atlasia:nodeMinCount 5",
        ]);
    });
});
