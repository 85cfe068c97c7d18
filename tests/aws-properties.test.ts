// Property: every generated EKS configuration is either refused by configuration (before any
// resource) or produces names and tags inside AWS's rules (clusters/platform-rules/aws.ts).
// Longest allowed names, every environment, several region shapes (commercial, GovCloud, China,
// air-gapped), x86 and Graviton machine families, versions, VPC ranges, zones and administrators.
import { strict as assert } from "assert";
import fc from "fast-check";
import { assertStacksObeyPlatformRules, GeneratedStack, propertyRunsPerCloud } from "./support/property-runs";
import { platformRuleViolations } from "./support/platform-rules";
import { awsRules } from "../clusters/platform-rules/aws";
import { ruleViolations } from "../clusters/platform-rules/rule";

const letters = "abcdefghijklmnopqrstuvwxyz";

/** Mostly valid values, some invalid ones: each invalid shape is reached, yet most stacks deploy. */
function mostly<T>(valid: T[], invalid: T[]): fc.Arbitrary<T> {
    return fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...invalid) });
}
const nameChars = `${letters}0123456789-`;

/** Cluster names around the 40-character limit, valid or not. */
const clusterName = fc.oneof(
    fc
        .tuple(fc.constantFrom(...letters), fc.string({ unit: fc.constantFrom(...nameChars), minLength: 30, maxLength: 44 }))
        .map(([first, rest]) => `${first}${rest}`.replace(/-+$/, "x")),
    mostly(["atlasia-prod", "a", "x".repeat(40)], ["Atlasia", "9lives", "ends-"]),
);

/** Region shapes: commercial, GovCloud, China, and an air-gapped ISO region (refused). */
const region = mostly(["us-east-1", "us-west-2", "eu-central-1", "ap-southeast-2", "me-central-1", "us-gov-west-1", "cn-north-1"], ["us-iso-east-1"]);

/** Known x86 shapes, and Graviton or other families that need their shape in config. */
const machine = fc.oneof(
    fc.constantFrom("t3.large", "t3.xlarge", "t3.2xlarge", "m6i.xlarge", "m6i.2xlarge").map((type) => ({ nodeMachineType: type })),
    fc
        .constantFrom("m7g.xlarge", "c6gn.2xlarge", "t4g.xlarge", "r8g.2xlarge", "m7i.2xlarge")
        .map((type) => ({ nodeMachineType: type, nodeCpus: type.includes("2xlarge") ? "8" : "4", nodeMemoryGib: type.includes("2xlarge") ? "32" : "16" })),
);

const admins = mostly<Record<string, string>>(
    [{ clusterAdmins: '["arn:aws:iam::123456789012:role/ci-deployer","arn:aws:iam::123456789012:role/break-glass"]' }, { clusterAdminIncludeDeployer: "true" }],
    [{}],
); // no administrator: refused on EKS

const awsStacks: fc.Arbitrary<GeneratedStack> = fc
    .record({
        stack: fc.constantFrom("dev", "staging", "production"),
        clusterName: fc.option(clusterName, { nil: undefined }),
        region,
        machine,
        admins,
        kubernetesVersion: mostly([undefined, "1.32", "1.33", "1.34", "1.35"], ["1.33.1", "1.36"]),
        awsVpcCidr: mostly([undefined, "10.0.0.0/16", "172.20.0.0/20", "10.8.0.0/18"], ["10.0.5.0/16"]),
        awsAvailabilityZoneIds: mostly([undefined, '["use1-az1","use1-az2"]', '["use1-az6","use1-az1","use1-az4"]'], ['["us-east-1a"]']),
        // Each access mode with the ranges it needs (config/cluster-access.ts); the committed production
        // stack lists ranges, so private and public clear them. Production must decide: unset without
        // ranges is refused there, and authorized without ranges everywhere.
        access: mostly<{ apiEndpointAccess?: string; apiAuthorizedCidrs: string }>(
            [
                { apiAuthorizedCidrs: '["203.0.113.0/24"]' },
                { apiEndpointAccess: "authorized", apiAuthorizedCidrs: '["203.0.113.0/24","198.51.100.0/24"]' },
                { apiEndpointAccess: "private", apiAuthorizedCidrs: "[]" },
                { apiEndpointAccess: "public", apiAuthorizedCidrs: "[]" },
            ],
            [{ apiAuthorizedCidrs: "[]" }, { apiEndpointAccess: "authorized", apiAuthorizedCidrs: "[]" }],
        ),
    })
    .map((g) => ({
        stack: g.stack,
        set: Object.fromEntries(
            Object.entries({
                cloud: "aws",
                clusterName: g.clusterName,
                region: g.region,
                ...g.machine,
                ...g.admins,
                kubernetesVersion: g.kubernetesVersion,
                awsVpcCidr: g.awsVpcCidr,
                awsAvailabilityZoneIds: g.awsAvailabilityZoneIds,
                ...g.access,
            }).filter((entry): entry is [string, string] => entry[1] !== undefined),
        ),
    }));

describe("AWS platform rules", () => {
    const rule = (id: string) => awsRules.find((r) => r.id === id)!;

    it("counts Pulumi's 8-character auto-name suffix against IAM's 64-character role names", () => {
        assert.deepEqual(ruleViolations(rule("aws.iam.role.name"), undefined, "a".repeat(56)), []);
        assert.match(
            ruleViolations(rule("aws.iam.role.name"), undefined, "a".repeat(57))[0],
            /65 characters \(with 8 appended by the provider\), over the limit of 64/,
        );
    });

    it("keeps node group name prefixes to 37 characters (63 with the provider's 26)", () => {
        assert.deepEqual(ruleViolations(rule("aws.eks.nodeGroup.namePrefix"), "a".repeat(37)), []);
        assert.equal(ruleViolations(rule("aws.eks.nodeGroup.namePrefix"), "a".repeat(38)).length, 1);
    });

    it("refuses tag keys with the reserved aws: prefix and values over 256 characters", () => {
        const tags = rule("aws.tags.Vpc");
        assert.deepEqual(ruleViolations(tags, { Name: "atlasia-vpc", "kubernetes.io/cluster/x": "shared" }), []);
        assert.equal(ruleViolations(tags, { "aws:owner": "x" }).length, 1);
        assert.equal(ruleViolations(tags, { owner: "x".repeat(257) }).length, 1);
    });

    it("finds a role name the program would make too long", () => {
        const run = { resources: [{ type: "aws:iam/role:Role", name: `${"c".repeat(40)}-cluster-autoscaler`, inputs: {} }] };
        assert.equal(platformRuleViolations(run as never).length, 1, "the name this program avoided by calling the role -autoscaler");
    });
});

describe("AWS configurations, generated (property)", function () {
    this.timeout(120000);

    it(`${propertyRunsPerCloud} generated EKS stacks are refused by config or obey every AWS rule`, async () => {
        // Which stacks deployed (the tally grows by one accepted run), to show the runs reach what the
        // header promises among deployed stacks: every environment in the commercial, GovCloud and
        // China partitions, every machine type, and cluster names at the 40-character limit.
        const deployed: GeneratedStack[] = [];
        const tally = await assertStacksObeyPlatformRules(awsStacks, propertyRunsPerCloud, (stack, accepted) => {
            if (accepted) deployed.push(stack);
        });
        for (const stack of ["dev", "staging", "production"]) {
            for (const region of ["us-east-1", "us-gov-west-1", "cn-north-1"]) {
                assert.ok(
                    deployed.some((g) => g.stack === stack && g.set.region === region),
                    `no ${stack} stack deployed in ${region}`,
                );
            }
        }
        for (const type of ["t3.xlarge", "m6i.2xlarge", "m7g.xlarge", "c6gn.2xlarge", "t4g.xlarge", "r8g.2xlarge", "m7i.2xlarge"]) {
            assert.ok(
                deployed.some((g) => g.set.nodeMachineType === type),
                `no ${type} node deployed`,
            );
        }
        assert.ok(
            deployed.some((g) => g.set.clusterName?.length === 40),
            "no 40-character cluster name deployed",
        );
        console.log(`      ${propertyRunsPerCloud} EKS stacks: ${tally.accepted} deployed, ${tally.rejected} refused by config`);
        assert.equal(tally.accepted + tally.rejected, propertyRunsPerCloud);
        // Not a generator of rejections only: a good share must deploy.
        assert.ok(tally.accepted >= propertyRunsPerCloud / 5, `only ${tally.accepted} of ${propertyRunsPerCloud} accepted`);
        assert.ok(tally.rejected >= propertyRunsPerCloud / 10, `only ${tally.rejected} rejected: the invalid shapes are not reached`);
    });
});
