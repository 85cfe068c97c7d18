// Google Cloud's rules for the names and labels the program creates, each with its source.
import { MapRule, NameRule, PlatformRule, TextRule } from "./rule";

/** RFC 1035 label: lower-case letters, digits and '-', starting with a letter, not ending with '-'. */
const rfc1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const rfc1035Words = "an RFC 1035 label (lower-case letters, digits and '-', starting with a letter, not ending with '-')";
const computeNaming = "https://cloud.google.com/compute/docs/naming-resources#resource-name-format";

/** Compute Engine resource names (networks, subnetworks, firewall rules, routers, NAT gateways). */
const computeName: TextRule = { maxLength: 63, minLength: 1, pattern: rfc1035, describe: rfc1035Words };

/** Cloud KMS key ring and key IDs. */
const kmsId: TextRule = { maxLength: 63, minLength: 1, pattern: /^[a-zA-Z0-9_-]+$/, describe: "letters, digits, '_' and '-'" };

/**
 * GCP labels: up to 64 per resource; keys 1-63 characters, starting with a lower-case letter; keys
 * and values only lower-case letters, digits, '_' and '-' (no upper case, no dots); values up to 63.
 */
export const gcpLabelKey: TextRule = {
    maxLength: 63,
    minLength: 1,
    pattern: /^[a-z][a-z0-9_-]*$/,
    describe: "lower-case letters, digits, '_' and '-', starting with a letter",
};
export const gcpLabelValue: TextRule = { maxLength: 63, pattern: /^[a-z0-9_-]*$/, describe: "lower-case letters, digits, '_' and '-'" };
const labelsSource = "https://cloud.google.com/compute/docs/labeling-resources#requirements";

function computeRule(id: string, what: string, resourceType: string): NameRule {
    return { id, kind: "name", what, resourceType, property: "name", text: computeName, source: computeNaming };
}

function labelRule(id: string, what: string, resourceType: string, property: string): MapRule {
    return { id, kind: "map", what, resourceType, property, key: gcpLabelKey, value: gcpLabelValue, maxEntries: 64, source: labelsSource };
}

/** GKE cluster names: 1-40 characters, an RFC 1035 label. */
export const gkeClusterNameRule: NameRule = {
    id: "gcp.cluster.name",
    kind: "name",
    what: "GKE cluster name",
    resourceType: "gcp:container/cluster:Cluster",
    property: "name",
    text: { maxLength: 40, minLength: 1, pattern: rfc1035, describe: rfc1035Words },
    source: "https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters#Cluster (name)",
};

/** Service account IDs: 6-30 characters, [a-z]([-a-z0-9]*[a-z0-9]). */
export const serviceAccountIdRule: NameRule = {
    id: "gcp.serviceAccount.accountId",
    kind: "name",
    what: "GCP service account ID",
    resourceType: "gcp:serviceaccount/account:Account",
    property: "accountId",
    text: {
        maxLength: 30,
        minLength: 6,
        pattern: /^[a-z]([-a-z0-9]*[a-z0-9])$/,
        describe: "lower-case letters, digits and '-', starting with a letter and not ending with '-'",
    },
    source: "https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts/create (accountId)",
};

/** Project IDs: 6-30 characters, lower-case letters, digits and '-', starting with a letter, not ending with '-'. */
export const projectIdRule: NameRule = {
    id: "gcp.project.id",
    kind: "name",
    what: "GCP project ID",
    resourceType: "pulumi:providers:gcp",
    property: "project",
    text: {
        maxLength: 30,
        minLength: 6,
        pattern: /^[a-z][-a-z0-9]*[a-z0-9]$/,
        describe: "lower-case letters, digits and '-', starting with a letter and not ending with '-'",
    },
    source: "https://cloud.google.com/resource-manager/docs/creating-managing-projects#before_you_begin",
};

/**
 * Cloud Storage bucket names: 3-63 characters of lower-case letters, digits, '-' and '_', starting and
 * ending with a letter or digit; never starting with "goog" or containing "google". Dots are allowed
 * only in names whose domain the project has verified (then up to 222 characters): the program's
 * names have none, so none is accepted.
 */
export const storageBucketNameRule: NameRule = {
    id: "gcp.storage.bucket.name",
    kind: "name",
    what: "Cloud Storage bucket name",
    resourceType: "gcp:storage/bucket:Bucket",
    property: "name",
    text: {
        maxLength: 63,
        minLength: 3,
        pattern: /^(?!goog)(?!.*google)[a-z0-9][-a-z0-9_]*[a-z0-9]$/,
        describe:
            "lower-case letters, digits, '-' and '_', starting and ending with a letter or digit, without \"goog\" first or \"google\" anywhere (dots need a verified domain)",
    },
    source: "https://cloud.google.com/storage/docs/buckets#naming",
};

export const gcpRules: PlatformRule[] = [
    {
        id: "gcp.nodePool.name",
        kind: "name",
        what: "GKE node pool name",
        resourceType: "gcp:container/nodePool:NodePool",
        property: "name",
        text: { maxLength: 40, pattern: rfc1035, describe: rfc1035Words },
        source: "https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters.nodePools#NodePool (name), https://github.com/hashicorp/terraform-provider-google/issues/8261",
    },
    gkeClusterNameRule,
    serviceAccountIdRule,
    projectIdRule,
    storageBucketNameRule,
    computeRule("gcp.network.name", "VPC network name", "gcp:compute/network:Network"),
    computeRule("gcp.subnetwork.name", "subnetwork name", "gcp:compute/subnetwork:Subnetwork"),
    computeRule("gcp.firewall.name", "firewall rule name", "gcp:compute/firewall:Firewall"),
    computeRule("gcp.router.name", "Cloud Router name", "gcp:compute/router:Router"),
    computeRule("gcp.routerNat.name", "Cloud NAT name", "gcp:compute/routerNat:RouterNat"),
    {
        id: "gcp.kms.keyRing.name",
        kind: "name",
        what: "Cloud KMS key ring name",
        resourceType: "gcp:kms/keyRing:KeyRing",
        property: "name",
        text: kmsId,
        source: "https://cloud.google.com/kms/docs/reference/rest/v1/projects.locations.keyRings/create (keyRingId: [a-zA-Z0-9_-]{1,63})",
    },
    {
        id: "gcp.kms.cryptoKey.name",
        kind: "name",
        what: "Cloud KMS key name",
        resourceType: "gcp:kms/cryptoKey:CryptoKey",
        property: "name",
        text: kmsId,
        source: "https://cloud.google.com/kms/docs/reference/rest/v1/projects.locations.keyRings.cryptoKeys/create (cryptoKeyId: [a-zA-Z0-9_-]{1,63})",
    },
    labelRule("gcp.provider.defaultLabels", "GCP default label", "pulumi:providers:gcp", "defaultLabels"),
    labelRule("gcp.cluster.resourceLabels", "GKE cluster label", "gcp:container/cluster:Cluster", "resourceLabels"),
    labelRule("gcp.nodePool.resourceLabels", "GKE node label (GCP)", "gcp:container/nodePool:NodePool", "nodeConfig.resourceLabels"),
    labelRule("gcp.kms.cryptoKey.labels", "Cloud KMS key label", "gcp:kms/cryptoKey:CryptoKey", "labels"),
    labelRule("gcp.storage.bucket.labels", "Cloud Storage bucket label", "gcp:storage/bucket:Bucket", "labels"),
];
