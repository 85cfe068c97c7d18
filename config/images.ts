// Where the application images come from (issue 11 items 23, 26): production runs immutable tags
// only, and a private registry is reached either by the nodes' own identity (the cloud's registry)
// or by an image pull secret given as an encrypted setting.
import * as pulumi from "@pulumi/pulumi";
import type { ConfigKeyName } from "./keys";
import type { ConfigReader } from "./reader";
import { awsPartition } from "./aws";
import type { AcrRegistry } from "./azure";
import type { Cloud, Environment } from "./sizing";

/**
 * A tag that names one build: a version (0.2.0, v1.4.2-rc.1) or a commit SHA. Anything else (latest,
 * main, stable) can be re-pointed, so a rescheduled pod could run other code than its siblings;
 * Kubernetes itself advises against :latest in production
 * (https://kubernetes.io/docs/concepts/containers/images/#image-names).
 */
const immutableTag = /^(v?\d+\.\d+(\.\d+)?([-+.][0-9A-Za-z.-]+)?|[0-9a-f]{7,40})$/;

export function checkImmutableTags(read: ConfigReader, environment: Environment, tags: [ConfigKeyName, string][]): void {
    if (environment !== "production") return;
    for (const [key, tag] of tags) {
        if (tag && !immutableTag.test(tag)) {
            read.problem(
                key,
                `"${tag}" is a moving tag; production runs only a version (e.g. 0.2.0) or a commit SHA, so every pod runs the same build.`,
                "0.2.0",
            );
        }
    }
}

/**
 * The private ECR hosts, as the EKS nodes' kubelet ECR credential provider matches them: FIPS,
 * dual-stack (dkr-ecr … on.aws), China, the European Sovereign Cloud and the isolated partitions
 * (awslabs/amazon-eks-ami nodeadm/internal/kubelet/image-credential-provider.template.json; kubernetes/
 * cloud-provider-aws cmd/ecr-credential-provider ecrPrivateHostPattern; endpoints:
 * https://docs.aws.amazon.com/general/latest/gr/ecr.html), and the other partitions' dual-stack hosts
 * (on.amazonwebservices.eu, on.aws.ic.gov, …: renovatebot/renovate lib/modules/datasource/docker/ecr.ts),
 * which the kubelet does not match but which are ECR all the same: no pull secret keeps working for them.
 * Group 1 is the registry's region.
 */
export const ecrHost =
    /^\d{12}\.dkr[.-]ecr(?:-fips)?\.([a-zA-Z0-9][a-zA-Z0-9-_]*)\.(?:amazonaws\.(?:com(?:\.cn)?|eu)|on\.(?:aws(?:\.ic\.gov|\.scloud|\.hci\.ic\.gov)?|amazonwebservices\.(?:com\.cn|eu)|cloud-aws\.adc-e\.uk)|sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)$/;

/**
 * ECR Public's pull hosts, IPv4 and dual-stack (https://docs.aws.amazon.com/AmazonECR/latest/public/public-ecr-requests.html).
 * Its tokens are valid for 12 hours (https://docs.aws.amazon.com/AmazonECR/latest/public/public-registry-auth.html),
 * an expired one is an error even for an image that needs no login
 * (https://docs.aws.amazon.com/AmazonECR/latest/public/public-registries.html), and the nodes' default credential
 * provider configuration does not renew them (amazon-eks-ami#1317); its images pull without credentials.
 */
const ecrPublicHosts = ["public.ecr.aws", "ecr-public.aws.com"];

/**
 * Artifact Registry (<location>-docker.pkg.dev) and its gcr.io repositories (gcr.io, us., eu., asia.):
 * https://cloud.google.com/artifact-registry/docs/docker/names,
 * https://cloud.google.com/artifact-registry/docs/transition/gcr-repositories.
 */
const artifactRegistryHost = /^([a-z0-9-]+-docker\.pkg\.dev|((us|eu|asia)\.)?gcr\.io)$/;

/** Where the images run, as far as which registry the nodes' own identity may read. */
export interface NodeRegistryScope {
    cloud: Cloud;
    gcpProject: string;
    region: string;
    /** The registry atlasia:aksAcrResourceId names (config/azure.ts), if any. */
    acr?: AcrRegistry;
}

/**
 * Whether the nodes' identity reads this repository, as the cloud layer grants it: GKE's node service
 * account has Artifact Registry reader in the stack's project only (clusters/gke/identity.ts; the
 * project is the path's first part; config/gcp.ts allows no domain-scoped one); AKS's kubelet identity
 * pulls from the one registry atlasia:aksAcrResourceId names (its login server is the name in lower
 * case + .azurecr.io: https://learn.microsoft.com/en-us/azure/aks/cluster-container-registry-integration;
 * a hashed or regional login server counts as another registry). Another project or registry may grant
 * the nodes more, which the program cannot see: those count as another registry. EKS's node role has
 * AmazonEC2ContainerRegistryReadOnly in its partition; another account's ECR also needs that account's
 * repository policy, which the program cannot see either, but counts as read: a pull secret cannot work
 * for ECR.
 */
export function readByNodes(scope: NodeRegistryScope, repository: string): boolean {
    // In lower case: config/load.ts refuses a repository with capitals (imageRepository) first.
    const host = registryHost(repository);
    switch (scope.cloud) {
        case "gcp":
            return artifactRegistryHost.test(host) && repository.split("/")[1] === scope.gcpProject;
        case "aws": {
            const registryRegion = ecrHost.exec(host)?.[1];
            return registryRegion !== undefined && awsPartition(registryRegion) === awsPartition(scope.region);
        }
        case "azure":
            return host === scope.acr?.loginServer;
    }
    // A local cluster's nodes (kind, minikube) have no cloud identity: every private registry needs a pull secret.
    return false;
}

/** The registry host of a repository reference, as the container runtime reads it (Docker Hub when none). */
export function registryHost(repository: string): string {
    const first = repository.split("/")[0];
    return repository.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost") ? first : "docker.io";
}

export interface RegistrySettings {
    /** A .dockerconfigjson for every other private registry (secret). */
    pullSecret?: pulumi.Output<string>;
}

/**
 * Why an ACR image, which no pull secret covers, will likely fail to pull, and what to do; the caller ends it
 * with the pull secret's fix command. A host that looks like another login server of the named registry (its
 * domain-name-label one, <name>-<hash>, or a geo-replica's regional one, <name>.<region>.geo: Azure/azure-cli#30404,
 * https://learn.microsoft.com/en-us/azure/container-registry/container-registry-geo-replication) has the pull
 * roles if it is that registry's, yet the kubelet sends credentials to such hosts only with
 * kubernetes-sigs/cloud-provider-azure#10720 (the ACR credential provider reads them) and, for regional
 * ones, Azure/AgentBaker#8994 (the kubelet's matchImages); without them the pull is anonymous (401).
 */
function acrWithoutRoleWarning(read: ConfigReader, acr: AcrRegistry | undefined, host: string): string {
    const noRole =
        "so this program grants the kubelet identity no pull role on it, and no imagePullSecret entry covers it: " +
        "it pulls only with a role granted outside this program or with the registry's anonymous pull on";
    if (!acr) {
        return `and aksAcrResourceId is not set, ${noRole}. Name the registry (${read.fix("aksAcrResourceId")}) or add a pull secret for it`;
    }
    const showLoginServer = `az resource show --ids '${acr.id}' --query properties.loginServer -o tsv`;
    if (new RegExp(`^${acr.name}(-[a-z0-9]+)?(\\.[a-z0-9]+\\.geo)?\\.azurecr\\.io$`).test(host)) {
        return (
            `which looks like a hashed (domain name label) or regional login server of ${acr.name}, the registry aksAcrResourceId names, and no imagePullSecret entry covers it: ` +
            `if it is that registry's, the kubelet identity has the pull roles, but the kubelet sends it credentials only where the node's ACR credential provider has kubernetes-sigs/cloud-provider-azure#10720 ` +
            `and, for a regional host, /var/lib/kubelet/credential-provider-config.yaml matches *.*.geo.azurecr.io (Azure/AgentBaker#8994); otherwise the pull fails unless anonymous pull is on. ` +
            `Check the registry's login server (${showLoginServer}) and a node, or add a pull secret for it`
        );
    }
    return (
        `not the registry aksAcrResourceId names (${acr.name}), ${noRole}. ` +
        `Pull from the named registry's login server (${acr.loginServer}, or its hashed one if created with a domain name label: ${showLoginServer}) or add a pull secret for it`
    );
}

/**
 * ACR login servers: public Azure, Azure China and Azure US Government
 * (https://learn.microsoft.com/en-us/azure/container-registry/container-registry-endpoint-reference).
 */
const acrLoginServer = /\.azurecr\.(io|cn|us)$/;

/**
 * The registry settings, and warnings for images the nodes will likely fail to pull: on AKS an image from an ACR
 * this program grants the kubelet identity no pull role on (not the login server of the one
 * atlasia:aksAcrResourceId names, or none is named) and no pull secret covers pulls only with a role granted
 * outside the program or from a registry that allows anonymous pull
 * (https://learn.microsoft.com/en-us/azure/container-registry/anonymous-pull-access).
 */
export function loadRegistry(
    read: ConfigReader,
    scope: NodeRegistryScope,
    repositories: [ConfigKeyName, string][],
): { registry: RegistrySettings; warnings: string[] } {
    const { output, value } = read.secret("imagePullSecret");
    let auths: Record<string, unknown> = {};
    if (value !== undefined) {
        try {
            auths = (JSON.parse(value) as { auths?: Record<string, unknown> }).auths ?? {};
        } catch {
            read.problem(
                "imagePullSecret",
                'is not a .dockerconfigjson document ({"auths": {...}}); create one with kubectl create secret docker-registry --dry-run=client -o json.',
            );
        }
        if (Object.keys(auths).length === 0) read.problem("imagePullSecret", 'has no registry under "auths".');
    }
    const otherHosts = new Set<string>();
    const acrWithoutRole: [ConfigKeyName, string][] = [];
    for (const [key, repository] of repositories) {
        const host = registryHost(repository);
        if (readByNodes(scope, repository)) continue;
        if (scope.cloud === "azure" && acrLoginServer.test(host)) acrWithoutRole.push([key, host]);
        if (ecrHost.test(host)) {
            // ECR hands out registry passwords that expire after 12 hours: a stored pull secret stops working.
            const where = scope.cloud === "aws" ? `in another partition than ${scope.region}'s nodes` : `on ${scope.cloud}`;
            read.problem(
                key,
                `${host} is ECR, whose passwords expire after 12 hours; ${where} an image pull secret cannot keep working. Mirror the image to this cloud's registry or another registry.`,
            );
        } else {
            otherHosts.add(host);
        }
    }
    // Docker Hub's credentials are keyed https://index.docker.io/v1/ in a .dockerconfigjson.
    const covered = Object.keys(auths).map((a) =>
        a
            .replace(/^https?:\/\//, "")
            .split("/")[0]
            .replace(/^index\.docker\.io$/, "docker.io"),
    );
    // The kubelet pulls anonymously only when no pull secret entry matches the image; it does not fall back when a
    // matching one is refused (kubernetes pkg/kubelet/images/image_manager.go, kuberuntime/kuberuntime_image.go).
    for (const host of ecrPublicHosts.filter((h) => otherHosts.has(h) && covered.includes(h))) {
        read.problem(
            "imagePullSecret",
            `has credentials for ${host} (ECR Public), whose tokens expire after 12 hours; after that every pull of its images fails (ImagePullBackOff): the kubelet does not fall back to an anonymous pull. Remove that entry (ECR Public pulls without credentials, up to 500 GB a month), or mirror the images into a registry the nodes read themselves (on EKS, an ECR pull-through cache rule with ECR Public upstream).`,
        );
    }
    if (Object.keys(auths).length > 0 && ![...otherHosts].some((host) => covered.includes(host))) {
        read.problem(
            "imagePullSecret",
            `has credentials for ${covered.join(", ")}, but no image comes from there (${[...otherHosts].join(", ") || "only the cloud's own registry"}).`,
        );
    }
    const warnings = acrWithoutRole
        .filter(([, host]) => !covered.includes(host))
        .map(([key, host]) => `${key} comes from ${host}, ${acrWithoutRoleWarning(read, scope.acr, host)} (${read.fix("imagePullSecret")}).`);
    return { registry: { pullSecret: output }, warnings };
}
