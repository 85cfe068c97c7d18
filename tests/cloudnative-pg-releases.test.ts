// The CloudNativePG operator (chart cloudnative-pg 0.29.0) and its Barman Cloud plugin (chart
// plugin-barman-cloud 0.7.0) under the whole program: which stacks install them, what their values
// turn on, and that the database objects of the workloads wait for both releases.
import { strict as assert } from "assert";
import type { ProgramRun, RecordedResource } from "../harness/run";
import { stackOptions, validStackRun, withConfig, withDatabaseEngine } from "./support/runs";

const releaseType = "kubernetes:helm.sh/v3:Release";

function release(run: ProgramRun, name: string): RecordedResource {
    const found = run.resources.find((r) => r.type === releaseType && r.name === name);
    assert.ok(found, `release ${name}`);
    return found;
}

const releaseNames = (run: ProgramRun) => run.resources.filter((r) => r.type === releaseType).map((r) => r.name);

const staging = stackOptions("gcp", "staging");

/**
 * Both charts ship `resources: {}` (values.yaml): without ours the pods request nothing, so the
 * scheduler and the capacity check do not count them and Kubernetes runs them BestEffort, the first
 * evicted under node pressure (https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/#besteffort).
 * The project's rule for add-ons (clusters/addons/sizing.ts): requests, a memory limit, no CPU limit (CPU is compressible).
 */
function assertSized(resources: any, what: string): void {
    assert.match(String(resources?.requests?.cpu), /^\d+m$/, `${what}: a CPU request`);
    assert.match(String(resources?.requests?.memory), /^\d+Mi$/, `${what}: a memory request`);
    assert.match(String(resources?.limits?.memory), /^\d+Mi$/, `${what}: a memory limit`);
    assert.ok(parseInt(resources.limits.memory, 10) >= parseInt(resources.requests.memory, 10), `${what}: limit >= request`);
    assert.equal(resources.limits.cpu, undefined, `${what}: no CPU limit`);
}

describe("CloudNativePG operator and Barman Cloud plugin releases", function () {
    this.timeout(60000);

    it("both releases install their CRDs (crds.create gates templates/crds/crds.yaml in each chart)", async () => {
        const run = await validStackRun(staging);
        // The Cluster, ScheduledBackup and Pooler CRDs come with the operator chart, ObjectStore with the
        // plugin's. Helm merges the release's values over the chart's values.yaml, where both charts
        // default crds.create to true: what counts is the value after that merge.
        const chartDefault = true;
        for (const name of ["cnpg", "barman-cloud"]) {
            assert.equal(release(run, name).inputs.values.crds?.create ?? chartDefault, true, name);
        }
    });

    it("the operator and plugin pods request CPU and memory and have a memory limit", async () => {
        const run = await validStackRun(staging);
        assertSized(release(run, "cnpg").inputs.values.resources, "operator");
        assertSized(release(run, "barman-cloud").inputs.values.resources, "plugin");
    });

    it("monitoring on: the operator's PodMonitor, labelled as the platform's monitors are", async () => {
        const run = await validStackRun(staging);
        // templates/podmonitor.yaml renders only with monitoring.podMonitorEnabled (chart default false).
        assert.deepEqual(release(run, "cnpg").inputs.values.monitoring, {
            podMonitorEnabled: true,
            podMonitorAdditionalLabels: { release: "kube-prometheus-stack" },
        });
        assert.ok(release(run, "cnpg").dependencies.includes(release(run, "kube-prometheus-stack").urn), "the PodMonitor CRD first");
    });

    it("monitoring off: no PodMonitor, whose CRD nothing installs (values.yaml: 'Requires Prometheus Operator CRDs')", async () => {
        const run = await validStackRun(withConfig(staging, { monitoringEnabled: "false" }));
        assert.ok(!releaseNames(run).includes("kube-prometheus-stack"));
        assert.deepEqual(release(run, "cnpg").inputs.values.monitoring, { podMonitorEnabled: false, podMonitorAdditionalLabels: {} });
    });

    it("the StatefulSet engine installs neither the operator nor the plugin, even with cert-manager there for TLS", async () => {
        const run = await validStackRun(withDatabaseEngine(staging, "statefulset"));
        assert.ok(releaseNames(run).includes("cert-manager"), "staging's TLS keeps cert-manager");
        for (const name of ["cnpg", "barman-cloud"]) assert.ok(!releaseNames(run).includes(name), name);
        assert.equal(
            run.resources.find((r) => r.type === "kubernetes:core/v1:Namespace" && r.name === "cnpg-system"),
            undefined,
        );
        assert.equal(run.platform?.services.database, undefined);
    });

    it("every CloudNativePG object of the workloads waits for the operator and the plugin releases", async () => {
        // The operator's CRDs and admission webhooks must answer before a Cluster, ScheduledBackup or
        // Pooler is created; the ObjectStore CRD is the plugin's, and a Cluster naming the plugin
        // (barman-cloud.cnpg.io) needs it running: "Both checks are required before proceeding with the
        // installation" (https://cloudnative-pg.io/plugin-barman-cloud/docs/installation/).
        const run = await validStackRun(staging);
        const objects = run.resources.filter((r) => /^kubernetes:(postgresql|barmancloud)\.cnpg\.io\//.test(r.type));
        assert.deepEqual(objects.map((r) => r.type.split(":").pop()).sort(), ["Cluster", "ObjectStore", "Pooler", "ScheduledBackup"]);
        const operator = release(run, "cnpg").urn;
        const plugin = release(run, "barman-cloud").urn;
        for (const object of objects) {
            assert.ok(object.dependencies.includes(operator), `${object.name} waits for the operator`);
            assert.ok(object.dependencies.includes(plugin), `${object.name} waits for the plugin`);
        }
        // The plugin's Issuer and Certificates are cert-manager's (plugin docs, Requirements: cert-manager).
        assert.ok(release(run, "barman-cloud").dependencies.includes(release(run, "cert-manager").urn));
    });
});
