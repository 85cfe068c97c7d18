// The Jaeger v2 configuration the program hands the chart as `userconfig` (chart 4.11.1, Jaeger
// 2.19.0): the chart mounts it as the collector's only --config (templates/jaeger/jaeger-deploy.yaml),
// so a key the collector refuses crashes the pod, and a key left out is simply missing. Two checks:
// 1. The rules the collector applies when it starts, written out as a named check with their source.
// 2. The whole file, pinned to the structure of Jaeger's reference configuration
//    (github.com/jaegertracing/jaeger cmd/jaeger/config.yaml, config-badger.yaml) and the chart's
//    own userconfig example (values.yaml), with the retention the README promises (72h / 168h).
import { strict as assert } from "assert";
import * as yaml from "js-yaml";
import { stackOptions, validStackRun } from "./support/runs";

type Config = Record<string, any>;

const releaseType = "kubernetes:helm.sh/v3:Release";

async function collectorConfig(cloud: "gcp" | "local", environment: "development" | "staging" | "production"): Promise<Config> {
    const run = await validStackRun(stackOptions(cloud, environment));
    const release = run.resources.find((r) => r.type === releaseType && r.name === "jaeger");
    assert.ok(release, "the jaeger release");
    return release.inputs.values.userconfig;
}

const listed = (value: unknown): string[] => (Array.isArray(value) ? value : []);

/**
 * What keeps the collector from starting, or from passing the chart's probes, with its source:
 * - go.opentelemetry.io/collector otelcol/config.go Validate: every ID in service.extensions and in a
 *   pipeline's receivers, processors and exporters must be configured ("references extension %q which
 *   is not configured"); service/pipelines/config.go: a pipeline "must have at least one receiver" and
 *   "must have at least one exporter".
 * - Jaeger cmd/jaeger/internal/extension/jaegerstorage/extension.go findExtension: jaeger_storage_exporter
 *   and jaeger_query fail with "cannot find extension 'jaeger_storage'" unless the extension runs (is
 *   listed in service.extensions), and each names one of its backends.
 * - The chart's liveness and readiness probes GET /status on 13133 (templates/jaeger/jaeger-deploy.yaml):
 *   healthcheckv2 must run there. The query UI (16686) is jaeger_query's.
 */
function collectorStartupProblems(config: Config): string[] {
    const problems: string[] = [];
    const running = listed(config.service?.extensions);
    for (const id of running) if (!config.extensions?.[id]) problems.push(`service.extensions: "${id}" is not configured`);
    for (const [name, pipeline] of Object.entries<Config>(config.service?.pipelines ?? {})) {
        if (listed(pipeline.receivers).length === 0) problems.push(`${name}: no receiver`);
        if (listed(pipeline.exporters).length === 0) problems.push(`${name}: no exporter`);
        for (const kind of ["receivers", "processors", "exporters"]) {
            for (const id of listed(pipeline[kind])) if (!config[kind]?.[id]) problems.push(`${name}.${kind}: "${id}" is not configured`);
        }
    }
    for (const needed of ["jaeger_storage", "jaeger_query", "healthcheckv2"]) {
        if (!running.includes(needed)) problems.push(`service.extensions: "${needed}" does not run`);
    }
    const backends = Object.keys(config.extensions?.jaeger_storage?.backends ?? {});
    const stores = [config.exporters?.jaeger_storage_exporter?.trace_storage, config.extensions?.jaeger_query?.storage?.traces];
    for (const store of stores) if (!backends.includes(store)) problems.push(`storage "${store}" is not a jaeger_storage backend`);
    if (config.extensions?.healthcheckv2?.http?.endpoint !== "0.0.0.0:13133") problems.push("healthcheckv2 does not answer the probes on 13133");
    return problems;
}

/**
 * The whole configuration as the collector reads it, written out by hand in the YAML of Jaeger's
 * reference config and the chart's userconfig example; only the storage backend differs per environment.
 * - jaeger_storage is listed first: the extensions that use it look it up when they start.
 * - The pipeline is Jaeger's reference one: OTLP in, the batch processor ("It is highly recommended to
 *   configure the batch processor on every collector", opentelemetry-collector
 *   processor/batchprocessor/README.md), out to the storage extension.
 * - service.name as both references name it (target_info of the collector's metrics on 8888).
 */
const referenceConfig = `
service:
  extensions: [jaeger_storage, jaeger_query, healthcheckv2]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    resource:
      service.name: jaeger
    metrics:
      level: detailed
      readers:
        - pull:
            exporter:
              prometheus:
                host: 0.0.0.0
                port: 8888
extensions:
  healthcheckv2:
    use_v2: true
    http:
      endpoint: 0.0.0.0:13133
  jaeger_query:
    storage:
      traces: primary
    http:
      endpoint: 0.0.0.0:16686
    grpc:
      endpoint: 0.0.0.0:16685
  jaeger_storage:
    backends:
      primary: {}
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 0.0.0.0:4317
      http:
        endpoint: 0.0.0.0:4318
processors:
  batch: {}
exporters:
  jaeger_storage_exporter:
    trace_storage: primary
`;

function expectedConfig(backend: Config): Config {
    const config = yaml.load(referenceConfig) as Config;
    config.extensions.jaeger_storage.backends.primary = backend;
    return config;
}

/**
 * Badger on the volume the chart's example mounts at /badger (values.yaml extraVolumeMounts), kept
 * across restarts (ephemeral false: Jaeger's default is true, internal/storage/v1/badger/config.go),
 * spans kept as long as the README says: 72h in staging (also Badger's default TTL, same file), 168h
 * in production.
 */
const badger = (spans: string) => ({
    badger: { directories: { keys: "/badger/keys", values: "/badger/values" }, ephemeral: false, ttl: { spans } },
});

describe("Jaeger v2 collector configuration", function () {
    this.timeout(60000);

    it("the startup check catches what would stop the collector or fail its probes", () => {
        assert.deepEqual(collectorStartupProblems(expectedConfig(badger("72h"))), []);
        const broken = (edit: (c: Config) => void) => {
            const config = expectedConfig(badger("72h"));
            edit(config);
            return collectorStartupProblems(config);
        };
        assert.ok(broken((c) => (c.service.extensions = [])).length > 0, "no extension runs");
        assert.ok(broken((c) => (c.service.extensions = ["", "jaeger_query", "healthcheckv2"])).length > 0, "an unnamed extension");
        assert.ok(broken((c) => (c.service.extensions = ["jaeger_storage", "jaeger_query"])).length > 0, "no health check");
        assert.ok(broken((c) => (c.service.pipelines.traces.processors = [""])).length > 0, "an unnamed processor");
        assert.ok(broken((c) => (c.service.pipelines.traces.exporters = [])).length > 0, "no exporter");
        assert.ok(broken((c) => (c.service.pipelines.traces.exporters = [""])).length > 0, "an unnamed exporter");
        assert.ok(broken((c) => (c.exporters.jaeger_storage_exporter.trace_storage = "other")).length > 0, "an unknown store");
    });

    for (const [cloud, environment] of [
        ["local", "development"],
        ["gcp", "staging"],
        ["gcp", "production"],
    ] as const) {
        it(`${cloud}/${environment}: the collector starts and passes its probes`, async () => {
            assert.deepEqual(collectorStartupProblems(await collectorConfig(cloud, environment)), []);
        });
    }

    it("development: the whole configuration, traces in memory", async () => {
        const config = await collectorConfig("local", "development");
        const memory = config.extensions.jaeger_storage.backends.primary?.memory;
        assert.ok(Number.isInteger(memory?.max_traces) && memory.max_traces > 0, "a bounded in-memory store");
        assert.deepEqual(config, expectedConfig({ memory: { max_traces: memory.max_traces } }));
    });

    it("staging: the whole configuration, Badger keeping spans 72h", async () => {
        assert.deepEqual(await collectorConfig("gcp", "staging"), expectedConfig(badger("72h")));
    });

    it("production: the whole configuration, Badger keeping spans 168h (not Badger's 72h default)", async () => {
        assert.deepEqual(await collectorConfig("gcp", "production"), expectedConfig(badger("168h")));
    });
});
