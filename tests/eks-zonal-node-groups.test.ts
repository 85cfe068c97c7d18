// EKS runs its node pool as one managed node group per Availability Zone, as the EKS managed node
// group docs ask for stateful workloads on EBS volumes under Cluster Autoscaler: "you should configure
// multiple node groups, each scoped to a single Availability Zone. In addition, you should enable the
// --balance-similar-node-groups feature." (https://docs.aws.amazon.com/eks/latest/userguide/create-managed-node-group.html).
// The autoscaler's AWS README agrees: a pod on an EBS volume must run in its zone, so "use a single AZ
// ASG ... or an ASG-per-AZ while enabling --balance-similar-node-groups"
// (https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md,
// "Common Notes and Gotchas"). The seed's eksctl counts stay the pool's totals, to the number.
import { strict as assert } from "assert";
import { ProgramRun, RecordedResource } from "../harness/run";
import { splitAcrossGroups, zonalScalingConfigs } from "../clusters/eks/zonal-node-groups";
import { stackOptions, validStackRun } from "./support/runs";
import { onlyResource } from "./support/resources";
import { configProblems, settingsFor } from "./support/settings";
import { clusterCapacity, nodePoolTerms } from "../clusters/capacity";
import { checkCapacity } from "../workloads/capacity";

const nodeGroupType = "aws:eks/nodeGroup:NodeGroup";
const subnetType = "aws:ec2/subnet:Subnet";

interface ScalingConfig {
    desiredSize: number;
    minSize: number;
    maxSize: number;
}

function nodeGroups(run: ProgramRun): RecordedResource[] {
    return run.resources.filter((r) => r.type === nodeGroupType).sort((a, b) => a.name.localeCompare(b.name));
}

/** The zone IDs of a group's subnets, read from the subnets the program created. */
function groupZones(run: ProgramRun, group: RecordedResource): string[] {
    return (group.inputs.subnetIds as string[]).map((id) => {
        const subnet = onlyResource(run, subnetType, (s) => `${s.name}-id` === id);
        return subnet.inputs.availabilityZoneId as string;
    });
}

function sum(groups: RecordedResource[], key: keyof ScalingConfig): number {
    return groups.reduce((total, g) => total + (g.inputs.scalingConfig as ScalingConfig)[key], 0);
}

describe("EKS zonal node groups: the split of the pool's totals", () => {
    it("splits 10 over 3 groups as 4, 3, 3 and the seed's 3 as 1, 1, 1; each share sums to the total", () => {
        assert.deepEqual(splitAcrossGroups(10, 3), [4, 3, 3]);
        assert.deepEqual(splitAcrossGroups(3, 3), [1, 1, 1]);
        assert.deepEqual(splitAcrossGroups(6, 3), [2, 2, 2]);
        assert.deepEqual(splitAcrossGroups(8, 3), [3, 3, 2]);
        assert.deepEqual(splitAcrossGroups(1, 1), [1]);
        for (let total = 0; total <= 40; total++) {
            assert.equal(
                splitAcrossGroups(total, 3).reduce((a, b) => a + b, 0),
                total,
            );
        }
    });

    it("keeps min <= desired <= max in every group whenever the totals do (EKS refuses a group otherwise)", () => {
        // CreateNodegroup scalingConfig: minSize <= desiredSize <= maxSize, maxSize >= 1
        // (https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupScalingConfig.html).
        for (let min = 3; min <= 12; min++) {
            for (let max = min; max <= 12; max++) {
                for (let desired = min; desired <= max; desired++) {
                    for (const group of zonalScalingConfigs({ nodeCount: desired, minNodes: min, maxNodes: max }, 3)) {
                        assert.ok(group.minSize >= 1 && group.minSize <= group.desiredSize && group.desiredSize <= group.maxSize, JSON.stringify(group));
                    }
                }
            }
        }
    });
});

describe("EKS zonal node groups: the whole program", function () {
    this.timeout(60000);

    // The seed's eksctl production command: --nodes 3 --nodes-min 3 --nodes-max 10; staging 3 / 3 / 6.
    // Literals, not read from the sizing table.
    const expected = {
        production: { groups: 3, desired: 3, min: 3, max: 10, shares: [4, 3, 3] },
        staging: { groups: 3, desired: 3, min: 3, max: 6, shares: [2, 2, 2] },
    } as const;
    const clusterNames = { production: "atlasia-prod", staging: "atlasia-staging" } as const;

    for (const environment of ["production", "staging"] as const) {
        const want = expected[environment];
        const cluster = clusterNames[environment];

        it(`aws/${environment}: ${want.groups} groups, each in one private subnet of its own zone, sizes summing to ${want.desired}/${want.min}/${want.max}`, async () => {
            const run = await validStackRun(stackOptions("aws", environment));
            const groups = nodeGroups(run);
            assert.deepEqual(
                groups.map((g) => g.name),
                Array.from({ length: want.groups }, (_, i) => `${cluster}-workers-${i}`),
            );
            groups.forEach((group, i) => {
                assert.deepEqual(group.inputs.subnetIds, [`${cluster}-private-${i}-id`], "one subnet per group, group i in private subnet i");
                assert.equal(group.inputs.nodeGroupNamePrefix, `standard-workers-${i}-`);
            });
            const zones = groups.map((g) => groupZones(run, g));
            for (const groupZone of zones) assert.equal(groupZone.length, 1);
            // The mocked region's eligible zones, one per group.
            assert.deepEqual(zones.flat(), ["use1-az1", "use1-az2", "use1-az4"]);
            assert.deepEqual(
                groups.map((g) => (g.inputs.scalingConfig as ScalingConfig).maxSize),
                want.shares,
            );
            assert.equal(sum(groups, "desiredSize"), want.desired);
            assert.equal(sum(groups, "minSize"), want.min);
            assert.equal(sum(groups, "maxSize"), want.max);
            for (const group of groups) assert.ok((group.inputs.scalingConfig as ScalingConfig).minSize >= 1, "no zone's group may scale to zero");
        });
    }

    // Development stacks deployed before the zonal groups have one group over all three private
    // subnets, and their node (with the PostgreSQL and Prometheus volumes) in whichever zone it started.
    // A group moved to one subnet would strand a volume of another zone, so the group stays as on
    // main (`git show main:clusters/eks/node-group.ts`): same URN, same inputs, nothing replaced.
    it("aws/development keeps the single group of before the zonal groups: same URN, name prefix, all private subnets, 1/1/1", async () => {
        const run = await validStackRun(stackOptions("aws", "development"));
        const [group, ...others] = nodeGroups(run);
        assert.equal(others.length, 0);
        assert.match(group.urn, /::atlasia:cluster:EksCluster\$aws:eks\/nodeGroup:NodeGroup::atlasia-dev-workers$/);
        assert.equal(group.inputs.nodeGroupNamePrefix, "standard-workers-");
        assert.deepEqual(group.inputs.subnetIds, ["atlasia-dev-private-0-id", "atlasia-dev-private-1-id", "atlasia-dev-private-2-id"]);
        assert.deepEqual(group.inputs.scalingConfig, { desiredSize: 1, minSize: 1, maxSize: 1 });
    });

    // A version or launch-template change rolls every group; in parallel (maxUnavailable 1 each) a node
    // of every zone drains at once, and with one CloudNativePG instance per zone the PodDisruptionBudgets
    // hold the drains until EKS fails with PodEvictionFailure after 15 minutes
    // (https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html, "Upgrade phase").
    // Each group waits for the one before it, so the zones roll one at a time.
    it("chains the zonal groups: group i depends on group i-1 and on no later group", async () => {
        for (const environment of ["production", "staging"] as const) {
            const groups = nodeGroups(await validStackRun(stackOptions("aws", environment)));
            assert.equal(groups.length, 3);
            groups.forEach((group, i) => {
                const onGroups = groups.filter((other) => group.dependencies.includes(other.urn)).map((other) => other.name);
                assert.deepEqual(onGroups, i === 0 ? [] : [groups[i - 1].name], `${group.name} depends on ${onGroups.join(", ")}`);
            });
        }
    });

    it("every group has the same shape, launch template, role, labels and update rules", async () => {
        const run = await validStackRun(stackOptions("aws", "production"));
        const [first, ...others] = nodeGroups(run);
        const shared = (g: RecordedResource) => {
            // What differs by design: the subnet (zone), the name prefix and the share of the counts.
            const rest = Object.fromEntries(Object.entries(g.inputs).filter(([key]) => !["subnetIds", "nodeGroupNamePrefix", "scalingConfig"].includes(key)));
            // The subnet differs, and the previous group in the chain (tested above).
            const dependencies = g.dependencies.filter((urn) => !urn.includes(`$${subnetType}::`) && !urn.includes(`$${nodeGroupType}::`)).sort();
            return { inputs: rest, ignoreChanges: g.ignoreChanges, replaceOnChanges: g.replaceOnChanges, dependencies };
        };
        assert.equal(others.length, 2);
        for (const group of others) assert.deepEqual(shared(group), shared(first));
    });

    it("the add-ons that run on nodes wait for every group, and so does the cluster's nodesReady", async () => {
        const run = await validStackRun(stackOptions("aws", "production"));
        const groupUrns = nodeGroups(run).map((g) => g.urn);
        for (const addon of ["coredns", "metrics-server", "aws-ebs-csi-driver"]) {
            const resource = onlyResource(run, "aws:eks/addon:Addon", `atlasia-prod-${addon}`);
            for (const urn of groupUrns) assert.ok(resource.dependencies.includes(urn), `${addon} does not wait for ${urn}`);
        }
        // The application namespace's workloads come after nodesReady (clusters/contract.ts).
        const ingress = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "ingress-nginx");
        assert.ok(ingress);
        for (const urn of groupUrns) assert.ok(ingress.dependencies.includes(urn), `ingress-nginx does not wait for ${urn}`);
    });
});

describe("EKS zonal node groups: the capacity check works on the totals", function () {
    this.timeout(30000);

    it("counts the seed's 3-10 nodes (production) and 3-6 (staging), the sums of the groups, and names the groups", async () => {
        for (const [environment, min, max] of [
            ["production", 3, 10],
            ["staging", 3, 6],
        ] as const) {
            const settings = await settingsFor(stackOptions("aws", environment));
            const capacity = clusterCapacity(settings);
            assert.deepEqual([capacity.minNodes, capacity.maxNodes], [min, max]);
            assert.match(nodePoolTerms(settings).description, new RegExp(`, ${min}-${max} nodes in 3 zonal node groups\\)$`));
            assert.deepEqual(checkCapacity(settings), [], "the committed sizes fit without warnings");
        }
    });
});

describe("EKS zonal node groups: counts below one node per zone", function () {
    this.timeout(30000);

    it("refuses a production minimum of 2 (a zone's group at 0), with the command that sets 3", async () => {
        const base = stackOptions("aws", "production");
        const problems = await configProblems({ ...base, set: { ...base.set, "atlasia:nodeMinCount": "2", "atlasia:nodeCount": "2" } });
        const zonal = problems.filter((p) => /one node group per zone/.test(p.message));
        assert.deepEqual(
            zonal.map((p) => ({ key: p.key, fix: p.fix })),
            [
                { key: "atlasia:nodeMinCount", fix: "pulumi config set --stack production atlasia:nodeMinCount 3" },
                { key: "atlasia:nodeCount", fix: "pulumi config set --stack production atlasia:nodeCount 3" },
            ],
        );
        assert.match(zonal[0].message, /^2 is below 3: EKS production runs one node group per zone \(3\), each with at least one node/);
    });

    it("lets development keep its one node (one group)", async () => {
        assert.deepEqual(await configProblems(stackOptions("aws", "development")), []);
    });
});

// CloudNativePG with more than one instance requires a zone per instance (podAntiAffinityType
// "required" on topology.kubernetes.io/zone, workloads/database/cloudnativepg.ts;
// https://cloudnative-pg.io/documentation/current/scheduling/). Two configured zones give the subnets
// [A, B, A] (clusters/eks/network.ts), so production's third instance would stay Pending.
describe("EKS zones: one per CloudNativePG instance", function () {
    this.timeout(30000);
    const key = "atlasia:awsAvailabilityZoneIds";

    it("refuses two zones for production's three instances, with the command that lists a third", async () => {
        const base = stackOptions("aws", "production");
        const problems = await configProblems({ ...base, set: { ...base.set, [key]: '["use1-az1","use1-az2"]' } });
        assert.deepEqual(problems, [
            {
                key,
                message:
                    "2 zones for 3 CloudNativePG instances: each instance needs a zone of its own (required zone anti-affinity), " +
                    "so 1 would never be scheduled; add a zone.",
                fix:
                    `pulumi config rm --stack production ${key} && pulumi config set --stack production --path '${key}[0]' use1-az1 && ` +
                    `pulumi config set --stack production --path '${key}[1]' use1-az2 && ` +
                    `pulumi config set --stack production --path '${key}[2]' '<zone-id of us-east-1>'`,
            },
        ]);
    });

    it("takes three zones in production, and two for staging's one instance or the StatefulSet", async () => {
        const production = stackOptions("aws", "production");
        const staging = stackOptions("aws", "staging");
        const twoZones = '["use1-az1","use1-az2"]';
        assert.deepEqual(await configProblems({ ...production, set: { ...production.set, [key]: '["use1-az1","use1-az2","use1-az4"]' } }), []);
        assert.deepEqual(await configProblems({ ...staging, set: { ...staging.set, [key]: twoZones } }), []);
        assert.deepEqual(
            await configProblems({
                ...staging,
                set: { ...staging.set, [key]: twoZones, "atlasia:databaseEngine": "statefulset", "atlasia:databaseInstances": "3" },
            }),
            [],
        );
        // Staging with three instances on two zones is refused too.
        const refused = await configProblems({ ...staging, set: { ...staging.set, [key]: twoZones, "atlasia:databaseInstances": "3" } });
        assert.deepEqual(
            refused.map((p) => p.key),
            [key],
        );
    });
});
