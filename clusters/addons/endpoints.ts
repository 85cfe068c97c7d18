// How the add-ons are reached inside the cluster: Service names, ports and pod labels. All follow
// from the fixed release names in charts.ts and the charts' naming templates (a release name that
// contains the chart name is used as the full name).
import type { PodPeer } from "./contract";
import { charts } from "./charts";

const kps = charts.kubePrometheusStack;
const jaeger = charts.jaeger;
const ingress = charts.ingressNginx;

export const ingressClassName = "nginx";

/** The ingress-nginx controller pods. */
export const ingressControllerPods: PodPeer = {
    namespace: ingress.namespace,
    podLabels: {
        "app.kubernetes.io/name": "ingress-nginx",
        "app.kubernetes.io/instance": ingress.releaseName,
        "app.kubernetes.io/component": "controller",
    },
};

export const prometheus = {
    port: 9090,
    /** In-cluster URL without the port (prometheus-adapter takes the port separately). */
    url: `http://${kps.releaseName}-prometheus.${kps.namespace}.svc`,
    /** Pods the operator creates for the Prometheus resource `<release>-prometheus`. */
    pods: {
        namespace: kps.namespace,
        podLabels: { "app.kubernetes.io/name": "prometheus", prometheus: `${kps.releaseName}-prometheus` },
    } satisfies PodPeer,
};

/**
 * The chart's own label for ServiceMonitors. Prometheus selects every ServiceMonitor in every
 * namespace (the *SelectorNilUsesHelmValues keys), so this label is conventional, not required.
 */
export const serviceMonitorLabels: Record<string, string> = { release: kps.releaseName };

/** Jaeger v2 all-in-one: one Service named after the release carries every port. */
export const jaegerService = {
    name: jaeger.releaseName,
    namespace: jaeger.namespace,
    otlpGrpcPort: 4317,
    otlpHttpPort: 4318,
    queryPort: 16686,
    metricsPortName: "internal-metrics",
    metricsPort: 8888,
    healthPort: 13133,
    host: `${jaeger.releaseName}.${jaeger.namespace}.svc`,
};

export const jaegerPods: PodPeer = {
    namespace: jaeger.namespace,
    podLabels: {
        "app.kubernetes.io/name": "jaeger",
        "app.kubernetes.io/instance": jaeger.releaseName,
        "app.kubernetes.io/component": "all-in-one",
    },
};

/** The CloudNativePG operator's pods: the chart's selectorLabels (templates/_helpers.tpl). */
export const cloudnativePgOperatorPods: PodPeer = {
    namespace: charts.cloudnativePg.namespace,
    podLabels: { "app.kubernetes.io/name": charts.cloudnativePg.chart, "app.kubernetes.io/instance": charts.cloudnativePg.releaseName },
};
