// Reads and validates the stack's configuration once, before any resource is registered.
// Every problem is collected and reported together, each with the command that fixes it.
import * as pulumi from "@pulumi/pulumi";
import { ConfigKeyName, projectName } from "./keys";
import { cronField, dnsLabel } from "./patterns";
import { ConfigReader, StackConfigError } from "./reader";
import { checkUnknownKeys } from "./unknown-keys";
import {
    Cloud,
    clouds,
    clusterMinimums,
    clusterNamePrefix,
    defaultRegions,
    environmentShortNames,
    Environment,
    environments,
    nodePools,
    prometheusRetention,
    workloadSizing,
} from "./sizing";
import { Color, LocalDistribution, NodePoolSettings, StackSettings, TlsIssuer } from "./settings";
import { loadClusterAccess } from "./cluster-access";
import { loadGcpSettings } from "./gcp";
import { loadAwsSettings } from "./aws";
import { checkEksZonalCounts } from "./eks-node-groups";
import { checkEksDatabaseZones } from "./eks-database-zones";
import { loadAzureSettings } from "./azure";
import { machineShapes, MachineShape, totalNodes } from "../clusters/capacity";
import { loadTeardown } from "./teardown";
import { loadScaling } from "./scaling";
import { loadImageContract } from "./image-contract";
import { checkWorkloadKubernetesVersion } from "./workload-kubernetes";
import { checkAcmeNames } from "./acme-names";
import { checkImmutableTags, loadRegistry } from "./images";
import { loadEgress } from "./egress";
import { loadDatabaseSettings } from "./database";
import { loadAppPassword, loadRolePasswords } from "./database-passwords";
import { checkSpringPlaceholder } from "./spring-placeholders";

const regionPatterns: Record<Exclude<Cloud, "local">, [RegExp, string]> = {
    gcp: [/^[a-z]+-[a-z]+\d+$/, "a GCP region such as us-central1"],
    // Commercial, China and GovCloud regions; air-gapped ones (-iso*) pass here to be refused with their reason (config/aws.ts).
    aws: [/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/, "an AWS region of the commercial, China or GovCloud partition, such as us-east-1"],
    azure: [/^[a-z][a-z0-9]*$/, "an Azure location such as eastus"],
};
const machineTypePatterns: Record<Exclude<Cloud, "local">, RegExp> = {
    gcp: /^[a-z][a-z0-9]*-[a-z0-9-]+$/,
    aws: /^[a-z][a-z0-9-]*\.[a-z0-9]+$/,
    azure: /^Standard_[A-Za-z0-9_]+$/,
};
const hostname = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$/;
const email = /^[^@\s]+@[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/i;
const imageRepository = /^([a-z0-9.-]+(:\d+)?\/)?[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
// Also a label value (app.kubernetes.io/version): at most 63 characters, alphanumeric at both ends.
const imageTag = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;

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
    const nodes = totalNodes(settings.cloud, pool.minNodes, settings.environment);
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

    // The environment's default (atlasia-dev, atlasia-staging, atlasia-prod) is a valid name: removing
    // the key gives this stack its own, where one example name would give every stack atlasia-prod.
    const defaultClusterName = `${clusterNamePrefix}-${environmentShortNames[environment]}`;
    const clusterName = read.string("clusterName") || defaultClusterName;
    if (!dnsLabel.test(clusterName) || clusterName.length > 40) {
        read.removalProblem(
            "clusterName",
            `"${clusterName}" must be lower-case letters, digits and hyphens, start with a letter, end with a letter or digit and have at most 40 characters; ` +
                `removing it gives this ${environment} stack the name ${defaultClusterName}.`,
        );
    }
    const kubernetesVersion = read.string("kubernetesVersion") || undefined;
    // A malformed version gets its one problem here; the later checks would add a second, contradicting fix.
    const wellFormedVersion = kubernetesVersion && /^1\.\d{2}(\.\d+)?$/.test(kubernetesVersion) ? kubernetesVersion : undefined;
    if (kubernetesVersion && !wellFormedVersion) {
        read.problem("kubernetesVersion", `"${kubernetesVersion}" is not a Kubernetes version such as 1.33.`);
    }
    checkWorkloadKubernetesVersion(read, wellFormedVersion);

    const nodePool = cloud === "local" ? undefined : loadNodePool(read, cloud, environment);
    if (cloud === "aws" && nodePool) checkEksZonalCounts(read, environment, nodePool);

    const { access, warnings: accessWarnings } = loadClusterAccess(read, cloud, environment, clusterName);

    const gcp = loadGcpSettings(read, cloud, environment, region);
    const aws = loadAwsSettings(read, { active: cloud === "aws", region, kubernetesVersion: wellFormedVersion, access });
    const azure = loadAzureSettings(read, stack, cloud, region, access, wellFormedVersion);

    const local = {
        context: read.string("localContext"),
        kubeconfig: read.string("localKubeconfig") || undefined,
        distribution: read.oneOf<LocalDistribution>("localDistribution", ["kind", "minikube"], "kind"),
        cpus: read.integer("localCpus", 1) ?? 4,
        memoryGib: read.integer("localMemoryGib", 1) ?? 8,
    };
    if (cloud === "local" && !local.context) read.problem("localContext", "the kubeconfig context of the local cluster is empty.", "kind-atlasia");

    const defaultIssuer: TlsIssuer = environment === "production" ? "letsencrypt-prod" : environment === "staging" ? "letsencrypt-staging" : "none";
    const tlsIssuer =
        read.isSet("tlsIssuer") && read.string("tlsIssuer") !== ""
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
    checkAcmeNames(read, tlsIssuer, domain, acmeEmail);
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
    for (const [key, tag] of [
        ["greenOrchestratorTag", greenOrchestratorTag],
        ["greenFrontendTag", greenFrontendTag],
    ] as const) {
        if (tag && !imageTag.test(tag)) read.problem(key, `"${tag}" is not an image tag.`);
    }
    const green =
        greenOrchestratorTag || greenFrontendTag
            ? { orchestratorTag: greenOrchestratorTag || images.orchestrator.tag, frontendTag: greenFrontendTag || images.frontend.tag }
            : undefined;
    checkImmutableTags(read, environment, [
        ["orchestratorTag", images.orchestrator.tag],
        ["frontendTag", images.frontend.tag],
        ["greenOrchestratorTag", greenOrchestratorTag],
        ["greenFrontendTag", greenFrontendTag],
    ]);
    const { registry, warnings: registryWarnings } = loadRegistry(read, { cloud, gcpProject: gcp.project, region, acr: azure.acr }, [
        ["orchestratorImage", images.orchestrator.repository],
        ["frontendImage", images.frontend.repository],
    ]);
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
    checkSpringPlaceholder(read, "llmApiKey", llmApiKey.value, "set the key exactly as the LLM provider issued it.");
    const orchestratorToken = read.secret("orchestratorToken");
    checkSpringPlaceholder(read, "orchestratorToken", orchestratorToken.value, "leave it unset to have one generated.");
    const vaultToken = read.secret("vaultToken");
    checkSpringPlaceholder(read, "vaultToken", vaultToken.value, "set the token exactly as Vault issued it.");
    const jwtSecret = read.secret("jwtSecret");
    checkSpringPlaceholder(read, "jwtSecret", jwtSecret.value, "leave it unset to have one generated.");
    if (jwtSecret.value !== undefined && Buffer.byteLength(jwtSecret.value) < 32) {
        read.problem("jwtSecret", "must be at least 256 bits (32 bytes); leave it unset to have one generated.");
    }
    const encryptionKey = read.secret("encryptionKey");
    checkSpringPlaceholder(read, "encryptionKey", encryptionKey.value, "leave it unset to have one generated.");
    if (encryptionKey.value !== undefined && Buffer.byteLength(encryptionKey.value) !== 32) {
        read.problem("encryptionKey", "must be exactly 32 bytes; leave it unset to have one generated.");
    }
    const secrets = {
        llmApiKey: llmApiKey.output as pulumi.Output<string>,
        orchestratorToken: orchestratorToken.output,
        dbPassword: loadAppPassword(read),
        ...loadRolePasswords(read),
        jwtSecret: jwtSecret.output,
        encryptionKey: encryptionKey.output,
        vaultToken: vaultToken.output,
        grafanaAdminPassword: read.secret("grafanaAdminPassword").output,
    };

    const scaling = loadScaling(read, workloadSizing[environment]);
    const egress = loadEgress(read, secrets.vaultToken !== undefined);
    const monitoring = read.boolean("monitoringEnabled");
    const tracing = read.boolean("tracingEnabled");
    const ingressEnabled = read.boolean("ingressEnabled");
    const teardown = loadTeardown(read, stack, environment);
    const database = loadDatabaseSettings(read, cloud, environment);
    if (cloud === "aws") checkEksDatabaseZones(read, region, aws.availabilityZoneIds, database);

    const imageContract = loadImageContract(read);
    if (read.problems.length > 0) throw new StackConfigError(stack, read.problems);

    const settings: StackSettings = {
        project: pulumi.getProject(),
        stack,
        cloud,
        environment,
        protect: environment === "production",
        allowClusterDeletion: teardown.allowClusterDeletion,
        region,
        clusterName,
        kubernetesVersion,
        nodePool,
        access,
        gcp,
        aws,
        azure,
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
            queueDepthScope: scaling.queueDepthScope,
            imageContract,
            registry,
            egress,
        },
        sizing: scaling.sizing,
        database,
        secrets,
        warnings: [],
    };
    settings.warnings.push(...accessWarnings, ...registryWarnings, ...minimumWarnings(settings), ...teardown.warnings);
    return settings;
}
