// prometheus-adapter 5.3.0 through the whole program under mocks: which metrics API its rules serve for
// each queueDepthScope, and whether the API server verifies its serving certificate.
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { stackOptions, validStackRun, withConfig, withDatabaseEngine } from "./support/runs";

const releaseType = "kubernetes:helm.sh/v3:Release";

async function adapter(options: RunOptions) {
    const run = await validStackRun(options);
    const release = run.resources.find((r) => r.type === releaseType && r.name === "prometheus-adapter");
    assert.ok(release, "monitoring is on");
    const certManager = run.resources.find((r) => r.type === releaseType && r.name === "cert-manager");
    return { values: release.inputs.values, release, certManager };
}

describe("prometheus-adapter: one metrics API per queue-depth scope, a verified serving certificate wherever cert-manager runs", function () {
    this.timeout(60000);

    // The chart writes rules.custom under `rules:` and rules.external under `externalRules:` of the
    // adapter's config.yaml verbatim (templates/configmap.yaml); a non-empty rules.external also
    // registers the cluster-wide APIService v1beta1.external.metrics.k8s.io (templates/external-metrics-apiservice.yaml).
    // Each rule as the adapter's configuration walkthrough writes one (kubernetes-sigs/prometheus-adapter
    // docs/config.md): seriesQuery finds the series, resources.overrides maps its labels onto Kubernetes
    // objects, name renames it (here to itself), metricsQuery aggregates per object asked about. The metric
    // is the orchestrator's ai_tasks_queue_depth (the guide's HPA, target 50).
    const perPodRule = {
        seriesQuery: 'ai_tasks_queue_depth{namespace!="",pod!=""}',
        resources: { overrides: { namespace: { resource: "namespace" }, pod: { resource: "pod" } } },
        name: { matches: "^ai_tasks_queue_depth$", as: "ai_tasks_queue_depth" },
        metricsQuery: "sum(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)",
    };
    // External metrics are namespaced only; every pod reports the same shared total, so its maximum is the queue.
    const sharedRule = {
        seriesQuery: 'ai_tasks_queue_depth{namespace!=""}',
        resources: { overrides: { namespace: { resource: "namespace" } } },
        name: { matches: "^ai_tasks_queue_depth$", as: "ai_tasks_queue_depth" },
        metricsQuery: "max(<<.Series>>{<<.LabelMatchers>>}) by (namespace)",
    };

    it("per-pod (default): the queue depth as a per-pod custom metric, no external rules", async () => {
        const { values } = await adapter(stackOptions("gcp", "staging"));
        assert.deepEqual(values.rules.custom, [perPodRule]);
        assert.deepEqual(values.rules.external, []);
    });

    it("shared: the queue depth as an external metric only, no custom rules", async () => {
        const { values } = await adapter(withConfig(stackOptions("gcp", "staging"), { queueDepthScope: "shared" }));
        assert.deepEqual(values.rules.custom, []);
        assert.deepEqual(values.rules.external, [sharedRule]);
    });

    // certManager.enabled renders a self-signed CA Issuer, a CA Certificate, a CA Issuer and the serving
    // Certificate (cert-manager.io/v1, templates/certmanager.yaml): it needs cert-manager's CRDs and
    // nothing else (no ClusterIssuer). Without it the APIServices set insecureSkipTLSVerify
    // (templates/custom-metrics-apiservice.yaml), so the API server would trust any answer on the
    // adapter's Service. Cert-manager runs for the Ingress certificate (tlsIssuer) or for CloudNativePG.
    const cases: { label: string; options: RunOptions; certManager: boolean }[] = [
        { label: "local/development (tlsIssuer none, StatefulSet)", options: stackOptions("local", "development"), certManager: false },
        { label: "gcp/staging (letsencrypt-staging)", options: stackOptions("gcp", "staging"), certManager: true },
        {
            label: "gcp/staging, tlsIssuer none, StatefulSet",
            options: withDatabaseEngine(withConfig(stackOptions("gcp", "staging"), { tlsIssuer: "none" }), "statefulset"),
            certManager: false,
        },
        {
            label: "gcp/production, tlsIssuer none, CloudNativePG (cert-manager serves its plugin)",
            options: withConfig(stackOptions("gcp", "production"), { tlsIssuer: "none" }),
            certManager: true,
        },
    ];
    for (const { label, options, certManager } of cases) {
        it(`${label}: cert-manager ${certManager ? "installed, so it issues" : "absent, so no"} serving certificate`, async () => {
            const run = await adapter(options);
            assert.equal(run.certManager !== undefined, certManager, "cert-manager release");
            assert.equal(run.values.certManager.enabled, certManager);
            if (certManager) assert.ok(run.release.dependencies.includes(run.certManager!.urn), "its Certificates wait for cert-manager");
        });
    }
});
