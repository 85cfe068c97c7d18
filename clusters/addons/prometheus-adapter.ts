// prometheus-adapter: serves Prometheus series to the custom metrics API, so the orchestrator's HPA
// can scale on `ai_tasks_queue_depth` (target 50 per pod): as a per-pod custom metric, or, when every
// pod reports the same shared queue (atlasia:queueDepthScope=shared), as an external metric.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { StackSettings } from "../../config/settings";
import { prometheus } from "./endpoints";
import { addonRelease, AddonScope } from "./release";
import { addonSizing, unhealthyPodEvictionPolicy } from "./sizing";

export const queueDepthMetric = "ai_tasks_queue_depth";

/**
 * The series carries namespace and pod labels (added to every scrape target), which map onto the
 * Kubernetes objects the HPA asks about; one value per pod.
 */
export const queueDepthRule = {
    seriesQuery: `${queueDepthMetric}{namespace!="",pod!=""}`,
    resources: { overrides: { namespace: { resource: "namespace" }, pod: { resource: "pod" } } },
    name: { matches: `^${queueDepthMetric}$`, as: queueDepthMetric },
    metricsQuery: "sum(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)",
};

/**
 * The shared queue's total: every pod reports the same number, so the maximum (not the sum) is the
 * backlog; the HPA's AverageValue target divides it by the replica count.
 */
export const sharedQueueDepthRule = {
    seriesQuery: `${queueDepthMetric}{namespace!=""}`,
    resources: { overrides: { namespace: { resource: "namespace" } } },
    name: { matches: `^${queueDepthMetric}$`, as: queueDepthMetric },
    metricsQuery: "max(<<.Series>>{<<.LabelMatchers>>}) by (namespace)",
};

/** certManagerInstalled: cert-manager runs in the cluster, for the Ingress certificate or for CloudNativePG. */
export function prometheusAdapterValues(settings: StackSettings, certManagerInstalled: boolean): Record<string, unknown> {
    const size = addonSizing[settings.environment].prometheusAdapter;
    const shared = settings.app.queueDepthScope === "shared";
    return {
        prometheus: { url: prometheus.url, port: prometheus.port },
        replicas: size.replicas,
        resources: size.resources,
        podDisruptionBudget: { enabled: size.replicas > 1, unhealthyPodEvictionPolicy },
        // The default rules publish every container series (thousands of metrics, heavy relists);
        // the HPA needs one. CPU and memory come from the cluster's metrics-server, not from here.
        rules: { default: false, custom: shared ? [] : [queueDepthRule], external: shared ? [sharedQueueDepthRule] : [] },
        // Without a CA the chart's APIServices set insecureSkipTLSVerify (templates/custom-metrics-apiservice.yaml):
        // with cert-manager installed (whatever installed it: its own self-signed CA needs only the CRDs),
        // that CA issues the serving certificate and cainjector puts the CA into the APIServices, so the
        // API server verifies the adapter (templates/certmanager.yaml).
        certManager: { enabled: certManagerInstalled },
    };
}

export function prometheusAdapter(scope: AddonScope, namespace: k8s.core.v1.Namespace, certManager?: pulumi.Resource): k8s.helm.v3.Release {
    // It starts without Prometheus and reads series once Prometheus answers, so it does not wait for
    // kube-prometheus-stack (and creates no ServiceMonitor); its Certificates need cert-manager.
    return addonRelease(
        "prometheusAdapter",
        {
            namespace,
            values: prometheusAdapterValues(scope.settings, certManager !== undefined),
            dependsOn: certManager ? [certManager] : [],
        },
        scope,
    );
}
