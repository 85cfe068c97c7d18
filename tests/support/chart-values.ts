// Checks Helm values against the pinned charts' facts (generated/chart-facts, derived from each
// chart's values.yaml and values.schema.json by tools/chart-facts.ts), plus the recorded program runs
// the add-on tests share. Nothing here reads the vendored chart sources: the tests pass on a plain clone.
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { Program, ProgramRun, runProgram, RunOptions } from "../../harness/run";
import { ChartFacts, factsDir, ValueShape } from "../../tools/chart-sources";
import { llmApiKey, stackOptions, validStackRun, withOperatorNames } from "./runs";
import { sharedRun } from "./shared-runs";

export type ChartFolder =
    | "cert-manager"
    | "ingress-nginx"
    | "kube-prometheus-stack"
    | "prometheus-adapter"
    | "jaeger"
    | "cloudnative-pg"
    | "cluster"
    | "plugin-barman-cloud"
    | "cluster-autoscaler";

/**
 * The vendored charts' README (upstream chart notes): keys the templates read that values.yaml leaves out or comments out.
 * Anything below them is accepted (their content goes to the manifest through toYaml).
 */
export const keysReadButNotListed: Partial<Record<ChartFolder, string[]>> = {
    // Commented out in values.yaml ("# unhealthyPodEvictionPolicy: AlwaysAllow"), read by
    // templates/poddisruptionbudget.yaml, webhook- and cainjector-poddisruptionbudget.yaml.
    "cert-manager": [
        "podDisruptionBudget.unhealthyPodEvictionPolicy",
        "webhook.podDisruptionBudget.unhealthyPodEvictionPolicy",
        "cainjector.podDisruptionBudget.unhealthyPodEvictionPolicy",
    ],
    "ingress-nginx": ["controller.maxUnavailable"],
    "kube-prometheus-stack": ["grafana.adminPassword", "grafana.persistence"],
    "prometheus-adapter": ["rules.resource"],
    jaeger: [
        "jaeger.resources",
        "jaeger.strategy",
        "jaeger.podLabels",
        "jaeger.service.type",
        "jaeger.service.loadBalancerSourceRanges",
        "jaeger.topologySpreadConstraints",
    ],
};

/**
 * Maps keyed by the user although values.yaml shows them with a default entry or as null rather
 * than `{}`: listed one by one, with the reason, never by pattern.
 */
export const userKeyedMaps: Partial<Record<ChartFolder, string[]>> = {
    // A Kubernetes nodeSelector; the default carries kubernetes.io/os: linux.
    "ingress-nginx": ["controller.nodeSelector"],
    // "User provided config to override the config completely": the whole Jaeger v2 config file.
    jaeger: ["userconfig"],
};

type Tree = Record<string, unknown>;

function isMap(value: unknown): value is Tree {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

const loaded = new Map<string, ChartFacts>();

/** The committed facts of a chart (its pin, values shape and schema constraints). */
export function chartFacts(chart: ChartFolder): ChartFacts {
    let facts = loaded.get(chart);
    if (!facts) {
        facts = JSON.parse(fs.readFileSync(path.join(factsDir, `${chart}.json`), "utf8")) as ChartFacts;
        loaded.set(chart, facts);
    }
    return facts;
}

function kindOf(shape: ValueShape): string {
    if (shape === null) return "null";
    return typeof shape === "object" ? "a map" : shape === "list" ? "a list" : `a ${shape}`;
}

/**
 * The paths in `values` that the chart does not have. Below a map that values.yaml leaves empty
 * (`{}`) keys are the user's; arrays are leaves; a map where the chart has a scalar or a list (or
 * the reverse) is reported too.
 */
export function unknownValuePaths(values: unknown, shape: ValueShape, accepted: string[] = [], prefix = ""): string[] {
    if (!isMap(values)) return [];
    const problems: string[] = [];
    for (const [key, value] of Object.entries(values)) {
        const at = prefix ? `${prefix}.${key}` : key;
        if (accepted.includes(at)) continue;
        if (!isMap(shape) || !(key in shape)) {
            problems.push(at);
            continue;
        }
        const expected = shape[key];
        if (isMap(expected) && Object.keys(expected).length === 0) continue; // user-keyed map
        if (isMap(value) !== isMap(expected) && expected !== null && value !== null) {
            problems.push(`${at} (${isMap(value) ? "a map" : "not a map"} where values.yaml has ${isMap(expected) ? "a map" : kindOf(expected)})`);
            continue;
        }
        if (isMap(value) && expected === null) {
            problems.push(`${at} (a map where values.yaml has null)`);
            continue;
        }
        problems.push(...unknownValuePaths(value, expected, accepted, at));
    }
    return problems;
}

export function unknownChartKeys(chart: ChartFolder, values: unknown): string[] {
    const accepted = [...(keysReadButNotListed[chart] ?? []), ...(userKeyedMaps[chart] ?? [])];
    return unknownValuePaths(values, chartFacts(chart).values, accepted);
}

const validators = new Map<ChartFolder, ReturnType<Ajv["compile"]>>();

/**
 * Errors of a chart's values.schema.json constraints (cert-manager's sets additionalProperties: false
 * almost everywhere, so an unknown key fails the install). A chart without a schema accepts anything.
 */
export function chartSchemaErrors(chart: ChartFolder, values: unknown): string[] {
    const schema = chartFacts(chart).schema;
    if (!schema) return [];
    let validate = validators.get(chart);
    if (!validate) {
        validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
        validators.set(chart, validate);
    }
    if (validate(values)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
}

export function certManagerSchemaErrors(values: unknown): string[] {
    return chartSchemaErrors("cert-manager", values);
}

/** Runs the whole program (or `program`, cached under its key) once per configuration. */
export function recordedRun(options: RunOptions, program?: { key: string; run: Program }): Promise<ProgramRun> {
    if (!program) return validStackRun(options);
    return sharedRun(`custom ${JSON.stringify([options, program.key])}`, () =>
        runProgram(withOperatorNames(options), program.run).then((r) => {
            if (r.error) throw r.error;
            return r;
        }),
    );
}

export const testLlmKey = { llmApiKey };

export type Environment = "development" | "staging" | "production";

export interface StackVariant {
    label: string;
    cloud: "gcp" | "aws" | "azure" | "local";
    environment: Environment;
    monitoring: boolean;
    tracing: boolean;
    tls: boolean;
    options: RunOptions;
}

/** Every cloud in staging and production, and the local kind cluster in development. */
export const stackMatrix: StackVariant[] = [
    ...(["gcp", "aws", "azure"] as const).flatMap((cloud) =>
        (["staging", "production"] as const).map((environment) => ({
            label: `${cloud}/${environment}`,
            cloud,
            environment,
            monitoring: true,
            tracing: true,
            tls: true,
            options: stackOptions(cloud, environment),
        })),
    ),
    {
        label: "local/development",
        cloud: "local",
        environment: "development",
        monitoring: true,
        tracing: true,
        tls: false,
        options: stackOptions("local", "development"),
    },
];

/** TLS off on a cloud (no cert-manager), and each add-on switch off. */
export const switchVariants: StackVariant[] = [
    {
        label: "gcp/development",
        cloud: "gcp",
        environment: "development",
        monitoring: true,
        tracing: true,
        tls: false,
        options: { stack: "dev", set: { cloud: "gcp", "gcp:project": "my-project-123" }, secrets: testLlmKey },
    },
    {
        label: "aws/production, monitoring off",
        cloud: "aws",
        environment: "production",
        monitoring: false,
        tracing: true,
        tls: true,
        options: { stack: "production", set: { cloud: "aws", clusterAdminIncludeDeployer: "true", monitoringEnabled: "false" }, secrets: testLlmKey },
    },
    {
        label: "azure/staging, tracing off",
        cloud: "azure",
        environment: "staging",
        monitoring: true,
        tracing: false,
        tls: true,
        options: { stack: "staging", set: { ...stackOptions("azure", "staging").set, tracingEnabled: "false" }, secrets: testLlmKey },
    },
];
