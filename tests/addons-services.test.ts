// What the add-on layer promises beyond its releases: the PlatformServices the workloads consume,
// Grafana's admin password kept secret end to end, and capacity requests that match the values.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ProgramRun, RecordedResource } from "../harness/run";
import { mockRandomValue } from "../harness/mocks";
import { loadSettings } from "../config/load";
import { addCapacity, Capacity, requestsOf } from "../config/quantity";
import type { StackSettings, TlsIssuer } from "../config/settings";
import type { DatabaseEngine } from "../config/database";
import { createCluster } from "../clusters";
import { PlatformAddons } from "../clusters/addons";
import { addonRequests } from "../clusters/addons/requests";
import { recordedRun, StackVariant, stackMatrix, switchVariants, testLlmKey } from "./support/chart-values";

const releaseType = "kubernetes:helm.sh/v3:Release";

/** The cluster and the add-on layer alone, returning what the workloads layer would receive. */
function platformOnly(): Record<string, unknown> {
    const settings = loadSettings();
    const cluster = createCluster(settings);
    const platform = new PlatformAddons("platform", { settings, cluster });
    const { ingress, tls, monitoring, tracing } = platform.services;
    return {
        nodesReady: pulumi.all(cluster.nodesReady.map((r) => r.urn)),
        storageReady: pulumi.all(cluster.storageReady.map((r) => r.urn)),
        ingressReady: ingress.ready.urn,
        tlsReady: tls?.ready.urn,
        crdsReady: monitoring?.crdsReady.urn,
        ingress: { className: ingress.className, controller: ingress.controller },
        tls: tls && { issuerName: tls.issuerName },
        monitoring: monitoring && { prometheus: monitoring.prometheus, serviceMonitorLabels: monitoring.serviceMonitorLabels },
        tracing,
        grafanaAdminPassword: platform.grafanaAdminPassword,
    };
}
const platformProgram = { key: "platform-only", run: platformOnly };

function release(run: ProgramRun, name: string): RecordedResource | undefined {
    return run.resources.find((r) => r.type === releaseType && r.inputs.name === name);
}

function mustFind(run: ProgramRun, type: string, name: string): RecordedResource {
    const found = run.resources.find((r) => r.type === type && r.name === name);
    assert.ok(found, `${type} ${name}`);
    return found;
}

function output(run: ProgramRun, key: string): any {
    return run.outputs[key]?.value;
}

describe("platform services for the workloads layer", function () {
    this.timeout(60000);
    let prod: ProgramRun;
    let local: ProgramRun;
    let bare: ProgramRun;
    before(async () => {
        prod = await recordedRun({ stack: "production", set: { cloud: "aws", clusterAdminIncludeDeployer: "true" }, secrets: testLlmKey }, platformProgram);
        local = await recordedRun({ stack: "dev", secrets: testLlmKey }, platformProgram);
        bare = await recordedRun({ stack: "staging", set: { monitoringEnabled: "false", tracingEnabled: "false" }, secrets: testLlmKey }, platformProgram);
    });

    it("every release waits for exactly the cluster's node readiness; storage only where there are volumes", () => {
        const nodes: string[] = output(prod, "nodesReady");
        const storage: string[] = output(prod, "storageReady");
        assert.ok(nodes.length >= 1 && storage.length >= 1);
        for (const name of ["cert-manager", "ingress-nginx", "kube-prometheus-stack", "prometheus-adapter", "jaeger"]) {
            const deps = release(prod, name)!.dependencies;
            for (const urn of nodes) assert.ok(deps.includes(urn), `${name} waits for ${urn}`);
            const withVolumes = name === "kube-prometheus-stack" || name === "jaeger";
            for (const urn of storage.filter((u) => !nodes.includes(u))) {
                assert.equal(deps.includes(urn), withVolumes, `${name} and ${urn}`);
            }
        }
    });

    it("ingress: the nginx class, ready when the controller release is", () => {
        assert.equal(output(prod, "ingressReady"), release(prod, "ingress-nginx")!.urn);
        const ingress = output(prod, "ingress");
        assert.equal(ingress.className, "nginx");
        assert.equal(ingress.controller.namespace, "ingress-nginx");
        // The same labels the release's spread constraints select: the controller pods.
        const spread = release(prod, "ingress-nginx")!.inputs.values.controller.topologySpreadConstraints[0];
        assert.deepEqual(ingress.controller.podLabels, spread.labelSelector.matchLabels);
        assert.equal(ingress.controller.podLabels["app.kubernetes.io/component"], "controller");
    });

    it("tls: the configured issuer, ready when its ClusterIssuer is; undefined without TLS", () => {
        assert.deepEqual(output(prod, "tls"), { issuerName: "letsencrypt-prod" });
        assert.equal(output(prod, "tlsReady"), mustFind(prod, "kubernetes:cert-manager.io/v1:ClusterIssuer", "letsencrypt-prod").urn);
        assert.deepEqual(output(bare, "tls"), { issuerName: "letsencrypt-staging" });
        assert.equal(output(local, "tls"), undefined);
        assert.equal(output(local, "tlsReady"), undefined);
        assert.equal(release(local, "cert-manager"), undefined, "no cert-manager when nothing asks for a certificate");
    });

    it("monitoring: CRDs ready with kube-prometheus-stack, the Prometheus pods; undefined when off", () => {
        assert.equal(output(prod, "crdsReady"), release(prod, "kube-prometheus-stack")!.urn);
        const monitoring = output(prod, "monitoring");
        assert.equal(monitoring.prometheus.namespace, "monitoring");
        assert.equal(monitoring.prometheus.podLabels.prometheus, "kube-prometheus-stack-prometheus");
        assert.deepEqual(monitoring.serviceMonitorLabels, { release: "kube-prometheus-stack" });
        assert.equal(output(bare, "monitoring"), undefined);
        assert.equal(output(bare, "crdsReady"), undefined);
        assert.equal(release(bare, "kube-prometheus-stack"), undefined);
        assert.equal(release(bare, "prometheus-adapter"), undefined);
        // Nothing left to wait for: cert-manager and ingress-nginx depend on no release.
        const releaseUrns = bare.resources.filter((r) => r.type === releaseType).map((r) => r.urn);
        for (const name of ["cert-manager", "ingress-nginx"]) {
            const r = release(bare, name)!;
            assert.deepEqual(
                r.dependencies.filter((d) => releaseUrns.includes(d)),
                [],
                name,
            );
            assert.equal(JSON.stringify(r.inputs.values).match(/"(servicemonitor|serviceMonitor)":\{"enabled":true/), null, `${name}: no ServiceMonitor`);
        }
    });

    it("tracing: the Jaeger collector's OTLP endpoints and pods; undefined when off", () => {
        const tracing = output(prod, "tracing");
        assert.equal(tracing.otlpGrpcEndpoint, "http://jaeger.tracing.svc:4317");
        assert.equal(tracing.otlpHttpEndpoint, "http://jaeger.tracing.svc:4318");
        assert.equal(tracing.otlpGrpcPort, 4317);
        assert.equal(tracing.otlpHttpPort, 4318);
        assert.equal(tracing.collector.namespace, release(prod, "jaeger")!.inputs.namespace);
        // The Service (named after the release) selects these labels, as the ServiceMonitor does.
        const jaeger = release(prod, "jaeger")!.inputs;
        assert.equal(new URL(tracing.otlpGrpcEndpoint).hostname, `${jaeger.name}.${jaeger.namespace}.svc`);
        const monitor = mustFind(prod, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "jaeger").inputs;
        assert.deepEqual(tracing.collector.podLabels, monitor.spec.selector.matchLabels);
        assert.equal(output(bare, "tracing"), undefined);
        assert.equal(release(bare, "jaeger"), undefined);
        assert.ok(output(local, "tracing"));
    });
});

/** String leaves of `value` that contain `needle`, except below the recorded secret paths. */
function unmarkedOccurrences(value: unknown, needle: string, secretPaths: string[], path = ""): string[] {
    if (path !== "" && secretPaths.includes(path)) return [];
    if (typeof value === "string") return value.includes(needle) ? [path] : [];
    if (Array.isArray(value)) return value.flatMap((item, i) => unmarkedOccurrences(item, needle, secretPaths, `${path}[${i}]`));
    if (value && typeof value === "object") {
        return Object.entries(value).flatMap(([k, v]) => unmarkedOccurrences(v, needle, secretPaths, path ? `${path}.${k}` : k));
    }
    return [];
}

describe("Grafana's admin password is a secret end to end", function () {
    this.timeout(60000);
    const configuredPassword = "Grafana-Configured-Passw0rd-42";
    let generated: ProgramRun;
    let configured: ProgramRun;
    before(async () => {
        generated = await recordedRun(stackMatrix.find((v) => v.label === "aws/production")!.options);
        configured = await recordedRun({
            stack: "staging",
            set: { cloud: "aws", clusterAdminIncludeDeployer: "true" },
            secrets: { ...testLlmKey, grafanaAdminPassword: configuredPassword },
        });
    });

    function assertSecretEverywhere(run: ProgramRun, password: string) {
        const secret = mustFind(run, "kubernetes:core/v1:Secret", "grafana-admin");
        assert.equal(secret.inputs.stringData["admin-password"], password);
        // The chart's own admin user (kube-prometheus-stack values.yaml grafana.adminUser: admin), now read from the Secret.
        assert.equal(secret.inputs.stringData["admin-user"], "admin");
        const covering = (path: string) => secret.secretPaths.some((p) => path === p || path.startsWith(`${p}.`));
        assert.ok(covering("stringData.admin-password"), "the Secret's data is marked secret");
        for (const r of run.resources) {
            assert.deepEqual(unmarkedOccurrences(r.inputs, password, r.secretPaths), [], `${r.type} ${r.name} holds the password unmarked`);
        }
        const kps = release(run, "kube-prometheus-stack")!;
        assert.ok(!JSON.stringify(kps.inputs.values).includes(password), "never in Helm values (Helm stores them in plain text)");
        assert.equal(kps.inputs.values.grafana.admin.existingSecret, secret.inputs.metadata.name);
        assert.equal(kps.inputs.values.grafana.admin.passwordKey, "admin-password");
        assert.equal(kps.inputs.values.grafana.admin.userKey, "admin-user");
    }

    it("generates one with @pulumi/random when none is configured", () => {
        const random = mustFind(generated, "random:index/randomPassword:RandomPassword", "grafana-admin");
        assert.ok(random.inputs.length >= 24);
        assertSecretEverywhere(generated, mockRandomValue("grafana-admin", random.inputs.length));
    });

    it("uses atlasia:grafanaAdminPassword when it is set", () => {
        assert.equal(
            configured.resources.find((r) => r.type === "random:index/randomPassword:RandomPassword" && r.name === "grafana-admin"),
            undefined,
        );
        assertSecretEverywhere(configured, configuredPassword);
    });

    it("the leak check finds an unmarked copy", () => {
        assert.deepEqual(unmarkedOccurrences({ a: { b: "x-pw-x" }, c: ["pw"] }, "pw", ["a.b"]), ["c[0]"]);
    });
});

/**
 * Only what addonRequests reads: the environment, the add-on switches and the database engine (the
 * committed staging and production stacks leave databaseEngine empty: CloudNativePG; development
 * runs the StatefulSet).
 */
function settingsOf(v: StackVariant, engine: DatabaseEngine = v.environment === "development" ? "statefulset" : "cloudnativepg"): StackSettings {
    const tlsIssuer: TlsIssuer = !v.tls ? "none" : v.environment === "production" ? "letsencrypt-prod" : "letsencrypt-staging";
    return {
        cloud: v.cloud,
        environment: v.environment,
        addons: { monitoring: v.monitoring, tracing: v.tracing, tlsIssuer, prometheusRetention: "7d" },
        database: { engine },
    } as StackSettings;
}

/** Sums the requests × replicas the recorded Helm values ask for. */
function requestedByValues(run: ProgramRun): Capacity {
    const parts: Capacity[] = [];
    const add = (replicas: number, resources: { requests: { cpu: string; memory: string } }) => parts.push(requestsOf(resources.requests, replicas));
    const valuesOf = (name: string) => release(run, name)?.inputs.values;

    const ingress = valuesOf("ingress-nginx").controller;
    add(ingress.replicaCount, ingress.resources);
    // Its admission webhook's certificate hook Jobs (create, patch), counted as if they stayed.
    add(1, ingress.admissionWebhooks.createSecretJob.resources);
    add(1, ingress.admissionWebhooks.patchWebhookJob.resources);
    const cm = valuesOf("cert-manager");
    if (cm) for (const c of [cm, cm.webhook, cm.cainjector]) add(c.replicaCount, c.resources);
    if (cm) add(1, cm.startupapicheck.resources);
    const kps = valuesOf("kube-prometheus-stack");
    if (kps) {
        const reloader = kps.prometheusOperator.prometheusConfigReloader.resources;
        const { prometheusSpec } = kps.prometheus;
        const { alertmanagerSpec } = kps.alertmanager;
        add(prometheusSpec.replicas, prometheusSpec.resources);
        add(prometheusSpec.replicas, reloader);
        add(alertmanagerSpec.replicas, alertmanagerSpec.resources);
        add(alertmanagerSpec.replicas, reloader);
        add(1, kps.prometheusOperator.resources);
        add(2, kps.prometheusOperator.admissionWebhooks.patch.resources); // its create and patch Jobs
        add(1, kps.grafana.resources);
        add(2, kps.grafana.sidecar.resources); // dashboards and datasources sidecars
        add(1, kps["kube-state-metrics"].resources);
        // The CRD upgrade job (a pre-install/pre-upgrade hook) when the values turn it on.
        const crdsUpgrade = kps.crds?.upgradeJob;
        if (crdsUpgrade?.enabled) add(1, crdsUpgrade.resources);
    }
    const adapter = valuesOf("prometheus-adapter");
    if (adapter) add(adapter.replicas, adapter.resources);
    const autoscaler = valuesOf("cluster-autoscaler");
    if (autoscaler) add(autoscaler.replicaCount ?? 1, autoscaler.resources);
    const jaeger = valuesOf("jaeger");
    if (jaeger) add(jaeger.jaeger.replicas, jaeger.jaeger.resources);
    // The CloudNativePG operator and the Barman Cloud plugin: one pod each (both charts' values.yaml
    // `replicaCount: 1`, which the program keeps).
    for (const name of ["cnpg", "barman-cloud"]) {
        const values = valuesOf(name);
        if (values) add(values.replicaCount ?? 1, values.resources);
    }
    return addCapacity(...parts);
}

describe("addonRequests: the capacity check counts what the values request", function () {
    this.timeout(60000);
    const variants = [...stackMatrix, ...switchVariants];
    const runs = new Map<string, ProgramRun>();
    before(async () => {
        for (const v of variants) runs.set(v.label, await recordedRun(v.options));
    });

    // The charts' documented example requests, which the program adopts (clusters/addons/sizing.ts) and the
    // capacity check must count: prometheus-node-exporter 4.56.1 values.yaml `resources` (100m, 30Mi),
    // ingress-nginx 4.15.1 values.yaml controller.admissionWebhooks.createSecretJob/patchWebhookJob (10m, 20Mi),
    // cert-manager values.yaml startupapicheck.resources (10m, 32Mi), and kube-state-metrics' README
    // "Resource recommendation" on cloud clusters (0.1 cores, 250MiB).
    const nodeExporter = { cpuMillis: 100, memoryMiB: 30 };
    const webhookCertJob = { cpu: "10m", memory: "20Mi" };
    const startupApiCheck = { cpu: "10m", memory: "32Mi" };
    const kubeStateMetricsOnClouds = { cpu: "100m", memory: "250Mi" };
    for (const v of variants) {
        it(`${v.label}: counts node-exporter per node and the hook Jobs at their charts' documented requests, and every valued pod per cluster`, () => {
            const recorded = runs.get(v.label)!;
            const values = (name: string) => release(recorded, name)?.inputs.values;
            const requests = addonRequests(settingsOf(v));
            assert.deepEqual(requests.perNode, v.monitoring ? nodeExporter : { cpuMillis: 0, memoryMiB: 0 });
            const webhooks = values("ingress-nginx").controller.admissionWebhooks;
            assert.deepEqual([webhooks.createSecretJob.resources.requests, webhooks.patchWebhookJob.resources.requests], [webhookCertJob, webhookCertJob]);
            if (v.tls) assert.deepEqual(values("cert-manager").startupapicheck.resources.requests, startupApiCheck);
            if (v.monitoring && v.environment !== "development") {
                assert.deepEqual(values("kube-prometheus-stack")["kube-state-metrics"].resources.requests, kubeStateMetricsOnClouds);
            }
            if (v.monitoring) assert.deepEqual(values("kube-prometheus-stack")["prometheus-node-exporter"].resources.requests, { cpu: "100m", memory: "30Mi" });
            // The rendered pods (generated/addon-requests.json) are the pods the values ask for.
            const fromValues = requestedByValues(recorded);
            assert.deepEqual(requests.cluster, fromValues);
        });
    }

    it("is not zero, and shrinks when add-ons are off", () => {
        const all = stackMatrix.find((v) => v.label === "aws/production")!;
        const full = addonRequests(settingsOf(all)).cluster;
        assert.ok(full.cpuMillis > 1000 && full.memoryMiB > 4096, "production's HA add-ons request real resources");
        for (const off of [{ monitoring: false }, { tracing: false }]) {
            const less = addonRequests(settingsOf({ ...all, ...off })).cluster;
            assert.ok(less.cpuMillis < full.cpuMillis && less.memoryMiB < full.memoryMiB, JSON.stringify(off));
        }
        // TLS off removes cert-manager only where no CloudNativePG needs it for the Barman Cloud plugin.
        assert.deepEqual(addonRequests(settingsOf({ ...all, tls: false })).cluster, full);
        const statefulSet = addonRequests(settingsOf(all, "statefulset")).cluster;
        const statefulSetNoTls = addonRequests(settingsOf({ ...all, tls: false }, "statefulset")).cluster;
        assert.ok(statefulSetNoTls.cpuMillis < statefulSet.cpuMillis && statefulSetNoTls.memoryMiB < statefulSet.memoryMiB);
        assert.ok(statefulSet.cpuMillis < full.cpuMillis && statefulSet.memoryMiB < full.memoryMiB, "the StatefulSet runs no operator");
    });

    it("development leaves most of a laptop's kind cluster (4 vCPU, 8 GiB) to the workloads", () => {
        const dev = addonRequests(settingsOf(stackMatrix.find((v) => v.label === "local/development")!));
        const total = addCapacity(dev.cluster, dev.perNode);
        assert.ok(total.cpuMillis <= 1000, `${total.cpuMillis}m`);
        assert.ok(total.memoryMiB <= 2.5 * 1024, `${total.memoryMiB} MiB`);
    });
});
