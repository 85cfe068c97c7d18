// Where the application images come from (issue 11 items 23, 26): production runs immutable tags
// only, and a private registry is reached either by the nodes' own identity (the cloud's registry)
// or by an image pull secret given as an encrypted setting.
import * as pulumi from "@pulumi/pulumi";
import type { ConfigKeyName } from "./keys";
import type { ConfigReader } from "./reader";
import type { Cloud, Environment, ManagedCloud } from "./sizing";

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
 * Each cloud's own registry, by host name: the cloud layer grants the nodes read access to it (GKE:
 * Artifact Registry reader on the node service account; EKS: AmazonEC2ContainerRegistryReadOnly on the
 * node role; AKS: AcrPull for the kubelet identity on the registry atlasia:aksAcrResourceId names), so
 * a pull secret for it is refused as unused.
 */
export const cloudRegistries: Record<ManagedCloud, RegExp> = {
    // Artifact Registry (<region>-docker.pkg.dev) and Container Registry (gcr.io and its regional hosts).
    gcp: /^([a-z0-9-]+-docker\.pkg\.dev|([a-z]+\.)?gcr\.io)$/,
    // Every private ECR host the kubelet's ECR credential provider takes: FIPS, dual-stack (dkr-ecr …
    // on.aws), China, the European Sovereign Cloud and the isolated partitions
    // (kubernetes/cloud-provider-aws cmd/ecr-credential-provider, ecrPrivateHostPattern; awslabs/
    // amazon-ecr-credential-helper ecr-login/api/client.go, ecrPattern, which adds amazonaws.eu).
    aws: /^\d{12}\.dkr[.-]ecr(-fips)?\.[a-zA-Z0-9][a-zA-Z0-9-_]*\.(amazonaws\.(com(\.cn)?|eu)|on\.(aws|amazonwebservices\.com\.cn)|sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)$/,
    azure: /^[a-z0-9]+\.azurecr\.io$/,
};

/** The registry host of a repository reference, as the container runtime reads it (Docker Hub when none). */
export function registryHost(repository: string): string {
    const first = repository.split("/")[0];
    return repository.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost") ? first : "docker.io";
}

export interface RegistrySettings {
    /** A .dockerconfigjson for every other private registry (secret). */
    pullSecret?: pulumi.Output<string>;
}

export function loadRegistry(read: ConfigReader, cloud: Cloud, repositories: [ConfigKeyName, string][]): RegistrySettings {
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
    for (const [key, repository] of repositories) {
        const host = registryHost(repository);
        if (cloud !== "local" && cloudRegistries[cloud].test(host)) continue;
        if (cloudRegistries.aws.test(host)) {
            // ECR hands out registry passwords that expire after 12 hours: a stored pull secret stops working.
            read.problem(
                key,
                `${host} is ECR, whose passwords expire after 12 hours; on ${cloud} an image pull secret cannot keep working. Mirror the image to this cloud's registry or another registry.`,
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
    if (Object.keys(auths).length > 0 && ![...otherHosts].some((host) => covered.includes(host))) {
        read.problem(
            "imagePullSecret",
            `has credentials for ${covered.join(", ")}, but no image comes from there (${[...otherHosts].join(", ") || "only the cloud's own registry"}).`,
        );
    }
    return { pullSecret: output };
}
