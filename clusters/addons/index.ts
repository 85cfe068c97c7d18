// Platform add-ons layer: the seed's hand-installed platform as Helm releases on the new cluster
// (cert-manager, ingress-nginx, kube-prometheus-stack, prometheus-adapter, Jaeger), and what the
// workloads layer needs from them (PlatformServices).
//
// Each release waits only for what it needs: the node pool, the storage driver for releases with
// volumes, and kube-prometheus-stack (its CRDs) for releases that create ServiceMonitors. Turned
// off by settings: monitoring (kube-prometheus-stack, prometheus-adapter), tracing (Jaeger), and
// cert-manager and CloudNativePG by the rule in installed.ts, which the capacity check reads too.
import * as pulumi from "@pulumi/pulumi";
import { StackSettings } from "../../config/settings";
import { Cluster } from "../contract";
import { certManager } from "./cert-manager";
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
        const namespace = (ns: AddonNamespace) => {
            const created = addonNamespace(ns, cluster.ingress, scope.opts);
            addonNetworkPolicies(created, ns, monitoring, cluster.apiServer, scope.opts);
            return created;
        };

        // First, because the other releases' ServiceMonitors need its CRDs.
        const monitoringNs = monitoring ? namespace("monitoring") : undefined;
        const stack = monitoringNs ? kubePrometheusStack(scope, monitoringNs) : undefined;
        const crdsReady = stack?.release;

        const ingress = ingressNginx(scope, namespace("ingress-nginx"), crdsReady);

        let tls: PlatformServices["tls"];
        let database: PlatformServices["database"];
        const certManagerRelease = certManagerInstalled(settings) ? certManager(scope, namespace("cert-manager"), crdsReady) : undefined;
        if (certManagerRelease && tlsIssuer !== "none") {
            const issuers = clusterIssuers(scope, certManagerRelease);
            tls = { issuerName: tlsIssuer, ready: issuers[tlsIssuer] };
        }
        // Its serving certificate comes from cert-manager where cert-manager is installed.
        if (monitoringNs) prometheusAdapter(scope, monitoringNs, certManagerRelease);
        if (certManagerRelease && cloudNativePgInstalled(settings)) {
            const releases = cloudnativePg(scope, namespace("cnpg-system"), certManagerRelease, crdsReady);
            database = { crdsReady: [releases.operator, releases.plugin], operator: cloudnativePgOperatorPods };
        }

        if (tracing) jaeger(scope, namespace("tracing"), crdsReady);

        if (cluster.clusterAutoscaler) clusterAutoscaler(scope, namespace("cluster-autoscaler"), cluster.clusterAutoscaler);

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
