// Atlasia workloads layer: wires the namespace, configuration, secrets and RBAC, then the
// orchestrator, frontend, PostgreSQL (with backups), Ingress and NetworkPolicies. Each part is its
// own component; none of them asks which cloud it runs on (StorageClass and readiness come from the
// cluster contract, ingress class, issuer, monitoring and tracing from the platform contract).
import * as pulumi from "@pulumi/pulumi";
import { StackSettings } from "../config/settings";
import { Cluster } from "../clusters/contract";
import { PlatformServices } from "../clusters/addons/contract";
import { WorkloadContext } from "./context";
import { createNamespace } from "./namespace";
import { AtlasiaSecrets } from "./secrets";
import { AtlasiaConfig } from "./config-map";
import { AtlasiaRbac } from "./rbac";
import { Orchestrator } from "./orchestrator";
import { Frontend } from "./frontend";
import { createDatabase } from "./database";
import { AtlasiaIngress } from "./ingress";
import { NetworkPolicies } from "./network-policies";
import { DatabaseRoles } from "./database-roles";
import { secretChecksum } from "./secret-checksum";
import { registryCredentials } from "./registry";

export interface AtlasiaWorkloadsArgs {
    settings: StackSettings;
    cluster: Cluster;
    platform: PlatformServices;
}

export class AtlasiaWorkloads extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;

    constructor(name: string, args: AtlasiaWorkloadsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:app:AtlasiaWorkloads", name, {}, opts);
        const { settings, cluster, platform } = args;
        const namespace = createNamespace(settings, cluster, platform, this);
        const ctx: WorkloadContext = { settings, cluster, platform, namespace: namespace.metadata.name };
        const child = { parent: this };

        new NetworkPolicies("network-policies", ctx, child);
        const secrets = new AtlasiaSecrets("secrets", ctx, child);
        const config = new AtlasiaConfig("config", ctx, child);
        const rbac = new AtlasiaRbac("rbac", ctx, child);

        const roles = new DatabaseRoles("database-roles", ctx, child);
        const imagePullSecrets = registryCredentials(ctx, this);

        // The resources the application waits for: the roles Job where the StatefulSet runs.
        const databaseReady = createDatabase(ctx, { secrets, roles }, this);
        const orchestrator = new Orchestrator(
            "orchestrator",
            ctx,
            {
                configMapName: config.configMapName,
                configChecksum: config.checksum,
                secretChecksum: secretChecksum({ ...secrets.values, ...roles.values }),
                // Flyway logs in as the owner: it must exist, whatever volume the database started on.
                databaseReady,
                secretName: secrets.secretName,
                rolesSecretName: roles.secretName,
                serviceAccountName: rbac.serviceAccountName,
                imagePullSecrets,
            },
            child,
        );
        const frontend = new Frontend("frontend", ctx, { imagePullSecrets }, child);
        if (settings.app.ingressEnabled) {
            new AtlasiaIngress("ingress", ctx, { orchestrator: orchestrator.service, frontend: frontend.service }, child);
        }

        this.namespace = ctx.namespace;
        this.registerOutputs({ namespace: this.namespace });
    }
}
