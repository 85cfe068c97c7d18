// AWS-specific settings and checks for cloud=aws: the VPC range, the Availability Zones, the EKS
// Kubernetes version, the region's partition, the cluster's administrators, and the `aws:` stack
// settings that the program's explicit AWS provider must honour (it does not read them by itself).
import * as pulumi from "@pulumi/pulumi";
import { ConfigReader, ListElementProblem } from "./reader";
import { secretWhenStored } from "./stored-secret";
import { cidrPrefix } from "./cidr";
import { ClusterAccessSettings } from "./cluster-access";
import { clusterAutoscalerImageTags } from "../clusters/addons/cluster-autoscaler";

export interface AwsSettings {
    vpcCidr: string;
    /** Zone IDs chosen in config (2 or 3); empty: the region's first three eligible zones by zone ID. */
    availabilityZoneIds: string[];
    /** `aws:` stack settings passed to the explicit provider (credentials, account guards, endpoints); secret when stored secret. */
    provider: Record<string, unknown>;
    /** How `aws eks get-token` in the kubeconfig reaches the same identity as the provider. */
    kubeconfigAuth: { profile?: string; roleArn?: string };
}

/**
 * How an `aws:` setting the provider reads as JSON (`getObject` in @pulumi/aws config/vars.js; its
 * type in vars.d.ts) is checked, and what its fix sets when it is not that: a placeholder for the
 * operator (or the operator's one item, for a list), never a removal. A removed aws:assumeRoles or
 * aws:allowedAccountIds would leave the next `pulumi up` on the ambient credentials, in any account.
 */
type AwsJsonSetting =
    | { pass: "boolean" }
    | { pass: "number" }
    /** A list of strings; `digits`: items are account IDs, set with --type string so 12 digits stay a string. */
    | { pass: "list"; item: string; digits?: true }
    /**
     * An object, or a list of objects (`path` starting with [0]): the fix sets one property, `path` below
     * the key. `roleArn`: each object is a role to assume, which needs its ARN.
     */
    | { pass: "object"; path: string; placeholder: string; roleArn?: true };

const roleArn = { path: "[0].roleArn", placeholder: "<IAM role ARN>", roleArn: true } as const;

/** An AWS account ID is 12 digits. */
const accountIdsDoc = "https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html";
const accountId = /^\d{12}$/;

/**
 * Every `aws:` provider setting of @pulumi/aws 7.x (node_modules/@pulumi/aws/config/vars.d.ts) and
 * how it is handled. An explicit provider ignores stack config (only the default provider reads it),
 * so each one is passed on, or refused with the reason.
 */
export const awsProviderSettings: Record<string, { pass: "string" } | AwsJsonSetting | { refuse: string }> = {
    profile: { pass: "string" },
    sharedConfigFiles: { pass: "list", item: "<path>" },
    sharedCredentialsFiles: { pass: "list", item: "<path>" },
    assumeRoles: { pass: "object", ...roleArn },
    assumeRoleWithWebIdentity: { pass: "object", path: ".roleArn", placeholder: "<IAM role ARN>", roleArn: true },
    allowedAccountIds: { pass: "list", item: "<AWS account ID>", digits: true },
    forbiddenAccountIds: { pass: "list", item: "<AWS account ID>", digits: true },
    stsRegion: { pass: "string" },
    customCaBundle: { pass: "string" },
    ec2MetadataServiceEndpoint: { pass: "string" },
    ec2MetadataServiceEndpointMode: { pass: "string" },
    endpoints: { pass: "object", path: "[0].<service>", placeholder: "<endpoint URL>" },
    httpProxy: { pass: "string" },
    httpsProxy: { pass: "string" },
    noProxy: { pass: "string" },
    ignoreTags: { pass: "object", path: ".keys[0]", placeholder: "<tag key>" },
    maxRetries: { pass: "number" },
    retryMode: { pass: "string" },
    useFipsEndpoint: { pass: "boolean" },
    useDualstackEndpoint: { pass: "boolean" },
    skipCredentialsValidation: { pass: "boolean" },
    skipRequestingAccountId: { pass: "boolean" },
    skipMetadataApiCheck: { pass: "boolean" },
    skipRegionValidation: { pass: "boolean" },
    tokenBucketRateLimiterCapacity: { pass: "number" },
    userAgents: { pass: "list", item: "<user agent>" },
    s3UsePathStyle: { pass: "boolean" },
    s3UsEast1RegionalEndpoint: { pass: "string" },
    tagPolicyCompliance: { pass: "string" },
    insecure: { refuse: "turns off TLS verification of every AWS API call." },
    accessKey: { refuse: "long-lived keys do not belong in stack config: use aws:profile, aws:assumeRoles or the environment's credentials (OIDC in CI)." },
    secretKey: { refuse: "long-lived keys do not belong in stack config: use aws:profile, aws:assumeRoles or the environment's credentials (OIDC in CI)." },
    token: { refuse: "a session token expires within hours: use aws:profile, aws:assumeRoles or the environment's credentials." },
    region: {
        refuse: "the program's provider uses atlasia:region (the region check and the kubeconfig read it); set the same value in both, or remove aws:region.",
    },
    defaultTags: { refuse: "the program tags every resource itself (project, environment, stack, managed-by)." },
};

/**
 * The partitions other than the commercial one (aws), each with the prefix of its region names, as the AWS
 * SDKs' partitions.json gives them (regionRegex; e.g. aws-sdk-js-v3 packages/util-endpoints/src/lib/aws/partitions.json;
 * https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html). Partitions
 * share no IAM, so a node role reads ECR in its own only. The air-gapped ones (aws-iso*) cannot reach the
 * public Helm repositories and registries the add-ons install from; GovCloud and China work (every ARN is
 * built from the provider's partition, aws.getPartition).
 */
const partitionRegionPrefixes: [partition: string, prefix: string][] = [
    ["aws-cn", "cn-"],
    ["aws-us-gov", "us-gov-"],
    ["aws-iso", "us-iso-"],
    ["aws-iso-b", "us-isob-"],
    ["aws-iso-e", "eu-isoe-"],
    ["aws-iso-f", "us-isof-"],
    ["aws-eusc", "eusc-"],
];

/**
 * An air-gapped region: every isolated partition's regions are <area>-iso<letter?>-… (above), and a name of
 * that shape the table does not know yet is refused too, rather than taken for a commercial region.
 */
const airGappedRegion = /^[a-z]{2}-iso[a-z]?-/;

/** The partition of a region. */
export function awsPartition(region: string): string {
    return partitionRegionPrefixes.find(([, prefix]) => region.startsWith(prefix))?.[0] ?? "aws";
}

/** Zone IDs name the same physical zone in every account (use1-az1), unlike zone names. */
export const availabilityZoneIdPattern = /^[a-z]{2,5}\d-az\d+$/;
/**
 * A zone ID of the region, for the operator to fill in: never another region's IDs. AWS states the
 * format as the region code's first three letters and number (euw1-az1 in eu-west-1), yet
 * ap-northeast-1's are apne1-az*, and numbers have gaps; the program keeps no table of every region.
 * https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html
 */
export function zoneIdPlaceholder(region: string): string {
    return `<zone-id of ${region}>`;
}

/**
 * Zone IDs where EKS cannot place a control plane (eksctl skips them too).
 * https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html (subnet requirements)
 */
export const eksUnsupportedZoneIds = ["use1-az3", "usw1-az2", "cac1-az3"];

/** An IPv4 address as a number, and back. */
export function ipv4ToNumber(address: string): number {
    return address.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
}
export function numberToIpv4(value: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** The network address of an IPv4 CIDR (10.0.5.0/16 -> 10.0.0.0/16). */
export function maskCidr(cidr: string): string {
    const [address, prefix] = cidr.split("/");
    const size = 2 ** (32 - Number(prefix));
    return `${numberToIpv4(Math.floor(ipv4ToNumber(address) / size) * size)}/${prefix}`;
}

/** A JSON setting's value when it has its kind; else undefined, its problem reported with a fix that keeps the key set. */
function jsonSetting(read: ConfigReader, fullKey: string, raw: string, setting: AwsJsonSetting): unknown {
    let parsed: unknown = raw;
    try {
        parsed = JSON.parse(raw);
    } catch {
        // not JSON: the text as written
    }
    const got = `got ${JSON.stringify(raw)}`;
    const isObject = (value: unknown) => typeof value === "object" && value !== null && !Array.isArray(value);
    // An item written without brackets (one account ID, one role ARN) is kept in the fix.
    const single = typeof parsed === "string" || typeof parsed === "number" ? String(parsed).trim() : "";
    switch (setting.pass) {
        case "boolean":
            if (typeof parsed === "boolean") return parsed;
            read.foreignProblem(fullKey, `"${raw}" is not true or false.`, "<true or false>");
            return undefined;
        case "number":
            if (Number.isInteger(parsed) && (parsed as number) >= 0) return parsed;
            read.foreignProblem(fullKey, `"${raw}" is not a whole number.`, "<whole number>");
            return undefined;
        case "list": {
            const valid = (item: string) => !setting.digits || accountId.test(item);
            if (Array.isArray(parsed) && parsed.every((item) => typeof item === "string")) {
                if (parsed.every(valid)) return parsed;
                // Anything else in an account guard guards nothing the operator meant.
                const items = parsed.map((item) => (valid(item) ? item : setting.item));
                read.foreignListProblem(fullKey, `must list 12-digit AWS account IDs (${accountIdsDoc}), ${got}.`, items, true);
                return undefined;
            }
            const kept = single && valid(single) ? single : setting.item;
            read.foreignListProblem(fullKey, `must be a list of strings as the AWS provider documents it, ${got}.`, [kept], setting.digits);
            return undefined;
        }
        case "object": {
            const list = setting.path.startsWith("[");
            if (!(list ? Array.isArray(parsed) && parsed.every(isObject) : isObject(parsed))) {
                const what = list ? "a list of objects" : "an object";
                read.foreignObjectProblem(fullKey, `must be ${what} as the AWS provider documents it, ${got}.`, setting.path, single || setting.placeholder);
                return undefined;
            }
            // A role without its ARN is assumed by no one: the provider stays on the ambient credentials.
            // Only that property is set, the rest of the operator's roles (sessionName, externalId) kept.
            const roles: Record<string, unknown>[] = setting.roleArn
                ? list
                    ? (parsed as Record<string, unknown>[])
                    : [parsed as Record<string, unknown>]
                : [];
            const unassumed = roles.flatMap((role, i) => (typeof role.roleArn === "string" && role.roleArn.trim() !== "" ? [] : [i]));
            for (const i of unassumed) {
                const path = list ? `[${i}].roleArn` : ".roleArn";
                read.foreignPropertyProblem(
                    fullKey,
                    `${path} must be an IAM role ARN, not empty, or the provider assumes no role; ${got}.`,
                    path,
                    setting.placeholder,
                );
            }
            return unassumed.length === 0 ? parsed : undefined;
        }
    }
}

function providerSettings(read: ConfigReader, region: string): { provider: Record<string, unknown>; kubeconfigAuth: AwsSettings["kubeconfigAuth"] } {
    const values: Record<string, unknown> = {};
    const set = Object.keys(pulumi.runtime.allConfig())
        .filter((fullKey) => fullKey.startsWith("aws:"))
        .map((fullKey) => fullKey.slice(4));
    for (const key of set) {
        const handling = awsProviderSettings[key];
        const raw = read.foreign(`aws:${key}`) ?? "";
        if (!handling) {
            read.foreignRemovalProblem(`aws:${key}`, "is not a setting of the AWS provider 7.x.");
        } else if (key === "region" && raw === region) {
            continue; // the same region twice is harmless
        } else if ("refuse" in handling) {
            read.foreignRemovalProblem(`aws:${key}`, `is not passed to the program's AWS provider: ${handling.refuse}`);
        } else if (handling.pass === "string") {
            values[key] = raw;
        } else {
            const parsed = jsonSetting(read, `aws:${key}`, raw, handling);
            if (parsed !== undefined) values[key] = parsed;
        }
    }
    const roles = values.assumeRoles as { roleArn?: string }[] | undefined;
    return {
        provider: Object.fromEntries(Object.entries(values).map(([key, value]) => [key, secretWhenStored(`aws:${key}`, value)])),
        // Only in the kubeconfig, which is a secret as a whole (clusters/eks/index.ts).
        kubeconfigAuth: { profile: values.profile as string | undefined, roleArn: roles?.[roles.length - 1]?.roleArn },
    };
}

/** Reads and checks the AWS settings; every problem goes to `read`. */
export function loadAwsSettings(
    read: ConfigReader,
    checks: {
        active: boolean;
        region: string;
        kubernetesVersion?: string;
        access: ClusterAccessSettings;
    },
): AwsSettings {
    const vpcCidr = read.string("awsVpcCidr");
    const vpcPrefix = cidrPrefix(vpcCidr);
    if (vpcPrefix === undefined || vpcPrefix < 16 || vpcPrefix > 20) {
        read.problem("awsVpcCidr", `"${vpcCidr}" is not an IPv4 CIDR from /16 to /20.`, "10.0.0.0/16");
    } else if (maskCidr(vpcCidr) !== vpcCidr) {
        // EC2 rejects a VPC CIDR with host bits set; carving subnets from it would be wrong too.
        read.problem("awsVpcCidr", `"${vpcCidr}" has host bits set; the network of that range is ${maskCidr(vpcCidr)}.`, maskCidr(vpcCidr));
    }
    const zone = zoneIdPlaceholder(checks.region);
    const availabilityZoneIds = read.stringArray("awsAvailabilityZoneIds", JSON.stringify([zone, zone]));
    if (!checks.active) return { vpcCidr, availabilityZoneIds, provider: {}, kubeconfigAuth: {} };

    // Every problem of the list, its length too, is fixed by one corrected list (ConfigReader.listElementProblems).
    const countRule =
        "list two or three different zones: EKS needs subnets in at least two (https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html).";
    const distinct = [...new Set(availabilityZoneIds)];
    read.listElementProblems("awsAvailabilityZoneIds", availabilityZoneIds, [
        ...availabilityZoneIds.flatMap<ListElementProblem>((zoneId, index) => {
            if (availabilityZoneIds.indexOf(zoneId) < index) return [{ index, remove: true, message: `"${zoneId}" is listed twice.` }];
            if (distinct.indexOf(zoneId) >= 3) return [{ index, remove: true, message: `"${zoneId}" is one zone too many: ${countRule}` }];
            if (!availabilityZoneIdPattern.test(zoneId)) {
                const message = `"${zoneId}" is not an Availability Zone ID such as use1-az1 (zone IDs, not names: they are the same in every account).`;
                return [{ index, message, placeholder: zone }];
            }
            if (eksUnsupportedZoneIds.includes(zoneId))
                return [{ index, message: `EKS cannot place a control plane in ${zoneId}; choose another zone.`, placeholder: zone }];
            return [];
        }),
        // One zone (perhaps listed more than once): a second is added.
        ...(distinct.length === 1 ? [{ index: availabilityZoneIds.length, message: countRule, placeholder: zone }] : []),
    ]);
    if (airGappedRegion.test(checks.region)) {
        read.problem(
            "region",
            `"${checks.region}" is in an air-gapped partition (aws-iso*), where the public Helm repositories and image registries the add-ons come from are unreachable.`,
            "us-east-1",
        );
    }
    const version = checks.kubernetesVersion;
    if (version && /^\d+\.\d+\.\d+$/.test(version)) {
        // EKS takes major.minor only and applies patches itself (CreateCluster: "1.33", not "1.33.1").
        read.problem(
            "kubernetesVersion",
            `EKS takes a minor version only ("${version}" has a patch): https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html`,
            version.split(".").slice(0, 2).join("."),
        );
    } else if (version && !(version in clusterAutoscalerImageTags)) {
        read.problem(
            "kubernetesVersion",
            `${version} has no Cluster Autoscaler release in clusters/addons/cluster-autoscaler.ts (known: ${Object.keys(clusterAutoscalerImageTags).join(", ")}).`,
            Object.keys(clusterAutoscalerImageTags).pop(),
        );
    }
    // With bootstrapClusterCreatorAdminPermissions off, only access entries grant access, and this
    // program's own Kubernetes provider needs one to install the add-ons.
    if (checks.access.clusterAdmins.length === 0 && !checks.access.includeDeployerAsAdmin) {
        read.problem(
            "clusterAdmins",
            "EKS gets no administrator at all: list the IAM roles of CI (the identity running pulumi up) and a break-glass role, " +
                "or set clusterAdminIncludeDeployer=true. Without one, this deployment itself cannot install the add-ons.",
            '["<IAM role ARN of CI>","<IAM role ARN for break-glass>"]',
        );
    }
    return { vpcCidr, availabilityZoneIds, ...providerSettings(read, checks.region) };
}
