// AWS's rules for the names and tags the program creates on EKS stacks. Names the program leaves
// unset are auto-named by Pulumi from the logical name (see `autoNameSuffix` in rule.ts).
import { MapRule, NameRule, PlatformRule, TextRule } from "./rule";

/** Pulumi's auto-name: the logical name plus "-" and 7 random characters (pulumi-terraform-bridge AutoName, NewUniqueHex). */
const pulumiAutoName = 8;

/** IAM names: alphanumerics and +=,.@_- (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). */
const iamName = (maxLength: number): TextRule => ({ maxLength, minLength: 1, pattern: /^[\w+=,.@-]+$/, describe: "letters, digits and +=,.@_-" });

/**
 * Tags on every AWS resource: keys 1-128 and values 0-256 Unicode characters of letters, digits,
 * spaces and _.:/=+-@ (tag-editor tag-conventions); `aws:` in any case is reserved as a prefix of
 * keys and values (batch tag-restrictions; awsdocs/amazon-ecs-developer-guide#72: not only lower case).
 */
const tagKey: TextRule = {
    maxLength: 128,
    minLength: 1,
    pattern: /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/iu,
    describe: "letters, digits, spaces and _.:/=+-@, not starting with aws: (in any case)",
};
const tagValue: TextRule = {
    maxLength: 256,
    pattern: /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/iu,
    describe: "letters, digits, spaces and _.:/=+-@, not starting with aws: (in any case)",
};
const tagSource =
    "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions, https://docs.amazonaws.cn/en_us/batch/latest/userguide/tag-restrictions.md (at most 50 user tags per resource)";

function tagRule(id: string, what: string, resourceType: string, property: string): MapRule {
    return { id, kind: "map", what, resourceType, property, key: tagKey, value: tagValue, maxEntries: 50, source: tagSource };
}

/**
 * Where the program's tags are: the provider's defaultTags (the stack's tags, which reach every
 * resource), the launch template's copy of them for the instances, and the resources' own (Name, and
 * the subnets' load balancer roles).
 */
const tagRules: MapRule[] = [
    tagRule("aws.provider.defaultTags", "AWS default tag", "pulumi:providers:aws", "defaultTags.tags"),
    ...[
        ["aws:ec2/launchTemplate:LaunchTemplate", "tagSpecifications.0.tags"],
        ["aws:ec2/vpc:Vpc", "tags"],
        ["aws:ec2/subnet:Subnet", "tags"],
        ["aws:ec2/eip:Eip", "tags"],
        ["aws:ec2/natGateway:NatGateway", "tags"],
        ["aws:ec2/routeTable:RouteTable", "tags"],
    ].map(([resourceType, property]) => {
        const type = resourceType.split(":").pop();
        return tagRule(`aws.tags.${type}`, `${type} ${property}`, resourceType, property);
    }),
];

/** S3 bucket names from a prefix: the provider appends a 26-character unique suffix (bucket_prefix at most 37). */
export const s3BucketPrefixRule: NameRule = {
    id: "aws.s3.bucket.bucketPrefix",
    kind: "name",
    what: "S3 bucket name",
    resourceType: "aws:s3/bucket:Bucket",
    property: "bucketPrefix",
    // The reserved suffixes (-s3alias, --ol-s3, ...) and the IP-address form cannot occur: the suffix ends the name.
    providerSuffix: 26,
    text: {
        maxLength: 63,
        minLength: 3,
        pattern: /^(?!xn--|sthree-|amzn-s3-demo-)(?!.*\.\.)[a-z0-9][-a-z0-9.]*$/,
        describe:
            "lower-case letters, digits, '.' and '-', starting with a letter or digit, without '..' or the reserved prefixes xn--, sthree- and amzn-s3-demo-",
    },
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html, https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket#bucket_prefix",
};

const nameRules: NameRule[] = [
    {
        id: "aws.eks.cluster.name",
        kind: "name",
        what: "EKS cluster name",
        resourceType: "aws:eks/cluster:Cluster",
        property: "name",
        text: {
            maxLength: 100,
            minLength: 1,
            pattern: /^[0-9A-Za-z][A-Za-z0-9_-]*$/,
            describe: "letters, digits, '-' and '_', starting with a letter or digit",
        },
        source: "https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html (name: 1-100, ^[0-9A-Za-z][A-Za-z0-9\\-_]*)",
    },
    {
        id: "aws.eks.nodeGroup.namePrefix",
        kind: "name",
        what: "EKS node group name",
        resourceType: "aws:eks/nodeGroup:NodeGroup",
        property: "nodeGroupNamePrefix",
        // The provider appends a 26-character unique suffix to the prefix (id.PrefixedUniqueId).
        providerSuffix: 26,
        text: {
            maxLength: 63,
            minLength: 1,
            pattern: /^[0-9A-Za-z][A-Za-z0-9_-]*$/,
            describe: "letters, digits, '-' and '_', starting with a letter or digit",
        },
        source: "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/eks/node_group.go (node_group_name 1-63, name_prefix 1-37)",
    },
    s3BucketPrefixRule,
    {
        id: "aws.iam.role.name",
        kind: "name",
        what: "IAM role name",
        resourceType: "aws:iam/role:Role",
        property: "name",
        autoNameSuffix: pulumiAutoName,
        text: iamName(64),
        source: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (RoleName: 1-64, [\\w+=,.@-]+)",
    },
    {
        id: "aws.iam.rolePolicy.name",
        kind: "name",
        what: "IAM inline policy name",
        resourceType: "aws:iam/rolePolicy:RolePolicy",
        property: "name",
        autoNameSuffix: pulumiAutoName,
        text: iamName(128),
        source: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html (PolicyName: 1-128, [\\w+=,.@-]+)",
    },
    {
        id: "aws.ec2.launchTemplate.name",
        kind: "name",
        what: "EC2 launch template name",
        resourceType: "aws:ec2/launchTemplate:LaunchTemplate",
        property: "name",
        autoNameSuffix: pulumiAutoName,
        text: { maxLength: 128, minLength: 3, pattern: /^[a-zA-Z0-9().\-/_]+$/, describe: "letters, digits and ().-/_" },
        source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplate.html (LaunchTemplateName: 3-128, [a-zA-Z0-9\\(\\)\\.\\-/_]+)",
    },
    {
        id: "aws.logs.logGroup.name",
        kind: "name",
        what: "CloudWatch log group name",
        resourceType: "aws:cloudwatch/logGroup:LogGroup",
        property: "name",
        text: { maxLength: 512, minLength: 1, pattern: /^[.\-_/#A-Za-z0-9]+$/, describe: "letters, digits and ._-/#" },
        source: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html (logGroupName: 1-512, [\\.\\-_/#A-Za-z0-9]+)",
    },
];

export const awsRules: PlatformRule[] = [...nameRules, ...tagRules];
