// EKS's control-plane subnets through the whole program under mocks, for every EKS environment: the
// cluster's network interfaces get small private subnets of their own, so the add-ons' webhook
// NetworkPolicies can name the API server's addresses without naming every node and pod.
//
// Why it matters: the API server calls webhooks from the cross-account network interfaces EKS puts in
// the subnets given to the cluster ("EKS places a X-ENI in each subnet specified during cluster create
// [...] The Kubernetes API server uses these Cross-Account ENIs to communicate with nodes",
// https://docs.aws.amazon.com/eks/latest/best-practices/subnets.html; Pods "that operate as a webhook
// backend" wait for the control plane to know a new VPC range, network-reqs.html). With the VPC CNI
// every pod has a VPC address, and the VPC CNI's network policy agent enforces ipBlock on addresses,
// pods' included (aws/amazon-network-policy-controller-k8s#41; the maintainers' advice for admitting the
// control plane is its endpoints' addresses or subnets, aws/aws-network-policy-agent#281). So an ipBlock
// covering the node subnets opens the admission webhooks (CVE-2025-1974's path) to every pod.
import { strict as assert } from "assert";
import { ProgramRun } from "../harness/run";
import { controlPlaneSubnetPrefix, subnetPlan } from "../clusters/eks/network";
import { Endpoint, flowAllowed, NetworkPolicyObject } from "./support/network-policy";
import { Env, stackOptions, validStackRun } from "./support/runs";
import { everyResource, onlyResource } from "./support/resources";
import { kubernetesResources } from "./support/workloads";

const subnetType = "aws:ec2/subnet:Subnet";

interface Layout {
    private: string[];
    public: string[];
    controlPlane: string[];
}

/**
 * Worked out by hand for each allowed VPC prefix (/16 to /20, config/aws.ts). Private and public are
 * the ranges the program gave before control-plane subnets existed (the VPC in eighths: three private;
 * the fourth in quarters, three public), so existing subnets keep their CIDR and are not replaced.
 * The control-plane /27s are the first three of the fourth quarter of the fourth eighth, unused before.
 */
const layouts: Record<string, Layout> = {
    "10.0.0.0/16": {
        private: ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"],
        public: ["10.0.96.0/21", "10.0.104.0/21", "10.0.112.0/21"],
        controlPlane: ["10.0.120.0/27", "10.0.120.32/27", "10.0.120.64/27"],
    },
    "10.8.0.0/17": {
        private: ["10.8.0.0/20", "10.8.16.0/20", "10.8.32.0/20"],
        public: ["10.8.48.0/22", "10.8.52.0/22", "10.8.56.0/22"],
        controlPlane: ["10.8.60.0/27", "10.8.60.32/27", "10.8.60.64/27"],
    },
    "10.8.0.0/18": {
        private: ["10.8.0.0/21", "10.8.8.0/21", "10.8.16.0/21"],
        public: ["10.8.24.0/23", "10.8.26.0/23", "10.8.28.0/23"],
        controlPlane: ["10.8.30.0/27", "10.8.30.32/27", "10.8.30.64/27"],
    },
    "192.168.32.0/19": {
        private: ["192.168.32.0/22", "192.168.36.0/22", "192.168.40.0/22"],
        public: ["192.168.44.0/24", "192.168.45.0/24", "192.168.46.0/24"],
        controlPlane: ["192.168.47.0/27", "192.168.47.32/27", "192.168.47.64/27"],
    },
    "10.0.16.0/20": {
        private: ["10.0.16.0/23", "10.0.18.0/23", "10.0.20.0/23"],
        public: ["10.0.22.0/25", "10.0.22.128/25", "10.0.23.0/25"],
        controlPlane: ["10.0.23.128/27", "10.0.23.160/27", "10.0.23.192/27"],
    },
};

/** [first, last] address of an IPv4 CIDR as numbers. */
function range(cidr: string): [number, number] {
    const [address, prefix] = cidr.split("/");
    const start = address.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
    return [start, start + 2 ** (32 - Number(prefix)) - 1];
}

function overlap(a: string, b: string): boolean {
    const [aStart, aEnd] = range(a);
    const [bStart, bEnd] = range(b);
    return aStart <= bEnd && bStart <= aEnd;
}

/** An address `offset` into a CIDR. */
function addressIn(cidr: string, offset: number): string {
    const n = range(cidr)[0] + offset;
    return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

function subnetCidrs(run: ProgramRun, kind: "private" | "public" | "control-plane"): string[] {
    return [0, 1, 2].map((i) => onlyResource(run, subnetType, `${clusterName(run)}-${kind}-${i}`).inputs.cidrBlock as string);
}

function clusterName(run: ProgramRun): string {
    return onlyResource(run, "aws:eks/cluster:Cluster").inputs.name as string;
}

/** The add-ons' policies that admit the API server: those with an ipBlock peer. */
function apiServerPolicies(run: ProgramRun): NetworkPolicyObject[] {
    return kubernetesResources(run)
        .map((r) => r.inputs as NetworkPolicyObject & { kind: string })
        .filter((o) => o.kind === "NetworkPolicy" && o.metadata.namespace !== "atlasia")
        .filter((o) => (o.spec.ingress ?? []).some((rule) => (rule.from ?? []).some((peer) => peer.ipBlock)));
}

/** The address ranges a policy admits. */
function ipBlocks(policy: NetworkPolicyObject): string[] {
    return (policy.spec.ingress ?? []).flatMap((rule) => (rule.from ?? []).flatMap((peer) => (peer.ipBlock ? [peer.ipBlock.cidr] : [])));
}

const environments: Env[] = ["development", "staging", "production"];

for (const environment of environments) {
    describe(`EKS control-plane subnets on aws/${environment}`, function () {
        this.timeout(120000);
        let run: ProgramRun;
        const expected = layouts["10.0.0.0/16"];
        before(async () => {
            run = await validStackRun(stackOptions("aws", environment));
        });

        it("three /27 control-plane subnets beside the unchanged node and public subnets", () => {
            assert.deepEqual(subnetCidrs(run, "private"), expected.private);
            assert.deepEqual(subnetCidrs(run, "public"), expected.public);
            assert.deepEqual(subnetCidrs(run, "control-plane"), expected.controlPlane);
            assert.equal(everyResource(run, subnetType).length, 9, "no other subnet");
        });

        it("no two subnets overlap, and every one lies inside the VPC", () => {
            const cidrs = everyResource(run, subnetType).map((s) => s.inputs.cidrBlock as string);
            const [vpcStart, vpcEnd] = range(onlyResource(run, "aws:ec2/vpc:Vpc").inputs.cidrBlock as string);
            for (const [i, cidr] of cidrs.entries()) {
                for (const other of cidrs.slice(i + 1)) assert.ok(!overlap(cidr, other), `${cidr} overlaps ${other}`);
                const [start, end] = range(cidr);
                assert.ok(start >= vpcStart && end <= vpcEnd, `${cidr} lies inside the VPC`);
            }
        });

        it("the cluster's network interfaces go to the control-plane subnets only", () => {
            // vpcConfig.subnetIds: "Amazon EKS creates cross-account elastic network interfaces in these
            // subnets" (pulumi-aws eks.Cluster). Nodes need not be there: "you can also deploy nodes and
            // Kubernetes resources to subnets that you didn't specify when you created the cluster" (network-reqs.html).
            const cluster = onlyResource(run, "aws:eks/cluster:Cluster");
            assert.deepEqual(
                cluster.inputs.vpcConfig.subnetIds,
                [0, 1, 2].map((i) => `${clusterName(run)}-control-plane-${i}-id`),
            );
            const nodeSubnets = everyResource(run, "aws:eks/nodeGroup:NodeGroup").flatMap((g) => g.inputs.subnetIds as string[]);
            assert.ok(
                nodeSubnets.length > 0 && nodeSubnets.every((id) => /-private-\d-id$/.test(id)),
                `nodes stay in the private subnets: ${nodeSubnets.join(", ")}`,
            );
        });

        it("each control-plane subnet sits in the zone of the node subnet beside it", () => {
            // "All subnets that you add must be in the same set of AZs as originally provided when you
            // created the cluster" (network-reqs.html): the cluster was created over the node and public
            // subnets, whose zones are the private subnets' zones.
            for (const i of [0, 1, 2]) {
                const controlPlane = onlyResource(run, subnetType, `${clusterName(run)}-control-plane-${i}`);
                const node = onlyResource(run, subnetType, `${clusterName(run)}-private-${i}`);
                assert.equal(controlPlane.inputs.availabilityZoneId, node.inputs.availabilityZoneId);
                assert.ok(controlPlane.propertyDependencies.availabilityZoneId.includes(node.urn), "taken from the node subnet as it exists");
                assert.ok(controlPlane.ignoreChanges.includes("availabilityZoneId"), "kept once chosen, like the other subnets");
            }
        });

        it("private, with no load-balancer tags: a route table without a route out, and only a Name tag", () => {
            // EKS: cluster subnets "can be public or private. However, we recommend that you specify private
            // subnets"; a private subnet's route table has no route to an internet gateway (network-reqs.html).
            // Load balancers prefer subnets tagged kubernetes.io/role/elb or internal-elb
            // (https://kubernetes-sigs.github.io/aws-load-balancer-controller/v2.4/deploy/subnet_discovery/); the
            // in-tree provider also considers untagged ones (findSubnets), but an internet-facing one needs a route
            // to an internet gateway, which these lack, and the role tag wins a zone's tie for internal ones.
            const name = clusterName(run);
            const table = onlyResource(run, "aws:ec2/routeTable:RouteTable", `${name}-control-plane`);
            assert.equal(table.inputs.routes, undefined, "only the VPC's implicit local route");
            for (const i of [0, 1, 2]) {
                const subnet = onlyResource(run, subnetType, `${name}-control-plane-${i}`);
                assert.deepEqual(subnet.inputs.tags, { Name: `${name}-control-plane-${i}` });
                assert.notEqual(subnet.inputs.mapPublicIpOnLaunch, true);
                const association = onlyResource(run, "aws:ec2/routeTableAssociation:RouteTableAssociation", `${name}-control-plane-${i}`);
                assert.deepEqual(association.inputs, { subnetId: `${name}-control-plane-${i}-id`, routeTableId: `${name}-control-plane-id` });
            }
        });

        it("the webhooks and APIServices admit the control-plane ranges and no node or public subnet", () => {
            const policies = apiServerPolicies(run);
            const names = policies.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
            assert.ok(names.includes("ingress-nginx/allow-admission-webhook"), `ingress-nginx's admission webhook is among them: ${names.join(", ")}`);
            const nodeAndPublic = [...expected.private, ...expected.public];
            for (const policy of policies) {
                const blocks = ipBlocks(policy);
                assert.deepEqual(blocks, expected.controlPlane, `${policy.metadata.namespace}/${policy.metadata.name}`);
                for (const block of blocks) {
                    for (const subnet of nodeAndPublic) assert.ok(!overlap(block, subnet), `${block} admits addresses of subnet ${subnet}`);
                }
            }
        });

        it("a pod anywhere in the node subnets is refused at every webhook; the control plane's interfaces are admitted", () => {
            // Pods are modelled by address alone: the VPC CNI's agent matches ipBlock against pod addresses.
            const policies = apiServerPolicies(run);
            for (const policy of policies) {
                const target: Endpoint = {
                    name: policy.metadata.name,
                    namespace: policy.metadata.namespace,
                    labels: policy.spec.podSelector.matchLabels ?? {},
                    ip: "10.0.1.1",
                };
                const port = Number(policy.spec.ingress?.[0].ports?.[0].port);
                const probe = { port, protocol: "TCP" as const };
                const label = `${policy.metadata.namespace}/${policy.metadata.name}:${port}`;
                for (const subnet of expected.private) {
                    for (const offset of [4, 1000, range(subnet)[1] - range(subnet)[0] - 1]) {
                        const pod = { name: "pod", ip: addressIn(subnet, offset) };
                        assert.equal(flowAllowed(policies, pod, target, probe), false, `${pod.ip} reaches ${label}`);
                    }
                }
                for (const subnet of expected.controlPlane) {
                    const eni = { name: "control-plane-eni", ip: addressIn(subnet, 4) };
                    assert.equal(flowAllowed(policies, eni, target, probe), true, `${eni.ip} is refused at ${label}`);
                }
            }
        });
    });
}

describe("EKS control-plane subnets across VPC sizes", function () {
    this.timeout(120000);

    it("keeps every existing subnet's range and adds non-overlapping /27s, for each allowed prefix /16 to /20", () => {
        for (const [vpc, layout] of Object.entries(layouts)) {
            assert.deepEqual(subnetPlan(vpc), layout, vpc);
        }
    });

    for (const vpc of ["10.8.0.0/18", "10.0.16.0/20"]) {
        it(`a ${vpc} VPC through the whole program: subnets, the cluster's subnets and the webhook peers`, async () => {
            const base = stackOptions("aws", "staging");
            const run = await validStackRun({ ...base, set: { ...base.set, awsVpcCidr: vpc } });
            const layout = layouts[vpc];
            assert.deepEqual(subnetCidrs(run, "private"), layout.private);
            assert.deepEqual(subnetCidrs(run, "public"), layout.public);
            assert.deepEqual(subnetCidrs(run, "control-plane"), layout.controlPlane);
            const cluster = onlyResource(run, "aws:eks/cluster:Cluster");
            assert.equal(cluster.inputs.vpcConfig.subnetIds.length, 3);
            for (const policy of apiServerPolicies(run)) {
                const blocks = ipBlocks(policy);
                assert.deepEqual(blocks, layout.controlPlane, policy.metadata.name);
            }
        });
    }

    it("a /27 leaves EKS the 16 free addresses it recommends per subnet; a /28 would leave 11", () => {
        // EKS: "at least six IP addresses for use by Amazon EKS. However, we recommend at least 16"
        // (network-reqs.html); 2-4 interfaces, plus "up to five available IP addresses" during a version
        // update (update-cluster.html). AWS keeps the first four and the last address of every subnet
        // (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html).
        const usable = (prefix: number) => 2 ** (32 - prefix) - 5;
        assert.equal(controlPlaneSubnetPrefix, 27);
        assert.equal(usable(controlPlaneSubnetPrefix), 27);
        assert.ok(usable(controlPlaneSubnetPrefix) >= 16);
        assert.ok(usable(28) < 16, "a /28 has 11 usable addresses");
        assert.ok(usable(controlPlaneSubnetPrefix) >= 4 + 5, "even every interface and an update's new ones in one subnet fit");
    });
});
