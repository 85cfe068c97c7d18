// cert-manager's CRDs outlive the release, and its metrics stay on for the ServiceMonitor, in every
// stack that installs it, run through the whole program under mocks. Chart cert-manager v1.21.1.
import { strict as assert } from "assert";
import { matrix, validStackRun } from "./support/runs";

describe("cert-manager: CRDs kept on uninstall, Prometheus metrics on", function () {
    this.timeout(60000);

    // Every cloud stack serves HTTPS with Let's Encrypt certificates, so installs cert-manager (addons.test.ts).
    for (const c of matrix.filter((m) => m.cloud !== "local")) {
        it(`${c.label}`, async () => {
            const run = await validStackRun(c.options);
            const release = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "cert-manager");
            assert.ok(release, "no cert-manager release");
            const values = release.inputs.values;
            // values.yaml crds.keep: the CRDs get "helm.sh/resource-policy: keep" (templates/crd-*.yaml), because
            // "when the CRDs are removed, all cert-manager custom resources (Certificates, Issuers, ...) will be
            // removed too by the garbage collector".
            assert.deepEqual(values.crds, { enabled: true, keep: true });
            // templates/servicemonitor.yaml renders only when prometheus.enabled and servicemonitor.enabled are both true;
            // with it false the controller's metrics Service and the webhook Service's metrics port go too (service.yaml, webhook-service.yaml).
            assert.equal(values.prometheus.enabled, true);
        });
    }
});
