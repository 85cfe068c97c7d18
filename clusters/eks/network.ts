// Network step: a VPC over two or three Availability Zones, public subnets for load balancers,
// private subnets (behind NAT) for nodes, and small private subnets for the control plane's network
// interfaces only. Zones are chosen once and kept: an impaired zone that drops out of the
// "available" list later must not shift the list and replace subnets.
import * as pulumi from "@pulumi/pulumi";
import { getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
import * as ec2 from "@pulumi/aws/ec2";
import { StackSettings } from "../../config/settings";
import { eksUnsupportedZoneIds, ipv4ToNumber, numberToIpv4, zoneIdPlaceholder } from "../../config/aws";
import { cidrPrefix } from "../../config/cidr";
import { listFix } from "../../config/fix-commands";
import { subnetCount } from "./zonal-node-groups";

export interface EksNetwork {
    vpc: ec2.Vpc;
    publicSubnets: ec2.Subnet[];
    privateSubnets: ec2.Subnet[];
    /** Where EKS puts the control plane's network interfaces, and nothing else (the cluster's vpcConfig.subnetIds). */
    controlPlaneSubnets: ec2.Subnet[];
    /** Their ranges: the only addresses the API server calls webhooks from and answers pods at. */
    controlPlaneCidrs: string[];
    /** Routes to the internet gateway and NAT: nodes need them to join, and the load balancer to be torn down first. */
    routing: pulumi.Resource[];
}

/** Splits an IPv4 CIDR into `count` consecutive subnets `bits` longer (10.0.0.0/16, 4 -> /20s). */
export function carveSubnets(cidr: string, bits: number, count: number): string[] {
    const [address, prefix] = cidr.split("/");
    const newPrefix = Number(prefix) + bits;
    const size = 2 ** (32 - newPrefix);
    return Array.from({ length: count }, (_, i) => `${numberToIpv4(ipv4ToNumber(address) + i * size)}/${newPrefix}`);
}

/**
 * Prefix length of a control-plane subnet. EKS: "The subnets must each have at least six IP addresses
 * for use by Amazon EKS. However, we recommend at least 16 IP addresses"; it creates 2-4 network
 * interfaces there, and a version update needs "up to five available IP addresses" for new ones
 * (https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html, update-cluster.html).
 * A VPC subnet loses 5 addresses to AWS (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html):
 * a /28 (the Best Practices Guide's "dedicated cluster subnets with /28 netmask",
 * https://docs.aws.amazon.com/eks/latest/best-practices/subnets.html) leaves 11, a /27 leaves 27.
 */
export const controlPlaneSubnetPrefix = 27;

export interface SubnetPlan {
    private: string[];
    public: string[];
    controlPlane: string[];
}

/**
 * The VPC in eighths: the first three (/19s of a /16) are the private subnets, large because pods
 * take VPC addresses with the VPC CNI; the fourth is cut in quarters, three for the public subnets,
 * and the last one holds the control-plane subnets. The upper half stays free.
 */
export function subnetPlan(vpcCidr: string): SubnetPlan {
    const eighths = carveSubnets(vpcCidr, 3, subnetCount + 1);
    const quarters = carveSubnets(eighths[subnetCount], 2, subnetCount + 1);
    const spare = quarters[subnetCount];
    return {
        private: eighths.slice(0, subnetCount),
        public: quarters.slice(0, subnetCount),
        controlPlane: carveSubnets(spare, controlPlaneSubnetPrefix - Number(cidrPrefix(spare)), subnetCount),
    };
}

/**
 * The zone IDs the subnets go to: the configured ones, else the region's eligible zones sorted by
 * zone ID (stable across accounts and independent of the API's order). Fewer than two eligible
 * zones cannot host EKS (it needs subnets in two zones); two are reused round-robin.
 */
export function chooseZoneIds(region: string, configured: string[], eligible: string[], stack: string): string[] {
    const zones = configured.length > 0 ? configured : [...eligible].sort().slice(0, subnetCount);
    if (zones.length < 2) {
        // Two zones: atlasia:awsAvailabilityZoneIds refuses a list of one (config/aws.ts).
        const zone = zoneIdPlaceholder(region);
        throw new Error(
            `EKS needs subnets in at least two Availability Zones, and ${region} offers ${zones.length} eligible zone(s) ` +
                "(https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html). Choose another region, " +
                `or list two zones: ${listFix(stack, "awsAvailabilityZoneIds", [zone, zone])}`,
        );
    }
    return Array.from({ length: subnetCount }, (_, i) => zones[i % zones.length]);
}

export function eksNetwork(settings: StackSettings, opts: pulumi.CustomResourceOptions): EksNetwork {
    const clusterName = settings.clusterName;
    const eligible = getAvailabilityZonesOutput(
        {
            state: "available",
            excludeZoneIds: eksUnsupportedZoneIds,
            filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }], // no Local or Wavelength zones
        },
        opts,
    ).zoneIds;
    const zoneIds = eligible.apply((ids) => chooseZoneIds(settings.region, settings.aws.availabilityZoneIds, ids, settings.stack));
    // Kept once chosen: a later change of the eligible list must not move (replace) a subnet.
    const zoneOpts = { ...opts, ignoreChanges: ["availabilityZone", "availabilityZoneId"] };

    const vpc = new ec2.Vpc(
        `${clusterName}-vpc`,
        {
            cidrBlock: settings.aws.vpcCidr,
            enableDnsHostnames: true,
            enableDnsSupport: true,
            tags: { Name: `${clusterName}-vpc` },
        },
        opts,
    );
    const internetGateway = new ec2.InternetGateway(`${clusterName}-igw`, { vpcId: vpc.id }, opts);
    const publicRoutes = new ec2.RouteTable(
        `${clusterName}-public`,
        {
            vpcId: vpc.id,
            routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: internetGateway.id }],
        },
        opts,
    );
    const plan = subnetPlan(settings.aws.vpcCidr);
    const clusterTag = `kubernetes.io/cluster/${clusterName}`;
    // One NAT gateway per zone in production (a zone outage keeps egress); one in total elsewhere.
    const natCount = settings.environment === "production" ? subnetCount : 1;
    // No route but the VPC's local one: the interfaces here only carry traffic between the control
    // plane and nodes and pods. Only customer-routed control plane egress (not used here) needs
    // cluster subnets that route out (network-reqs.html); without an internet gateway route a subnet is private.
    const controlPlaneRoutes = new ec2.RouteTable(`${clusterName}-control-plane`, { vpcId: vpc.id, tags: { Name: `${clusterName}-control-plane` } }, opts);
    const network: EksNetwork = {
        vpc,
        publicSubnets: [],
        privateSubnets: [],
        controlPlaneSubnets: [],
        controlPlaneCidrs: plan.controlPlane,
        routing: [internetGateway, publicRoutes, controlPlaneRoutes],
    };
    const natGateways: ec2.NatGateway[] = [];
    for (let i = 0; i < subnetCount; i++) {
        const availabilityZoneId = zoneIds.apply((ids) => ids[i]);
        const publicSubnet = new ec2.Subnet(
            `${clusterName}-public-${i}`,
            {
                vpcId: vpc.id,
                availabilityZoneId,
                cidrBlock: plan.public[i],
                mapPublicIpOnLaunch: false,
                tags: { Name: `${clusterName}-public-${i}`, "kubernetes.io/role/elb": "1", [clusterTag]: "shared" },
            },
            zoneOpts,
        );
        network.routing.push(new ec2.RouteTableAssociation(`${clusterName}-public-${i}`, { subnetId: publicSubnet.id, routeTableId: publicRoutes.id }, opts));
        network.publicSubnets.push(publicSubnet);
        if (i < natCount) {
            const address = new ec2.Eip(`${clusterName}-nat-${i}`, { domain: "vpc", tags: { Name: `${clusterName}-nat-${i}` } }, opts);
            natGateways.push(
                new ec2.NatGateway(
                    `${clusterName}-nat-${i}`,
                    {
                        allocationId: address.id,
                        subnetId: publicSubnet.id,
                        tags: { Name: `${clusterName}-nat-${i}` },
                    },
                    { ...opts, dependsOn: [internetGateway] },
                ),
            );
        }
        const privateSubnet = new ec2.Subnet(
            `${clusterName}-private-${i}`,
            {
                vpcId: vpc.id,
                availabilityZoneId,
                cidrBlock: plan.private[i],
                tags: { Name: `${clusterName}-private-${i}`, "kubernetes.io/role/internal-elb": "1", [clusterTag]: "shared" },
            },
            zoneOpts,
        );
        const privateRoutes = new ec2.RouteTable(
            `${clusterName}-private-${i}`,
            {
                vpcId: vpc.id,
                routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: natGateways[Math.min(i, natCount - 1)].id }],
            },
            opts,
        );
        network.routing.push(
            privateRoutes,
            new ec2.RouteTableAssociation(`${clusterName}-private-${i}`, { subnetId: privateSubnet.id, routeTableId: privateRoutes.id }, opts),
        );
        network.privateSubnets.push(privateSubnet);
        // In the zone its node subnet actually is: EKS takes new cluster subnets only "in the same set
        // of AZs as originally provided when you created the cluster" (network-reqs.html). No load
        // balancer tags, so neither the cloud provider nor a controller puts a load balancer here.
        const controlPlaneSubnet = new ec2.Subnet(
            `${clusterName}-control-plane-${i}`,
            {
                vpcId: vpc.id,
                availabilityZoneId: privateSubnet.availabilityZoneId,
                cidrBlock: plan.controlPlane[i],
                tags: { Name: `${clusterName}-control-plane-${i}` },
            },
            zoneOpts,
        );
        network.routing.push(
            new ec2.RouteTableAssociation(`${clusterName}-control-plane-${i}`, { subnetId: controlPlaneSubnet.id, routeTableId: controlPlaneRoutes.id }, opts),
        );
        network.controlPlaneSubnets.push(controlPlaneSubnet);
    }
    network.routing.push(...natGateways);
    return network;
}
