// Every Helm value the program sets names a key the chart reads: checked against the charts'
// values.yaml in ../shared/charts (and cert-manager's values.schema.json) for every cloud and
// environment. The checker itself is tested first, so a misspelled key is known to fail.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { ProgramRun, RecordedResource } from "../harness/run";
import { projectRoot } from "../harness/stack-config";
import { charts } from "../clusters/addons/charts";
import {
    certManagerSchemaErrors, ChartFolder, chartFile, chartsDir, recordedRun, stackMatrix, switchVariants, unknownChartKeys,
} from "./support/chart-values";

const releaseType = "kubernetes:helm.sh/v3:Release";

function releases(run: ProgramRun): RecordedResource[] {
    return run.resources.filter((r) => r.type === releaseType && r.parent.includes("PlatformAddons"));
}

describe("Helm values checker", () => {
    it("reads the charts from ../shared/charts beside the project", () => {
        assert.equal(chartsDir, path.resolve(projectRoot, "..", "shared", "charts"));
        for (const chart of ["cert-manager", "ingress-nginx", "kube-prometheus-stack", "prometheus-adapter", "jaeger", "grafana"]) {
            assert.ok(fs.existsSync(path.join(chartsDir, chart, "values.yaml")), `${chart}/values.yaml`);
        }
    });

    it("accepts keys the chart has, at any depth", () => {
        assert.deepEqual(unknownChartKeys("ingress-nginx", {
            controller: { replicaCount: 2, metrics: { enabled: true, serviceMonitor: { enabled: true } }, service: { type: "NodePort" } },
        }), []);
    });

    it("rejects a misspelled key, top-level or nested", () => {
        assert.deepEqual(unknownChartKeys("ingress-nginx", { controler: {} }), ["controler"]);
        assert.deepEqual(unknownChartKeys("ingress-nginx", { controller: { replicaCont: 2 } }), ["controller.replicaCont"]);
        assert.deepEqual(
            unknownChartKeys("ingress-nginx", { controller: { metrics: { serviceMonitor: { enabeld: true } } } }),
            ["controller.metrics.serviceMonitor.enabeld"],
        );
        assert.deepEqual(unknownChartKeys("jaeger", { allInOne: { enabled: true }, collector: {}, query: {} }), ["allInOne", "collector", "query"]);
    });

    it("treats maps that values.yaml leaves empty as the user's, and nothing else", () => {
        assert.deepEqual(unknownChartKeys("ingress-nginx", {
            controller: { addHeaders: { "X-Anything": "1" }, config: { "any-key": "1" }, service: { annotations: { "a/b": "c" } } },
        }), []);
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
        assert.deepEqual(unknownChartKeys("kube-prometheus-stack", {
            grafana: { admin: { existingSecret: "s" }, sidecar: { resources: {} }, resources: {}, additionalDataSources: [] },
        }), []);
        assert.deepEqual(unknownChartKeys("kube-prometheus-stack", { grafana: { admin: { existingSecrett: "s" } } }), ["grafana.admin.existingSecrett"]);
        assert.deepEqual(unknownChartKeys("kube-prometheus-stack", { grafana: { sidecar: { resourcs: {} } } }), ["grafana.sidecar.resourcs"]);
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
                if (release.inputs.chart === "cert-manager") {
                    assert.deepEqual(certManagerSchemaErrors(release.inputs.values), [], "cert-manager values.schema.json");
                }
            }
        });
    }

    it("the chart table matches the charts' own Chart.yaml", () => {
        for (const entry of Object.values(charts)) {
            const chartYaml = yaml.load(chartFile(entry.chart as ChartFolder, "Chart.yaml")) as { name: string; version: string };
            assert.equal(chartYaml.name, entry.chart);
            // cert-manager's Chart.yaml in git holds v0.0.0; the README records the released v1.21.1.
            if (entry.chart !== "cert-manager") assert.equal(chartYaml.version, entry.version, entry.chart);
        }
        assert.match(fs.readFileSync(path.join(chartsDir, "README.md"), "utf8"), new RegExp(`cert-manager/ .*${charts.certManager.version.replace(/\./g, "\\.")}`));
    });
});
