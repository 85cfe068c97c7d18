// Google Cloud's rules for the names and labels the program creates.
import { PlatformRule } from "./rule";

/** RFC 1035 label: lower-case letters, digits and '-', starting with a letter, not ending with '-'. */
const rfc1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export const gcpRules: PlatformRule[] = [
    {
        id: "gcp.nodePool.name",
        kind: "name",
        what: "GKE node pool name",
        resourceType: "gcp:container/nodePool:NodePool",
        property: "namePrefix",
        // The provider appends a 26-character unique suffix to name_prefix (resource.PrefixedUniqueId).
        providerSuffix: 26,
        text: { maxLength: 40, pattern: /^[a-z]([-a-z0-9]*)?$/, describe: "lower-case letters, digits and '-', starting with a letter" },
        source: "https://github.com/hashicorp/terraform-provider-google/issues/8261 (40-character limit; #17504)",
    },
    {
        id: "gcp.nodePool.fullName",
        kind: "name",
        what: "GKE node pool name",
        resourceType: "gcp:container/nodePool:NodePool",
        property: "name",
        text: { maxLength: 40, pattern: rfc1035, describe: "an RFC 1035 label (lower-case letters, digits and '-', starting with a letter)" },
        source: "https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters.nodePools#NodePool (name), https://github.com/hashicorp/terraform-provider-google/issues/8261",
    },
];
