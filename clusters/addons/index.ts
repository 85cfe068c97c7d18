// Platform add-ons layer: the seed's hand-installed platform as Helm releases on the new cluster
// (cert-manager, ingress-nginx, kube-prometheus-stack, prometheus-adapter, Jaeger), and what the
// workloads layer needs from them (PlatformServices).
//
// Each release waits only for what it needs: the node pool, the storage driver for releases with
// volumes, and kube-prometheus-stack (its CRDs) for releases that create ServiceMonitors. Turned
// off by settings: monitoring (kube-prometheus-stack, prometheus-adapter), tracing (Jaeger), and
// cert-manager and CloudNativePG by the rule in installed.ts, which the capacity check reads too.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { StackSettings } from "../../config/settings";
import { Cluster } from "../contract";
import { certManager } from "./cert-manager";
import { AddonName, charts } from "./charts";
import { clusterAutoscaler } from "./cluster-autoscaler";
import { cloudnativePg } from "./cloudnative-pg";
import { clusterIssuers } from "./cluster-issuers";
import { PlatformServices } from "./contract";
import { cloudnativePgOperatorPods, ingressClassName, ingressControllerPods, jaegerPods, jaegerService, prometheus, serviceMonitorLabels } from "./endpoints";
import { ingressNginx } from "./ingress-nginx";
import { certManagerInstalled, cloudNativePgInstalled } from "./installed";
import { jaeger } from "./jaeger";
import { kubePrometheusStack } from "./kube-prometheus-stack";
import { AddonNamespace, addonNamespace } from "./namespaces";
import { addonNetworkPolicies } from "./network-policies";
import { prometheusAdapter } from "./prometheus-adapter";
import { addonSizing } from "./sizing";
import { AddonScope } from "./release";

export interface PlatformAddonsArgs {
    settings: StackSettings;
    cluster: Cluster;
}

export class PlatformAddons extends pulumi.ComponentResource {
    readonly services: PlatformServices;
    /** Grafana's admin password (a secret Output); undefined when monitoring is off. */
    readonly grafanaAdminPassword?: pulumi.Output<string>;

    constructor(name: string, args: PlatformAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:platform:PlatformAddons", name, {}, opts);
        const { settings, cluster } = args;
        const { monitoring, tracing, tlsIssuer } = settings.addons;
        const scope: AddonScope = { settings, cluster, opts: { parent: this, provider: cluster.provider } };
        // An add-on's namespace is the one charts.ts gives it, created once (with its Pod Security labels and
        // network policies) however many releases share it.
        const namespaces = new Map<AddonNamespace, k8s.core.v1.Namespace>();
        const namespaceOf = (addon: AddonName) => {
            const ns = charts[addon].namespace;
            const existing = namespaces.get(ns);
            if (existing) return existing;
            const created = addonNamespace(ns, cluster.ingress, scope.opts);
            addonNetworkPolicies(created, ns, monitoring, cluster.apiServer, scope.opts);
            namespaces.set(ns, created);
            return created;
        };

        // First, because the other releases' ServiceMonitors need its CRDs.
        const stack = monitoring ? kubePrometheusStack(scope, namespaceOf("kubePrometheusStack")) : undefined;
        const crdsReady = stack?.release;

        const ingress = ingressNginx(scope, namespaceOf("ingressNginx"), crdsReady);

        let tls: PlatformServices["tls"];
        let database: PlatformServices["database"];
        const certManagerRelease = certManagerInstalled(settings) ? certManager(scope, namespaceOf("certManager"), crdsReady) : undefined;
        if (certManagerRelease && tlsIssuer !== "none") {
            const issuers = clusterIssuers(scope, certManagerRelease);
            tls = { issuerName: tlsIssuer, ready: issuers[tlsIssuer] };
        }
        // Its serving certificate comes from cert-manager where cert-manager is installed.
        if (monitoring) prometheusAdapter(scope, namespaceOf("prometheusAdapter"), certManagerRelease);
        if (certManagerRelease && cloudNativePgInstalled(settings)) {
            const releases = cloudnativePg(
                scope,
                { operator: namespaceOf("cloudnativePg"), plugin: namespaceOf("barmanCloudPlugin") },
                certManagerRelease,
                crdsReady,
            );
            database = { crdsReady: [releases.operator, releases.plugin], operator: cloudnativePgOperatorPods };
        }

        if (tracing) jaeger(scope, namespaceOf("jaeger"), crdsReady);

        if (cluster.clusterAutoscaler) clusterAutoscaler(scope, namespaceOf("clusterAutoscaler"), cluster.clusterAutoscaler);

        this.grafanaAdminPassword = stack?.grafanaAdmin.password;
        this.services = {
            ingress: {
                className: ingressClassName,
                ready: ingress,
                controller: ingressControllerPods,
                replicas: addonSizing[settings.environment].ingressController.replicas,
            },
            tls,
            database,
            monitoring: stack ? { crdsReady: stack.release, prometheus: prometheus.pods, serviceMonitorLabels } : undefined,
            tracing: tracing
                ? {
                      otlpGrpcEndpoint: `http://${jaegerService.host}:${jaegerService.otlpGrpcPort}`,
                      otlpHttpEndpoint: `http://${jaegerService.host}:${jaegerService.otlpHttpPort}`,
                      collector: jaegerPods,
                      otlpGrpcPort: jaegerService.otlpGrpcPort,
                      otlpHttpPort: jaegerService.otlpHttpPort,
                  }
                : undefined,
        };
        this.registerOutputs({ ingressClass: ingressClassName, tlsIssuer, monitoring, tracing });
    }
}
