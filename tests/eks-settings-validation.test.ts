// The EKS-only settings (config/aws.ts) at their edges: the `aws:` provider keys passed on or refused,
// the VPC range from /16 to /20, two or three distinct zones, air-gapped partitions, the minor-only
// Kubernetes version with a Cluster Autoscaler release, and the administrator EKS needs. Each problem
// is asserted whole, with the command an operator pastes, and every problem of a stack comes at once.
import { strict as assert } from "assert";
import { awsPartition } from "../config/aws";
import { ConfigProblem } from "../config/reader";
import { configProblems, settingsFor } from "./support/settings";
import { stackOptions, withConfig } from "./support/runs";
import type { RunOptions } from "../harness/run";

/** The committed staging stack on aws (the mock deployer listed as administrator), with extra keys. */
function awsStaging(set: Record<string, string> = {}): RunOptions {
    return withConfig(stackOptions("aws", "staging"), set);
}

const removeFix = (fullKey: string) => `pulumi config rm --stack staging ${fullKey}`;

async function assertProblems(options: RunOptions, expected: ConfigProblem[]): Promise<void> {
    assert.deepEqual(await configProblems(options), expected);
}

describe("EKS settings: the aws: provider keys", function () {
    this.timeout(30000);

    // An explicit provider reads no stack config, so each key is passed on or refused:
    // https://www.pulumi.com/registry/packages/aws/installation-configuration/
    it("refuses an unknown key and a refused key together, each with the command that removes it", async () => {
        await assertProblems(awsStaging({ "aws:profiel": "atlasia", "aws:insecure": "true" }), [
            { key: "aws:profiel", message: "is not a setting of the AWS provider 7.x.", fix: removeFix("aws:profiel") },
            {
                key: "aws:insecure",
                message: "is not passed to the program's AWS provider: turns off TLS verification of every AWS API call.",
                fix: removeFix("aws:insecure"),
            },
        ]);
    });

    it("refuses a list of roles that is not one, quoting the value as given (also an empty one); the fix sets a role, never removes the key", async () => {
        const role = "arn:aws:iam::123456789012:role/deployer";
        const roleFix = (value: string) =>
            `pulumi config rm --stack staging aws:assumeRoles && pulumi config set --stack staging --path 'aws:assumeRoles[0].roleArn' ${value}`;
        await assertProblems(awsStaging({ "aws:assumeRoles": role }), [
            { key: "aws:assumeRoles", message: `must be a list of objects as the AWS provider documents it, got "${role}".`, fix: roleFix(role) },
        ]);
        await assertProblems(awsStaging({ "aws:assumeRoles": "" }), [
            { key: "aws:assumeRoles", message: 'must be a list of objects as the AWS provider documents it, got "".', fix: roleFix("'<IAM role ARN>'") },
        ]);
    });

    it("passes a setting whose value happens to equal the region, and skips only aws:region itself", async () => {
        const settings = await settingsFor(awsStaging({ "aws:stsRegion": "us-east-1", "aws:region": "us-east-1" }));
        assert.deepEqual(settings.aws.provider, { stsRegion: "us-east-1" });
    });

    it("accepts an empty aws:assumeRoles, leaving the kubeconfig without a role", async () => {
        const settings = await settingsFor(awsStaging({ "aws:assumeRoles": "[]" }));
        assert.deepEqual(settings.aws.provider, { assumeRoles: [] });
        assert.equal(settings.aws.kubeconfigAuth.roleArn, undefined);
    });
});

describe("EKS settings: network", function () {
    this.timeout(30000);

    const vpcProblem = (cidr: string): ConfigProblem => ({
        key: "atlasia:awsVpcCidr",
        message: `"${cidr}" is not an IPv4 CIDR from /16 to /20.`,
        fix: "pulumi config set --stack staging atlasia:awsVpcCidr 10.0.0.0/16",
    });

    // EC2 takes /16 to /28 (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html);
    // the program keeps /20 as its smallest, so the eight carved subnets are /23 (512 addresses) or larger.
    it("takes a VPC range from /16 to /20 and refuses one bit beyond either end, or no prefix at all", async () => {
        for (const cidr of ["10.0.0.0/16", "10.0.16.0/20"]) await assertProblems(awsStaging({ awsVpcCidr: cidr }), []);
        for (const cidr of ["10.0.0.0/15", "10.0.16.0/21", "10.0.0.0"]) await assertProblems(awsStaging({ awsVpcCidr: cidr }), [vpcProblem(cidr)]);
    });

    // EKS needs subnets in at least two Availability Zones:
    // https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html
    it("takes two or three distinct zones and refuses one, four, or a zone listed twice; the fix keeps the zones that fit", async () => {
        const key = "atlasia:awsAvailabilityZoneIds";
        const rule =
            "list two or three different zones: EKS needs subnets in at least two (https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html).";
        const fix = (...zones: string[]) =>
            [`pulumi config rm --stack staging ${key}`, ...zones.map((z, i) => `pulumi config set --stack staging --path '${key}[${i}]' ${z}`)].join(" && ");
        for (const zones of [[], ["use1-az1", "use1-az2"], ["use1-az1", "use1-az2", "use1-az4"]]) {
            await assertProblems(awsStaging({ awsAvailabilityZoneIds: JSON.stringify(zones) }), []);
        }
        // One zone: a second is added for the operator to fill in.
        await assertProblems(awsStaging({ awsAvailabilityZoneIds: '["use1-az1"]' }), [
            { key, message: rule, fix: fix("use1-az1", "'<zone-id of us-east-1>'") },
        ]);
        // Four: the fourth is dropped.
        await assertProblems(awsStaging({ awsAvailabilityZoneIds: '["use1-az1","use1-az2","use1-az4","use1-az5"]' }), [
            { key, message: `"use1-az5" is one zone too many: ${rule}`, fix: fix("use1-az1", "use1-az2", "use1-az4") },
        ]);
        // One zone twice: the repeat dropped and a second zone added, in the one command both problems print.
        const twice = fix("use1-az1", "'<zone-id of us-east-1>'");
        await assertProblems(awsStaging({ awsAvailabilityZoneIds: '["use1-az1","use1-az1"]' }), [
            { key, message: '"use1-az1" is listed twice.', fix: twice },
            { key, message: rule, fix: twice },
        ]);
        // One zone, and not a zone ID: replaced, and a second added, again in one command.
        const two = fix("'<zone-id of us-east-1>'", "'<zone-id of us-east-1>'");
        await assertProblems(awsStaging({ awsAvailabilityZoneIds: '["us-east-1a"]' }), [
            {
                key,
                message: '"us-east-1a" is not an Availability Zone ID such as use1-az1 (zone IDs, not names: they are the same in every account).',
                fix: two,
            },
            { key, message: rule, fix: two },
        ]);
        // AWS's format: region code letters and number, "-az", then a number (aws-availability-zones.html):
        // a number of two digits is one; anything after it is not.
        for (const zones of [["use1-az10", "use1-az2"]]) await assertProblems(awsStaging({ awsAvailabilityZoneIds: JSON.stringify(zones) }), []);
        await assertProblems(awsStaging({ awsAvailabilityZoneIds: '["use1-az1b","use1-az2"]' }), [
            {
                key,
                message: '"use1-az1b" is not an Availability Zone ID such as use1-az1 (zone IDs, not names: they are the same in every account).',
                fix: fix("'<zone-id of us-east-1>'", "use1-az2"),
            },
        ]);
        // A zone ID with anything before it is no zone ID either.
        const prefixed = fix("'<zone-id of us-east-1>'", "use1-az2");
        await assertProblems(awsStaging({ awsAvailabilityZoneIds: '["x-use1-az1","use1-az2"]' }), [
            {
                key,
                message: '"x-use1-az1" is not an Availability Zone ID such as use1-az1 (zone IDs, not names: they are the same in every account).',
                fix: prefixed,
            },
        ]);
    });

    // The zones where EKS cannot place a control plane, by ID: use1-az3 (us-east-1), usw1-az2 (us-west-1)
    // and cac1-az3 (ca-central-1), as config/aws.ts lists them from https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html;
    // CreateCluster fails there with UnsupportedAvailabilityZoneException (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html).
    it("refuses each zone EKS cannot place a control plane in, in its own region, with a zone of that region to fill in", async () => {
        const key = "atlasia:awsAvailabilityZoneIds";
        for (const [region, unsupported, other] of [
            ["us-east-1", "use1-az3", "use1-az1"],
            ["us-west-1", "usw1-az2", "usw1-az1"],
            ["ca-central-1", "cac1-az3", "cac1-az1"],
        ]) {
            await assertProblems(awsStaging({ region, awsAvailabilityZoneIds: JSON.stringify([other, unsupported]) }), [
                {
                    key,
                    message: `EKS cannot place a control plane in ${unsupported}; choose another zone.`,
                    fix: `pulumi config rm --stack staging ${key} && pulumi config set --stack staging --path '${key}[0]' ${other} && pulumi config set --stack staging --path '${key}[1]' '<zone-id of ${region}>'`,
                },
            ]);
        }
    });

    // Air-gapped partitions (aws-iso*) cannot reach public registries:
    // https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html
    it("refuses an air-gapped region (aws-iso, aws-iso-b, aws-iso-e, aws-iso-f), naming a commercial one", async () => {
        // us-isoe-west-1: an isolated region's shape the partition table does not know yet.
        for (const region of ["us-iso-east-1", "us-isob-east-1", "eu-isoe-west-1", "us-isof-south-1", "us-isoe-west-1"]) {
            await assertProblems(awsStaging({ region }), [
                {
                    key: "atlasia:region",
                    message: `"${region}" is in an air-gapped partition (aws-iso*), where the public Helm repositories and image registries the add-ons come from are unreachable.`,
                    fix: "pulumi config set --stack staging atlasia:region us-east-1",
                },
            ]);
        }
    });
});

describe("AWS partitions: each region's, as the AWS SDKs' partitions.json matches region names (regionRegex)", () => {
    // e.g. aws-sdk-js-v3 packages/util-endpoints/src/lib/aws/partitions.json: ^cn\-\w+\-\d+$, ^us\-gov\-…, ^us\-iso\-…,
    // ^us\-isob\-…, ^eu\-isoe\-…, ^us\-isof\-…, ^eusc\-(de)\-…; the commercial partition takes the rest.
    const regions: [string, string][] = [
        ["us-east-1", "aws"],
        ["eu-central-1", "aws"],
        ["il-central-1", "aws"],
        ["mx-central-1", "aws"],
        ["cn-north-1", "aws-cn"],
        ["cn-northwest-1", "aws-cn"],
        ["us-gov-west-1", "aws-us-gov"],
        ["us-iso-east-1", "aws-iso"],
        ["us-isob-east-1", "aws-iso-b"],
        ["eu-isoe-west-1", "aws-iso-e"],
        ["us-isof-south-1", "aws-iso-f"],
        ["eusc-de-east-1", "aws-eusc"],
        ["eusc-fr-south-1", "aws-eusc"], // a later country's region: the SDKs' regex names only de today
    ];
    for (const [region, partition] of regions) {
        it(`${region} is in ${partition}`, () => assert.equal(awsPartition(region), partition));
    }
});

describe("EKS settings: Kubernetes version and administrators", function () {
    this.timeout(30000);

    // CreateCluster takes major.minor only: https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html
    it("refuses a patch version of any length, naming its minor", async () => {
        await assertProblems(awsStaging({ kubernetesVersion: "1.33.10" }), [
            {
                key: "atlasia:kubernetesVersion",
                message: 'EKS takes a minor version only ("1.33.10" has a patch): https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html',
                fix: "pulumi config set --stack staging atlasia:kubernetesVersion 1.33",
            },
        ]);
    });

    it("refuses a minor without a Cluster Autoscaler release, naming the newest known", async () => {
        // Written out from clusters/addons/cluster-autoscaler.ts's releases (kubernetes/autoscaler tags v1.32.5 .. v1.35.1).
        await assertProblems(awsStaging({ kubernetesVersion: "1.31" }), [
            {
                key: "atlasia:kubernetesVersion",
                message: "1.31 has no Cluster Autoscaler release in clusters/addons/cluster-autoscaler.ts (known: 1.32, 1.33, 1.34, 1.35).",
                fix: "pulumi config set --stack staging atlasia:kubernetesVersion 1.35",
            },
        ]);
    });

    it("reports a malformed version once, with one fix, not also as an EKS version", async () => {
        await assertProblems(awsStaging({ kubernetesVersion: "v1.33.1" }), [
            {
                key: "atlasia:kubernetesVersion",
                message: '"v1.33.1" is not a Kubernetes version such as 1.33.',
                fix: "pulumi config set --stack staging atlasia:kubernetesVersion 1.33",
            },
        ]);
    });

    // With bootstrapClusterCreatorAdminPermissions off only access entries grant access:
    // https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
    it("refuses a cluster without any administrator, with placeholders for the CI and break-glass roles (never an example ARN)", async () => {
        await assertProblems(awsStaging({ clusterAdmins: "[]" }), [
            {
                key: "atlasia:clusterAdmins",
                message:
                    "EKS gets no administrator at all: list the IAM roles of CI (the identity running pulumi up) and a break-glass role, " +
                    "or set clusterAdminIncludeDeployer=true. Without one, this deployment itself cannot install the add-ons.",
                fix:
                    "pulumi config rm --stack staging atlasia:clusterAdmins && pulumi config set --stack staging --path 'atlasia:clusterAdmins[0]' '<IAM role ARN of CI>' && " +
                    "pulumi config set --stack staging --path 'atlasia:clusterAdmins[1]' '<IAM role ARN for break-glass>'",
            },
        ]);
        await assertProblems(awsStaging({ clusterAdmins: "[]", clusterAdminIncludeDeployer: "true" }), []);
    });
});
