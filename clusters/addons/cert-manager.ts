// cert-manager with its CRDs, HA in production, and a ServiceMonitor when monitoring is on.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { StackSettings } from "../../config/settings";
import { serviceMonitorLabels } from "./endpoints";
import { addonRelease, AddonScope } from "./release";
import { addonSizing, unhealthyPodEvictionPolicy, Workload } from "./sizing";

/** Replicas, requests, and a PodDisruptionBudget once there is more than one pod to keep. */
function component(workload: Workload) {
    return {
        replicaCount: workload.replicas,
        resources: workload.resources,
        // The chart's PDB defaults to minAvailable: 1; with a single replica that would block drains.
        // AlwaysAllow: a crashing pod never holds the budget and blocks node drains (templates/poddisruptionbudget.yaml).
        podDisruptionBudget: { enabled: workload.replicas > 1, unhealthyPodEvictionPolicy },
    };
}

export function certManagerValues(settings: StackSettings): Record<string, unknown> {
    const size = addonSizing[settings.environment].certManager;
    return {
        // CRDs as chart templates (upgraded with the chart); `keep` leaves them, and so every
        // Certificate, in place if the release is ever uninstalled. installCRDs is deprecated.
        crds: { enabled: true, keep: true },
        ...component(size.controller),
        webhook: component(size.webhook),
        cainjector: component(size.cainjector),
        startupapicheck: { resources: addonSizing[settings.environment].startupApiCheck },
        prometheus: {
            enabled: true,
            servicemonitor: { enabled: settings.addons.monitoring, labels: serviceMonitorLabels },
        },
    };
}

export function certManager(scope: AddonScope, namespace: k8s.core.v1.Namespace, crdsReady?: pulumi.Resource): k8s.helm.v3.Release {
    return addonRelease(
        "certManager",
        {
            namespace,
            values: certManagerValues(scope.settings),
            // Its ServiceMonitor needs kube-prometheus-stack's CRDs; nothing else of that release.
            dependsOn: crdsReady ? [crdsReady] : [],
        },
        scope,
    );
}
