// atlasia-config: the orchestrator's non-sensitive settings, read as environment variables
// (Spring Boot's relaxed binding maps SPRING_DATASOURCE_URL to spring.datasource.url).
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { appLabels } from "./labels";
import { database, names } from "./names";
import { k8sOptions, WorkloadContext } from "./context";
import { hikariPoolSize } from "./database-connections";
import { shutdownPlans } from "./shutdown";
import type { PlatformServices } from "../clusters/addons/contract";
import { primaryService } from "./database/cloudnativepg";

/** Every span is kept (Spring Boot samples 10 % by default); Jaeger's storage bounds them by age (addons/sizing.ts). */
export const traceSampleRatio = "1.0";

/**
 * Both ways a Spring Boot 3 image may export traces, so that either works:
 * - Micrometer tracing (spring-boot-starter-actuator + micrometer-tracing-bridge-otel) reads
 *   management.otlp.tracing.endpoint, OTLP over HTTP with the /v1/traces path
 *   (https://docs.spring.io/spring-boot/reference/actuator/tracing.html);
 * - the OpenTelemetry Java agent reads OTEL_* (https://opentelemetry.io/docs/languages/java/configuration/);
 *   Jaeger only accepts traces, so its metrics and logs exporters are off.
 */
export function tracingVariables(tracing: NonNullable<PlatformServices["tracing"]>): Record<string, string> {
    return {
        MANAGEMENT_TRACING_ENABLED: "true",
        MANAGEMENT_OTLP_TRACING_ENDPOINT: `${tracing.otlpHttpEndpoint}/v1/traces`,
        MANAGEMENT_TRACING_SAMPLING_PROBABILITY: traceSampleRatio,
        OTEL_SERVICE_NAME: names.orchestrator,
        OTEL_EXPORTER_OTLP_ENDPOINT: tracing.otlpGrpcEndpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
        OTEL_TRACES_EXPORTER: "otlp",
        OTEL_METRICS_EXPORTER: "none",
        OTEL_LOGS_EXPORTER: "none",
        OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
        OTEL_TRACES_SAMPLER_ARG: traceSampleRatio,
    };
}

/**
 * Where Flyway connects. On CloudNativePG the application's host is PgBouncer in transaction mode,
 * which never keeps session-level advisory locks or SET across transactions
 * (https://www.pgbouncer.org/features.html); Flyway locks its migrations with a PostgreSQL advisory
 * lock and fails behind transaction pooling (flyway/flyway#2895). So migrations go straight to the
 * primary's `-rw` Service; the StatefulSet's Service is not pooled.
 */
export function flywayUrl(settings: WorkloadContext["settings"]): string {
    const host = settings.database.engine === "cloudnativepg" ? primaryService(settings.database.clusterName) : database.host;
    return `jdbc:postgresql://${host}:${database.port}/${database.name}`;
}

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
        // Explicit, so PostgreSQL's max_connections (database-connections.ts) is sized for it.
        SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE: String(hikariPoolSize),
        // The seed: "Flyway migrations run automatically on startup"; as the schema owner, since
        // the application's role may only read and write data.
        SPRING_FLYWAY_ENABLED: "true",
        SPRING_FLYWAY_USER: database.owner,
        SPRING_FLYWAY_URL: flywayUrl(settings),
        SERVER_PORT: String(settings.app.imageContract.orchestrator.port),
        MANAGEMENT_ENDPOINTS_WEB_BASE_PATH: settings.app.imageContract.orchestrator.actuatorBasePath,
        SERVER_SHUTDOWN: "graceful",
        SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE: `${shutdownPlans.orchestrator.applicationSeconds}s`,
        MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED: "true",
        MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE: "health,info,prometheus",
        ...(settings.app.egress.vault ? { VAULT_ADDR: settings.app.egress.vault.address } : {}),
        TRACING_ENABLED: String(tracing !== undefined),
        ...(tracing ? tracingVariables(tracing) : { MANAGEMENT_TRACING_ENABLED: "false", OTEL_SDK_DISABLED: "true" }),
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
        this.configMap = new k8s.core.v1.ConfigMap(
            names.configMap,
            {
                metadata: { name: names.configMap, namespace: ctx.namespace, labels: appLabels },
                data,
            },
            k8sOptions(ctx, this),
        );
        this.configMapName = this.configMap.metadata.name;
        this.registerOutputs({ configMapName: this.configMapName });
    }
}
