// Every Kubernetes object the program creates, in every stack configuration, validates against the
// Kubernetes schema (kubernetes-models 4.x, with the cert-manager and prometheus-operator CRDs), has
// an explicit valid name and a selector that selects its own pods; the workloads' objects also refer
// only to objects that exist.
import { strict as assert } from "assert";
import { kubernetesResources, K8sObject, matrix, runValid, variants, workloadResources } from "./support/workloads";
import { modelFor, nameProblems, referenceProblems, schemaErrors, selectorProblems } from "./support/k8s-objects";

const cases = [...matrix, ...Object.values(variants)];

describe("Kubernetes schema", () => {
    for (const stack of cases) {
        describe(stack.label, () => {
            let objects: K8sObject[];
            let workloadObjects: K8sObject[];
            before(async () => {
                const run = await runValid(stack.label, stack.options);
                objects = kubernetesResources(run).map((r) => r.inputs as K8sObject);
                workloadObjects = workloadResources(run).map((r) => r.inputs as K8sObject);
            });

            it("validates every Kubernetes object against its kubernetes-models schema", () => {
                assert.ok(workloadObjects.length >= 20, "the workloads are among them");
                const errors = objects.map((o) => [`${o.apiVersion} ${o.kind}/${o.metadata?.name}`, schemaErrors(o)]).filter(([, e]) => e);
                assert.deepEqual(errors, []);
            });

            it("names every object explicitly with a valid name", () => {
                assert.deepEqual(objects.flatMap(nameProblems), []);
            });

            it("gives every workload a selector that selects its own pod template", () => {
                assert.deepEqual(objects.flatMap(selectorProblems), []);
            });

            it("refers only to Services, ports, ConfigMaps, Secrets, volumes and accounts that exist", () => {
                assert.deepEqual(referenceProblems(workloadObjects), []);
            });
        });
    }
});

describe("the schema checks themselves", () => {
    const deployment = (): K8sObject => ({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", namespace: "demo" },
        spec: {
            selector: { matchLabels: { app: "web" } },
            template: {
                metadata: { labels: { app: "web" } },
                spec: { containers: [{ name: "web", image: "nginx", ports: [{ name: "http", containerPort: 8080 }] }] },
            },
        },
    });

    it("finds models for core, grouped and CRD kinds, and none for unknown kinds", () => {
        for (const [apiVersion, kind] of [
            ["v1", "Service"],
            ["apps/v1", "StatefulSet"],
            ["cert-manager.io/v1", "ClusterIssuer"],
            ["monitoring.coreos.com/v1", "ServiceMonitor"],
        ]) {
            assert.ok(modelFor(apiVersion, kind), `${apiVersion} ${kind}`);
        }
        assert.equal(modelFor("apps/v1", "Deploymnet"), undefined);
        assert.match(schemaErrors({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }), /no kubernetes-models class/);
    });

    it("accepts a valid object and rejects wrong types and missing required fields", () => {
        assert.equal(schemaErrors(deployment()), "");
        const wrongType = deployment();
        wrongType.spec.replicas = "three";
        assert.match(schemaErrors(wrongType), /replicas/);
        const missing = deployment();
        delete missing.spec.template.spec.containers[0].name;
        assert.match(schemaErrors(missing), /name/);
    });

    it("rejects a selector that does not select the pod template, and a missing or invalid name", () => {
        const mismatch = deployment();
        mismatch.spec.template.metadata.labels = { app: "other" };
        assert.equal(selectorProblems(mismatch).length, 1);
        assert.deepEqual(selectorProblems(deployment()), []);
        const unnamed = deployment();
        delete unnamed.metadata.name;
        assert.equal(nameProblems(unnamed).length, 1);
        assert.equal(nameProblems({ ...deployment(), metadata: { name: "Web_1" } }).length, 1);
        assert.equal(nameProblems({ apiVersion: "v1", kind: "Service", metadata: { name: "a.b" } }).length, 1, "Services need DNS labels");
    });

    it("reports dangling references", () => {
        const service: K8sObject = {
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "web" },
            spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: "http" }] },
        };
        assert.deepEqual(referenceProblems([deployment(), service]), []);
        const wrongPort = { ...service, spec: { ...service.spec, ports: [{ port: 80, targetPort: "web" }] } };
        assert.equal(referenceProblems([deployment(), wrongPort]).length, 1);
        const noPods = { ...service, spec: { ...service.spec, selector: { app: "api" } } };
        assert.equal(referenceProblems([deployment(), noPods]).length, 1);
        const withSecret = deployment();
        withSecret.spec.template.spec.containers[0].env = [{ name: "P", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }];
        assert.equal(referenceProblems([withSecret]).length, 1);
        const ingress: K8sObject = {
            apiVersion: "networking.k8s.io/v1",
            kind: "Ingress",
            metadata: { name: "i" },
            spec: { rules: [{ http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 8080 } } } }] } }] },
        };
        assert.equal(referenceProblems([deployment(), service, ingress]).length, 1, "Service web has no port 8080");
    });
});
