// The GKE cluster's own VPC through the whole program under mocks: the custom-mode network, the
// nodes' subnet with the secondary ranges the cluster allocates pods and Services from, Cloud NAT
// for the private nodes, and the firewall rule for admission webhooks. Each setting with its source.
import { strict as assert } from "assert";
import { ProgramRun, RecordedResource } from "../harness/run";
import { stackOptions, validStackRun } from "./support/runs";

function ofType(run: ProgramRun, type: string): RecordedResource {
    const found = run.resources.filter((r) => r.type === type);
    assert.equal(found.length, 1, `expected one ${type}, found ${found.length}`);
    return found[0];
}

describe("GKE network: VPC, subnet, Cloud NAT and the webhook firewall rule", function () {
    this.timeout(60000);
    const environments = ["staging", "production"] as const;
    const runs = new Map<string, ProgramRun>();
    let production: ProgramRun;

    before(async () => {
        for (const environment of environments) runs.set(environment, await validStackRun(stackOptions("gcp", environment)));
        production = runs.get("production")!;
    });

    it("the VPC is a custom-mode network named after the cluster, with regional dynamic routing", () => {
        // autoCreateSubnetworks defaults to true (auto mode): a subnet in every region from
        // 10.128.0.0/9, which the cluster does not use and other peered networks may overlap.
        // https://cloud.google.com/vpc/docs/vpc#subnet-ranges (auto mode IPv4 ranges),
        // pulumi-gcp compute.Network autoCreateSubnetworks ("Defaults to true").
        const network = ofType(production, "gcp:compute/network:Network").inputs;
        assert.equal(network.name, "atlasia-prod-vpc");
        assert.strictEqual(network.autoCreateSubnetworks, false);
        // REGIONAL: Cloud Routers advertise only their own region's subnets (the cluster lives in one).
        // https://cloud.google.com/vpc/docs/vpc#routing_for_hybrid_networks (dynamic routing mode)
        assert.equal(network.routingMode, "REGIONAL");
    });

    for (const environment of environments) {
        it(`${environment}: private nodes reach Google APIs through Private Google Access on their subnet`, () => {
            // Private nodes have no external IP: without Private Google Access they cannot reach
            // Artifact Registry, Cloud Logging or the Cloud Storage backups except through NAT.
            // https://cloud.google.com/vpc/docs/private-google-access; pulumi-gcp Subnetwork
            // privateIpGoogleAccess: "VMs in this subnetwork without external IP addresses can access
            // Google APIs and services by using Private Google Access".
            const subnet = ofType(runs.get(environment)!, "gcp:compute/subnetwork:Subnetwork").inputs;
            assert.strictEqual(subnet.privateIpGoogleAccess, true);
        });
    }

    it("the subnet holds the secondary ranges 'pods' and 'services' that the cluster's ipAllocationPolicy names (VPC-native)", () => {
        // A VPC-native cluster on an existing subnet names the subnet's secondary ranges it takes Pod
        // and Service addresses from; a name the subnet does not have fails cluster creation.
        // https://cloud.google.com/kubernetes-engine/docs/how-to/alias-ips#cluster_sec_range
        for (const run of runs.values()) {
            const subnet = ofType(run, "gcp:compute/subnetwork:Subnetwork").inputs;
            const cluster = ofType(run, "gcp:container/cluster:Cluster").inputs;
            const rangeNames = subnet.secondaryIpRanges.map((range: { rangeName: string }) => range.rangeName);
            assert.deepEqual(rangeNames, ["pods", "services"]);
            assert.deepEqual(cluster.ipAllocationPolicy, { clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services" });
            assert.ok(rangeNames.includes(cluster.ipAllocationPolicy.clusterSecondaryRangeName), "the Pod range exists on the subnet");
            assert.ok(rangeNames.includes(cluster.ipAllocationPolicy.servicesSecondaryRangeName), "the Service range exists on the subnet");
            // Every range has its CIDR (a secondary range without one is refused by the API).
            for (const range of subnet.secondaryIpRanges) assert.match(range.ipCidrRange, /^\d+\.\d+\.\d+\.\d+\/\d+$/);
        }
    });

    it("production's flow logs: 5-second aggregation, half the flows sampled, all metadata (for forensics)", () => {
        // https://cloud.google.com/vpc/docs/flow-logs#key_properties: aggregation interval,
        // sample rate (0.0-1.0) and metadata annotations; pulumi-gcp Subnetwork logConfig values
        // INTERVAL_5_SEC and INCLUDE_ALL_METADATA.
        assert.deepEqual(ofType(production, "gcp:compute/subnetwork:Subnetwork").inputs.logConfig, {
            aggregationInterval: "INTERVAL_5_SEC",
            flowSampling: 0.5,
            metadata: "INCLUDE_ALL_METADATA",
        });
    });

    it("Cloud NAT on the cluster's router: automatic addresses, connection errors logged", () => {
        const router = ofType(production, "gcp:compute/router:Router");
        const nat = ofType(production, "gcp:compute/routerNat:RouterNat").inputs;
        const network = ofType(production, "gcp:compute/network:Network");
        assert.equal(router.inputs.name, "atlasia-prod-router");
        assert.equal(router.inputs.region, "us-central1");
        assert.ok(router.propertyDependencies.network.includes(network.urn), "the router is on the cluster's VPC");
        assert.equal(nat.name, "atlasia-prod-nat");
        assert.equal(nat.region, "us-central1");
        // AUTO_ONLY: Google allocates (and adds) NAT addresses; MANUAL_ONLY would need reserved
        // addresses the program does not create. pulumi-gcp RouterNat natIpAllocateOption.
        assert.equal(nat.natIpAllocateOption, "AUTO_ONLY");
        // Logging is off by default (RouterNatLogConfig.enable "false by default"); ERRORS_ONLY
        // exports only failed connections (port exhaustion, dropped egress), not every translation.
        // https://cloud.google.com/nat/docs/monitoring#configuring_logging
        assert.deepEqual(nat.logConfig, { enable: true, filter: "ERRORS_ONLY" });
    });

    it("the webhook firewall rule admits only the control plane, inbound, on the webhook and aggregated API ports", () => {
        // GKE's own rule opens only 443 and 10250 from the control plane to private nodes; webhooks on
        // other ports need a rule (https://cloud.google.com/kubernetes-engine/docs/how-to/private-clusters#add_firewall_rules).
        const cluster = ofType(production, "gcp:container/cluster:Cluster").inputs;
        const firewall = ofType(production, "gcp:compute/firewall:Firewall").inputs;
        assert.equal(firewall.direction, "INGRESS");
        assert.deepEqual(firewall.sourceRanges, [cluster.privateClusterConfig.masterIpv4CidrBlock]);
        assert.deepEqual(firewall.allows, [{ protocol: "tcp", ports: ["6443", "8443", "9443"] }]);
        // Whoever audits the project's firewall rules sees why these ports are open.
        assert.match(firewall.description, /admission webhooks/);
    });

    it("every network resource waits for the Compute Engine API (off in a new project)", () => {
        // https://cloud.google.com/service-usage/docs/enable-disable: calls to a disabled API fail.
        const computeApi = production.resources.find((r) => r.type === "gcp:projects/service:Service" && r.inputs.service === "compute.googleapis.com");
        assert.ok(computeApi);
        for (const type of [
            "gcp:compute/network:Network",
            "gcp:compute/subnetwork:Subnetwork",
            "gcp:compute/router:Router",
            "gcp:compute/routerNat:RouterNat",
            "gcp:compute/firewall:Firewall",
        ]) {
            assert.ok(ofType(production, type).dependencies.includes(computeApi.urn), `${type} waits for compute.googleapis.com`);
        }
    });
});
