// The GKE VPC's address plan, through the whole program: the nodes' primary range, the Pods' and
// Services' secondary ranges and the control plane's /28 are valid RFC 1918 ranges that do not overlap
// (a private cluster's control-plane range must not overlap any subnet of the VPC, and a subnet's primary and
// secondary ranges must be disjoint: https://cloud.google.com/kubernetes-engine/docs/how-to/private-clusters,
// https://cloud.google.com/vpc/docs/subnets#valid-ranges). The nodes' range, 10.10.0.0/20, holds 4,092
// usable addresses (GCP reserves four per primary range), far over any node maximum here.
import { strict as assert } from "assert";
import { stackOptions, validStackRun } from "./support/runs";
import { onlyResource } from "./support/resources";

/** [first, last] address of an IPv4 CIDR as numbers; throws on anything else. */
function span(cidr: string): [number, number] {
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
    assert.ok(match, `not an IPv4 CIDR: ${JSON.stringify(cidr)}`);
    const address = match.slice(1, 5).reduce((sum, octet) => sum * 256 + Number(octet), 0);
    const size = 2 ** (32 - Number(match[5]));
    assert.equal(address % size, 0, `${cidr} has host bits set`);
    return [address, address + size - 1];
}

const privateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(span);
const isPrivate = ([first, last]: [number, number]) => privateRanges.some(([from, to]) => from <= first && last <= to);

describe("GKE address plan", function () {
    this.timeout(120000);

    it("nodes 10.10.0.0/20, with the Pods', Services' and control plane's ranges private and pairwise disjoint", async () => {
        const run = await validStackRun(stackOptions("gcp", "production"));
        const subnet = onlyResource(run, "gcp:compute/subnetwork:Subnetwork").inputs;
        const cluster = onlyResource(run, "gcp:container/cluster:Cluster").inputs;
        assert.equal(subnet.ipCidrRange, "10.10.0.0/20");
        const ranges: Record<string, string> = {
            nodes: subnet.ipCidrRange,
            ...Object.fromEntries(subnet.secondaryIpRanges.map((r: { rangeName: string; ipCidrRange: string }) => [r.rangeName, r.ipCidrRange])),
            controlPlane: cluster.privateClusterConfig.masterIpv4CidrBlock,
        };
        assert.deepEqual(Object.keys(ranges), ["nodes", "pods", "services", "controlPlane"]);
        const spans = Object.entries(ranges).map(([name, cidr]) => [name, span(cidr)] as const);
        for (const [name, range] of spans) assert.ok(isPrivate(range), `${name} ${ranges[name]} is not an RFC 1918 range`);
        for (const [i, [a, [aFirst, aLast]]] of spans.entries()) {
            for (const [b, [bFirst, bLast]] of spans.slice(i + 1)) assert.ok(aLast < bFirst || bLast < aFirst, `${a} and ${b} overlap`);
        }
    });
});
