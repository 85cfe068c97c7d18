// prometheus-adapter: serves Prometheus series to the custom metrics API, so the orchestrator's HPA
// can scale on `ai_tasks_queue_depth` per pod (type Pods, target 50).
import * as k8s from "@pulumi/kubernetes";
import type { StackSettings } from "../../config/settings";
import { prometheus } from "./endpoints";
import { addonRelease, AddonScope } from "./release";
import { addonSizing } from "./sizing";

export const queueDepthMetric = "ai_tasks_queue_depth";

/**
 * The series carries namespace and pod labels (added to every ServiceMonitor target), which map
 * onto the Kubernetes objects the HPA asks about; one value per pod.
 */
export const queueDepthRule = {
    seriesQuery: `${queueDepthMetric}{namespace!="",pod!=""}`,
    resources: { overrides: { namespace: { resource: "namespace" }, pod: { resource: "pod" } } },
    name: { matches: `^${queueDepthMetric}$`, as: queueDepthMetric },
    metricsQuery: "sum(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)",
};

export function prometheusAdapterValues(settings: StackSettings): Record<string, unknown> {
    const size = addonSizing[settings.environment].prometheusAdapter;
    return {
        prometheus: { url: prometheus.url, port: prometheus.port },
        replicas: size.replicas,
        resources: size.resources,
        podDisruptionBudget: { enabled: size.replicas > 1 },
        // The default rules publish every container series (thousands of metrics, heavy relists);
        // the HPA needs one. CPU and memory come from the cluster's metrics-server, not from here.
        rules: { default: false, custom: [queueDepthRule], external: [] },
    };
}

export function prometheusAdapter(scope: AddonScope, namespace: k8s.core.v1.Namespace): k8s.helm.v3.Release {
    // It only needs nodes: it starts without Prometheus and reads series once Prometheus answers,
    // so it does not wait for kube-prometheus-stack (and creates no ServiceMonitor).
    return addonRelease("prometheusAdapter", {
        namespace,
        values: prometheusAdapterValues(scope.settings),
        dependsOn: [],
    }, scope);
}
