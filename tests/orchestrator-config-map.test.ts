// The orchestrator's ConfigMap as Spring Boot and the OpenTelemetry Java agent read it.
import { strict as assert } from "assert";
import { matrix, objectOf, runValid, variants } from "./support/workloads";

const production = matrix.find((c) => c.label === "gcp/production")!;
const dataOf = async (label: string, options: typeof production.options) => objectOf(await runValid(label, options), "ConfigMap", "atlasia-config").data;

describe("the orchestrator's ConfigMap", () => {
    it("exports traces over OTLP: gRPC to port 4317 for the agent, HTTP to 4318/v1/traces for Micrometer, sampling parent-based by ratio", async () => {
        const data = await dataOf(production.label, production.options);
        assert.equal(data.TRACING_ENABLED, "true");
        assert.equal(data.MANAGEMENT_TRACING_ENABLED, "true");
        // OTLP default ports: 4317 gRPC, 4318 HTTP (https://opentelemetry.io/docs/specs/otlp/).
        assert.equal(data.OTEL_EXPORTER_OTLP_PROTOCOL, "grpc");
        assert.match(data.OTEL_EXPORTER_OTLP_ENDPOINT, /^http:\/\/[a-z0-9.-]+:4317$/);
        assert.match(data.MANAGEMENT_OTLP_TRACING_ENDPOINT, /^http:\/\/[a-z0-9.-]+:4318\/v1\/traces$/);
        // One of OTEL_TRACES_SAMPLER's values (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/).
        assert.equal(data.OTEL_TRACES_SAMPLER, "parentbased_traceidratio");
        assert.equal(data.OTEL_TRACES_SAMPLER_ARG, "1.0");
        assert.equal(data.OTEL_SDK_DISABLED, undefined);
    });

    it("turns both tracers off without tracing (OTEL_SDK_DISABLED, management.tracing.enabled)", async () => {
        const data = await dataOf(variants.minimal.label, variants.minimal.options);
        assert.equal(data.TRACING_ENABLED, "false");
        assert.equal(data.MANAGEMENT_TRACING_ENABLED, "false");
        assert.equal(data.OTEL_SDK_DISABLED, "true");
        assert.equal(data.OTEL_EXPORTER_OTLP_ENDPOINT, undefined);
    });

    it("points the datasource at the ai database on 5432, and lists CORS origins comma-separated", async () => {
        const options = {
            ...production.options,
            set: { ...production.options.set, corsAllowedOrigins: "https://app.cloud-ops.net, https://admin.cloud-ops.net" },
        };
        const data = await dataOf("gcp/production, two CORS origins", options);
        const url = `jdbc:postgresql://${data.DB_HOST}:5432/ai`;
        assert.equal(data.DB_URL, url);
        assert.equal(data.SPRING_DATASOURCE_URL, url);
        assert.equal(data.CORS_ALLOWED_ORIGINS, "https://app.cloud-ops.net,https://admin.cloud-ops.net");
    });
});
