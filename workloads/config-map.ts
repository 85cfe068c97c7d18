// atlasia-config: the orchestrator's non-sensitive settings, read as environment variables
// (Spring Boot's relaxed binding maps SPRING_DATASOURCE_URL to spring.datasource.url).
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { appLabels } from "./labels";
import { database, names } from "./names";
import { k8sOptions, WorkloadContext } from "./context";

export function configData(ctx: WorkloadContext): Record<string, string> {
    const { settings, platform } = ctx;
    const tracing = platform.tracing;
    return {
        ENVIRONMENT: settings.environment,
        REGION: settings.region || settings.cloud,
        CORS_ALLOWED_ORIGINS: settings.app.corsAllowedOrigins.join(","),
        DB_HOST: database.host,
        DB_PORT: String(database.port),
        DB_NAME: database.name,
        DB_USER: database.user,
        DB_URL: `jdbc:postgresql://${database.host}:${database.port}/${database.name}`,
        SPRING_DATASOURCE_URL: `jdbc:postgresql://${database.host}:${database.port}/${database.name}`,
        SPRING_DATASOURCE_USERNAME: database.user,
        // The seed: "Flyway migrations run automatically on startup".
        SPRING_FLYWAY_ENABLED: "true",
        SERVER_PORT: "8080",
        SERVER_SHUTDOWN: "graceful",
        MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED: "true",
        MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE: "health,info,prometheus",
        TRACING_ENABLED: String(tracing !== undefined),
        ...(tracing ? {
            OTEL_SERVICE_NAME: names.orchestrator,
            OTEL_EXPORTER_OTLP_ENDPOINT: tracing.otlpGrpcEndpoint,
            OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
        } : {}),
    };
}

export class AtlasiaConfig extends pulumi.ComponentResource {
    readonly configMap: k8s.core.v1.ConfigMap;
    readonly configMapName: pulumi.Output<string>;
    /** Pod templates carry this so that a config change rolls the pods. */
    readonly checksum: string;

    constructor(name: string, ctx: WorkloadContext, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:app:Config", name, {}, opts);
        const data = configData(ctx);
        this.checksum = crypto.createHash("sha256").update(JSON.stringify(data)).digest("hex");
        this.configMap = new k8s.core.v1.ConfigMap(names.configMap, {
            metadata: { name: names.configMap, namespace: ctx.namespace, labels: appLabels },
            data,
        }, k8sOptions(ctx, this));
        this.configMapName = this.configMap.metadata.name;
        this.registerOutputs({ configMapName: this.configMapName });
    }
}
