// The EKS cluster's own VPC through the whole program under mocks: DNS for the nodes, the address
// plan, load-balancer subnet tags, default routes through the internet gateway and NAT, the zone
// lookup, and the message when a region cannot host EKS. Each setting with its source.
import { strict as assert } from "assert";
import { ProgramRun, RecordedResource } from "../harness/run";
import { chooseZoneIds } from "../clusters/eks/network";
import { stackOptions, validStackRun } from "./support/runs";
import { onlyResource } from "./support/resources";

function all(run: ProgramRun, type: string): RecordedResource[] {
    return run.resources.filter((r) => r.type === type);
}

/** [first, last] address of an IPv4 CIDR as numbers. */
function range(cidr: string): [number, number] {
    const [address, prefix] = cidr.split("/");
    const start = address.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
    return [start, start + 2 ** (32 - Number(prefix)) - 1];
}

describe("EKS network: VPC, subnets, routes and NAT", function () {
    this.timeout(60000);
    let production: ProgramRun;
    let staging: ProgramRun;

    before(async () => {
        production = await validStackRun(stackOptions("aws", "production"));
        staging = await validStackRun(stackOptions("aws", "staging"));
    });

    it("the VPC resolves and hands out DNS names, without which nodes cannot register with the cluster", () => {
        // "The VPC must have DNS hostname and DNS resolution support, or nodes can't register to your
        // cluster" (https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html); EC2 leaves
        // enableDnsHostnames off in a non-default VPC (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html).
        const vpc = onlyResource(production, "aws:ec2/vpc:Vpc", "atlasia-prod-vpc").inputs;
        assert.equal(vpc.cidrBlock, "10.0.0.0/16");
        assert.strictEqual(vpc.enableDnsHostnames, true);
        assert.strictEqual(vpc.enableDnsSupport, true);
        assert.deepEqual(vpc.tags, { Name: "atlasia-prod-vpc" });
    });

    it("the default plan: three /19 private, three /21 public and three /27 control-plane subnets of 10.0.0.0/16, none overlapping", () => {
        // Worked out by hand: a /16 in eighths is /19s at 10.0.0, 10.0.32, 10.0.64 (private) and
        // 10.0.96; that last eighth in quarters is /21s at 10.0.96, 10.0.104, 10.0.112 (public) and
        // 10.0.120, whose first three /27s hold the control plane's interfaces (tests/eks-control-plane-subnets.test.ts).
        const cidrs = Object.fromEntries(all(production, "aws:ec2/subnet:Subnet").map((s) => [s.name, s.inputs.cidrBlock as string]));
        assert.deepEqual(cidrs, {
            "atlasia-prod-control-plane-0": "10.0.120.0/27",
            "atlasia-prod-control-plane-1": "10.0.120.32/27",
            "atlasia-prod-control-plane-2": "10.0.120.64/27",
            "atlasia-prod-private-0": "10.0.0.0/19",
            "atlasia-prod-private-1": "10.0.32.0/19",
            "atlasia-prod-private-2": "10.0.64.0/19",
            "atlasia-prod-public-0": "10.0.96.0/21",
            "atlasia-prod-public-1": "10.0.104.0/21",
            "atlasia-prod-public-2": "10.0.112.0/21",
        });
        const ranges = Object.values(cidrs).map(range);
        for (const [i, [start, end]] of ranges.entries()) {
            for (const [otherStart, otherEnd] of ranges.slice(i + 1)) assert.ok(end < otherStart || otherEnd < start, "subnets overlap");
            const [vpcStart, vpcEnd] = range("10.0.0.0/16");
            assert.ok(start >= vpcStart && end <= vpcEnd, "every subnet lies inside the VPC");
        }
    });

    it("subnets carry the load-balancer discovery tags: elb on the public ones, internal-elb on the private ones, and the cluster tag", () => {
        // Subnet auto-discovery (https://kubernetes-sigs.github.io/aws-load-balancer-controller/v2.4/deploy/subnet_discovery/):
        // public subnets kubernetes.io/role/elb=1, private kubernetes.io/role/internal-elb=1, both
        // kubernetes.io/cluster/<cluster-name> = owned or shared. Without the cluster tag the in-tree
        // cloud provider may put an internal ELB in a public subnet (awsdocs/amazon-eks-user-guide#31,
        // kubernetes/kubernetes#29298). Names make the subnets recognisable in the console.
        for (let i = 0; i < 3; i++) {
            assert.deepEqual(onlyResource(production, "aws:ec2/subnet:Subnet", `atlasia-prod-public-${i}`).inputs.tags, {
                Name: `atlasia-prod-public-${i}`,
                "kubernetes.io/role/elb": "1",
                "kubernetes.io/cluster/atlasia-prod": "shared",
            });
            assert.deepEqual(onlyResource(production, "aws:ec2/subnet:Subnet", `atlasia-prod-private-${i}`).inputs.tags, {
                Name: `atlasia-prod-private-${i}`,
                "kubernetes.io/role/internal-elb": "1",
                "kubernetes.io/cluster/atlasia-prod": "shared",
            });
        }
    });

    it("public subnets give no instance a public address: only load balancers and NAT gateways live there", () => {
        // AWS Config rule subnet-auto-assign-public-ip-disabled (NON_COMPLIANT when a subnet
        // auto-assigns public IPv4 addresses): https://docs.aws.amazon.com/config/latest/developerguide/subnet-auto-assign-public-ip-disabled.html
        for (let i = 0; i < 3; i++) {
            assert.strictEqual(onlyResource(production, "aws:ec2/subnet:Subnet", `atlasia-prod-public-${i}`).inputs.mapPublicIpOnLaunch, false);
        }
    });

    it("the public route table sends 0.0.0.0/0 to the VPC's internet gateway", () => {
        // A subnet is public when its route table has a route to an internet gateway
        // (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html).
        const vpc = onlyResource(production, "aws:ec2/vpc:Vpc", "atlasia-prod-vpc");
        const gateway = onlyResource(production, "aws:ec2/internetGateway:InternetGateway", "atlasia-prod-igw");
        assert.equal(gateway.inputs.vpcId, "atlasia-prod-vpc-id");
        assert.ok(gateway.propertyDependencies.vpcId.includes(vpc.urn), "the gateway is attached to the cluster's VPC");
        assert.deepEqual(onlyResource(production, "aws:ec2/routeTable:RouteTable", "atlasia-prod-public").inputs.routes, [
            { cidrBlock: "0.0.0.0/0", gatewayId: "atlasia-prod-igw-id" },
        ]);
    });

    it("production: one NAT gateway per zone, each in its zone's public subnet on its own Elastic IP, each private subnet routed through its own", () => {
        // A NAT gateway lives in one zone; "for zone-independent architecture, create a NAT gateway in
        // each Availability Zone" (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html).
        // A public NAT gateway needs an Elastic IP of domain "vpc" and a public subnet.
        for (let i = 0; i < 3; i++) {
            const address = onlyResource(production, "aws:ec2/eip:Eip", `atlasia-prod-nat-${i}`).inputs;
            assert.deepEqual(address, { domain: "vpc", tags: { Name: `atlasia-prod-nat-${i}` } });
            assert.deepEqual(onlyResource(production, "aws:ec2/natGateway:NatGateway", `atlasia-prod-nat-${i}`).inputs, {
                allocationId: `atlasia-prod-nat-${i}-id`,
                subnetId: `atlasia-prod-public-${i}-id`,
                tags: { Name: `atlasia-prod-nat-${i}` },
            });
            assert.deepEqual(onlyResource(production, "aws:ec2/routeTable:RouteTable", `atlasia-prod-private-${i}`).inputs.routes, [
                { cidrBlock: "0.0.0.0/0", natGatewayId: `atlasia-prod-nat-${i}-id` },
            ]);
        }
    });

    it("staging: one NAT gateway, in the first public subnet, serves every private subnet", () => {
        assert.deepEqual(
            all(staging, "aws:ec2/natGateway:NatGateway").map((nat) => nat.inputs.subnetId),
            ["atlasia-staging-public-0-id"],
        );
        for (let i = 0; i < 3; i++) {
            assert.deepEqual(onlyResource(staging, "aws:ec2/routeTable:RouteTable", `atlasia-staging-private-${i}`).inputs.routes, [
                { cidrBlock: "0.0.0.0/0", natGatewayId: "atlasia-staging-nat-0-id" },
            ]);
        }
    });

    it("each NAT gateway is created after the internet gateway (and destroyed before it)", () => {
        // pulumi-aws / terraform-provider-aws aws_nat_gateway: "To ensure proper ordering, it is
        // recommended to add an explicit dependency on the Internet Gateway for the VPC."
        const gateway = onlyResource(production, "aws:ec2/internetGateway:InternetGateway", "atlasia-prod-igw");
        for (const nat of all(production, "aws:ec2/natGateway:NatGateway")) {
            assert.ok(nat.dependencies.includes(gateway.urn), `${nat.name} depends on the internet gateway`);
        }
    });

    it("looks up only available Availability Zones, not Local or Wavelength Zones", () => {
        // DescribeAvailabilityZones: opt-in-status is always opt-in-not-required for Availability Zones,
        // opted-in / not-opted-in for Local and Wavelength Zones; state "available" leaves out impaired
        // zones. pulumi-aws getAvailabilityZones: "To return only Availability Zones" filter by opt-in-status.
        const lookup = production.invokes.find((i) => i.token === "aws:index/getAvailabilityZones:getAvailabilityZones");
        assert.ok(lookup, "the zones are looked up");
        assert.equal(lookup.inputs.state, "available");
        assert.deepEqual(lookup.inputs.filters, [{ name: "opt-in-status", values: ["opt-in-not-required"] }]);
    });

    it("a region without two eligible zones fails with the documented rule and the commands that fix it in full", () => {
        assert.throws(
            () => chooseZoneIds("ap-x-1", [], ["apx1-az1"], "staging"),
            (error: Error) => {
                assert.equal(
                    error.message,
                    "EKS needs subnets in at least two Availability Zones, and ap-x-1 offers 1 eligible zone(s) " +
                        "(https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html). Choose another region, " +
                        "or list two zones: pulumi config rm --stack staging atlasia:awsAvailabilityZoneIds && " +
                        "pulumi config set --stack staging --path 'atlasia:awsAvailabilityZoneIds[0]' '<zone-id of ap-x-1>' && " +
                        "pulumi config set --stack staging --path 'atlasia:awsAvailabilityZoneIds[1]' '<zone-id of ap-x-1>'",
                );
                return true;
            },
        );
    });
});
