// Azure-only settings: the azure-native provider's own stack settings (passed to the explicit
// provider or refused), the AKS upgrade channel and maintenance window, the registry the nodes
// pull from, and the AKS rule that someone must be able to administer the cluster.
import * as pulumi from "@pulumi/pulumi";
import { guid, type ClusterAccessSettings } from "./cluster-access";
import { ConfigReader } from "./reader";
import { isStoredSecret, secretFix, stringList } from "./fix-commands";
import { secretWhenStored } from "./stored-secret";
import { Cloud } from "./sizing";

type ProviderKeyKind = "guid" | "guids" | "string" | "boolean" | "secret";

/**
 * Every key of `@pulumi/azure-native/config/vars` (3.28.0) that the explicit provider takes as is.
 * An explicit provider does not read `azure-native:*` stack settings itself: each is passed here.
 */
export const azureProviderPassThrough = {
    subscriptionId: "guid",
    tenantId: "guid",
    clientId: "guid",
    auxiliaryTenantIds: "guids",
    clientSecret: "secret",
    clientCertificatePath: "string",
    clientCertificatePassword: "secret",
    useOidc: "boolean",
    oidcToken: "secret",
    oidcTokenFilePath: "string",
    oidcRequestToken: "secret",
    oidcRequestUrl: "string",
    useMsi: "boolean",
    msiEndpoint: "string",
    useDefaultAzureCredential: "boolean",
    partnerId: "guid",
    disablePulumiPartnerId: "boolean",
    disableInstanceDiscovery: "boolean",
} satisfies Record<string, ProviderKeyKind>;

/** Keys of `config/vars` the program refuses (when set to anything but what it uses), with the reason. */
export const azureProviderRefused: Record<string, string> = {
    location: "the region comes from atlasia:region; a different azure-native:location would split the stack across two regions",
    environment: "only the public Azure cloud is supported: the kubeconfig's kubelogin server ID and the OIDC issuer are those of the public cloud",
    metadataHost: "only the public Azure cloud is supported (Azure Stack and sovereign clouds need other endpoints)",
};

type PassThroughKey = keyof typeof azureProviderPassThrough;
type GuidKey = { [K in PassThroughKey]: (typeof azureProviderPassThrough)[K] extends "guid" | "guids" ? K : never }[PassThroughKey];

/** What each GUID setting holds, for the operator to fill in: never an example GUID. */
const guidPlaceholders: Record<GuidKey, string> = {
    subscriptionId: "<subscription ID>",
    tenantId: "<tenant ID>",
    clientId: "<client ID>",
    auxiliaryTenantIds: "<tenant ID>",
    partnerId: "<partner ID>",
};
/** Arguments for the explicit azure-native provider, from the stack's azure-native settings. */
/** Each setting as the provider takes it; a secret (an Output) when the stack stores it encrypted. */
export type AzureProviderSettings = {
    [K in PassThroughKey]?: (typeof azureProviderPassThrough)[K] extends "boolean"
        ? pulumi.Input<boolean>
        : (typeof azureProviderPassThrough)[K] extends "guids"
          ? pulumi.Input<string[]>
          : (typeof azureProviderPassThrough)[K] extends "secret"
            ? pulumi.Output<string>
            : pulumi.Input<string>;
};

export const aksAutoUpgradeChannels = ["none", "patch", "stable", "rapid", "node-image"] as const;
export type AksAutoUpgradeChannel = (typeof aksAutoUpgradeChannels)[number];

/**
 * What each auto-upgrade channel moves of the Kubernetes version
 * (https://learn.microsoft.com/en-us/azure/aks/auto-upgrade-cluster#cluster-auto-upgrade-channels):
 * stable and rapid the minor, patch only the patch, node-image (the nodes' image) and none nothing.
 */
export const aksChannelMoves: Record<AksAutoUpgradeChannel, "minor" | "patch" | "nothing"> = {
    none: "nothing",
    patch: "patch",
    stable: "minor",
    rapid: "minor",
    "node-image": "nothing",
};

/** The channel owns the version (so atlasia:kubernetesVersion only applies at creation). */
export function channelOwnsVersion(channel: AksAutoUpgradeChannel): boolean {
    return aksChannelMoves[channel] === "minor";
}
export const weekDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** When AKS may upgrade the control plane and the nodes' OS image: weekly, UTC. */
export interface MaintenanceWindow {
    dayOfWeek: (typeof weekDays)[number];
    /** "HH:MM", UTC. */
    startTime: string;
}

export interface AzureSettings {
    subscriptionId?: string;
    autoUpgradeChannel: AksAutoUpgradeChannel;
    maintenanceWindow: MaintenanceWindow;
    /** The Azure Container Registry the kubelet identity gets the pull roles on (clusters/aks/access.ts). */
    acr?: AcrRegistry;
    provider: AzureProviderSettings;
}

/**
 * Regions without availability zones, each with the zonal region of its geography to use instead.
 * Every AKS pool here spans zones 1-3, which only a region with zones accepts
 * (https://learn.microsoft.com/en-us/azure/aks/availability-zones; zones per region:
 * https://learn.microsoft.com/azure/reliability/regions-list). A region not listed is taken as zonal.
 */
export const regionsWithoutZones: Record<string, string> = {
    australiacentral: "australiaeast",
    australiacentral2: "australiaeast",
    australiasoutheast: "australiaeast",
    brazilsoutheast: "brazilsouth",
    canadaeast: "canadacentral",
    francesouth: "francecentral",
    germanynorth: "germanywestcentral",
    israelnorthwest: "israelcentral",
    jioindiacentral: "centralindia",
    jioindiawest: "centralindia",
    koreasouth: "koreacentral",
    // Zones in preview since 2026 (availability-zones-overview); AKS support there not yet stated.
    northcentralus: "centralus",
    norwaywest: "norwayeast",
    southafricawest: "southafricanorth",
    southindia: "centralindia",
    swedensouth: "swedencentral",
    switzerlandwest: "switzerlandnorth",
    uaecentral: "uaenorth",
    ukwest: "uksouth",
    westcentralus: "westus2",
    westindia: "centralindia",
    westus: "westus2",
};

/** A container registry named by atlasia:aksAcrResourceId, read once from its resource ID. */
export interface AcrRegistry {
    /** The ARM resource ID, as configured. */
    id: string;
    /** The subscription in the ID: the pull roles are assigned there. */
    subscriptionId: string;
    /** The registry's name in lower case, as login servers write it. */
    name: string;
    /**
     * Its login server unless it was created with a domain name label scope (then <name>-<hash>.azurecr.io,
     * which the ID does not tell: Azure/azure-cli#30404); public cloud only (azureProviderRefused.environment).
     */
    loginServer: string;
}

/** ARM resource ID of a container registry (its name: 5-50 alphanumerics); a resource group has at most 90 UTF-16 units. */
const acrResourceId =
    /^\/subscriptions\/(?<subscriptionId>[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})\/resourceGroups\/(?<group>[^/]{1,90})\/providers\/Microsoft\.ContainerRegistry\/registries\/(?<name>[a-z0-9]{5,50})$/i;

/**
 * A resource group name: underscores, hyphens, periods, parentheses and letters or digits as .NET's
 * Char.IsLetterOrDigit has them (Unicode L* and Nd, one UTF-16 unit each: never a surrogate), not ending
 * in a period (https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/resource-name-rules).
 */
const resourceGroupName = /^[-\p{L}\p{Nd}_.()]*[-\p{L}\p{Nd}_()]$/u;
const surrogate = /[\uD800-\uDFFF]/;

/** The registry an ARM resource ID names, or undefined when the text is not one. */
export function parseAcrResourceId(id: string): AcrRegistry | undefined {
    const groups = acrResourceId.exec(id)?.groups;
    if (!groups || !resourceGroupName.test(groups.group) || surrogate.test(groups.group)) return undefined;
    const name = groups.name.toLowerCase();
    return { id, subscriptionId: groups.subscriptionId, name, loginServer: `${name}.azurecr.io` };
}

function readProviderSettings(read: ConfigReader, stack: string, region: string): AzureProviderSettings {
    const config = new pulumi.Config("azure-native");
    const settings: Record<string, unknown> = {};
    const known = new Set([...Object.keys(azureProviderPassThrough), ...Object.keys(azureProviderRefused)]);
    for (const fullKey of Object.keys(pulumi.runtime.allConfig())) {
        const [namespace, key] = fullKey.split(":");
        if (namespace === "azure-native" && !known.has(key)) {
            read.foreignRemovalProblem(fullKey, "is not a setting of the azure-native provider (@pulumi/azure-native/config/vars): it would be ignored.");
        }
    }
    for (const [key, kind] of Object.entries(azureProviderPassThrough) as [PassThroughKey, ProviderKeyKind][]) {
        const fullKey = `azure-native:${key}`;
        const raw = config.get(key)?.trim();
        if (raw === undefined || raw === "") continue;
        if (kind === "secret") {
            if (!isStoredSecret(fullKey)) {
                read.problems.push({
                    key: fullKey,
                    message: "is stored in plain text in the stack file; it is a credential and must be encrypted.",
                    fix: secretFix(stack, fullKey),
                });
            }
            settings[key] = config.requireSecret(key);
        } else if (kind === "boolean") {
            if (raw !== "true" && raw !== "false") read.foreignProblem(fullKey, `"${raw}" is not true or false.`, "true");
            settings[key] = secretWhenStored(fullKey, raw === "true");
        } else if (kind === "guid") {
            if (!guid.test(raw)) read.foreignProblem(fullKey, `"${raw}" is not a GUID.`, guidPlaceholders[key as GuidKey]);
            settings[key] = secretWhenStored(fullKey, raw);
        } else if (kind === "guids") {
            const list = stringList(raw);
            const placeholder = guidPlaceholders[key as GuidKey];
            if (!list) read.foreignListProblem(fullKey, `must be a list of tenant IDs (GUIDs), got ${JSON.stringify(raw)}.`, [placeholder]);
            read.foreignListElementProblems(
                fullKey,
                list ?? [],
                (list ?? []).flatMap((item, index) => (guid.test(item) ? [] : [{ index, message: `"${item}" is not a tenant ID (a GUID).` }])),
                placeholder,
            );
            settings[key] = secretWhenStored(fullKey, list ?? []);
        } else {
            settings[key] = secretWhenStored(fullKey, raw);
        }
    }
    for (const [key, reason] of Object.entries(azureProviderRefused)) {
        const value = config.get(key)?.trim();
        if (!value) continue;
        const harmless = (key === "location" && value.toLowerCase() === region) || (key === "environment" && value === "public");
        if (!harmless) {
            read.foreignRemovalProblem(`azure-native:${key}`, `"${value}" is not supported: ${reason}.`);
        }
    }
    return settings;
}

function readMaintenanceWindow(read: ConfigReader): MaintenanceWindow {
    const raw = read.string("aksMaintenanceWindow");
    const match = /^([A-Za-z]+) ([01]\d|2[0-3]):([0-5]\d)$/.exec(raw);
    const day = weekDays.find((name) => name.toLowerCase() === match?.[1].toLowerCase());
    if (!match || !day) {
        read.problem("aksMaintenanceWindow", `"${raw}" is not a weekly start such as "Sunday 03:00" (a day of the week and a UTC time HH:MM).`, "Sunday 03:00");
        return { dayOfWeek: "Sunday", startTime: "03:00" };
    }
    return { dayOfWeek: day, startTime: `${match[2]}:${match[3]}` };
}

/**
 * Reads and checks the Azure settings; problems go to `read`. Other clouds get the defaults, unchecked.
 * `kubernetesVersion`: the configured version when well formed (a malformed one has its problem already).
 */
export function loadAzureSettings(
    read: ConfigReader,
    stack: string,
    cloud: Cloud,
    region: string,
    access: ClusterAccessSettings,
    kubernetesVersion?: string,
): AzureSettings {
    const autoUpgradeChannel = read.oneOf("aksAutoUpgradeChannel", aksAutoUpgradeChannels, "stable");
    const maintenanceWindow = readMaintenanceWindow(read);
    const acrId = read.string("aksAcrResourceId");
    if (cloud !== "azure") return { autoUpgradeChannel, maintenanceWindow, provider: {} };

    const zonal = regionsWithoutZones[region];
    if (zonal) {
        read.problem("region", `"${region}" has no availability zones, and every AKS node pool spans zones 1-3 (AKS refuses the pools there).`, zonal);
    }
    // The patch channel moves past a configured patch; a later update would then ask AKS for a
    // downgrade, which it refuses. A minor ("1.33") means its newest patch and stays valid.
    const version = kubernetesVersion ?? "";
    if (aksChannelMoves[autoUpgradeChannel] === "patch" && /^\d+\.\d+\.\d+$/.test(version)) {
        read.problem(
            "kubernetesVersion",
            `"${version}" has a patch, which aksAutoUpgradeChannel "patch" moves past: give the minor version only.`,
            version.split(".").slice(0, 2).join("."),
        );
    }
    const acr = acrId ? parseAcrResourceId(acrId) : undefined;
    if (acrId && !acr) {
        read.problem("aksAcrResourceId", `"${acrId}" is not the resource ID of a container registry.`);
    }
    // Local accounts are off (Entra ID only): with no administrator nobody, not even this program's
    // own Kubernetes calls, could use the cluster.
    if (access.clusterAdmins.length === 0 && !access.includeDeployerAsAdmin) {
        read.problem(
            "clusterAdmins",
            "AKS has local accounts disabled, so the cluster needs at least one administrator: list the CI identity as " +
                "ServicePrincipal:<object-id> and a break-glass group as Group:<object-id> (the identity running pulumi up must be " +
                "one of them or in a listed group), or set clusterAdminIncludeDeployer to true.",
            '["ServicePrincipal:<object ID of CI>","Group:<object ID of the break-glass group>"]',
        );
    }
    const provider = readProviderSettings(read, stack, region);
    // The plain ID seeds the backup account's name (a hash of it: clusters/aks/backup-container.ts).
    const subscriptionId = new pulumi.Config("azure-native").get("subscriptionId")?.trim() || undefined;
    return { subscriptionId, autoUpgradeChannel, maintenanceWindow, acr, provider };
}
