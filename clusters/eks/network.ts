// Network step: a VPC over two or three Availability Zones, public subnets for load balancers and
// private subnets (behind NAT) for nodes. Zones are chosen once and kept: an impaired zone that
// drops out of the "available" list later must not shift the list and replace subnets.
import * as pulumi from "@pulumi/pulumi";
import { getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
import * as ec2 from "@pulumi/aws/ec2";
import { StackSettings } from "../../config/settings";
import { eksUnsupportedZoneIds, ipv4ToNumber, numberToIpv4, zoneIdPlaceholder } from "../../config/aws";
import { listFix } from "../../config/fix-commands";
import { subnetCount } from "./zonal-node-groups";

export interface EksNetwork {
    vpc: ec2.Vpc;
    publicSubnets: ec2.Subnet[];
    privateSubnets: ec2.Subnet[];
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
    // The VPC in eighths: the first three (/19s of a /16) are the private subnets, large because
    // pods take VPC addresses with the VPC CNI; the fourth is cut in quarters for the public ones.
    const eighths = carveSubnets(settings.aws.vpcCidr, 3, subnetCount + 1);
    const privateCidrs = eighths.slice(0, subnetCount);
    const publicCidrs = carveSubnets(eighths[subnetCount], 2, subnetCount);
    const clusterTag = `kubernetes.io/cluster/${clusterName}`;
    // One NAT gateway per zone in production (a zone outage keeps egress); one in total elsewhere.
    const natCount = settings.environment === "production" ? subnetCount : 1;
    const network: EksNetwork = { vpc, publicSubnets: [], privateSubnets: [], routing: [internetGateway, publicRoutes] };
    const natGateways: ec2.NatGateway[] = [];
    for (let i = 0; i < subnetCount; i++) {
        const availabilityZoneId = zoneIds.apply((ids) => ids[i]);
        const publicSubnet = new ec2.Subnet(
            `${clusterName}-public-${i}`,
            {
                vpcId: vpc.id,
                availabilityZoneId,
                cidrBlock: publicCidrs[i],
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
                cidrBlock: privateCidrs[i],
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
    }
    network.routing.push(...natGateways);
    return network;
}
