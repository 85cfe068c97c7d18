// Reads and validates the stack's configuration once, before any resource is registered.
// Every problem is collected and reported together, each with the command that fixes it.
import * as pulumi from "@pulumi/pulumi";
import { ConfigKeyName, configKeys, projectName } from "./keys";
import {
    Cloud, clouds, clusterMinimums, clusterNamePrefix, defaultRegions, environmentShortNames, Environment,
    environments, nodePools, prometheusRetention, workloadSizing,
} from "./sizing";
import { Color, LocalDistribution, NodePoolSettings, StackSettings, TlsIssuer } from "./settings";
import { machineShapes, MachineShape, totalNodes } from "../clusters/capacity";

export interface ConfigProblem {
    key: string;
    message: string;
    fix: string;
}

export class StackConfigError extends pulumi.RunError {
    constructor(readonly stack: string, readonly problems: ConfigProblem[]) {
        super([
            `Stack "${stack}" has ${problems.length} configuration problem${problems.length === 1 ? "" : "s"}; nothing was deployed:`,
            ...problems.map((p) => `  - ${p.key}: ${p.message}\n      fix: ${p.fix}`),
        ].join("\n"));
        this.name = "StackConfigError";
    }
}

const regionPatterns: Record<Exclude<Cloud, "local">, [RegExp, string]> = {
    gcp: [/^[a-z]+-[a-z]+\d+$/, "a GCP region such as us-central1"],
    aws: [/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, "an AWS region such as us-east-1"],
    azure: [/^[a-z]+[a-z0-9]*$/, "an Azure location such as eastus"],
};
const machineTypePatterns: Record<Exclude<Cloud, "local">, RegExp> = {
    gcp: /^[a-z][a-z0-9]*-[a-z0-9-]+$/,
    aws: /^[a-z][a-z0-9-]*\.[a-z0-9]+$/,
    azure: /^Standard_[A-Za-z0-9_]+$/,
};
const dnsLabel = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const hostname = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$/;
const email = /^[^@\s]+@[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/i;
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const imageRepository = /^([a-z0-9.-]+(:\d+)?\/)?[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
// Also a label value (app.kubernetes.io/version): at most 63 characters, alphanumeric at both ends.
const imageTag = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;
const cronField = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$|^[A-Za-z]{3}$/;

/** An IPv4 CIDR; returns its prefix length or undefined. */
export function cidrPrefix(value: string): number | undefined {
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
    if (!match || match.slice(1, 5).some((octet) => Number(octet) > 255) || Number(match[5]) > 32) return undefined;
    return Number(match[5]);
}

/** Reads raw config values, applies the declared defaults and records problems with their fixes. */
class ConfigReader {
    readonly problems: ConfigProblem[] = [];
    private readonly config = new pulumi.Config(projectName);

    constructor(private readonly stack: string) {}

    fix(key: ConfigKeyName, value?: string): string {
        const spec = configKeys[key];
        const shown = value ?? spec.example ?? "<value>";
        if (spec.type === "array") {
            return `pulumi config set --stack ${this.stack} --path '${projectName}:${key}[0]' ${shown.replace(/^\["?|"?\]$/g, "")}`;
        }
        const secret = "secret" in spec ? "--secret " : "";
        const quoted = /[\s*<>]/.test(shown) ? `'${shown}'` : shown;
        return `pulumi config set --stack ${this.stack} ${secret}${projectName}:${key} ${quoted}`;
    }

    problem(key: ConfigKeyName, message: string, fixValue?: string): void {
        this.problems.push({ key: `${projectName}:${key}`, message, fix: this.fix(key, fixValue) });
    }

    /** A problem with another package's key (gcp:project, azure-native:subscriptionId). */
    foreignProblem(fullKey: string, message: string, example: string): void {
        this.problems.push({ key: fullKey, message, fix: `pulumi config set --stack ${this.stack} ${fullKey} ${example}` });
    }

    isSet(key: ConfigKeyName): boolean {
        return this.config.get(key) !== undefined;
    }

    string(key: ConfigKeyName): string {
        const value = this.config.get(key);
        if (value !== undefined) return value.trim();
        const spec = configKeys[key] as { default?: unknown };
        return typeof spec.default === "string" ? spec.default : "";
    }

    oneOf<T extends string>(key: ConfigKeyName, allowed: readonly T[], fallback: T): T {
        const value = this.string(key);
        if ((allowed as readonly string[]).includes(value)) return value as T;
        this.problem(key, `"${value}" is not one of ${allowed.join(", ")}.`, fallback);
        return fallback;
    }

    /** A whole number; `min` 1 for counts. Returns the default when unset, undefined when invalid. */
    integer(key: ConfigKeyName, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
        const raw = this.config.get(key);
        const spec = configKeys[key] as { default?: unknown };
        if (raw === undefined) return typeof spec.default === "number" ? spec.default : undefined;
        const value = Number(raw);
        if (!/^-?\d+$/.test(raw.trim()) || value < min || value > max) {
            const range = max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`;
            this.problem(key, `"${raw}" is not ${range}.`);
            return undefined;
        }
        return value;
    }

    boolean(key: ConfigKeyName): boolean {
        const raw = this.config.get(key);
        const spec = configKeys[key] as { default?: unknown };
        if (raw === undefined) return spec.default === true;
        if (raw === "true" || raw === "false") return raw === "true";
        this.problem(key, `"${raw}" is not true or false.`);
        return spec.default === true;
    }

    stringArray(key: ConfigKeyName): string[] {
        const raw = this.config.get(key);
        if (raw === undefined || raw.trim() === "") return [];
        try {
            const parsed: unknown = JSON.parse(raw);
            if (Array.isArray(parsed) && parsed.every((item) => typeof item === "string")) return parsed;
        } catch {
            // reported below
        }
        this.problem(key, `must be a list of strings, got ${JSON.stringify(raw)}.`);
        return [];
    }

    /** A secret: its Output for the program, its plain value only for validation here. */
    secret(key: ConfigKeyName): { output?: pulumi.Output<string>; value?: string } {
        const value = this.config.get(key);
        if (value === undefined || value === "") return {};
        // `pulumi config set` without --secret stores the value in plain text in the stack file.
        const isSecret = (pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
        if (isSecret && !isSecret(`${projectName}:${key}`)) {
            this.problem(key, "is stored in plain text in the stack file; secrets must be encrypted.");
        }
        return { output: this.config.requireSecret(key), value };
    }

    foreign(fullKey: string): string | undefined {
        const [namespace, key] = fullKey.split(":");
        return new pulumi.Config(namespace).get(key)?.trim() || undefined;
    }
}

/** Edit distance, to suggest the key a typo meant. */
function distance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let previous = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const current = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
            previous = current;
        }
    }
    return row[b.length];
}

/** A misspelled key would otherwise be ignored silently and its default used. */
function checkUnknownKeys(read: ConfigReader, stack: string): void {
    const known = Object.keys(configKeys);
    for (const fullKey of Object.keys(pulumi.runtime.allConfig())) {
        const [namespace, key] = fullKey.split(":");
        if (namespace !== projectName || key in configKeys) continue;
        const suggestion = known.reduce((best, candidate) => (distance(key, candidate) < distance(key, best) ? candidate : best));
        read.problems.push({
            key: fullKey,
            message: `is not a setting of this program${distance(key, suggestion) <= 3 ? ` (did you mean ${suggestion}?)` : ""}.`,
            fix: `${read.fix(suggestion as ConfigKeyName)} && pulumi config rm --stack ${stack} ${fullKey}`,
        });
    }
}

function loadNodePool(read: ConfigReader, cloud: Exclude<Cloud, "local">, environment: Environment): NodePoolSettings {
    const table = nodePools[cloud][environment];
    const machineType = read.string("nodeMachineType") || table.machineType;
    if (!machineTypePatterns[cloud].test(machineType)) {
        read.problem("nodeMachineType", `"${machineType}" is not a ${cloud} machine type.`, table.machineType);
    }
    const nodeCount = read.integer("nodeCount", 0) || table.nodeCount;
    const minNodes = read.integer("nodeMinCount", 0) || table.minNodes;
    const maxNodes = read.integer("nodeMaxCount", 0) || table.maxNodes;
    if (minNodes > maxNodes) {
        read.problem("nodeMaxCount", `the maximum (${maxNodes}) is below the minimum (${minNodes}).`, String(minNodes));
    } else if (nodeCount < minNodes || nodeCount > maxNodes) {
        read.problem("nodeCount", `${nodeCount} is outside the autoscaling range ${minNodes}-${maxNodes}.`, String(minNodes));
    }
    const diskSizeGb = read.integer("nodeDiskSizeGb", 30, 2000) ?? 100;

    const cpus = read.integer("nodeCpus", 0) || undefined;
    const memoryGib = read.integer("nodeMemoryGib", 0) || undefined;
    const known = machineShapes[cloud][machineType];
    let shape: MachineShape = known ?? { vcpus: 0, memoryGib: 0, maxPods: 110 };
    if (cpus && memoryGib) {
        shape = { vcpus: cpus, memoryGib, maxPods: known?.maxPods ?? 110 };
    } else if (!known) {
        const missing: ConfigKeyName = cpus ? "nodeMemoryGib" : "nodeCpus";
        read.problem(missing, `machine type "${machineType}" is not in clusters/capacity.ts; set nodeCpus and nodeMemoryGib so its capacity can be checked.`);
    }
    return { machineType, nodeCount, minNodes, maxNodes, diskSizeGb, shape };
}

function minimumWarnings(settings: StackSettings): string[] {
    const pool = settings.nodePool;
    if (!pool || settings.environment === "development") return [];
    const minimum = clusterMinimums[settings.environment];
    const nodes = totalNodes(settings.cloud, pool.minNodes);
    const warnings: string[] = [];
    if (nodes < minimum.nodes) {
        warnings.push(`${settings.environment} should have at least ${minimum.nodes} nodes (deployment guide); the node pool's minimum is ${nodes}.`);
    }
    if (nodes * pool.shape.vcpus < minimum.vcpus || nodes * pool.shape.memoryGib < minimum.memoryGb) {
        warnings.push(`${settings.environment} should have at least ${minimum.vcpus} vCPU and ${minimum.memoryGb} GB at its minimum size.`);
    }
    return warnings;
}

/** Loads this stack's settings, or throws StackConfigError listing every problem. */
export function loadSettings(): StackSettings {
    const stack = pulumi.getStack();
    const read = new ConfigReader(stack);

    checkUnknownKeys(read, stack);
    const cloud = read.oneOf("cloud", clouds, "local");
    const environment = read.oneOf("environment", environments, "development");
    if (cloud === "local" && environment === "production") {
        read.problem("cloud", "production cannot run on a local cluster.", "gcp");
    }

    let region = read.string("region");
    if (cloud !== "local") {
        region ||= defaultRegions[cloud];
        const [pattern, what] = regionPatterns[cloud];
        if (!pattern.test(region)) read.problem("region", `"${region}" is not ${what}.`, defaultRegions[cloud]);
    }

    const clusterName = read.string("clusterName") || `${clusterNamePrefix}-${environmentShortNames[environment]}`;
    if (!dnsLabel.test(clusterName) || clusterName.length > 40) {
        read.problem("clusterName", `"${clusterName}" must be lower-case letters, digits and hyphens, start with a letter and have at most 40 characters.`, "atlasia-prod");
    }
    const kubernetesVersion = read.string("kubernetesVersion") || undefined;
    if (kubernetesVersion && !/^1\.\d{2}(\.\d+)?$/.test(kubernetesVersion)) {
        read.problem("kubernetesVersion", `"${kubernetesVersion}" is not a Kubernetes version such as 1.33.`);
    }

    const nodePool = cloud === "local" ? undefined : loadNodePool(read, cloud, environment);

    const apiAuthorizedCidrs = read.stringArray("apiAuthorizedCidrs");
    for (const cidr of apiAuthorizedCidrs) {
        if (cidrPrefix(cidr) === undefined) read.problem("apiAuthorizedCidrs", `"${cidr}" is not an IPv4 CIDR such as 203.0.113.0/24.`);
    }
    const clusterAdmins = read.stringArray("clusterAdmins");
    for (const admin of clusterAdmins) {
        if (cloud === "aws" && !/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/.test(admin)) {
            read.problem("clusterAdmins", `"${admin}" is not an IAM role or user ARN.`);
        } else if (cloud === "azure" && !guid.test(admin)) {
            read.problem("clusterAdmins", `"${admin}" is not an Entra ID group object ID (a GUID).`);
        }
    }

    const gcpProject = read.foreign("gcp:project") ?? "";
    if (cloud === "gcp" && !/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(gcpProject)) {
        read.foreignProblem("gcp:project", gcpProject ? `"${gcpProject}" is not a GCP project ID.` : "the GCP project ID is required for cloud=gcp.", "my-gcp-project");
    }
    const releaseChannel = read.oneOf("gkeReleaseChannel", ["RAPID", "REGULAR", "STABLE"], "REGULAR");
    const subscriptionId = read.foreign("azure-native:subscriptionId");
    if (cloud === "azure" && subscriptionId && !guid.test(subscriptionId)) {
        read.foreignProblem("azure-native:subscriptionId", `"${subscriptionId}" is not a subscription ID (a GUID).`, "00000000-0000-0000-0000-000000000000");
    }
    const autoUpgradeChannel = read.oneOf("aksAutoUpgradeChannel", ["none", "patch", "stable", "rapid", "node-image"], "stable");
    const vpcCidr = read.string("awsVpcCidr");
    const vpcPrefix = cidrPrefix(vpcCidr);
    if (vpcPrefix === undefined || vpcPrefix < 16 || vpcPrefix > 20) {
        read.problem("awsVpcCidr", `"${vpcCidr}" is not an IPv4 CIDR from /16 to /20.`, "10.0.0.0/16");
    }

    const local = {
        context: read.string("localContext"),
        kubeconfig: read.string("localKubeconfig") || undefined,
        distribution: read.oneOf<LocalDistribution>("localDistribution", ["kind", "minikube"], "kind"),
        cpus: read.integer("localCpus", 1) ?? 4,
        memoryGib: read.integer("localMemoryGib", 1) ?? 8,
    };
    if (cloud === "local" && !local.context) read.problem("localContext", "the kubeconfig context of the local cluster is empty.", "kind-atlasia");

    const defaultIssuer: TlsIssuer = environment === "production" ? "letsencrypt-prod" : environment === "staging" ? "letsencrypt-staging" : "none";
    const tlsIssuer = read.isSet("tlsIssuer") && read.string("tlsIssuer") !== ""
        ? read.oneOf<TlsIssuer>("tlsIssuer", ["letsencrypt-prod", "letsencrypt-staging", "none"], defaultIssuer)
        : defaultIssuer;
    const acmeEmail = read.string("acmeEmail") || undefined;
    if (acmeEmail && !email.test(acmeEmail)) {
        read.problem("acmeEmail", `"${acmeEmail}" is not an e-mail address.`);
    } else if (!acmeEmail && tlsIssuer !== "none") {
        read.problem("acmeEmail", `Let's Encrypt (${tlsIssuer}) needs a contact e-mail.`);
    }
    const retention = read.string("prometheusRetention") || prometheusRetention[environment];
    if (!/^\d+(ms|s|m|h|d|w|y)$/.test(retention)) {
        read.problem("prometheusRetention", `"${retention}" is not a Prometheus duration such as 15d.`);
    }

    const domain = read.string("domain").toLowerCase();
    if (domain !== "localhost" && !hostname.test(domain)) {
        read.problem("domain", `"${domain}" is not a host name such as atlasia.example.com.`);
    }
    const scheme = tlsIssuer === "none" ? "http" : "https";
    const configuredOrigins = read.string("corsAllowedOrigins");
    const corsAllowedOrigins = (configuredOrigins || `${scheme}://${domain}`).split(",").map((o) => o.trim());
    // Derived origins are only as good as the domain, which is checked above.
    for (const origin of configuredOrigins ? corsAllowedOrigins : []) {
        if (!/^https?:\/\/[a-z0-9.-]+(:\d+)?$/i.test(origin)) {
            read.problem("corsAllowedOrigins", `"${origin}" is not an origin such as https://atlasia.example.com.`);
        }
    }

    const image = (repositoryKey: ConfigKeyName, tagKey: ConfigKeyName) => {
        const repository = read.string(repositoryKey);
        const tag = read.string(tagKey);
        if (!imageRepository.test(repository)) read.problem(repositoryKey, `"${repository}" is not an image repository.`);
        if (!imageTag.test(tag)) read.problem(tagKey, `"${tag}" is not an image tag.`);
        return { repository, tag };
    };
    const images = {
        orchestrator: image("orchestratorImage", "orchestratorTag"),
        frontend: image("frontendImage", "frontendTag"),
    };
    const greenOrchestratorTag = read.string("greenOrchestratorTag");
    const greenFrontendTag = read.string("greenFrontendTag");
    for (const [key, tag] of [["greenOrchestratorTag", greenOrchestratorTag], ["greenFrontendTag", greenFrontendTag]] as const) {
        if (tag && !imageTag.test(tag)) read.problem(key, `"${tag}" is not an image tag.`);
    }
    const green = greenOrchestratorTag || greenFrontendTag
        ? { orchestratorTag: greenOrchestratorTag || images.orchestrator.tag, frontendTag: greenFrontendTag || images.frontend.tag }
        : undefined;
    const activeColor = read.oneOf<Color>("activeColor", ["blue", "green"], "blue");
    if (activeColor === "green" && !green) {
        read.problem("greenOrchestratorTag", "activeColor is green but no green colour is deployed.", images.orchestrator.tag);
    }

    const backupSchedule = read.string("postgresBackupSchedule");
    const fields = backupSchedule.split(/\s+/);
    if (fields.length !== 5 || !fields.every((field) => cronField.test(field))) {
        read.problem("postgresBackupSchedule", `"${backupSchedule}" is not a five-field cron schedule such as "0 2 * * *".`, "0 2 * * *");
    }
    const backups = {
        enabled: read.boolean("postgresBackupsEnabled"),
        schedule: backupSchedule,
        retentionDays: read.integer("postgresBackupRetentionDays", 1, 3650) ?? 14,
    };

    const llmApiKey = read.secret("llmApiKey");
    if (!llmApiKey.output) read.problem("llmApiKey", "the LLM provider's API key is required and is not set.");
    const jwtSecret = read.secret("jwtSecret");
    if (jwtSecret.value !== undefined && Buffer.byteLength(jwtSecret.value) < 32) {
        read.problem("jwtSecret", "must be at least 256 bits (32 bytes); leave it unset to have one generated.");
    }
    const encryptionKey = read.secret("encryptionKey");
    if (encryptionKey.value !== undefined && Buffer.byteLength(encryptionKey.value) !== 32) {
        read.problem("encryptionKey", "must be exactly 32 bytes; leave it unset to have one generated.");
    }
    const secrets = {
        llmApiKey: llmApiKey.output as pulumi.Output<string>,
        orchestratorToken: read.secret("orchestratorToken").output,
        dbPassword: read.secret("dbPassword").output,
        jwtSecret: jwtSecret.output,
        encryptionKey: encryptionKey.output,
        vaultToken: read.secret("vaultToken").output,
        grafanaAdminPassword: read.secret("grafanaAdminPassword").output,
    };

    const monitoring = read.boolean("monitoringEnabled");
    const tracing = read.boolean("tracingEnabled");
    const ingressEnabled = read.boolean("ingressEnabled");

    if (read.problems.length > 0) throw new StackConfigError(stack, read.problems);

    const settings: StackSettings = {
        project: pulumi.getProject(),
        stack,
        cloud,
        environment,
        protect: environment === "production",
        region,
        clusterName,
        kubernetesVersion,
        nodePool,
        apiAuthorizedCidrs,
        clusterAdmins,
        gcp: { project: gcpProject, releaseChannel },
        aws: { vpcCidr },
        azure: { subscriptionId, autoUpgradeChannel },
        local,
        tags: { project: projectName, environment, stack, "managed-by": "pulumi" },
        addons: {
            monitoring,
            tracing,
            tlsIssuer,
            acmeEmail,
            prometheusRetention: retention,
        },
        app: {
            domain,
            corsAllowedOrigins,
            ingressEnabled,
            images,
            green,
            activeColor,
            backups,
        },
        sizing: workloadSizing[environment],
        secrets,
        warnings: [],
    };
    settings.warnings.push(...minimumWarnings(settings));
    return settings;
}
