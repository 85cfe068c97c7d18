// Azure's rules for the names and tags the program creates on AKS stacks.
import { MapRule, NameRule, PlatformRule, TextRule } from "./rule";

const nameRules = "https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/resource-name-rules";
// Azure compares resource names without case unless the page says otherwise (resource-name-rules). Pulumi
// does not: a name whose case alone changed would replace the assignment (the program writes lower case).
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** AKS agent pool names: lower-case letters and digits, starting with a letter; Linux pools 1-12 characters. */
const agentPoolName: TextRule = { maxLength: 12, minLength: 1, pattern: /^[a-z][a-z0-9]*$/, describe: "lower-case letters and digits, starting with a letter" };
const agentPoolSource = "https://learn.microsoft.com/en-us/azure/aks/use-system-pools#limitations";

function name(id: string, what: string, resourceType: string, property: string, text: TextRule, source: string): NameRule {
    return { id, kind: "name", what, resourceType, property, text, source };
}

/** Every Azure resource type the program tags. */
const azureTaggedTypes = [
    "azure-native:resources:ResourceGroup",
    "azure-native:containerservice:ManagedCluster",
    "azure-native:containerservice:AgentPool",
    "azure-native:operationalinsights:Workspace",
    "azure-native:monitor:DataCollectionRule",
    "azure-native:keyvault:Vault",
    "azure-native:managedidentity:UserAssignedIdentity",
    "azure-native:storage:StorageAccount",
];

/** Tag names are shorter on some resource types (same source as tagRule). */
const tagNameLimits: Partial<Record<string, number>> = { "azure-native:storage:StorageAccount": 128 };

/** Tags: at most 50 per resource; names up to 512 characters (tagNameLimits) without < > % & \ ? /; values up to 256. */
function tagRule(resourceType: string): MapRule {
    const maxKeyLength = tagNameLimits[resourceType] ?? 512;
    return {
        id: `azure.tags.${resourceType.split(":")[2]}`,
        kind: "map",
        what: `Azure tag of ${resourceType.split(":")[2]}`,
        resourceType,
        property: "tags",
        key: { maxLength: maxKeyLength, minLength: 1, pattern: /^[^<>%&\\?/]+$/, describe: "a tag name without < > % & \\ ? /" },
        value: { maxLength: 256, pattern: /^[\s\S]*$/, describe: "any text" },
        maxEntries: 50,
        source: "https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/tag-resources#limitations",
    };
}

export const azureRules: PlatformRule[] = [
    name(
        "azure.resourceGroup.name",
        "Azure resource group name",
        "azure-native:resources:ResourceGroup",
        "resourceGroupName",
        { maxLength: 90, minLength: 1, pattern: /^[-\w.()]*[-\w()]$/, describe: "letters, digits, '_', '-', '.', '(' and ')', not ending with '.'" },
        `${nameRules}#microsoftresources`,
    ),
    name(
        "azure.aks.name",
        "AKS cluster name",
        "azure-native:containerservice:ManagedCluster",
        "resourceName",
        {
            maxLength: 63,
            minLength: 1,
            pattern: /^[a-zA-Z0-9]([-\w]*[a-zA-Z0-9])?$/,
            describe: "letters, digits, '_' and '-', starting and ending with a letter or digit",
        },
        `${nameRules}#microsoftcontainerservice`,
    ),
    name(
        "azure.aks.dnsPrefix",
        "AKS DNS prefix",
        "azure-native:containerservice:ManagedCluster",
        "dnsPrefix",
        {
            maxLength: 54,
            minLength: 1,
            pattern: /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/,
            describe: "letters, digits and '-', starting and ending with a letter or digit",
        },
        "https://github.com/MicrosoftDocs/azure-docs/issues/47952 (1-54 characters), https://aka.ms/aks-naming-rules",
    ),
    // AKS allows 80 characters (its error: "The maximum length is 80"); the name also becomes the value
    // of the node label kubernetes.azure.com/cluster, so it must be a label value: at most 63
    // characters, alphanumeric at both ends, no parentheses.
    name(
        "azure.aks.nodeResourceGroup",
        "AKS node resource group name",
        "azure-native:containerservice:ManagedCluster",
        "nodeResourceGroup",
        {
            maxLength: 63,
            minLength: 1,
            pattern: /^[a-zA-Z0-9]([-\w.]*[a-zA-Z0-9])?$/,
            describe: "letters, digits, '_', '-' and '.', starting and ending with a letter or digit (a resource group name that is also a label value)",
        },
        "https://github.com/Azure-Terraform/terraform-azurerm-kubernetes/issues/33 (80), https://github.com/Azure/bicep-registry-modules/issues/5109 (63: a node label)",
    ),
    name(
        "azure.aks.systemPool.name",
        "AKS system node pool name",
        "azure-native:containerservice:ManagedCluster",
        "agentPoolProfiles.0.name",
        agentPoolName,
        agentPoolSource,
    ),
    name("azure.aks.agentPool.name", "AKS node pool name", "azure-native:containerservice:AgentPool", "agentPoolName", agentPoolName, agentPoolSource),
    name(
        "azure.aks.maintenanceConfiguration.name",
        "AKS maintenance configuration name",
        "azure-native:containerservice:MaintenanceConfiguration",
        "configName",
        {
            maxLength: 31,
            pattern: /^(aksManagedAutoUpgradeSchedule|aksManagedNodeOSUpgradeSchedule)$/,
            describe: "aksManagedAutoUpgradeSchedule or aksManagedNodeOSUpgradeSchedule (the names AKS's auto-upgrade reads)",
        },
        "https://learn.microsoft.com/en-us/azure/aks/planned-maintenance#schedule-configuration-types-for-planned-maintenance",
    ),
    name(
        "azure.keyVault.name",
        "Key Vault name (globally unique)",
        "azure-native:keyvault:Vault",
        "vaultName",
        {
            maxLength: 24,
            minLength: 3,
            pattern: /^[a-zA-Z](?!.*--)[-a-zA-Z0-9]*[a-zA-Z0-9]$/,
            describe: "letters, digits and '-', starting with a letter, ending with a letter or digit, no '--'",
        },
        `${nameRules}#microsoftkeyvault`,
    ),
    name(
        "azure.keyVault.key.name",
        "Key Vault key name",
        "azure-native:keyvault:Key",
        "keyName",
        { maxLength: 127, minLength: 1, pattern: /^[-a-zA-Z0-9]+$/, describe: "letters, digits and '-'" },
        `${nameRules}#microsoftkeyvault`,
    ),
    name(
        "azure.managedIdentity.name",
        "user-assigned identity name",
        "azure-native:managedidentity:UserAssignedIdentity",
        "resourceName",
        { maxLength: 128, minLength: 3, pattern: /^[a-zA-Z0-9][-\w]*$/, describe: "letters, digits, '-' and '_', starting with a letter or digit" },
        `${nameRules}#microsoftmanagedidentity`,
    ),
    name(
        "azure.roleAssignment.name",
        "role assignment name",
        "azure-native:authorization:RoleAssignment",
        "roleAssignmentName",
        { maxLength: 36, minLength: 36, pattern: guid, describe: "a GUID (8-4-4-4-12 hexadecimal digits)" },
        `${nameRules}#microsoftauthorization`,
    ),
    name(
        "azure.logAnalytics.name",
        "Log Analytics workspace name",
        "azure-native:operationalinsights:Workspace",
        "workspaceName",
        {
            maxLength: 63,
            minLength: 4,
            pattern: /^[a-zA-Z0-9][-a-zA-Z0-9]*[a-zA-Z0-9]$/,
            describe: "letters, digits and '-', starting and ending with a letter or digit",
        },
        `${nameRules}#microsoftoperationalinsights`,
    ),
    name(
        "azure.dataCollectionRule.name",
        "data collection rule name",
        "azure-native:monitor:DataCollectionRule",
        "dataCollectionRuleName",
        { maxLength: 64, minLength: 1, pattern: /^[a-zA-Z0-9][-\w.]*$/, describe: "letters, digits, '_', '.' and '-', starting with a letter or digit" },
        `${nameRules}#microsoftinsights`,
    ),
    name(
        "azure.storage.account.name",
        "storage account name",
        "azure-native:storage:StorageAccount",
        "accountName",
        { maxLength: 24, minLength: 3, pattern: /^[a-z0-9]+$/, describe: "lower-case letters and digits" },
        `${nameRules}#microsoftstorage`,
    ),
    name(
        "azure.storage.blobContainer.name",
        "blob container name",
        "azure-native:storage:BlobContainer",
        "containerName",
        {
            maxLength: 63,
            minLength: 3,
            pattern: /^(?!.*--)[a-z0-9][-a-z0-9]*[a-z0-9]$/,
            describe: "lower-case letters, digits and single '-', starting and ending with a letter or digit",
        },
        `${nameRules}#microsoftstorage`,
    ),
    ...azureTaggedTypes.map(tagRule),
];
