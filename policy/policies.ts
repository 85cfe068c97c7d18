// The Atlasia policy pack's policies, as plain data: importing this module starts nothing (the pack
// itself, which starts the policy server, is constructed in policy/index.ts). Each policy cites the
// rule it enforces; the tests run every policy against every stack of the program.
import type { PolicyResource, ReportViolation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { containersOf, ObjectMeta, podTemplateOf } from "./pod-templates";
import { restrictedViolations } from "./pod-security";
import { secretLiteralReason } from "./secret-literals";

/** CrossGuard passes each resource's props untyped: these are the fields the policies read. */
interface KubernetesProps {
    metadata?: ObjectMeta;
    data?: Record<string, string>;
}
interface ClusterEncryptionProps {
    encryptionConfig?: { resources?: string[]; provider?: { keyArn?: string } };
    databaseEncryption?: { state?: string; keyName?: string };
    securityProfile?: { azureKeyVaultKms?: { enabled?: boolean; keyId?: string } };
}
interface NodePoolProps {
    nodeLocations?: string[];
    location?: string;
    availabilityZone?: string;
    availabilityZoneId?: string;
    availabilityZones?: string[];
    agentPoolProfiles?: { availabilityZones?: string[] }[];
}

function propsOf<Props>(resource: { props: unknown }): Props {
    return resource.props as Props;
}

/** The application namespace, labelled `pod-security.kubernetes.io/enforce: restricted`. */
export const appNamespace = "atlasia";

/** The stack's environment as the program wrote it into the application's ConfigMap. */
export function stackEnvironment(resources: PolicyResource[]): string | undefined {
    const config = resources.find(
        (r) =>
            r.type === "kubernetes:core/v1:ConfigMap" &&
            propsOf<KubernetesProps>(r).metadata?.name === "atlasia-config" &&
            propsOf<KubernetesProps>(r).metadata?.namespace === appNamespace,
    );
    return config && propsOf<KubernetesProps>(config).data?.ENVIRONMENT;
}

/** A mandatory policy over the pod template of every workload kind; `check` returns its violations. */
function podTemplatePolicy(
    name: string,
    description: string,
    check: (template: NonNullable<ReturnType<typeof podTemplateOf>>, props: KubernetesProps) => string[],
): ResourceValidationPolicy {
    return {
        name,
        description,
        enforcementLevel: "mandatory",
        validateResource: (args, reportViolation) => {
            const template = podTemplateOf(args.type, args.props);
            if (template) for (const violation of check(template, propsOf<KubernetesProps>(args))) reportViolation(violation);
        },
    };
}

/** https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted (policy version "latest"). */
export const podSecurityRestricted = podTemplatePolicy(
    "atlasia-pod-security-restricted",
    'Pod templates in the application namespace meet the Pod Security Standards "restricted" profile.',
    (template, props) => (props.metadata?.namespace === appNamespace ? restrictedViolations(template.spec, template.metadata) : []),
);

/** https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/ */
export const containerResources = podTemplatePolicy(
    "atlasia-container-resources",
    "Every container and init container requests and limits both CPU and memory.",
    ({ spec }) =>
        [...(spec.initContainers ?? []), ...(spec.containers ?? [])].flatMap((container) => {
            const missing = ["requests", "limits"].flatMap((kind) =>
                ["cpu", "memory"]
                    .filter((resource) => container.resources?.[kind as "requests" | "limits"]?.[resource] === undefined)
                    .map((resource) => `${kind}.${resource}`),
            );
            return missing.length > 0 ? [`container ${container.name} has no ${missing.join(", ")}`] : [];
        }),
);

/**
 * An image reference is `name[:tag][@digest]` (https://github.com/distribution/reference, reference.go);
 * without a tag the runtime pulls `latest`, and `latest` moves under a running Deployment.
 */
export function imagePinProblem(image: unknown): string | undefined {
    if (typeof image !== "string" || image === "") return "has no image";
    if (/@sha256:[a-f0-9]{64}$/.test(image)) return undefined;
    const lastSegment = image.slice(image.lastIndexOf("/") + 1);
    const colon = lastSegment.indexOf(":");
    if (colon < 0) return `image ${image} has no tag (the runtime pulls latest)`;
    if (lastSegment.slice(colon + 1) === "latest") return `image ${image} uses the moving tag latest`;
    return undefined;
}

export const imagesPinned = podTemplatePolicy(
    "atlasia-image-pinned",
    "Every container image is pinned to a tag other than latest, or to a digest.",
    ({ spec }) =>
        containersOf(spec).flatMap((container) => {
            const problem = imagePinProblem(container.image);
            return problem ? [`container ${container.name}: ${problem}`] : [];
        }),
);

export const noSecretLiterals: ResourceValidationPolicy = {
    name: "atlasia-no-secret-literals",
    description: "No secret-looking literal in a ConfigMap or a container's env: secrets come from Secrets.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type === "kubernetes:core/v1:ConfigMap") {
            const { data, metadata } = propsOf<KubernetesProps>(args);
            for (const [key, value] of Object.entries(data ?? {})) {
                const reason = secretLiteralReason(key, value);
                if (reason) reportViolation(`ConfigMap ${metadata?.name}: ${reason}`);
            }
        }
        const template = podTemplateOf(args.type, args.props);
        for (const container of template ? containersOf(template.spec) : []) {
            for (const env of container.env ?? []) {
                const reason = secretLiteralReason(env.name, env.value);
                if (reason) reportViolation(`container ${container.name} env: ${reason}`);
            }
        }
    },
};

const clusterTypes = ["gcp:container/cluster:Cluster", "aws:eks/cluster:Cluster", "azure-native:containerservice:ManagedCluster"];

function resourceLabel(resource: PolicyResource): string {
    return `${resource.type} ${propsOf<KubernetesProps>(resource).metadata?.name ?? resource.name}`;
}

/** A violation a stack policy reports against one resource. */
type Finding = { resource: PolicyResource; message: string };

/** A mandatory stack policy for the environments `appliesTo` accepts (read from atlasia-config). */
function stackPolicy(
    name: string,
    description: string,
    appliesTo: (environment: string) => boolean,
    check: (resources: PolicyResource[]) => Finding[],
): StackValidationPolicy {
    return {
        name,
        description,
        enforcementLevel: "mandatory",
        validateStack: (args, reportViolation: ReportViolation) => {
            const environment = stackEnvironment(args.resources);
            if (environment === undefined || !appliesTo(environment)) return;
            for (const { resource, message } of check(args.resources)) reportViolation(`${resourceLabel(resource)} ${message}`, resource.urn);
        },
    };
}

const inProduction = (environment: string) => environment === "production";

/** https://www.pulumi.com/docs/iac/concepts/options/protect/: a protected resource cannot be deleted by `pulumi destroy` or a replace. */
/** The CloudNativePG database and the object storage its backups live in (workloads/database, clusters/<cloud>/backup-*). */
const databaseTypes = ["kubernetes:postgresql.cnpg.io/v1:Cluster", "gcp:storage/bucket:Bucket", "aws:s3/bucket:Bucket", "azure-native:storage:StorageAccount"];

export const productionProtected = stackPolicy(
    "atlasia-production-protected",
    "In production the cluster, the database, its backup volume and its backup storage are protected from deletion.",
    inProduction,
    (resources) =>
        resources
            .filter(
                (r) =>
                    clusterTypes.includes(r.type) ||
                    databaseTypes.includes(r.type) ||
                    (["kubernetes:apps/v1:StatefulSet", "kubernetes:core/v1:PersistentVolumeClaim"].includes(r.type) &&
                        propsOf<KubernetesProps>(r).metadata?.namespace === appNamespace),
            )
            .filter((r) => !r.opts.protect)
            .map((resource) => ({ resource, message: "is not protected" })),
);

/**
 * Kubernetes Secrets encrypted at rest with a customer key: EKS `encryptionConfig` for "secrets"
 * (docs.aws.amazon.com/eks/latest/userguide/enable-kms.html), GKE application-layer secrets
 * encryption (cloud.google.com/kubernetes-engine/docs/how-to/encrypting-secrets), AKS Key Vault KMS
 * (learn.microsoft.com/azure/aks/use-kms-etcd-encryption).
 */
const secretsEncryption: Record<string, (props: ClusterEncryptionProps) => boolean> = {
    "aws:eks/cluster:Cluster": (p) => (p.encryptionConfig?.resources ?? []).includes("secrets") && Boolean(p.encryptionConfig?.provider?.keyArn),
    "gcp:container/cluster:Cluster": (p) => p.databaseEncryption?.state === "ENCRYPTED" && Boolean(p.databaseEncryption?.keyName),
    "azure-native:containerservice:ManagedCluster": (p) =>
        p.securityProfile?.azureKeyVaultKms?.enabled === true && Boolean(p.securityProfile?.azureKeyVaultKms?.keyId),
};

export const productionSecretsEncrypted = stackPolicy(
    "atlasia-production-secrets-encrypted",
    "In production the cluster encrypts Kubernetes Secrets at rest with a customer-managed key.",
    inProduction,
    (resources) =>
        resources
            .filter((r) => r.type in secretsEncryption && !secretsEncryption[r.type](propsOf<ClusterEncryptionProps>(r)))
            .map((resource) => ({ resource, message: "does not encrypt Secrets with a customer-managed key" })),
);

/** A GKE location is a region (us-central1) or a zone (us-central1-a): cloud.google.com/compute/docs/regions-zones. */
const gkeRegion = /^[a-z]+-[a-z]+\d+$/;

/** The zones a node pool's nodes can land in, or undefined when the program does not say. */
const nodePoolZones: Record<string, (pool: PolicyResource) => (string | undefined)[][]> = {
    // A regional pool without nodeLocations uses every zone of the region (at least three).
    "gcp:container/nodePool:NodePool": (pool) => {
        const { nodeLocations, location } = propsOf<NodePoolProps>(pool);
        return [nodeLocations ?? (gkeRegion.test(location ?? "") ? ["(region)", "(all zones)"] : [location])];
    },
    // A managed node group spreads over the availability zones of its subnets.
    "aws:eks/nodeGroup:NodeGroup": (pool) => [
        (pool.propertyDependencies.subnetIds ?? []).map((subnet) => {
            const { availabilityZone, availabilityZoneId } = propsOf<NodePoolProps>(subnet);
            return availabilityZone ?? availabilityZoneId;
        }),
    ],
    "azure-native:containerservice:ManagedCluster": (cluster) =>
        (propsOf<NodePoolProps>(cluster).agentPoolProfiles ?? []).map((p) => p.availabilityZones ?? []),
    "azure-native:containerservice:AgentPool": (pool) => [propsOf<NodePoolProps>(pool).availabilityZones ?? []],
};

/**
 * The pool a zone list belongs to. EKS runs one managed node group per zone (clusters/eks/zonal-node-groups.ts):
 * its groups with the same atlasia.io/pool label are one pool, spread by being several. Any other
 * zone list (a GKE pool, an AKS pool or profile) is a pool of its own.
 */
function poolKey(resource: PolicyResource, index: number): string {
    const labels = propsOf<{ labels?: Record<string, string> }>(resource).labels;
    const pool = labels?.["atlasia.io/pool"];
    return resource.type === "aws:eks/nodeGroup:NodeGroup" && pool ? `${resource.type} ${pool}` : `${resource.urn}#${index}`;
}

/** Zone outages are routine (cloud.google.com/compute/docs/regions-zones#zones_and_clusters); staging and production survive one. */
export const nodePoolsSpanZones = stackPolicy(
    "atlasia-node-pools-span-zones",
    "Outside development, every node pool spans at least two zones (EKS: its zonal node groups together).",
    (environment) => environment !== "development",
    (resources) => {
        const pools = new Map<string, { resource: PolicyResource; zones: (string | undefined)[] }>();
        for (const resource of resources.filter((r) => r.type in nodePoolZones)) {
            nodePoolZones[resource.type](resource).forEach((zones, index) => {
                const key = poolKey(resource, index);
                const pool = pools.get(key);
                if (pool) pool.zones.push(...zones);
                else pools.set(key, { resource, zones: [...zones] });
            });
        }
        return [...pools.values()]
            .filter(({ zones }) => new Set(zones.filter(Boolean)).size < 2)
            .map(({ resource, zones }) => ({
                resource,
                message: `runs in ${zones.length === 0 ? "no declared zone" : zones.join(", ")}: fewer than two zones`,
            }));
    },
);

export const resourcePolicies = [podSecurityRestricted, containerResources, imagesPinned, noSecretLiterals];
export const stackPolicies = [productionProtected, productionSecretsEncrypted, nodePoolsSpanZones];
