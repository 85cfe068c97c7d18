// prometheus-adapter 5.3.0 through the whole program under mocks: which metrics API its rules serve for
// each queueDepthScope, and whether the API server verifies its serving certificate.
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { queueDepthRule, sharedQueueDepthRule } from "../clusters/addons/prometheus-adapter";
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
    it("per-pod (default): the queue depth as a per-pod custom metric, no external rules", async () => {
        const { values } = await adapter(stackOptions("gcp", "staging"));
        assert.deepEqual(values.rules.custom, [queueDepthRule]);
        assert.deepEqual(values.rules.external, []);
    });

    it("shared: the queue depth as an external metric only, no custom rules", async () => {
        const { values } = await adapter(withConfig(stackOptions("gcp", "staging"), { queueDepthScope: "shared" }));
        assert.deepEqual(values.rules.custom, []);
        assert.deepEqual(values.rules.external, [sharedQueueDepthRule]);
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
