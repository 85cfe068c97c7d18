// The capacity check's warning when the node pool at its minimum size cannot hold the minimum
// replicas, in full: "1 node" (not "1 nodes") for a pool that may shrink to one node, and the note
// on a per-zone count in brackets before the fix command. Numbers worked out by hand from the
// guide's tables (config/sizing.ts), the clouds' reservations, the system pods (clusters/system-pods.ts)
// and the rendered add-on requests (generated/addon-requests.json).
import { strict as assert } from "assert";
import { checkCapacity } from "../workloads/capacity";
import { settingsFor } from "./support/settings";
import { stackOptions, withConfig } from "./support/runs";

function withSet(cloud: "gcp" | "azure", environment: "staging" | "production", set: Record<string, string>) {
    return withConfig(stackOptions(cloud, environment), set);
}

describe("the node-minimum capacity warning, in full", () => {
    it("an AKS pool that may shrink to one node: '1 node', and the smallest minimum that holds the replicas", async () => {
        // Standard_D2s_v3 (2 vCPU, 8 GiB, 110 pods): AKS reserves 100m CPU for 2 cores and min(20 MB x 110 + 50 MB
        // = 2145.8 MiB, 25 % of 8192 = 2048) + 100 eviction = 2148 MiB: 1900m, 6044Mi (5.9 GiB) allocatable.
        // Staging at its minimum on CloudNativePG: 2 orchestrators x 250m/256Mi + 1 frontend 50m/64Mi + 1 instance
        // (PostgreSQL 125m/128Mi + Barman Cloud sidecar 50m/128Mi) + 1 PgBouncer 100m/64Mi = 825m, 896Mi.
        // Add-ons (staging): ingress-nginx 220m/296Mi, cert-manager 40m/192Mi, kube-prometheus-stack 570m/1890Mi,
        // prometheus-adapter 20m/64Mi, jaeger 100m/256Mi, cnpg 100m/128Mi, barman-cloud 50m/64Mi = 1100m, 2890Mi
        // (no cluster-autoscaler: AKS scales its pools itself). One node's AKS system pods 226m/400Mi and
        // node-exporter 100m/30Mi: 326m, 430Mi. In all 2251m (2.25 vCPU), 4216Mi (4.1 GiB): CPU is short.
        // Nodes needed: (825 + 1100) / (1900 - 326) = 1.2, so 2 (memory: 3786 / 5614, 1). AKS counts nodes in total.
        const settings = await settingsFor(withSet("azure", "staging", { nodeMinCount: "1", nodeCount: "1" }));
        assert.deepEqual(checkCapacity(settings), [
            "At its minimum size (1 node, 1.90 vCPU, 5.9 GiB allocatable) the node pool (Standard_D2s_v3, 1-6 nodes) " +
                "cannot hold the minimum replicas (2.25 vCPU, 4.1 GiB with the add-ons); " +
                "the autoscaler will add nodes on every deployment. To avoid it: pulumi config set --stack staging atlasia:nodeMinCount 2",
        ]);
    });

    it("a regional GKE pool: '3 nodes', and the fix's per-zone note in brackets before the command", async () => {
        // n2-standard-2 (2 vCPU, 8 GiB): GKE reserves 60m + 10m CPU and 25 % of 4096 + 20 % of 4096 + 100 eviction
        // = 1943.2 MiB: 1930m, 6248Mi per node; nodeMinCount 1 per zone x 3 zones: 5790m (5.79 vCPU), 18744Mi (18.3 GiB).
        // Production at its minimum on CloudNativePG: 2800m, 3072Mi (tests/capacity-messages.test.ts); the add-ons
        // there less EKS's cluster-autoscaler (100m/300Mi): 2790m, 7594Mi; three nodes' GKE system pods (344m/596Mi)
        // and node-exporter (100m/30Mi): 1332m, 1878Mi. In all 6922m (6.92 vCPU), 12544Mi (12.3 GiB): CPU is short.
        // Nodes needed: (2800 + 2790) / (1930 - 444) = 3.8, so 4 (memory: 10666 / 5622, 2); per zone ceil(4 / 3) = 2.
        const settings = await settingsFor(
            withSet("gcp", "production", { "gcp:project": "my-project-123", nodeMachineType: "n2-standard-2", nodeMinCount: "1", nodeCount: "1" }),
        );
        assert.deepEqual(checkCapacity(settings), [
            "At its minimum size (3 nodes, 5.79 vCPU, 18.3 GiB allocatable) the node pool (n2-standard-2, 3-30 nodes = 1-10 per zone x 3 zones) " +
                "cannot hold the minimum replicas (6.92 vCPU, 12.3 GiB with the add-ons); " +
                "the autoscaler will add nodes on every deployment. " +
                "To avoid it (nodeMinCount counts nodes per zone: 2 x 3 zones = 6 nodes): pulumi config set --stack production atlasia:nodeMinCount 2",
        ]);
    });
});
