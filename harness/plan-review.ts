// What a reviewer of the offline plan needs first: the settings the program resolved (node pools
// and their counts, chart versions, what is exposed, what is protected), the overrides the plan was
// made with, and the names of the secrets it used. Read from the recorded resources, so it shows
// what `pulumi up` would register rather than what the configuration meant to say.
import { ProgramRun, RecordedResource } from "./run";

/** What the plan was asked to change: plain values are shown, secret values never. */
export interface PlanOverrides {
    set: Record<string, string>;
    secretKeys: string[];
}

export interface NodePoolSettings {
    resource: string;
    machine?: string;
    initial?: number;
    min?: number;
    max?: number;
    /** GKE regional pools count per zone; the others count in total. */
    counts: "per zone" | "total";
    zones?: string[];
    /** The pool several resources make up together: EKS's zonal node groups share their atlasia.io/pool label. */
    pool?: string;
}

export interface ResolvedSettings {
    nodePools: NodePoolSettings[];
    charts: { release: string; chart: string; version: string; namespace?: string; repository?: string }[];
    exposure: {
        apiEndpoint: { resource: string; authorizedRanges: ApiEndpointRanges }[];
        ingressHosts: { ingress: string; hosts: string[]; tls: boolean; issuer?: string }[];
        loadBalancers: string[];
    };
    protectedResources: string[];
    secrets: { key: string; source: "given" | "placeholder" }[];
    overrides: PlanOverrides;
}

/** The recorded inputs the review reads, per resource type (the names are the providers' own). */
interface GkeNodePoolInputs {
    nodeConfig?: { machineType?: string };
    initialNodeCount?: number;
    nodeCount?: number;
    autoscaling?: { totalMinNodeCount?: number; totalMaxNodeCount?: number; minNodeCount?: number; maxNodeCount?: number };
    nodeLocations?: string[];
}
interface EksNodeGroupInputs {
    instanceTypes?: string[];
    scalingConfig?: { desiredSize?: number; minSize?: number; maxSize?: number };
    labels?: Record<string, string>;
}
interface AksAgentPoolInputs {
    name?: string;
    vmSize?: string;
    count?: number;
    minCount?: number;
    maxCount?: number;
    availabilityZones?: string[];
}
interface AksClusterInputs {
    agentPoolProfiles?: AksAgentPoolInputs[];
    apiServerAccessProfile?: { enablePrivateCluster?: boolean; authorizedIPRanges?: string[] };
}
interface GkeClusterInputs {
    privateClusterConfig?: { enablePrivateEndpoint?: boolean };
    masterAuthorizedNetworksConfig?: { cidrBlocks?: { cidrBlock: string }[] };
}
interface EksClusterInputs {
    vpcConfig?: { endpointPublicAccess?: boolean; publicAccessCidrs?: string[] };
}
interface HelmReleaseInputs {
    name?: string;
    chart: string;
    version: string;
    namespace?: string;
    repositoryOpts?: { repo?: string };
    values?: unknown;
}
interface KubernetesInputs {
    metadata?: { name?: string; namespace?: string; annotations?: Record<string, string> };
    spec?: { type?: string; rules?: { host?: string }[]; tls?: unknown[] };
}

type Inputs = RecordedResource["maskedInputs"];

/** The zone IDs of the subnets at `urns`, as the run recorded them (unknown in a preview: left out). */
function subnetZones(run: ProgramRun, urns: string[]): string[] {
    return urns
        .map((urn): unknown => run.resources.find((r) => r.urn === urn)?.maskedInputs.availabilityZoneId)
        .filter((zone): zone is string => typeof zone === "string");
}

/** Node pool shapes by resource type (a regional GKE pool counts per zone unless total counts are set). */
const nodePoolReaders: Record<string, (inputs: Inputs, name: string, resource: RecordedResource, run: ProgramRun) => NodePoolSettings[]> = {
    "gcp:container/nodePool:NodePool": (inputs, name) => {
        const i = inputs as GkeNodePoolInputs;
        return [
            {
                resource: name,
                machine: i.nodeConfig?.machineType,
                initial: i.initialNodeCount ?? i.nodeCount,
                min: i.autoscaling?.totalMinNodeCount ?? i.autoscaling?.minNodeCount,
                max: i.autoscaling?.totalMaxNodeCount ?? i.autoscaling?.maxNodeCount,
                counts: i.autoscaling?.totalMinNodeCount !== undefined ? "total" : "per zone",
                zones: i.nodeLocations,
            },
        ];
    },
    // One group per zone (clusters/eks/zonal-node-groups.ts): each row is one zone's share.
    "aws:eks/nodeGroup:NodeGroup": (inputs, name, resource, run) => {
        const i = inputs as EksNodeGroupInputs;
        return [
            {
                resource: name,
                machine: (i.instanceTypes ?? []).join(", "),
                initial: i.scalingConfig?.desiredSize,
                min: i.scalingConfig?.minSize,
                max: i.scalingConfig?.maxSize,
                counts: "total",
                zones: subnetZones(run, resource.propertyDependencies.subnetIds ?? []),
                pool: i.labels?.["atlasia.io/pool"],
            },
        ];
    },
    "azure-native:containerservice:ManagedCluster": (i, name) =>
        ((i as AksClusterInputs).agentPoolProfiles ?? []).map((pool) => ({
            resource: `${name}/${pool.name}`,
            machine: pool.vmSize,
            initial: pool.count,
            min: pool.minCount,
            max: pool.maxCount,
            counts: "total" as const,
            zones: pool.availabilityZones,
        })),
    "azure-native:containerservice:AgentPool": (inputs, name) => {
        const i = inputs as AksAgentPoolInputs;
        return [
            {
                resource: name,
                machine: i.vmSize,
                initial: i.count,
                min: i.minCount,
                max: i.maxCount,
                counts: "total",
                zones: i.availabilityZones,
            },
        ];
    },
};

type ApiEndpointRanges = string[] | "any address" | "private" | "the stack's secret ranges";

/** Whether the input at `path` is secret, itself or inside a secret (a nested secret is recorded on its top-level input). */
function isSecretInput(resource: RecordedResource, path: string): boolean {
    return resource.secretPaths.some((secret) => path === secret || path.startsWith(`${secret}.`));
}

/**
 * The ranges at `path`: any address when none is listed or 0.0.0.0/0 is; named, never shown, when
 * the stack stores them encrypted. Exposure switches are not secret, so they are read unmasked.
 */
function listedRanges(resource: RecordedResource, path: string, ranges: string[] | undefined): ApiEndpointRanges {
    if (!ranges || ranges.length === 0 || ranges.includes("0.0.0.0/0")) return "any address";
    return isSecretInput(resource, path) ? "the stack's secret ranges" : ranges;
}

/** Who may reach the Kubernetes API, by cluster resource type. */
const apiEndpointReaders: Record<string, (resource: RecordedResource) => ApiEndpointRanges> = {
    "gcp:container/cluster:Cluster": (resource) => {
        const i = resource.inputs as GkeClusterInputs;
        if (i.privateClusterConfig?.enablePrivateEndpoint === true) return "private";
        const blocks = i.masterAuthorizedNetworksConfig?.cidrBlocks?.map((b) => b.cidrBlock);
        return listedRanges(resource, "masterAuthorizedNetworksConfig.cidrBlocks", blocks);
    },
    "aws:eks/cluster:Cluster": (resource) => {
        const i = resource.inputs as EksClusterInputs;
        if (i.vpcConfig?.endpointPublicAccess === false) return "private";
        return listedRanges(resource, "vpcConfig.publicAccessCidrs", i.vpcConfig?.publicAccessCidrs);
    },
    "azure-native:containerservice:ManagedCluster": (resource) => {
        const i = resource.inputs as AksClusterInputs;
        if (i.apiServerAccessProfile?.enablePrivateCluster === true) return "private";
        return listedRanges(resource, "apiServerAccessProfile.authorizedIPRanges", i.apiServerAccessProfile?.authorizedIPRanges);
    },
};

const helmReleaseType = "kubernetes:helm.sh/v3:Release";

/** Paths of chart values that ask for a LoadBalancer or NodePort Service. */
function exposedServices(values: unknown, path: string, found: string[] = []): string[] {
    if (!values || typeof values !== "object" || Array.isArray(values)) return found;
    const object = values as { type?: unknown };
    if (/(^|\.)service$/i.test(path) && (object.type === "LoadBalancer" || object.type === "NodePort")) found.push(`${path}: ${object.type}`);
    for (const [key, value] of Object.entries(object)) exposedServices(value, path ? `${path}.${key}` : key, found);
    return found;
}

function label(resource: RecordedResource): string {
    const [, , kind] = resource.type.split(":");
    const { metadata } = resource.inputs as KubernetesInputs;
    const namespace = metadata?.namespace;
    const name = metadata?.name ?? resource.name;
    return resource.type.startsWith("kubernetes:") ? `${kind} ${namespace ? `${namespace}/` : ""}${name}` : `${resource.type} ${resource.name}`;
}

export function resolveSettings(run: ProgramRun, overrides: PlanOverrides = { set: {}, secretKeys: [] }): ResolvedSettings {
    const settings: ResolvedSettings = {
        nodePools: [],
        charts: [],
        exposure: { apiEndpoint: [], ingressHosts: [], loadBalancers: [] },
        protectedResources: [],
        secrets: [...run.config.secretKeys].sort().map((key) => ({ key, source: run.config.placeholders.includes(key) ? "placeholder" : "given" })),
        overrides: { set: overrides.set, secretKeys: [...overrides.secretKeys].sort() },
    };
    for (const resource of run.resources) {
        const inputs = resource.maskedInputs;
        settings.nodePools.push(...(nodePoolReaders[resource.type]?.(inputs, resource.name, resource, run) ?? []));
        const endpoint = apiEndpointReaders[resource.type];
        if (endpoint) settings.exposure.apiEndpoint.push({ resource: resource.name, authorizedRanges: endpoint(resource) });
        if (resource.type === helmReleaseType) {
            const inputs = resource.maskedInputs as HelmReleaseInputs;
            settings.charts.push({
                release: inputs.name ?? resource.name,
                chart: inputs.chart,
                version: inputs.version,
                namespace: inputs.namespace,
                repository: inputs.repositoryOpts?.repo,
            });
            settings.exposure.loadBalancers.push(...exposedServices(inputs.values, "").map((path) => `${inputs.name ?? resource.name} ${path}`));
        }
        const { metadata, spec } = inputs as KubernetesInputs;
        if (resource.type === "kubernetes:networking.k8s.io/v1:Ingress") {
            settings.exposure.ingressHosts.push({
                ingress: label(resource),
                hosts: (spec?.rules ?? []).map((rule) => rule.host).filter((host): host is string => Boolean(host)),
                tls: (spec?.tls ?? []).length > 0,
                issuer: metadata?.annotations?.["cert-manager.io/cluster-issuer"],
            });
        }
        if (resource.type === "kubernetes:core/v1:Service" && (spec?.type === "LoadBalancer" || spec?.type === "NodePort")) {
            settings.exposure.loadBalancers.push(`${label(resource)}: ${spec.type}`);
        }
        if (resource.protect) settings.protectedResources.push(label(resource));
    }
    settings.charts.sort((a, b) => a.release.localeCompare(b.release));
    return settings;
}

const dash = "-";

function cell(value: unknown): string {
    return value === undefined || value === null || value === "" ? dash : cellText(value).replace(/\|/g, "\\|");
}

/** Lists as "a,b"; an object as its JSON, never "[object Object]". */
function cellText(value: unknown): string {
    if (Array.isArray(value)) return value.map(cellText).join(",");
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
    return JSON.stringify(value);
}

/** One total row per pool made of several resources (EKS's zonal groups): the counts the sizing table gives. */
export function poolTotals(nodePools: NodePoolSettings[]): NodePoolSettings[] {
    const byPool = new Map<string, NodePoolSettings[]>();
    for (const p of nodePools.filter((p) => p.pool !== undefined)) byPool.set(p.pool as string, [...(byPool.get(p.pool as string) ?? []), p]);
    const total = (members: NodePoolSettings[], key: "initial" | "min" | "max") =>
        members.every((m) => typeof m[key] === "number") ? members.reduce((sum, m) => sum + (m[key] as number), 0) : undefined;
    return [...byPool.entries()]
        .filter(([, members]) => members.length > 1)
        .map(([pool, members]) => ({
            resource: `total: ${pool} (${members.length} groups)`,
            machine: [...new Set(members.map((m) => m.machine))].join(", "),
            initial: total(members, "initial"),
            min: total(members, "min"),
            max: total(members, "max"),
            counts: "total",
            zones: [...new Set(members.flatMap((m) => m.zones ?? []))],
            pool,
        }));
}

/** The summary's review sections, in markdown. */
export function reviewSections(settings: ResolvedSettings): string[] {
    const { nodePools, charts, exposure, protectedResources, secrets, overrides } = settings;
    const setEntries = Object.entries(overrides.set);
    return [
        "## Overrides",
        "",
        ...(setEntries.length === 0 && overrides.secretKeys.length === 0
            ? ["None: the stack file as committed."]
            : [...setEntries.map(([key, value]) => `- \`--set ${key}=${value}\``), ...overrides.secretKeys.map((key) => `- \`--secret ${key}=[secret]\``)]),
        "",
        "## Node pools",
        "",
        ...(nodePools.length === 0
            ? ["None created: the program uses an existing cluster."]
            : [
                  "| pool | machine | initial | min | max | counted | zones |",
                  "|---|---|---|---|---|---|---|",
                  ...[...nodePools, ...poolTotals(nodePools)].map(
                      (p) =>
                          `| ${cell(p.resource)} | ${cell(p.machine)} | ${cell(p.initial)} | ${cell(p.min)} | ${cell(p.max)} | ${p.counts} | ${cell(p.zones?.join(", "))} |`,
                  ),
              ]),
        "",
        "## Charts",
        "",
        "| release | chart | version | namespace | repository |",
        "|---|---|---|---|---|",
        ...charts.map((c) => `| ${cell(c.release)} | ${cell(c.chart)} | ${cell(c.version)} | ${cell(c.namespace)} | ${cell(c.repository)} |`),
        "",
        "## Exposure",
        "",
        ...exposure.apiEndpoint.map(
            (e) => `- Kubernetes API of ${e.resource}: ${Array.isArray(e.authorizedRanges) ? e.authorizedRanges.join(", ") : e.authorizedRanges}`,
        ),
        ...exposure.ingressHosts.map(
            (i) => `- ${i.ingress}: ${i.hosts.join(", ") || "(any host)"}, ${i.tls ? `TLS${i.issuer ? ` from ${i.issuer}` : ""}` : "no TLS"}`,
        ),
        ...exposure.loadBalancers.map((lb) => `- ${lb}`),
        ...(exposure.apiEndpoint.length + exposure.ingressHosts.length + exposure.loadBalancers.length === 0 ? ["Nothing exposed."] : []),
        "",
        "## Protected resources",
        "",
        ...(protectedResources.length === 0 ? ["None (`pulumi destroy` removes everything)."] : protectedResources.map((r) => `- ${r}`)),
        "",
        "## Secrets (names only)",
        "",
        ...(secrets.length === 0
            ? ["None set."]
            : secrets.map((s) => `- ${s.key}${s.source === "placeholder" ? " (not readable offline: planned with a placeholder)" : ""}`)),
        "",
    ];
}
