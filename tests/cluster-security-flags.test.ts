// Security and availability switches of the three clusters that survived mutation testing
// (issue 13): each is asserted on the committed staging and production stacks, whole program under
// mocks, with the platform's documentation cited.
import { strict as assert } from "assert";
import { ProgramRun } from "../harness/run";
import { stackOptions, validStackRun } from "./support/runs";
import { onlyResource } from "./support/resources";

describe("cluster security flags, per cloud and environment", function () {
    this.timeout(60000);
    const runs: Record<string, ProgramRun> = {};
    before(async () => {
        for (const cloud of ["gcp", "azure"] as const) {
            for (const environment of ["staging", "production"] as const)
                runs[`${cloud}/${environment}`] = await validStackRun(stackOptions(cloud, environment));
        }
    });

    describe("AKS", () => {
        for (const environment of ["staging", "production"] as const) {
            it(`${environment}: Kubernetes RBAC on and the Azure Policy add-on enabled`, () => {
                const cluster = onlyResource(runs[`azure/${environment}`], "azure-native:containerservice:ManagedCluster").inputs;
                // enableRBAC false makes every authenticated user cluster-admin; it cannot be changed after creation
                // (learn.microsoft.com/azure/aks/concepts-identity#kubernetes-rbac).
                assert.strictEqual(cluster.enableRBAC, true);
                // Azure Policy for AKS: Gatekeeper enforcing the assigned policies (learn.microsoft.com/azure/aks/use-azure-policy).
                assert.deepEqual(cluster.addonProfiles.azurepolicy, { enabled: true });
            });
        }

        it("production pays for the API server SLA (Standard tier); staging runs on the Free tier", () => {
            // learn.microsoft.com/azure/aks/free-standard-pricing-tiers: Free has no SLA, Standard a 99.95 % uptime SLA (zones).
            assert.deepEqual(onlyResource(runs["azure/production"], "azure-native:containerservice:ManagedCluster").inputs.sku, {
                name: "Base",
                tier: "Standard",
            });
            assert.deepEqual(onlyResource(runs["azure/staging"], "azure-native:containerservice:ManagedCluster").inputs.sku, { name: "Base", tier: "Free" });
        });

        it("node images are patched by AKS (nodeOSUpgradeChannel NodeImage)", () => {
            // learn.microsoft.com/azure/aks/auto-upgrade-node-os-image: NodeImage applies weekly patched node images.
            for (const environment of ["staging", "production"]) {
                assert.equal(
                    onlyResource(runs[`azure/${environment}`], "azure-native:containerservice:ManagedCluster").inputs.autoUpgradeProfile.nodeOSUpgradeChannel,
                    "NodeImage",
                );
            }
        });
    });

    describe("GKE", () => {
        for (const environment of ["staging", "production"] as const) {
            it(`${environment}: the guide's add-ons (HttpLoadBalancing, HorizontalPodAutoscaling), shielded nodes and the security posture audit`, () => {
                const cluster = onlyResource(runs[`gcp/${environment}`], "gcp:container/cluster:Cluster").inputs;
                // The guide's gcloud command: --addons HttpLoadBalancing,HorizontalPodAutoscaling.
                assert.deepEqual(cluster.addonsConfig, { httpLoadBalancing: { disabled: false }, horizontalPodAutoscaling: { disabled: false } });
                // cloud.google.com/kubernetes-engine/docs/how-to/shielded-gke-nodes
                assert.strictEqual(cluster.enableShieldedNodes, true);
                // cloud.google.com/kubernetes-engine/docs/concepts/about-configuration-scanning (BASIC: workload configuration audit)
                assert.deepEqual(cluster.securityPostureConfig, { mode: "BASIC" });
                // System and workload logs to Cloud Logging (cloud.google.com/kubernetes-engine/docs/how-to/configure-logging).
                assert.deepEqual(cluster.loggingConfig, { enableComponents: ["SYSTEM_COMPONENTS", "WORKLOADS"] });
                assert.deepEqual(cluster.maintenancePolicy, { dailyMaintenanceWindow: { startTime: "03:00" } });
            });

            it(`${environment}: node pool upgrades surge one node and never take one away first (zero downtime)`, () => {
                const pool = onlyResource(runs[`gcp/${environment}`], "gcp:container/nodePool:NodePool").inputs;
                // cloud.google.com/kubernetes-engine/docs/concepts/node-pool-upgrade-strategies#surge:
                // maxUnavailable 0 keeps every node serving until its replacement is ready.
                assert.deepEqual(pool.upgradeSettings, { maxSurge: 1, maxUnavailable: 0 });
                // BALANCED keeps the zones even as the autoscaler adds nodes, so a zone outage takes a third, not most
                // (cloud.google.com/kubernetes-engine/docs/concepts/cluster-autoscaler#location_policy).
                assert.equal(pool.autoscaling.locationPolicy, "BALANCED");
                // The pool's label, which scheduling rules and node selectors can name.
                assert.deepEqual(pool.nodeConfig.labels, { "atlasia.io/pool": "standard-workers" });
                assert.equal(pool.nodeConfig.diskType, "pd-balanced");
                assert.equal(pool.nodeConfig.imageType, "COS_CONTAINERD");
                // The legacy metadata endpoints expose the node's credentials (cloud.google.com/kubernetes-engine/docs/how-to/protecting-cluster-metadata).
                assert.deepEqual(pool.nodeConfig.metadata, { "disable-legacy-endpoints": "true" });
            });
        }
    });
});
