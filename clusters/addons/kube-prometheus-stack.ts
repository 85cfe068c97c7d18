// kube-prometheus-stack in `monitoring`: the Prometheus Operator and its CRDs, Prometheus on a
// persistent volume, Alertmanager, Grafana, kube-state-metrics and node-exporter.
import * as k8s from "@pulumi/kubernetes";
import { memoryMiB } from "../../config/quantity";
import type { Cloud } from "../../config/sizing";
import type { StackSettings } from "../../config/settings";
import { grafanaAdmin, grafanaAdminSecret, GrafanaAdmin } from "./grafana-admin";
import { jaegerService } from "./endpoints";
import { addonRelease, AddonScope } from "./release";
import { addonSizing } from "./sizing";

/** Scrape targets that exist and are reachable from pods, per cloud. */
export interface ScrapeTargets {
    kubeControllerManager: boolean;
    kubeScheduler: boolean;
    kubeEtcd: boolean;
    kubeProxy: boolean;
    coreDns: boolean;
    kubeDns: boolean;
}

const managedControlPlane = { kubeControllerManager: false, kubeScheduler: false, kubeEtcd: false };

/**
 * Managed control planes (GKE, EKS, AKS) do not expose the controller manager, scheduler or etcd;
 * kind's kubeadm binds them to 127.0.0.1. Scraping them only produces "target down" alerts.
 * kube-proxy's metrics listen on 127.0.0.1 except on EKS (its add-on binds 0.0.0.0:10249).
 * GKE runs kube-dns, the others CoreDNS.
 */
export const scrapeTargets: Record<Cloud, ScrapeTargets> = {
    gcp: { ...managedControlPlane, kubeProxy: false, coreDns: false, kubeDns: true },
    aws: { ...managedControlPlane, kubeProxy: true, coreDns: true, kubeDns: false },
    azure: { ...managedControlPlane, kubeProxy: false, coreDns: true, kubeDns: false },
    local: { ...managedControlPlane, kubeProxy: false, coreDns: true, kubeDns: false },
};

/**
 * The Prometheus Operator CRDs, upgraded with the chart. Helm installs a chart's `crds/` folder
 * once and never upgrades it (https://helm.sh/docs/chart_best_practices/custom_resource_definitions/),
 * so a chart bump needing new CRD fields would leave the operator on stale CRDs and `atomic` would
 * roll every later `up` back. The chart's own upgrade job (charts/crds/templates/upgrade/job.yaml,
 * since 68.4.0) runs `kubectl apply --server-side --force-conflicts` of the chart's CRDs as a
 * pre-install/pre-upgrade/pre-rollback hook, before the operator is updated.
 * Chosen over a separate CRD release: it needs no second chart, the CRDs stay outside every
 * release's manifest (a `crds/` install and the job's apply are never in it), so neither
 * `helm uninstall` nor removing a Pulumi resource can delete them and with them every
 * ServiceMonitor; and on a cluster that already has them (installed by hand or another
 * release) `--force-conflicts` takes them over: that is the adoption path (docs/operations.md).
 */
export const prometheusOperatorCrds = {
    enabled: true,
    upgradeJob: {
        enabled: true,
        forceConflicts: true,
        // The chart defaults busybox to "latest"; the kubectl image follows the cluster's version.
        image: { busybox: { tag: "1.37.0" } },
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
    },
};

/** A volume claim template for the operator's StatefulSets. */
function volumeClaim(storageClassName: string, size: string) {
    return {
        volumeClaimTemplate: {
            spec: { storageClassName, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: size } } },
        },
    };
}

/**
 * What happens to the claims of the operator's StatefulSets when the Prometheus or Alertmanager
 * resource (and with it its StatefulSet) is deleted. Kubernetes keeps volumeClaimTemplates' claims
 * by default (https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention,
 * StatefulSetAutoDeletePVC: beta and on by default since 1.27, GA in 1.32), so a destroy would leave
 * billed volumes behind. The operator passes the field to its StatefulSets (CRDs of chart 88.5.3,
 * charts/crds/crds/crd-prometheuses.yaml and crd-alertmanagers.yaml; the chart's templates copy
 * prometheusSpec/alertmanagerSpec.persistentVolumeClaimRetentionPolicy). Production keeps them.
 */
export function claimRetention(settings: StackSettings) {
    const policy = settings.protect ? "Retain" : "Delete";
    return { whenDeleted: policy, whenScaled: "Retain" };
}

/** Stop on size before the volume fills (Prometheus' GB are GiB): 85 % of the volume. */
export function retentionSize(volume: string): string {
    return `${Math.floor((memoryMiB(volume) / 1024) * 0.85)}GB`;
}

export function kubePrometheusStackValues(settings: StackSettings, storageClassName: string): Record<string, unknown> {
    const size = addonSizing[settings.environment];
    const targets = scrapeTargets[settings.cloud];
    // Without these, Prometheus only selects objects labelled release=kube-prometheus-stack;
    // false + the empty selectors means every ServiceMonitor, PodMonitor, rule... in every namespace.
    const selectAll = {
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        scrapeConfigSelectorNilUsesHelmValues: false,
    };
    return {
        crds: prometheusOperatorCrds,
        prometheusOperator: {
            resources: size.prometheusOperator.resources,
            prometheusConfigReloader: { resources: size.configReloader },
            // kube-webhook-certgen: the create and patch Jobs both read this one key.
            admissionWebhooks: { patch: { resources: size.webhookCertJob } },
        },
        prometheus: {
            prometheusSpec: {
                ...selectAll,
                replicas: size.prometheus.replicas,
                resources: size.prometheus.resources,
                retention: settings.addons.prometheusRetention,
                retentionSize: retentionSize(size.prometheus.storage),
                storageSpec: volumeClaim(storageClassName, size.prometheus.storage),
                persistentVolumeClaimRetentionPolicy: claimRetention(settings),
            },
        },
        alertmanager: {
            enabled: true,
            alertmanagerSpec: {
                replicas: size.alertmanager.replicas,
                resources: size.alertmanager.resources,
                ...(size.alertmanager.storage
                    ? { storage: volumeClaim(storageClassName, size.alertmanager.storage), persistentVolumeClaimRetentionPolicy: claimRetention(settings) }
                    : {}),
            },
        },
        grafana: {
            enabled: true,
            admin: { existingSecret: grafanaAdminSecret.name, userKey: grafanaAdminSecret.userKey, passwordKey: grafanaAdminSecret.passwordKey },
            resources: size.grafana.resources,
            sidecar: { resources: size.grafanaSidecar },
            // Trace links from Grafana when Jaeger is installed.
            additionalDataSources: settings.addons.tracing
                ? [{ name: "Jaeger", type: "jaeger", uid: "jaeger", access: "proxy", url: `http://${jaegerService.host}:${jaegerService.queryPort}` }]
                : [],
        },
        "kube-state-metrics": { resources: size.kubeStateMetrics },
        "prometheus-node-exporter": { resources: size.nodeExporter },
        kubeControllerManager: { enabled: targets.kubeControllerManager },
        kubeScheduler: { enabled: targets.kubeScheduler },
        kubeEtcd: { enabled: targets.kubeEtcd },
        kubeProxy: { enabled: targets.kubeProxy },
        coreDns: { enabled: targets.coreDns },
        kubeDns: { enabled: targets.kubeDns },
    };
}

export interface KubePrometheusStack {
    release: k8s.helm.v3.Release;
    grafanaAdmin: GrafanaAdmin;
}

export function kubePrometheusStack(scope: AddonScope, namespace: k8s.core.v1.Namespace): KubePrometheusStack {
    const { settings, cluster } = scope;
    const admin = grafanaAdmin(scope, namespace);
    const release = addonRelease(
        "kubePrometheusStack",
        {
            namespace,
            values: kubePrometheusStackValues(settings, cluster.storageClassName),
            // Prometheus' and Alertmanager's volumes need the storage driver; Grafana mounts the Secret.
            dependsOn: [...cluster.storageReady, admin.secret],
        },
        scope,
    );
    return { release, grafanaAdmin: admin };
}
