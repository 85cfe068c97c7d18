// CloudNativePG (operator and CRDs) and its Barman Cloud plugin, for stacks whose database engine
// is not the StatefulSet. The workloads' Cluster, ObjectStore, ScheduledBackup and Pooler wait for
// both releases: the CRDs come with them, and the plugin must answer before a Cluster names it.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { addonRelease, AddonScope } from "./release";
import { serviceMonitorLabels } from "./endpoints";

/**
 * Ours (neither chart sets any): requests so the scheduler and the capacity check count them, and a
 * memory limit; no CPU limit (see addons/sizing.ts). One operator and one plugin pod per cluster.
 */
export const operatorResources = { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } };
export const pluginResources = { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } };

export function cloudnativePgValues(monitoring: boolean): Record<string, unknown> {
    return {
        resources: operatorResources,
        // CRDs as chart templates, so they are installed before anything that uses them (the
        // workloads depend on this release) and upgraded with the operator.
        crds: { create: true },
        // The operator's own metrics; the database pods get their PodMonitor from the workloads
        // (Cluster.spec.monitoring.enablePodMonitor is deprecated in the 1.30 CRD).
        monitoring: { podMonitorEnabled: monitoring, podMonitorAdditionalLabels: monitoring ? serviceMonitorLabels : {} },
    };
}

export function barmanCloudPluginValues(): Record<string, unknown> {
    return { crds: { create: true }, resources: pluginResources };
}

export interface CloudNativePgReleases {
    operator: k8s.helm.v3.Release;
    plugin: k8s.helm.v3.Release;
}

/**
 * certManagerReady: the plugin's Issuer and Certificates are cert-manager resources.
 * crdsReady: kube-prometheus-stack, when the operator's PodMonitor is on.
 */
export function cloudnativePg(
    scope: AddonScope,
    namespaces: { operator: k8s.core.v1.Namespace; plugin: k8s.core.v1.Namespace },
    certManagerReady: pulumi.Resource,
    crdsReady?: pulumi.Resource,
): CloudNativePgReleases {
    const operator = addonRelease(
        "cloudnativePg",
        {
            namespace: namespaces.operator,
            values: cloudnativePgValues(crdsReady !== undefined),
            dependsOn: crdsReady ? [crdsReady] : [],
        },
        scope,
    );
    const plugin = addonRelease(
        "barmanCloudPlugin",
        {
            namespace: namespaces.plugin,
            values: barmanCloudPluginValues(),
            dependsOn: [operator, certManagerReady],
        },
        scope,
    );
    return { operator, plugin };
}
