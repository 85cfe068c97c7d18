// Application-layer secrets encryption: Kubernetes Secrets in etcd are encrypted with a Cloud KMS
// key of the project, which the GKE service agent may use.
// https://cloud.google.com/kubernetes-engine/docs/how-to/encrypting-secrets
import * as pulumi from "@pulumi/pulumi";
import * as kms from "@pulumi/gcp/kms";
import * as organizations from "@pulumi/gcp/organizations";
import * as projects from "@pulumi/gcp/projects";
import * as random from "@pulumi/random";
import { UtilityProviders } from "../utility-providers";
import { EnabledApis, requiredApis } from "./apis";
import { GkeNames } from "./names";

/** Rotated every 90 days; old versions stay to decrypt what they encrypted. */
export const secretsKeyRotationPeriod = "7776000s";

export interface SecretsEncryption {
    key: kms.CryptoKey;
    /** The service agent's encrypter/decrypter grant: the cluster must be created after it. */
    grant: kms.CryptoKeyIAMMember;
}

export interface SecretsEncryptionArgs {
    names: GkeNames;
    project: string;
    /** The key must be in the cluster's region. */
    region: string;
    protect: boolean;
    labels: Record<string, string>;
    apis: EnabledApis;
    randomProvider: UtilityProviders["random"];
}

export function createSecretsEncryption(args: SecretsEncryptionArgs, opts: pulumi.CustomResourceOptions): SecretsEncryption {
    const { names, project, region, apis } = args;
    // Key rings cannot be deleted (destroy only forgets them): a fixed name could never be created again.
    const suffix = new random.RandomId(`${names.cluster}-key-ring-suffix`, { byteLength: 4 }, { parent: opts.parent, provider: args.randomProvider });
    const keyRing = new kms.KeyRing(
        `${names.cluster}-secrets`,
        {
            name: pulumi.interpolate`${names.keyRingPrefix}${suffix.hex}`,
            location: region,
            project,
        },
        { ...opts, dependsOn: [apis.cloudkms], protect: args.protect },
    );
    // Destroying the key makes every Secret encrypted with it unreadable: production protects it.
    const key = new kms.CryptoKey(
        `${names.cluster}-secrets`,
        {
            name: names.cryptoKey,
            keyRing: keyRing.id,
            purpose: "ENCRYPT_DECRYPT",
            rotationPeriod: secretsKeyRotationPeriod,
            labels: args.labels,
        },
        { ...opts, protect: args.protect },
    );

    // Enabling the Kubernetes Engine API creates its service agent, but not necessarily before the
    // call returns: a grant right after it can fail with "Service account ... does not exist".
    // generateServiceIdentity creates the agent (or returns the existing one) synchronously.
    // https://cloud.google.com/service-usage/docs/reference/rest/v1beta1/services/generateServiceIdentity
    const serviceAgent = new projects.ServiceIdentity(
        `${names.cluster}-gke-service-agent`,
        {
            project,
            service: requiredApis.container,
        },
        { ...opts, dependsOn: [apis.container] },
    );
    // The e-mail is built, not read from the identity: its email/member outputs are empty for some
    // services (hashicorp/terraform-provider-google #18649, #21931).
    const projectNumber = organizations.getProjectOutput({ projectId: project }, { provider: opts.provider, dependsOn: [apis.cloudresourcemanager] }).number;
    const grant = new kms.CryptoKeyIAMMember(
        `${names.cluster}-secrets-gke-agent`,
        {
            cryptoKeyId: key.id,
            role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
            member: pulumi.interpolate`serviceAccount:service-${projectNumber}@container-engine-robot.iam.gserviceaccount.com`,
        },
        { ...opts, dependsOn: [serviceAgent] },
    );
    return { key, grant };
}
