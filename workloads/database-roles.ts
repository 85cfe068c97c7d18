// PostgreSQL roles: the application connects as `ai`, a plain login role with data access only; the
// schema belongs to `ai_owner`, which Flyway migrates as; `postgres` is the image's superuser, used
// only by the roles Job (database-roles-job.ts). Their two passwords live in their own Secret: set in stack config
// (atlasia:postgresSuperuserPassword, atlasia:postgresOwnerPassword) or generated once.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { componentLabels } from "./labels";
import { names } from "./names";
import { k8sOptions, WorkloadContext } from "./context";
import { configuredOrGenerated } from "./configured-or-generated";

export const roleSecretKeys = { superuserPassword: "superuser-password", ownerPassword: "owner-password" } as const;

export class DatabaseRoles extends pulumi.ComponentResource {
    readonly secret: k8s.core.v1.Secret;
    readonly secretName: pulumi.Output<string>;
    readonly values: Record<string, pulumi.Output<string>>;

    constructor(name: string, ctx: WorkloadContext, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:app:DatabaseRoles", name, {}, opts);
        const configured = {
            [roleSecretKeys.superuserPassword]: ctx.settings.secrets.postgresSuperuserPassword,
            [roleSecretKeys.ownerPassword]: ctx.settings.secrets.postgresOwnerPassword,
        };
        this.values = Object.fromEntries(
            Object.values(roleSecretKeys).map((key) => [
                key,
                pulumi.secret(configuredOrGenerated(configured[key], { name: `postgresql-${key}`, length: 32 }, this, ctx)),
            ]),
        );
        this.secret = new k8s.core.v1.Secret(
            names.postgresqlRoles,
            {
                metadata: { name: names.postgresqlRoles, namespace: ctx.namespace, labels: componentLabels("postgresql") },
                type: "Opaque",
                stringData: this.values,
            },
            // No additionalSecretOutputs: @pulumi/kubernetes' Secret marks data and stringData secret itself (core/v1/secret.js).
            k8sOptions(ctx, this),
        );
        this.secretName = this.secret.metadata.name;
        this.registerOutputs({ secretName: this.secretName });
    }
}
