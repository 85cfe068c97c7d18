// The e2e run's check that `destroy` leaves nothing of ours (tests/e2e/kept-on-purpose.ts), offline:
// what the first real run left (npm run e2e, 2026-11-29: the Prometheus Operator CRDs, their
// APIServices and the namespace atlasia) is kept on purpose by a named rule; anything else is not.
import { strict as assert } from "assert";
import { classifyLeftovers, keepRules, leftInKeptNamespace, ListedObject } from "./e2e/kept-on-purpose";

const crd = (name: string, group: string, annotations: Record<string, string> = {}): ListedObject => ({
    id: `customresourcedefinitions/${name}`,
    metadata: { name, annotations },
    spec: { group },
});
const automanaged = (version: string, group: string): ListedObject => ({
    id: `apiservices/${version}.${group}`,
    metadata: { name: `${version}.${group}`, labels: { "kube-aggregator.kubernetes.io/automanaged": "true" } },
    spec: { group },
});
const namespace = (name: string): ListedObject => ({ id: `namespaces/${name}`, metadata: { name } });

describe("e2e: what destroy keeps on purpose", () => {
    it("keeps the chart's crds/ CRDs, their API-server-registered APIServices and the retainOnDelete namespace of the first real run", () => {
        const left = [
            crd("prometheuses.monitoring.coreos.com", "monitoring.coreos.com"),
            crd("servicemonitors.monitoring.coreos.com", "monitoring.coreos.com"),
            automanaged("v1", "monitoring.coreos.com"),
            automanaged("v1alpha1", "monitoring.coreos.com"),
            namespace("atlasia"),
        ];
        const { kept, leftBehind } = classifyLeftovers(left, new Set(["namespaces/atlasia"]));
        assert.deepEqual(leftBehind, []);
        assert.equal(kept["namespaces/atlasia"], keepRules.retainOnDelete);
        assert.equal(kept["customresourcedefinitions/prometheuses.monitoring.coreos.com"], keepRules.crdsFolder);
        assert.equal(kept["apiservices/v1.monitoring.coreos.com"], keepRules.crdApiService);
    });

    it("reports what a release's uninstall or Pulumi's delete should have removed", () => {
        const left = [
            // A templated CRD carries its release's annotations: uninstall deletes it unless told to keep it.
            crd("certificates.cert-manager.io", "cert-manager.io", { "meta.helm.sh/release-name": "cert-manager" }),
            automanaged("v1", "cert-manager.io"),
            // An aggregated API served by a Service (prometheus-adapter's), not registered for a CRD.
            {
                id: "apiservices/v1beta1.custom.metrics.k8s.io",
                metadata: { name: "v1beta1.custom.metrics.k8s.io" },
                spec: { group: "custom.metrics.k8s.io", service: { name: "prometheus-adapter" } },
            },
            namespace("monitoring"),
            { id: "clusterroles/ingress-nginx", metadata: { name: "ingress-nginx" } },
        ];
        const { kept, leftBehind } = classifyLeftovers(left, new Set(["namespaces/atlasia"]));
        assert.deepEqual(kept, {});
        assert.deepEqual(leftBehind, [
            "apiservices/v1.cert-manager.io",
            "apiservices/v1beta1.custom.metrics.k8s.io",
            "clusterroles/ingress-nginx",
            "customresourcedefinitions/certificates.cert-manager.io",
            "namespaces/monitoring",
        ]);
    });

    it("keeps what Helm is told to keep (helm.sh/resource-policy: keep, e.g. cert-manager's crds.keep)", () => {
        const left = [
            crd("certificates.cert-manager.io", "cert-manager.io", { "meta.helm.sh/release-name": "cert-manager", "helm.sh/resource-policy": "keep" }),
            automanaged("v1", "cert-manager.io"),
        ];
        const { kept, leftBehind } = classifyLeftovers(left, new Set());
        assert.deepEqual(leftBehind, []);
        assert.equal(kept["customresourcedefinitions/certificates.cert-manager.io"], keepRules.resourcePolicyKeep);
    });

    it("in a kept namespace, accepts only its claims and the cluster's own objects", () => {
        assert.deepEqual(
            leftInKeptNamespace([
                "persistentvolumeclaims/data-atlasia-postgresql-0",
                "persistentvolumeclaims/atlasia-postgresql-backup",
                "configmaps/kube-root-ca.crt",
                "serviceaccounts/default",
                "secrets/atlasia-secrets",
                "deployments/atlasia-orchestrator-blue",
            ]),
            ["deployments/atlasia-orchestrator-blue", "secrets/atlasia-secrets"],
        );
    });
});
