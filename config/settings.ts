// The validated, typed settings of one stack: what every layer reads instead of pulumi.Config.
import * as pulumi from "@pulumi/pulumi";
import { Cloud, Environment, NodePoolSize, WorkloadSizing } from "./sizing";
import { MachineShape } from "../clusters/capacity";
import { ClusterAccessSettings } from "./cluster-access";
import { GcpSettings } from "./gcp";
import { AwsSettings } from "./aws";
import type { AzureSettings } from "./azure";
import type { QueueDepthScope } from "./scaling";
import type { RegistrySettings } from "./images";
import type { ImageContractSettings } from "./image-contract";
import type { EgressSettings } from "./egress";
import { DatabaseSettings } from "./database";

export type TlsIssuer = "letsencrypt-prod" | "letsencrypt-staging" | "none";
export type Color = "blue" | "green";
export type LocalDistribution = "kind" | "minikube";

export interface NodePoolSettings extends NodePoolSize {
    diskSizeGb: number;
    shape: MachineShape;
}

export interface ImageRef {
    repository: string;
    tag: string;
}

export interface StackSettings {
    project: string;
    stack: string;
    cloud: Cloud;
    environment: Environment;
    /** Production protects what cannot be recreated (cluster, database and backup volumes). */
    protect: boolean;
    /** Teardown: the cloud files lift the cluster's own deletion protection (GKE deletionProtection) when true. */
    allowClusterDeletion: boolean;
    region: string;
    clusterName: string;
    kubernetesVersion?: string;
    /** Undefined for cloud=local. */
    nodePool?: NodePoolSettings;
    /** Who may reach and administer the Kubernetes API. */
    access: ClusterAccessSettings;
    gcp: GcpSettings;
    aws: AwsSettings;
    azure: AzureSettings;
    local: { context: string; kubeconfig?: string; distribution: LocalDistribution; cpus: number; memoryGib: number };
    /** Labels/tags put on every cloud resource that takes them. */
    tags: Record<string, string>;
    addons: {
        monitoring: boolean;
        tracing: boolean;
        tlsIssuer: TlsIssuer;
        acmeEmail?: string;
        prometheusRetention: string;
    };
    app: {
        domain: string;
        corsAllowedOrigins: string[];
        ingressEnabled: boolean;
        images: { orchestrator: ImageRef; frontend: ImageRef };
        /** Blue-green: tags of the green colour when it is deployed. */
        green?: { orchestratorTag: string; frontendTag: string };
        activeColor: Color;
        backups: { enabled: boolean; schedule: string; retentionDays: number };
        queueDepthScope: QueueDepthScope;
        /** The image contract values an operator may change (config/image-contract.ts). */
        imageContract: ImageContractSettings;
        /**
         * Private registries: a .dockerconfigjson for any registry but the cloud's own, which the
         * nodes' identity reads (config/images.ts readByNodes).
         */
        registry: RegistrySettings;
        egress: EgressSettings;
    };
    /** PostgreSQL: engine, CloudNativePG size, backups and recovery (config/database.ts). */
    database: DatabaseSettings;
    /** The seed's per-environment workload sizes. */
    sizing: WorkloadSizing;
    /** Secrets from encrypted stack config; undefined where the program generates one. */
    secrets: {
        llmApiKey: pulumi.Output<string>;
        orchestratorToken?: pulumi.Output<string>;
        dbPassword?: pulumi.Output<string>;
        postgresSuperuserPassword?: pulumi.Output<string>;
        postgresOwnerPassword?: pulumi.Output<string>;
        jwtSecret?: pulumi.Output<string>;
        encryptionKey?: pulumi.Output<string>;
        vaultToken?: pulumi.Output<string>;
        grafanaAdminPassword?: pulumi.Output<string>;
    };
    /** Findings that do not stop the deployment, logged as Pulumi warnings. */
    warnings: string[];
}
