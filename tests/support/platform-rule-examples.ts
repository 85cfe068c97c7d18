// Names and labels each platform accepts and refuses, by rule id (clusters/platform-rules/), written
// from the pages the rules cite, not from the rules' patterns. Each list holds the edges a pattern
// could get wrong: every end of every character range in every position, each allowed symbol, a
// refused character first and last (a pattern that lost an anchor accepts those), and the lengths
// at the limit and one past it (a name prefix counts the provider's suffix against its limit).

export interface TextExamples {
    accepts: string[];
    refuses: string[];
}
export interface NameExamples extends TextExamples {
    kind: "name";
}
export interface MapExamples {
    kind: "map";
    keys: TextExamples;
    values: TextExamples;
    /** The most entries a resource takes; absent where the platform sets no limit. */
    maxEntries?: number;
}

const a = (length: number) => "a".repeat(length);
const names = (accepts: string[], refuses: string[]): NameExamples => ({ kind: "name", accepts, refuses });

/**
 * RFC 1035 labels (https://cloud.google.com/compute/docs/naming-resources#resource-name-format): a
 * lower-case letter first, then letters, digits and '-', not '-' last. The lengths differ per resource.
 */
const rfc1035 = (maxLength: number) =>
    names(["a", "z", "z9", "a0", "az", "aa", "a-az09b", a(maxLength)], ["1a", "-a", "a-", "Ab", "aB", "a_b", "a.b", "a b", "ab-", "", a(maxLength + 1)]);

/** GCP labels (https://cloud.google.com/compute/docs/labeling-resources#requirements): 64 per resource. */
const gcpLabels: MapExamples = {
    kind: "map",
    keys: { accepts: ["a", "z", "env", "aaz09_-", a(63)], refuses: ["", "Env", "1abc", "_abc", "-abc", "aB", "a.b", "a b", a(64)] },
    values: { accepts: ["", "production", "az09_-", "9", a(63)], refuses: ["A", "aB", "Ab", "a.b", "a b", "a/b", a(64)] },
    maxEntries: 64,
};

/** Cloud KMS ids: [a-zA-Z0-9_-]{1,63} (the keyRings.create and cryptoKeys.create pages). */
const kmsId = names(["azAZ09_-", "atlasia-prod-keys", "Z", a(63)], ["", "a.b", "a b", "a/b", "/a", "a/", a(64)]);

/** The S3 prefix (bucketnamingrules.html; the provider appends 26 characters, so 37 is the longest). */
const s3Prefix = names(
    ["a", "z", "0", "9", "a-az09.", "atlasia-prod-db-backups-", "xn-a", "sthree", "amzn-s3-demo", a(37)],
    ["Atlasia-", "-atlasia", "a_b", "a b", "a..b-", "atlasia..prod-", "xn--atlasia-", "sthree-atlasia-", "amzn-s3-demo-atlasia-", a(38)],
);

/** EKS cluster and node group names: ^[0-9A-Za-z][A-Za-z0-9\-_]* (CreateCluster, CreateNodegroup). */
const eksName = (maxLength: number) =>
    names(["0", "9", "A", "Z", "a", "z", "aAZaz09_-", a(maxLength)], ["", "-abc", "_abc", "a.b", "a b", "a/b", a(maxLength + 1)]);

/** IAM names: [\w+=,.@-]+ (CreateRole, PutRolePolicy). */
const iamName = (maxLength: number) => names(["aZ09_+=,.@-", "atlasia-prod-nodes", a(maxLength)], ["", "a b", "a/b", "a:b", "/a", "a/", a(maxLength + 1)]);

/**
 * AWS tags (tag-editor tagging.html#tag-conventions): letters, digits, spaces and _.:/=+-@ in any
 * script; keys 1-128, values 0-256, 50 per resource; `aws:` in any case is reserved as a prefix of
 * keys and values (docs.amazonaws.cn batch tag-restrictions, awsdocs/amazon-ecs-developer-guide#72).
 */
const awsTags: MapExamples = {
    kind: "map",
    keys: {
        accepts: ["Name", "kubernetes.io/cluster/atlasia-prod", "Ünïcödé key ٣", "a_.:/=+-@", "aws", "x-aws:y", a(128)],
        refuses: ["", "aws:eks:cluster-name", "AWS:x", "Aws:x", "a!b", "!a", "a!", "a,b", "a\u0000b", a(129)],
    },
    values: {
        accepts: ["", "owned", "Ünïcödé value ٣", "a_.:/=+-@", "x-aws:y", a(256)],
        refuses: ["aws:x", "AWS:x", "a!b", "!a", "a!", "a,b", a(257)],
    },
    maxEntries: 50,
};

/** Azure resource group names (resource-name-rules#microsoftresources): not ending with '.'. */
const azureResourceGroup = names(
    ["a", "-", "(", ")", "_", "Z", "9", "-a", ".a", "(a", ")a", "_a", "a-", "a(", "a)", "a_", "a9", "rg-atlasia.prod(1)", a(90)],
    ["", "a.", "a b", "a/b", "a%", "%a", a(91)],
);

/** AKS pools (use-system-pools#limitations): lower-case letters and digits, a letter first, 1-12. */
const agentPool = names(["a", "z", "aaz09", "system", "user1", a(12)], ["", "1a", "A", "aB", "a-b", "a_b", a(13)]);

/** Azure tags (tag-resources#limitations): names without < > % & \ ? /; values any text up to 256; 50 per resource. */
const azureTags = (maxKeyLength: number): MapExamples => ({
    kind: "map",
    keys: {
        accepts: ["Name", "a b.c:d=e", "kubernetes.io-x", a(maxKeyLength)],
        refuses: ["", "<a", "a<", "a>b", "a%b", "a&b", "a\\b", "a?b", "a/b", a(maxKeyLength + 1)],
    },
    values: { accepts: ["", "any text <>%&\\?/", "a b", "line\nbreak", a(256)], refuses: [a(257)] },
    maxEntries: 50,
});

/**
 * Kubernetes node labels (labels#syntax-and-character-set; NodeRestriction and EKS keep the pools'
 * labels out of the kubernetes.io and k8s.io namespaces, node-restriction.kubernetes.io included).
 */
const nodeLabels: MapExamples = {
    kind: "map",
    keys: {
        accepts: ["atlasia.io/pool", "a.b/c", "pool", "a", "Z9", "a-_.b", "my.domain-1.example/x", "xkubernetes.io/pool", a(63), `${a(253)}/b`],
        refuses: [
            "",
            "-a",
            "a-",
            "_a",
            "a_",
            ".a",
            "a.",
            "a b",
            "/a",
            "a/",
            "A.io/pool",
            "a..b/c",
            "-a.io/b",
            "a-.io/b",
            a(64),
            `x/${a(64)}`,
            `${a(254)}/b`,
            "kubernetes.io/pool",
            "k8s.io/pool",
            "sub.kubernetes.io/pool",
            "node-restriction.kubernetes.io/pool",
            "a/b/c",
        ],
    },
    values: { accepts: ["", "standard-workers", "A", "z", "0", "9", "a-_.b", "aZ", a(63)], refuses: ["-a", "a-", "_a", "a_", "a b", "a/b", a(64)] },
};

export const platformRuleExamples: Record<string, NameExamples | MapExamples> = {
    // https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters.nodePools (40 with the provider: terraform-provider-google#8261)
    "gcp.nodePool.name": rfc1035(40),
    "gcp.cluster.name": rfc1035(40),
    // serviceAccounts.create: [a-z]([-a-z0-9]*[a-z0-9]), 6-30.
    "gcp.serviceAccount.accountId": names(
        ["a-az09", "zaaaaa", "aaaaaz", "aaaaa0", "aaaaaa", "atlasia-gke-nodes", a(30)],
        ["1abcde", "-abcde", "abcde-", "Abcdef", "abcdeF", "abc_de", "abcde", a(31)],
    ),
    // Projects: 6-30, a lower-case letter first, letters, digits and '-', not '-' last.
    "gcp.project.id": names(
        ["my-project-123", "a-az09", "zaaaaa", "aaaaaz", "aaaaa0", "aaaaaa", a(30)],
        ["1abcde", "-abcde", "abcde-", "Abcdef", "abcdeF", "abc_de", "abcde", a(31)],
    ),
    // storage/docs/buckets#naming: 3-63, a letter or digit at both ends, no "goog" first or "google" anywhere.
    "gcp.storage.bucket.name": names(
        ["a-az09_z", "zaa", "0a0", "9a9", "aaz", "goo-bucket", "my-project-atlasia-prod-db-backups", a(63)],
        ["ab", "My-bucket", "-bucket", "bucket-", "a b c", "abc/", "a.b.c", "goog-backups", "googx", "xgoogle", "my-google-bucket", a(64)],
    ),
    "gcp.network.name": rfc1035(63),
    "gcp.subnetwork.name": rfc1035(63),
    "gcp.firewall.name": rfc1035(63),
    "gcp.router.name": rfc1035(63),
    "gcp.routerNat.name": rfc1035(63),
    "gcp.kms.keyRing.name": kmsId,
    "gcp.kms.cryptoKey.name": kmsId,
    "gcp.provider.defaultLabels": gcpLabels,
    "gcp.cluster.resourceLabels": gcpLabels,
    "gcp.nodePool.resourceLabels": gcpLabels,
    "gcp.kms.cryptoKey.labels": gcpLabels,
    "gcp.storage.bucket.labels": gcpLabels,

    "aws.eks.cluster.name": eksName(100),
    // The provider appends 26 characters to a node group's prefix: 37 is the longest (node group names 1-63).
    "aws.eks.nodeGroup.namePrefix": eksName(37),
    "aws.s3.bucket.bucketPrefix": s3Prefix,
    "aws.iam.role.name": iamName(64),
    "aws.iam.rolePolicy.name": iamName(128),
    // CreateLaunchTemplate: 3-128, [a-zA-Z0-9\(\)\.\-/_]+.
    "aws.ec2.launchTemplate.name": names(["azAZ09().-/_", "abc", a(128)], ["", "ab", "a b", "a:b", "!ab", "ab!", a(129)]),
    // CreateLogGroup: 1-512, [\.\-_/#A-Za-z0-9]+.
    "aws.logs.logGroup.name": names(["/aws/eks/atlasia-prod/cluster", ".-_/#AZaz09", a(512)], ["", "a b", "a:b", "a*", ":a", "a:", a(513)]),
    "aws.provider.defaultTags": awsTags,
    "aws.tags.LaunchTemplate": awsTags,
    "aws.tags.Vpc": awsTags,
    "aws.tags.Subnet": awsTags,
    "aws.tags.Eip": awsTags,
    "aws.tags.NatGateway": awsTags,
    "aws.tags.RouteTable": awsTags,

    "azure.resourceGroup.name": azureResourceGroup,
    // resource-name-rules#microsoftcontainerservice: 1-63, letters, digits, '_' and '-', a letter or digit at both ends.
    "azure.aks.name": names(
        ["a", "z", "A", "Z", "0", "9", "aa", "az", "aA", "aZ", "a0", "a9", "a-_zZ09Aa", a(63)],
        ["", "-a", "a-", "_a", "a_", "a.b", "a b", a(64)],
    ),
    // 1-54 (MicrosoftDocs/azure-docs#47952): letters, digits and '-', a letter or digit at both ends.
    "azure.aks.dnsPrefix": names(["a", "z", "A", "Z", "0", "9", "aa", "az", "aA", "aZ", "a0", "a9", "a-azAZ09a", a(54)], ["", "-a", "a-", "a_b", "a.b", a(55)]),
    // 63, and alphanumeric at both ends without parentheses: the name is also a node label value (Azure/bicep-registry-modules#5109).
    "azure.aks.nodeResourceGroup": names(
        ["a", "Z", "9", "a-_.b", "az", "aZ", "a0", "a9", "zA", "0a", "9a", "rg-atlasia.prod-nodes", a(63)],
        ["", "-", "(", "a(", "a)", "a-", "a_", "a.", "-a", "_a", ".a", "(a", "rg(1)", "a b", a(64)],
    ),
    "azure.aks.systemPool.name": agentPool,
    "azure.aks.agentPool.name": agentPool,
    // planned-maintenance: the two configuration names AKS's auto-upgrade reads.
    "azure.aks.maintenanceConfiguration.name": names(
        ["aksManagedAutoUpgradeSchedule", "aksManagedNodeOSUpgradeSchedule"],
        ["", "default", "aksManagedAutoUpgradeScheduleX", "xaksManagedAutoUpgradeSchedule", "aksManagedAutoUpgradeSchedul"],
    ),
    // resource-name-rules#microsoftkeyvault: 3-24, letters, digits and '-', a letter first, a letter or digit last, no '--'.
    "azure.keyVault.name": names(
        ["kv-atlasia", "abc", "zbc", "Abc", "Zbc", "a-azAZ09a", "aba", "abz", "abA", "abZ", "ab0", "ab9", a(24)],
        ["1kv", "-kv", "kv-", "k--v", "kv-a--b", "kv_x", "kv.x", "ab", a(25)],
    ),
    // Keys: 1-127, letters, digits and '-'.
    "azure.keyVault.key.name": names(["-azAZ09", "atlasia-db", a(127)], ["", "a_b", "a.b", "_a", "a_", a(128)]),
    // resource-name-rules#microsoftmanagedidentity: 3-128, letters, digits, '-' and '_', a letter or digit first.
    "azure.managedIdentity.name": names(["abc", "zbc", "Abc", "Zbc", "0bc", "9bc", "a-_bc", a(128)], ["", "ab", "-abc", "_abc", "a.bc", "a bc", a(129)]),
    // resource-name-rules#microsoftauthorization: role assignment names are GUIDs (Azure compares them without case).
    "azure.roleAssignment.name": names(
        ["09af09af-09af-09af-09af-09af09af09af", "09AF09AF-09AF-09AF-09AF-09AF09AF09AF", "00000000-0000-0000-0000-000000000000"],
        ["", "not-a-guid", "09af09af-09af-09af-09af-09af09af09ag", "09af09af009af009af009af009af09af09af", "09af09af-09af-09af-09af-09af09af09af0"],
    ),
    // resource-name-rules#microsoftoperationalinsights: 4-63, letters, digits and '-', a letter or digit at both ends.
    "azure.logAnalytics.name": names(
        ["abcd", "zbcd", "Abcd", "Zbcd", "0bcd", "9bcd", "a-azAZ09a", "abca", "abcz", "abcA", "abcZ", "abc0", "abc9", a(63)],
        ["-abc", "abc-", "ab_c", "ab.c", "abc", a(64)],
    ),
    // resource-name-rules#microsoftinsights: 1-64, letters, digits, '_', '.' and '-', a letter or digit first.
    "azure.dataCollectionRule.name": names(["a", "z", "A", "Z", "0", "9", "a-_.b", a(64)], ["", "-a", "_a", ".a", "a b", "a/b", a(65)]),
    // resource-name-rules#microsoftstorage: accounts 3-24 lower-case letters and digits.
    "azure.storage.account.name": names(["az09", "abc", a(24)], ["", "ab", "Abc", "abC", "ab-c", "-abc", "abc-", a(25)]),
    // Containers: 3-63, lower-case letters, digits and single '-', a letter or digit at both ends.
    "azure.storage.blobContainer.name": names(
        ["a-az09b", "zaa", "0aa", "9aa", "aaz", "aa0", "aa9", "aaa", "db-backups", a(63)],
        ["pg", "db--backups", "-db", "db-", "Postgresql", "postgreSql", "ab_c", a(64)],
    ),
    "azure.tags.ResourceGroup": azureTags(512),
    "azure.tags.ManagedCluster": azureTags(512),
    "azure.tags.AgentPool": azureTags(512),
    "azure.tags.Workspace": azureTags(512),
    "azure.tags.DataCollectionRule": azureTags(512),
    "azure.tags.Vault": azureTags(512),
    "azure.tags.UserAssignedIdentity": azureTags(512),
    // Storage accounts take tag names of up to 128 characters (tag-resources#limitations).
    "azure.tags.StorageAccount": azureTags(128),

    "gcp.nodePool.kubernetesLabels": nodeLabels,
    "aws.eks.nodeGroup.labels": nodeLabels,
    "azure.aks.agentPool.nodeLabels": nodeLabels,
};
