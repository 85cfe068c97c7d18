// Shared program runs and accessors for the workloads tests. Runs are cached by label, so every
// test file of one mocha process reuses them (each run of the whole program costs ~0.5 s).
import { ProgramRun, RecordedResource, RunOptions } from "../../harness/run";
import { CapturedPlatform, llmApiKey, ObservedRun, stackOptions, stackRun, withDatabaseEngine } from "./runs";

export { llmApiKey, matrix, statefulSetMatrix } from "./runs";
export type { CapturedPlatform, Env, StackCase } from "./runs";
const secrets = { llmApiKey };

/** Further configurations: blue-green, everything optional off, user-supplied secrets. */
export const variants = {
    blueGreen: {
        label: "gcp/production blue-green (green active)",
        options: { stack: "production", secrets, set: { greenOrchestratorTag: "0.2.0", greenFrontendTag: "0.2.1", activeColor: "green" } },
    },
    minimal: {
        label: "aws/staging without monitoring, tracing, TLS, ingress or backups; green orchestrator beside blue",
        options: {
            stack: "staging",
            secrets,
            set: {
                cloud: "aws",
                clusterAdminIncludeDeployer: "true",
                monitoringEnabled: "false",
                tracingEnabled: "false",
                tlsIssuer: "none",
                ingressEnabled: "false",
                postgresBackupsEnabled: "false",
                greenOrchestratorTag: "0.3.0",
            },
        },
    },
    suppliedSecrets: {
        label: "azure/production with every secret supplied",
        options: {
            stack: "production",
            // A Vault token needs a Vault to go to (issue 11 item 19).
            set: { ...stackOptions("azure", "production").set, vaultAddress: "https://vault.cloud-ops.net:8200", vaultCidrs: '["203.0.113.10/32"]' },
            secrets: {
                llmApiKey,
                orchestratorToken: "supplied-orchestrator-token-7Yt5Rr3Ee1",
                dbPassword: "supplied-db-password-Qa2Ws4Ed6Rf8",
                jwtSecret: "supplied-jwt-secret-that-is-longer-than-32-bytes-Tg5Yh7",
                encryptionKey: "supplied-encryption-key-32bytes!",
                vaultToken: "supplied-vault-token-Uj8Ik9Ol0Pp1",
                grafanaAdminPassword: "supplied-grafana-password-Mn3Bv5",
            },
        },
    },
} satisfies Record<string, { label: string; options: RunOptions }>;

/** A variant on the StatefulSet (see withDatabaseEngine): its label says so. */
export function onStatefulSet<T extends { label: string; options: RunOptions }>(variant: T): T {
    return { ...variant, label: `${variant.label}, on the StatefulSet`, options: withDatabaseEngine(variant.options, "statefulset") };
}

export type WorkloadRun = ObservedRun;

/** The run of one configuration, shared by every test file (the label names it in test titles). */
export function runOnce(_label: string, options: RunOptions): Promise<WorkloadRun> {
    return stackRun(options);
}

export async function runValid(label: string, options: RunOptions): Promise<WorkloadRun & { platform: CapturedPlatform }> {
    const run = await runOnce(label, options);
    if (run.error) throw run.error;
    if (!run.platform) throw new Error(`${label}: the PlatformAddons component was not observed`);
    return run as WorkloadRun & { platform: CapturedPlatform };
}

// ---------------------------------------------------------------------------------------------
// Accessors

export type K8sObject = Record<string, any> & { apiVersion: string; kind: string; metadata: Record<string, any> };

/** Every Kubernetes object the program registers (Helm releases are not objects). */
export function kubernetesResources(run: ProgramRun): RecordedResource[] {
    return run.resources.filter((r) => r.type.startsWith("kubernetes:") && r.type !== "kubernetes:helm.sh/v3:Release");
}

/** Whether a resource descends from a resource of type `ancestorType` (walking the parent chain). */
export function descendsFrom(run: ProgramRun, resource: RecordedResource, ancestorType: string): boolean {
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    for (let parent = byUrn.get(resource.parent); parent; parent = byUrn.get(parent.parent)) {
        if (parent.type === ancestorType) return true;
    }
    return false;
}

/** The workloads layer's own Kubernetes resources. */
export function workloadResources(run: ProgramRun): RecordedResource[] {
    return kubernetesResources(run).filter((r) => descendsFrom(run, r, "atlasia:app:AtlasiaWorkloads"));
}

export function objectsOfKind(run: ProgramRun, kind: string): K8sObject[] {
    return workloadResources(run)
        .map((r) => r.inputs as K8sObject)
        .filter((o) => o.kind === kind);
}

export function resourceOf(run: ProgramRun, kind: string, name: string): RecordedResource {
    const found = workloadResources(run).filter((r) => r.inputs.kind === kind && r.inputs.metadata?.name === name);
    if (found.length !== 1) {
        const present = workloadResources(run)
            .map((r) => `${r.inputs.kind}/${r.inputs.metadata?.name}`)
            .join(", ");
        throw new Error(`expected one ${kind}/${name}, found ${found.length}; present: ${present}`);
    }
    return found[0];
}

export function objectOf(run: ProgramRun, kind: string, name: string): K8sObject {
    return resourceOf(run, kind, name).inputs as K8sObject;
}

export function maybeObject(run: ProgramRun, kind: string, name: string): K8sObject | undefined {
    return objectsOfKind(run, kind).find((o) => o.metadata.name === name);
}

export interface PodTemplateRef {
    owner: string;
    namespace: string;
    metadata: Record<string, any>;
    spec: Record<string, any>;
}

/** The pod templates of Deployments, StatefulSets, DaemonSets, Jobs and CronJobs. */
export function podTemplatesOf(objects: K8sObject[]): PodTemplateRef[] {
    const templates: PodTemplateRef[] = [];
    for (const o of objects) {
        const template =
            o.kind === "CronJob"
                ? o.spec?.jobTemplate?.spec?.template
                : ["Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet"].includes(o.kind)
                  ? o.spec?.template
                  : undefined;
        if (template)
            templates.push({
                owner: `${o.kind}/${o.metadata.name}`,
                namespace: o.metadata.namespace,
                metadata: template.metadata ?? {},
                spec: template.spec ?? {},
            });
    }
    return templates;
}

export function podTemplates(run: ProgramRun): PodTemplateRef[] {
    return podTemplatesOf(workloadResources(run).map((r) => r.inputs as K8sObject));
}

export function container(template: { spec: Record<string, any> }, name?: string): Record<string, any> {
    const containers = template.spec.containers as Record<string, any>[];
    return name ? (containers.find((c) => c.name === name) ?? assertNever(`no container ${name}`)) : containers[0];
}

function assertNever(message: string): never {
    throw new Error(message);
}

/** Whether `labels` carry every key/value of `selector`. */
export function matchesLabels(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
    return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
}
