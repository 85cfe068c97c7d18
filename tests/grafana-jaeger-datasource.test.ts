// Grafana from kube-prometheus-stack 88.5.3, and the Jaeger data source it gets when tracing is on: the
// chart writes grafana.additionalDataSources verbatim into its datasources provisioning file
// (templates/grafana/configmaps-datasources.yaml), which Grafana reads at start
// (https://grafana.com/docs/grafana/latest/administration/provisioning/#data-sources).
import { strict as assert } from "assert";
import { stackOptions, validStackRun, withConfig } from "./support/runs";

async function grafanaValues(set: Record<string, string> = {}) {
    const run = await validStackRun(withConfig(stackOptions("gcp", "staging"), set));
    const release = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name === "kube-prometheus-stack");
    assert.ok(release, "monitoring is on");
    return release.inputs.values.grafana;
}

describe("Grafana: installed with the monitoring stack, Jaeger provisioned as a trace data source", function () {
    this.timeout(60000);

    it("installs Grafana, whose admin password is the stack output grafanaAdminPassword", async () => {
        assert.equal((await grafanaValues()).enabled, true);
    });

    it("provisions Jaeger's query service as a server-side (proxy) data source with a fixed uid", async () => {
        // Provisioning fields (Grafana docs above): name and type are required; type "jaeger" is Grafana's
        // built-in Jaeger plugin (https://grafana.com/docs/grafana/latest/datasources/jaeger/); access
        // "proxy" makes the Grafana server, which runs in the cluster, call the URL (a browser cannot reach a
        // cluster Service); a uid "will be generated automatically" when missing, so Explore links and
        // dashboards naming the data source would change whenever Grafana's emptyDir database is recreated.
        // URL: the jaeger chart's Service is named after the release ("jaeger", namespace "tracing") and
        // serves the query API on http-query 16686 (templates/jaeger/jaeger-service.yaml).
        assert.deepEqual((await grafanaValues()).additionalDataSources, [
            { name: "Jaeger", type: "jaeger", uid: "jaeger", access: "proxy", url: "http://jaeger.tracing.svc:16686" },
        ]);
    });

    it("provisions no Jaeger data source when tracing is off (nothing would answer it)", async () => {
        assert.deepEqual((await grafanaValues({ tracingEnabled: "false" })).additionalDataSources, []);
    });
});
