// The platform add-ons under the whole program, for every cloud in staging and production and for
// local development: which releases exist, from which chart and version, with which values, and
// what each waits for (and does not wait for).
import { strict as assert } from "assert";
import { ClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { ProgramRun, RecordedResource } from "../harness/run";
import { recordedRun, StackVariant, stackMatrix, switchVariants } from "./support/chart-values";
import { operatorNames } from "./support/runs";

const releaseType = "kubernetes:helm.sh/v3:Release";

/** The pins, written out here so a typo in charts.ts fails. */
const expectedReleases: Record<string, { chart: string; version: string; repo: string; namespace: string }> = {
    "cert-manager": { chart: "cert-manager", version: "v1.21.1", repo: "https://charts.jetstack.io", namespace: "cert-manager" },
    "ingress-nginx": { chart: "ingress-nginx", version: "4.15.1", repo: "https://kubernetes.github.io/ingress-nginx", namespace: "ingress-nginx" },
    "kube-prometheus-stack": {
        chart: "kube-prometheus-stack",
        version: "88.5.3",
        repo: "https://prometheus-community.github.io/helm-charts",
        namespace: "monitoring",
    },
    "prometheus-adapter": {
        chart: "prometheus-adapter",
        version: "5.3.0",
        repo: "https://prometheus-community.github.io/helm-charts",
        namespace: "monitoring",
    },
    jaeger: { chart: "jaeger", version: "4.11.1", repo: "https://jaegertracing.github.io/helm-charts", namespace: "tracing" },
    // EKS only: GKE and AKS scale their node pools themselves.
    "cluster-autoscaler": { chart: "cluster-autoscaler", version: "9.59.0", repo: "https://kubernetes.github.io/autoscaler", namespace: "cluster-autoscaler" },
    // Issue 9: operator chart 0.29.0 (CloudNativePG 1.30.0), plugin chart 0.7.0 (Barman Cloud v0.13.0).
    cnpg: { chart: "cloudnative-pg", version: "0.29.0", repo: "https://cloudnative-pg.github.io/charts", namespace: "cnpg-system" },
    "barman-cloud": { chart: "plugin-barman-cloud", version: "0.7.0", repo: "https://cloudnative-pg.github.io/charts", namespace: "cnpg-system" },
};

/** Staging and production run CloudNativePG (their committed stacks migrate to it); development does not. */
const usesOperator = (v: StackVariant) => v.cloud !== "local" && v.environment !== "development";

/** What each cloud's cluster gives as "nodes ready" and "storage ready". */
const readiness: Record<StackVariant["cloud"], { nodes: string; storage?: string }> = {
    gcp: { nodes: "gcp:container/nodePool:NodePool", storage: "gcp:container/nodePool:NodePool" },
    aws: { nodes: "aws:eks/nodeGroup:NodeGroup", storage: "kubernetes:storage.k8s.io/v1:StorageClass" },
    azure: { nodes: "azure-native:containerservice:ManagedCluster", storage: "azure-native:containerservice:ManagedCluster" },
    local: { nodes: "" },
};

const storageClass: Record<string, string> = {
    "gcp/staging": "standard-rwo",
    "gcp/production": "premium-rwo",
    "gcp/development": "standard-rwo",
    aws: "gp3",
    azure: "managed-csi-premium",
    local: "standard",
};

const replicas = {
    ingress: { development: 1, staging: 2, production: 3 },
    certManager: { development: 1, staging: 1, production: 2 },
    prometheus: { development: 1, staging: 1, production: 2 },
    adapter: { development: 1, staging: 1, production: 2 },
};
const retention = { development: "24h", staging: "7d", production: "30d" };
const prometheusVolume = { development: "10Gi", staging: "50Gi", production: "100Gi" };

function expectedStorageClass(v: StackVariant): string {
    return storageClass[`${v.cloud}/${v.environment}`] ?? storageClass[v.cloud];
}

function expectedReleaseNames(v: StackVariant): string[] {
    return [
        "ingress-nginx",
        ...(v.tls || usesOperator(v) ? ["cert-manager"] : []),
        ...(usesOperator(v) ? ["cnpg", "barman-cloud"] : []),
        ...(v.monitoring ? ["kube-prometheus-stack", "prometheus-adapter"] : []),
        ...(v.tracing ? ["jaeger"] : []),
        ...(v.cloud === "aws" ? ["cluster-autoscaler"] : []),
    ].sort();
}

class Recorded {
    constructor(readonly run: ProgramRun) {}

    get platform(): RecordedResource {
        const found = this.run.resources.filter((r) => r.type === "atlasia:platform:PlatformAddons");
        assert.equal(found.length, 1);
        return found[0];
    }

    /** Resources the add-on layer registered. */
    get addons(): RecordedResource[] {
        return this.run.resources.filter((r) => r.parent === this.platform.urn);
    }

    find(type: string, name: string): RecordedResource | undefined {
        return this.addons.find((r) => r.type === type && r.name === name);
    }

    get(type: string, name: string): RecordedResource {
        const found = this.find(type, name);
        assert.ok(found, `${type} ${name} not registered`);
        return found;
    }

    release(name: string): RecordedResource {
        return this.get(releaseType, name);
    }

    releaseUrns(): Map<string, string> {
        return new Map(this.addons.filter((r) => r.type === releaseType).map((r) => [r.inputs.name as string, r.urn]));
    }

    urnsOfType(type: string): string[] {
        return this.run.resources.filter((r) => r.type === type).map((r) => r.urn);
    }
}

function values(r: RecordedResource): any {
    return r.inputs.values;
}

describe("platform add-ons, whole program", function () {
    this.timeout(60000);
    const variants = [...stackMatrix, ...switchVariants];
    const recorded = new Map<string, Recorded>();
    before(async () => {
        for (const v of variants) recorded.set(v.label, new Recorded(await recordedRun(v.options)));
    });

    for (const v of variants) {
        describe(v.label, () => {
            const at = () => recorded.get(v.label)!;

            it("installs the add-ons the settings ask for, each pinned to the issue's chart, version and repository", () => {
                const names = [...at().releaseUrns().keys()].sort();
                assert.deepEqual(names, expectedReleaseNames(v));
                for (const name of names) {
                    const inputs = at().release(name).inputs;
                    const expected = expectedReleases[name];
                    assert.equal(inputs.name, name, "fixed release name, no random suffix");
                    assert.equal(inputs.chart, expected.chart);
                    assert.equal(inputs.version, expected.version);
                    assert.deepEqual(inputs.repositoryOpts, { repo: expected.repo });
                    assert.equal(inputs.namespace, expected.namespace);
                    assert.equal(inputs.atomic, true);
                    assert.equal(inputs.cleanupOnFail, true);
                    assert.equal(inputs.skipAwait, false);
                    assert.equal(inputs.createNamespace, false, "namespaces are Pulumi resources");
                    assert.ok(inputs.timeout >= 300 && inputs.timeout <= 1800, `${name} timeout ${inputs.timeout}`);
                }
            });

            it("puts every Kubernetes resource on the new cluster's provider, under the component", () => {
                const rec = at();
                const kubernetes = rec.addons.filter((r) => r.type.startsWith("kubernetes:"));
                assert.ok(kubernetes.length >= 6);
                const providerUrns = new Set(kubernetes.map((r) => r.provider.split("::").slice(0, -1).join("::")));
                assert.equal(providerUrns.size, 1, "one provider for all");
                const provider = rec.run.resources.find((r) => r.urn === [...providerUrns][0]);
                assert.ok(provider, "an explicit provider, never the default one");
                assert.equal(provider.type, "pulumi:providers:kubernetes");
                const owner = rec.run.resources.find((r) => r.urn === provider.parent);
                assert.match(owner?.type ?? "", /^atlasia:cluster:/, "the cluster's own provider");
            });

            it("creates the namespaces with Pod Security labels fit for their pods", () => {
                const level = (ns: string) => at().get("kubernetes:core/v1:Namespace", ns).inputs.metadata.labels["pod-security.kubernetes.io/enforce"];
                assert.equal(
                    level("ingress-nginx"),
                    v.cloud === "local" ? "privileged" : "restricted",
                    "restricted where it holds (item 21); kind's hostPorts are outside baseline",
                );
                if (v.monitoring) assert.equal(level("monitoring"), "privileged", "node-exporter");
                if (v.tracing) assert.equal(level("tracing"), "restricted");
                if (v.tls) assert.equal(level("cert-manager"), "restricted");
                // Both run non-root with seccomp and no capabilities (cluster-autoscaler.ts; the CloudNativePG charts' defaults).
                if (v.cloud === "aws") assert.equal(level("cluster-autoscaler"), "restricted");
                if (usesOperator(v)) assert.equal(level("cnpg-system"), "restricted");
                for (const ns of at().addons.filter((r) => r.type === "kubernetes:core/v1:Namespace")) {
                    assert.equal(ns.inputs.metadata.labels["pod-security.kubernetes.io/warn"], "restricted");
                }
                const names = at()
                    .addons.filter((r) => r.type === "kubernetes:core/v1:Namespace")
                    .map((r) => r.inputs.metadata.name)
                    .sort();
                assert.deepEqual(names, [
                    ...(v.tls || usesOperator(v) ? ["cert-manager"] : []),
                    ...(v.cloud === "aws" ? ["cluster-autoscaler"] : []),
                    ...(usesOperator(v) ? ["cnpg-system"] : []),
                    "ingress-nginx",
                    ...(v.monitoring ? ["monitoring"] : []),
                    ...(v.tracing ? ["tracing"] : []),
                ]);
            });

            it("waits only for what each release needs", () => {
                const rec = at();
                const urns = rec.releaseUrns();
                const kps = urns.get("kube-prometheus-stack");
                const nodes = readiness[v.cloud].nodes ? rec.urnsOfType(readiness[v.cloud].nodes) : [];
                const storage = readiness[v.cloud].storage ? rec.urnsOfType(readiness[v.cloud].storage!) : [];
                const namespaceUrn = (ns: string) => rec.get("kubernetes:core/v1:Namespace", ns).urn;
                const otherReleases = (name: string, allowed: string[] = []) =>
                    [...urns].filter(([n]) => n !== name && !allowed.includes(n)).map(([, urn]) => urn);

                // Local clusters have no node pool resource; every cloud must name one.
                assert.equal(nodes.length > 0, v.cloud !== "local", "node pool resources found");
                for (const [name, urn] of urns) {
                    const r = rec.addons.find((x) => x.urn === urn)!;
                    for (const node of nodes) assert.ok(r.dependencies.includes(node), `${name} waits for the node pool`);
                    assert.ok(r.dependencies.includes(namespaceUrn(expectedReleases[name].namespace)), `${name} waits for its namespace`);
                    // A ServiceMonitor needs kube-prometheus-stack's CRDs; nothing else needs another release.
                    const needsCrds = v.monitoring && (name === "ingress-nginx" || name === "cert-manager" || name === "cnpg");
                    // prometheus-adapter's serving certificate comes from cert-manager where it is installed (issue 11 item 17).
                    const needsCertManager = name === "prometheus-adapter" && urns.has("cert-manager");
                    if (needsCertManager) assert.ok(r.dependencies.includes(urns.get("cert-manager")!), "prometheus-adapter waits for cert-manager");
                    // The Barman Cloud plugin needs the operator and cert-manager (its Issuer and Certificates).
                    const needsReleases = name === "barman-cloud" ? ["cnpg", "cert-manager"] : [];
                    for (const needed of needsReleases) assert.ok(r.dependencies.includes(urns.get(needed)!), `${name} waits for ${needed}`);
                    const allowed = [...(needsCrds ? ["kube-prometheus-stack"] : []), ...(needsCertManager ? ["cert-manager"] : []), ...needsReleases];
                    for (const other of otherReleases(name, allowed)) {
                        assert.ok(!r.dependencies.includes(other), `${name} must not wait for ${other}`);
                    }
                    if (needsCrds) assert.ok(r.dependencies.includes(kps!), `${name} creates a ServiceMonitor: waits for the CRDs`);
                }
                if (v.cloud === "aws") {
                    // Only on EKS is storage a separate resource (the gp3 StorageClass, the EBS CSI driver).
                    for (const name of ["ingress-nginx", "cert-manager", "prometheus-adapter"]) {
                        const urn = urns.get(name);
                        if (urn) for (const s of storage) assert.ok(!rec.addons.find((x) => x.urn === urn)!.dependencies.includes(s), `${name} has no volume`);
                    }
                }
                if (kps) {
                    const r = rec.release("kube-prometheus-stack");
                    for (const s of storage) assert.ok(r.dependencies.includes(s), "Prometheus' volumes wait for storage");
                    assert.ok(r.dependencies.includes(rec.get("kubernetes:core/v1:Secret", "grafana-admin").urn), "Grafana's admin Secret first");
                }
                const volume = rec.find("kubernetes:core/v1:PersistentVolumeClaim", "jaeger-badger");
                if (v.tracing && v.environment !== "development") {
                    assert.ok(volume, "persistent traces outside development");
                    assert.ok(rec.release("jaeger").dependencies.includes(volume.urn));
                    for (const s of storage) assert.ok(volume.dependencies.includes(s), "the claim waits for storage");
                } else {
                    assert.equal(volume, undefined);
                }
            });

            it("ClusterIssuers and ServiceMonitors wait for the release that installs their CRDs", () => {
                const rec = at();
                const issuers = rec.addons.filter((r) => r.type === "kubernetes:cert-manager.io/v1:ClusterIssuer");
                assert.deepEqual(issuers.map((r) => r.name).sort(), v.tls ? ["letsencrypt-prod", "letsencrypt-staging"] : []);
                for (const issuer of issuers) assert.deepEqual(issuer.dependencies, [rec.release("cert-manager").urn]);

                const monitors = rec.addons.filter((r) => r.type === "kubernetes:monitoring.coreos.com/v1:ServiceMonitor");
                assert.equal(monitors.length, v.monitoring && v.tracing ? 1 : 0);
                for (const monitor of monitors) {
                    assert.ok(monitor.dependencies.includes(rec.release("kube-prometheus-stack").urn));
                    assert.ok(!monitor.dependencies.includes(rec.release("jaeger").urn), "only the CRDs, not Jaeger");
                }
            });

            it("ingress-nginx: exposed as the cluster says, security headers, 429, metrics", () => {
                const controller = values(at().release("ingress-nginx")).controller;
                assert.equal(controller.replicaCount, replicas.ingress[v.environment]);
                if (v.environment === "production") {
                    assert.ok(controller.replicaCount >= 2);
                    assert.equal(controller.maxUnavailable, 1, "the chart's PodDisruptionBudget, one pod at a time");
                }
                if (v.cloud === "local") {
                    assert.equal(controller.service.type, "NodePort");
                    assert.equal(controller.hostPort.enabled, true);
                    assert.equal(controller.nodeSelector["ingress-ready"], "true");
                    assert.equal(controller.tolerations, undefined, "kind's ingress-ready node is a worker (local/kind-atlasia.yaml)");
                    // Without a load balancer address the Ingress status (and Pulumi's await) would stay empty.
                    assert.equal(controller.publishService.enabled, false);
                    assert.equal(controller.extraArgs["publish-status-address"], "localhost");
                } else {
                    assert.equal(controller.service.type, "LoadBalancer");
                    assert.equal(controller.service.externalTrafficPolicy, "Local");
                    assert.equal(controller.hostPort.enabled, false);
                    assert.equal(controller.publishService.enabled, true);
                }
                const annotations = controller.service.annotations;
                if (v.cloud === "aws") assert.equal(annotations["service.beta.kubernetes.io/aws-load-balancer-type"], "nlb");
                if (v.cloud === "azure") assert.equal(annotations["service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path"], "/healthz");
                if (v.cloud === "gcp" || v.cloud === "local") assert.deepEqual(annotations, {});

                assert.equal(controller.addHeaders["X-Content-Type-Options"], "nosniff");
                assert.equal(controller.addHeaders["X-Frame-Options"], "DENY");
                assert.equal(controller.addHeaders["Referrer-Policy"], "strict-origin-when-cross-origin");
                assert.equal(controller.addHeaders["Strict-Transport-Security"] !== undefined, v.tls, "HSTS only over TLS");
                assert.equal(controller.config["limit-req-status-code"], "429");
                assert.equal(controller.config["limit-conn-status-code"], "429");
                assert.equal(controller.allowSnippetAnnotations, false);
                assert.ok(!JSON.stringify(controller).includes('snippet":'), "no snippets");
                assert.equal(controller.ingressClassResource.name, "nginx");
                assert.equal(controller.metrics.enabled, true);
                assert.equal(controller.metrics.serviceMonitor.enabled, v.monitoring);
            });

            if (v.tls) {
                it("cert-manager: CRDs through the chart, HA in production, ServiceMonitor with monitoring", () => {
                    const vals = values(at().release("cert-manager"));
                    assert.equal(vals.crds.enabled, true);
                    assert.equal("installCRDs" in vals, false, "installCRDs is deprecated");
                    for (const component of [vals, vals.webhook, vals.cainjector]) {
                        assert.equal(component.replicaCount, replicas.certManager[v.environment]);
                        assert.equal(component.podDisruptionBudget.enabled, v.environment === "production");
                        assert.ok(component.resources.requests.cpu && component.resources.requests.memory);
                    }
                    assert.equal(vals.prometheus.servicemonitor.enabled, v.monitoring);
                });

                it("ClusterIssuers: Let's Encrypt staging and production over HTTP-01 through nginx", () => {
                    const servers: Record<string, string> = {
                        "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
                        "letsencrypt-prod": "https://acme-v02.api.letsencrypt.org/directory",
                    };
                    for (const [name, server] of Object.entries(servers)) {
                        const issuer = at().get("kubernetes:cert-manager.io/v1:ClusterIssuer", name).inputs;
                        new ClusterIssuer({ metadata: issuer.metadata, spec: issuer.spec }).validate();
                        assert.equal(issuer.metadata.name, name);
                        assert.equal(issuer.spec.acme.server, server);
                        assert.equal(issuer.spec.acme.email, operatorNames[v.environment].acmeEmail, "atlasia:acmeEmail as the operator set it");
                        assert.deepEqual(issuer.spec.acme.solvers, [{ http01: { ingress: { ingressClassName: "nginx" } } }]);
                    }
                });
            }

            if (v.monitoring) {
                it("kube-prometheus-stack: persistent Prometheus with the environment's retention, every namespace's monitors", () => {
                    const vals = values(at().release("kube-prometheus-stack"));
                    const spec = vals.prometheus.prometheusSpec;
                    assert.equal(spec.retention, retention[v.environment]);
                    assert.equal(spec.replicas, replicas.prometheus[v.environment]);
                    const claim = spec.storageSpec.volumeClaimTemplate.spec;
                    assert.equal(claim.storageClassName, expectedStorageClass(v));
                    assert.equal(claim.resources.requests.storage, prometheusVolume[v.environment]);
                    assert.match(spec.retentionSize, /^\d+GB$/);
                    for (const kind of ["serviceMonitor", "podMonitor", "rule", "probe", "scrapeConfig"]) {
                        assert.equal(spec[`${kind}SelectorNilUsesHelmValues`], false, kind);
                    }
                    assert.equal(vals.crds.enabled, true);
                    assert.equal(vals.alertmanager.enabled, true);
                    assert.equal(vals.grafana.admin.existingSecret, at().get("kubernetes:core/v1:Secret", "grafana-admin").inputs.metadata.name);
                    assert.equal("adminPassword" in vals.grafana, false);
                    for (const target of ["kubeControllerManager", "kubeScheduler", "kubeEtcd"]) {
                        assert.equal(vals[target].enabled, false, `${target}: not exposed by managed control planes nor kind`);
                    }
                    assert.equal(vals.kubeProxy.enabled, v.cloud === "aws");
                    assert.equal(vals.kubeDns.enabled, v.cloud === "gcp");
                    assert.equal(vals.coreDns.enabled, v.cloud !== "gcp");
                    assert.equal(vals.grafana.additionalDataSources.length, v.tracing ? 1 : 0);
                });

                it("prometheus-adapter: the stack's Prometheus, only the queue-depth rule", () => {
                    const vals = values(at().release("prometheus-adapter"));
                    // The Service kube-prometheus-stack names <release>-prometheus in its namespace.
                    const kps = at().release("kube-prometheus-stack").inputs;
                    assert.equal(vals.prometheus.url, `http://${kps.name}-prometheus.${kps.namespace}.svc`);
                    assert.equal(vals.prometheus.port, 9090);
                    assert.equal(vals.replicas, replicas.adapter[v.environment]);
                    assert.equal(vals.podDisruptionBudget.enabled, v.environment === "production");
                    assert.equal(vals.rules.default, false);
                    assert.equal(vals.rules.custom.length, 1);
                    const rule = vals.rules.custom[0];
                    assert.equal(rule.name.as, "ai_tasks_queue_depth");
                    assert.match(rule.seriesQuery, /^ai_tasks_queue_depth\{/);
                    assert.deepEqual(rule.resources.overrides, { namespace: { resource: "namespace" }, pod: { resource: "pod" } });
                    assert.match(rule.metricsQuery, /<<\.Series>>\{<<\.LabelMatchers>>\}.*by \(<<\.GroupBy>>\)/);
                });
            }

            if (v.tracing) {
                it("jaeger: v2 values, OTLP on 4317/4318, storage per environment, a ServiceMonitor", () => {
                    const rec = at();
                    const vals = values(rec.release("jaeger"));
                    for (const v1Key of ["allInOne", "collector", "query", "agent", "provisionDataStore"]) assert.equal(v1Key in vals, false, v1Key);
                    const config = vals.userconfig;
                    assert.deepEqual(config.receivers.otlp.protocols, { grpc: { endpoint: "0.0.0.0:4317" }, http: { endpoint: "0.0.0.0:4318" } });
                    assert.deepEqual(config.service.pipelines.traces.receivers, ["otlp"]);
                    const backends = Object.values<any>(config.extensions.jaeger_storage.backends);
                    assert.equal(backends.length, 1);
                    assert.equal(vals.jaeger.replicas, 1);
                    assert.deepEqual(vals.jaeger.strategy, { type: "Recreate" });
                    if (v.environment === "development") {
                        assert.ok(backends[0].memory.max_traces > 0);
                        assert.deepEqual(vals.jaeger.extraVolumes, []);
                    } else {
                        assert.equal(backends[0].badger.ephemeral, false);
                        const claim = rec.get("kubernetes:core/v1:PersistentVolumeClaim", "jaeger-badger").inputs;
                        assert.equal(claim.spec.storageClassName, expectedStorageClass(v));
                        assert.equal(vals.jaeger.extraVolumes[0].persistentVolumeClaim.claimName, claim.metadata.name);
                        const mount = vals.jaeger.extraVolumeMounts[0];
                        assert.equal(mount.name, vals.jaeger.extraVolumes[0].name);
                        assert.ok(backends[0].badger.directories.keys.startsWith(`${mount.mountPath}/`));
                        assert.ok(backends[0].badger.directories.values.startsWith(`${mount.mountPath}/`));
                    }
                    if (v.monitoring) {
                        const monitor = rec.get("kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "jaeger").inputs;
                        new ServiceMonitor({ metadata: monitor.metadata, spec: monitor.spec }).validate();
                        assert.equal(monitor.metadata.namespace, "tracing");
                        assert.deepEqual(
                            monitor.spec.endpoints.map((e: any) => e.port),
                            ["internal-metrics"],
                        );
                        assert.equal(monitor.spec.selector.matchLabels["app.kubernetes.io/instance"], rec.release("jaeger").inputs.name);
                        assert.equal(config.service.telemetry.metrics.readers[0].pull.exporter.prometheus.port, 8888);
                    }
                });
            }
        });
    }
});
