// Every Helm value the program sets names a key the chart reads: checked against the pinned charts'
// facts (generated/chart-facts: the shape of values.yaml and the values.schema.json constraints,
// derived by tools/chart-facts.ts) for every cloud and environment. The checker itself is tested
// first, so a misspelled key is known to fail.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ProgramRun, RecordedResource } from "../harness/run";
import { charts } from "../clusters/addons/charts";
import { chartPins, factsDir, upcomingPins } from "../tools/chart-sources";
import { schemaConstraints, shapeOf } from "../tools/chart-facts";
import {
    certManagerSchemaErrors,
    ChartFolder,
    chartFacts,
    chartSchemaErrors,
    recordedRun,
    stackMatrix,
    switchVariants,
    unknownChartKeys,
} from "./support/chart-values";

const releaseType = "kubernetes:helm.sh/v3:Release";

function releases(run: ProgramRun): RecordedResource[] {
    return run.resources.filter((r) => r.type === releaseType && r.parent.includes("PlatformAddons"));
}

describe("Helm values checker", () => {
    it("has committed facts for every pinned chart, at the pinned version", () => {
        const committed = fs
            .readdirSync(factsDir)
            .filter((f) => f.endsWith(".json"))
            .map((f) => f.replace(/\.json$/, ""))
            .sort();
        assert.deepEqual(
            committed,
            chartPins()
                .map((p) => p.chart)
                .sort(),
            "one facts file per pin, none left over",
        );
        for (const entry of Object.values(charts)) {
            const facts = chartFacts(entry.chart as ChartFolder);
            assert.equal(facts.chart, entry.chart);
            assert.equal(
                facts.version,
                entry.version,
                `${entry.chart}: charts.ts pins ${entry.version}, the facts are of ${facts.version} (run npm run chart-facts)`,
            );
            assert.equal(facts.repo, entry.repo, entry.chart);
        }
        for (const pin of upcomingPins) {
            const pinned = Object.values(charts).find((c) => c.chart === pin.chart);
            assert.equal(chartFacts(pin.chart as ChartFolder).version, pinned?.version ?? pin.version, pin.chart);
        }
    });

    it("derives the facts: a values shape and schema constraints, no upstream text", () => {
        assert.deepEqual(shapeOf({ a: { b: 1, c: "x", d: [1], e: {}, f: null, g: true } }), {
            a: { b: "number", c: "string", d: "list", e: {}, f: null, g: "boolean" },
        });
        assert.deepEqual(
            schemaConstraints({
                description: "d",
                default: 3,
                type: "object",
                additionalProperties: false,
                properties: { description: { type: "string", description: "a key named description stays" } },
            }),
            { additionalProperties: false, properties: { description: { type: "string" } }, type: "object" },
        );
        for (const pin of chartPins()) {
            const text = fs.readFileSync(path.join(factsDir, `${pin.chart}.json`), "utf8");
            // Only the four leaf kinds may follow these names (as value keys); any other text is copied prose.
            assert.doesNotMatch(text, /"(description|default|examples|title)": (?!"(string|number|boolean|list)",?$)/m, `${pin.chart}: annotations copied`);
        }
    });

    it("accepts keys the chart has, at any depth", () => {
        assert.deepEqual(
            unknownChartKeys("ingress-nginx", {
                controller: { replicaCount: 2, metrics: { enabled: true, serviceMonitor: { enabled: true } }, service: { type: "NodePort" } },
            }),
            [],
        );
    });

    it("rejects a misspelled key, top-level or nested", () => {
        assert.deepEqual(unknownChartKeys("ingress-nginx", { controler: {} }), ["controler"]);
        assert.deepEqual(unknownChartKeys("ingress-nginx", { controller: { replicaCont: 2 } }), ["controller.replicaCont"]);
        assert.deepEqual(unknownChartKeys("ingress-nginx", { controller: { metrics: { serviceMonitor: { enabeld: true } } } }), [
            "controller.metrics.serviceMonitor.enabeld",
        ]);
        assert.deepEqual(unknownChartKeys("jaeger", { allInOne: { enabled: true }, collector: {}, query: {} }), ["allInOne", "collector", "query"]);
    });

    it("treats maps that values.yaml leaves empty as the user's, and nothing else", () => {
        assert.deepEqual(
            unknownChartKeys("ingress-nginx", {
                controller: { addHeaders: { "X-Anything": "1" }, config: { "any-key": "1" }, service: { annotations: { "a/b": "c" } } },
            }),
            [],
        );
        // controller.service is not empty in values.yaml: its keys are the chart's.
        assert.deepEqual(unknownChartKeys("ingress-nginx", { controller: { service: { anotations: {} } } }), ["controller.service.anotations"]);
    });

    it("treats lists as leaves, and reports a map given where the chart has a scalar or list", () => {
        assert.deepEqual(unknownChartKeys("prometheus-adapter", { rules: { custom: [{ anything: { goes: 1 } }] } }), []);
        assert.equal(unknownChartKeys("prometheus-adapter", { rules: { custom: { seriesQuery: "x" } } }).length, 1);
        assert.equal(unknownChartKeys("prometheus-adapter", { replicas: { count: 2 } }).length, 1);
    });

    it("accepts the README's keys-read-but-not-listed and only those", () => {
        assert.deepEqual(unknownChartKeys("jaeger", { jaeger: { resources: { requests: { cpu: "1" } }, strategy: { type: "Recreate" } } }), []);
        assert.deepEqual(unknownChartKeys("jaeger", { jaeger: { resource: {} } }), ["jaeger.resource"]);
        assert.deepEqual(unknownChartKeys("jaeger", { jaeger: { topologySpreadConstraints: [] } }), []);
        assert.deepEqual(unknownChartKeys("ingress-nginx", { controller: { maxUnavailable: 1, maxUnavaliable: 1 } }), ["controller.maxUnavaliable"]);
    });

    it("checks kube-prometheus-stack's grafana: keys against the grafana chart", () => {
        assert.deepEqual(
            unknownChartKeys("kube-prometheus-stack", {
                grafana: { admin: { existingSecret: "s" }, sidecar: { resources: {} }, resources: {}, additionalDataSources: [] },
            }),
            [],
        );
        assert.deepEqual(unknownChartKeys("kube-prometheus-stack", { grafana: { admin: { existingSecrett: "s" } } }), ["grafana.admin.existingSecrett"]);
        assert.deepEqual(unknownChartKeys("kube-prometheus-stack", { grafana: { sidecar: { resourcs: {} } } }), ["grafana.sidecar.resourcs"]);
    });

    it("checks the other subcharts' keys under their name or alias", () => {
        assert.deepEqual(
            unknownChartKeys("kube-prometheus-stack", {
                "kube-state-metrics": { resources: {} },
                "prometheus-node-exporter": { resources: {} },
            }),
            [],
        );
        assert.deepEqual(unknownChartKeys("kube-prometheus-stack", { "kube-state-metrics": { resourcs: {} } }), ["kube-state-metrics.resourcs"]);
        assert.deepEqual(unknownChartKeys("cloudnative-pg", { monitoring: { grafanaDashboard: { create: true } } }), []);
        assert.deepEqual(unknownChartKeys("cloudnative-pg", { monitoring: { grafanaDashbord: {} } }), ["monitoring.grafanaDashbord"]);
    });

    it("checks the CloudNativePG and cluster-autoscaler charts' keys and schemas", () => {
        assert.deepEqual(unknownChartKeys("cloudnative-pg", { replicaCount: 2, config: { clusterWide: false } }), []);
        assert.deepEqual(unknownChartKeys("cloudnative-pg", { replicaCont: 2 }), ["replicaCont"]);
        assert.equal(chartSchemaErrors("cloudnative-pg", { replicaCount: "two" }).length, 1);
        assert.equal(chartSchemaErrors("plugin-barman-cloud", { replicaCount: "two" }).length, 1);
        assert.deepEqual(unknownChartKeys("cluster-autoscaler", { autoDiscovery: { clusterName: "c" }, cloudProvider: "aws" }), []);
        assert.deepEqual(unknownChartKeys("cluster-autoscaler", { autoDiscovery: { clustername: "c" } }), ["autoDiscovery.clustername"]);
        assert.deepEqual(unknownChartKeys("cluster", { cluster: { instances: 3 } }), []);
        assert.deepEqual(unknownChartKeys("cluster", { cluster: { instance: 3 } }), ["cluster.instance"]);
    });

    it("validates cert-manager values with its values.schema.json", () => {
        assert.deepEqual(certManagerSchemaErrors({ crds: { enabled: true }, replicaCount: 2, webhook: { replicaCount: 2 } }), []);
        assert.equal(certManagerSchemaErrors({ installCRD: true }).length, 1);
        assert.equal(certManagerSchemaErrors({ webhook: { replicas: 2 } }).length, 1);
        assert.equal(certManagerSchemaErrors({ replicaCount: "two" }).length, 1);
    });
});

describe("Helm values the program sets", function () {
    this.timeout(60000);
    const variants = [...stackMatrix, ...switchVariants];
    const runs = new Map<string, ProgramRun>();

    before(async () => {
        for (const variant of variants) runs.set(variant.label, await recordedRun(variant.options));
    });

    for (const variant of variants) {
        it(`${variant.label}: every key exists in its chart`, () => {
            const found = releases(runs.get(variant.label)!);
            assert.ok(found.length >= 3, "releases recorded");
            for (const release of found) {
                const problems = unknownChartKeys(release.inputs.chart as ChartFolder, release.inputs.values);
                assert.deepEqual(problems, [], `${release.inputs.chart}: keys the chart does not read`);
                assert.deepEqual(
                    chartSchemaErrors(release.inputs.chart as ChartFolder, release.inputs.values),
                    [],
                    `${release.inputs.chart} values.schema.json`,
                );
            }
        });
    }
});
