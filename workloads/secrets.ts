// atlasia-secrets: the seed's six keys from encrypted stack config. Only the LLM key must be
// supplied; the others, when not set, are generated once by @pulumi/random, kept secret in state
// and stable across updates (a RandomPassword keeps its value until the resource is replaced).
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { appLabels } from "./labels";
import { names, secretKeys } from "./names";
import { k8sOptions, WorkloadContext } from "./context";
import { configuredOrGenerated } from "./configured-or-generated";

/**
 * Generated lengths. Alphanumeric only, so values survive URLs, JDBC and shells unquoted.
 * jwt-secret: 64 characters of 62 symbols is about 381 bits (the seed asks for at least 256).
 * encryption-key: exactly 32 characters = 32 bytes, the size the seed and config validation ask for.
 */
export const generatedSecrets = {
    orchestratorToken: { key: secretKeys.orchestratorToken, length: 48 },
    dbPassword: { key: secretKeys.dbPassword, length: 32 },
    jwtSecret: { key: secretKeys.jwtSecret, length: 64 },
    encryptionKey: { key: secretKeys.encryptionKey, length: 32 },
} as const;

/** Logical name of the RandomPassword that generates a key (its value in the offline mocks). */
export function generatedSecretName(key: string): string {
    return `atlasia-${key}`;
}

export class AtlasiaSecrets extends pulumi.ComponentResource {
    readonly secret: k8s.core.v1.Secret;
    readonly secretName: pulumi.Output<string>;
    /** The values (secret Outputs), for the pods' checksum annotation (secret-checksum.ts). */
    readonly values: Record<string, pulumi.Output<string>>;

    constructor(name: string, ctx: WorkloadContext, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:app:Secrets", name, {}, opts);
        const configured = ctx.settings.secrets;

        const values: Record<string, pulumi.Output<string>> = {};
        for (const [setting, { key, length }] of Object.entries(generatedSecrets)) {
            // On a protected stack the generator stays registered when the value is set by hand (the
            // rotation recipe): only the value used switches (configured-or-generated.ts).
            values[key] = configuredOrGenerated(configured[setting as keyof typeof generatedSecrets], { name: generatedSecretName(key), length }, this, ctx);
        }
        values[secretKeys.llmApiKey] = configured.llmApiKey;
        if (configured.vaultToken) values[secretKeys.vaultToken] = configured.vaultToken;

        const stringData = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, pulumi.secret(value)]));
        this.values = stringData;
        this.secret = new k8s.core.v1.Secret(
            names.secret,
            {
                metadata: { name: names.secret, namespace: ctx.namespace, labels: appLabels },
                type: "Opaque",
                stringData,
            },
            // No additionalSecretOutputs: @pulumi/kubernetes' Secret marks data and stringData secret itself (core/v1/secret.js).
            k8sOptions(ctx, this),
        );
        this.secretName = this.secret.metadata.name;
        this.registerOutputs({ secretName: this.secretName });
    }
}
