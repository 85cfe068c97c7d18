// Kubernetes' rules for the node labels each cloud's node pools pass to the kubelet.
import { MapRule, PlatformRule, TextRule } from "./rule";

/**
 * Label keys: an optional DNS-subdomain prefix (at most 253 characters) and '/', then a name of at most
 * 63 characters, alphanumeric at both ends with '-', '_' and '.' between; values the same as a name, or
 * empty (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set).
 * A kubelet may set no label of the kubernetes.io and k8s.io namespaces but a few well-known ones, and
 * none of node-restriction.kubernetes.io (NodeRestriction: https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#noderestriction,
 * KEP-279), and EKS's node group API refuses those namespaces outright (aws/containers-roadmap#1451):
 * the pools' own labels stay out of all of them.
 */
const nodeLabelKey: TextRule = {
    maxLength: 317,
    minLength: 1,
    pattern:
        /^(?!([-a-z0-9.]*\.)?(kubernetes|k8s)\.io\/)((?=[^/]{1,253}\/)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?(?=[^/]{1,63}$)[A-Za-z0-9]([-\w.]*[A-Za-z0-9])?$/,
    describe:
        "an optional DNS subdomain and '/', then 1-63 letters, digits, '-', '_' and '.', alphanumeric at both ends; not in the kubernetes.io or k8s.io namespaces",
};
const labelValue: TextRule = {
    maxLength: 63,
    pattern: /^([A-Za-z0-9]([-\w.]*[A-Za-z0-9])?)?$/,
    describe: "letters, digits, '-', '_' and '.', alphanumeric at both ends",
};
const source = "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set";

function nodeLabelRule(id: string, resourceType: string, property: string): MapRule {
    return { id, kind: "map", what: "Kubernetes node label", resourceType, property, key: nodeLabelKey, value: labelValue, source };
}

export const kubernetesRules: PlatformRule[] = [
    nodeLabelRule("gcp.nodePool.kubernetesLabels", "gcp:container/nodePool:NodePool", "nodeConfig.labels"),
    nodeLabelRule("aws.eks.nodeGroup.labels", "aws:eks/nodeGroup:NodeGroup", "labels"),
    nodeLabelRule("azure.aks.agentPool.nodeLabels", "azure-native:containerservice:AgentPool", "nodeLabels"),
];
