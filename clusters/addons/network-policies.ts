// Default-deny ingress in every add-on namespace, then only the real flows (issue 11 item 16).
// Without it every pod in the cluster reaches ingress-nginx's admission webhook (8443, the
// CVE-2025-1974 "IngressNightmare" path, https://github.com/kubernetes/kubernetes/issues/131009) and
// the Prometheus, Alertmanager, Grafana and Jaeger APIs. Ports are the charts' own (values.yaml at the
// pinned versions). Egress stays open: the controllers need the API server, DNS, ACME and the cloud.
import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { ApiServerEndpoint } from "../contract";
import type { PodPeer } from "./contract";
import { charts } from "./charts";
import { cloudnativePgOperatorPods, ingressControllerPods, jaegerPods, jaegerService, prometheus } from "./endpoints";
import type { AddonNamespace } from "./namespaces";

type Peer = k8s.types.input.networking.v1.NetworkPolicyPeer;

/** Who may open a connection: anyone (the load balancer's clients), the API server, Prometheus, any pod. */
export type Source = "anywhere" | "api-server" | "prometheus" | "any-pod" | "same-namespace";

export interface AddonIngressRule {
    /** Policy name suffix. */
    name: string;
    /** The pods it admits to; undefined: every pod of the namespace. */
    pods?: Record<string, string>;
    from: Source[];
    /** Undefined: every port. */
    ports?: number[];
}

/** Container ports from the charts' values.yaml. */
export const addonPorts = {
    /** ingress-nginx controller.containerPort http/https, admissionWebhooks.port, metrics.port. */
    ingressHttp: 80,
    ingressHttps: 443,
    ingressWebhook: 8443,
    ingressMetrics: 10254,
    /** cert-manager webhook.securePort; http-metrics of the controller, webhook and cainjector (templates/*deployment.yaml). */
    certManagerWebhook: 10250,
    certManagerMetrics: 9402,
    /** prometheus-adapter listenPort (the APIService's backend). */
    adapter: 6443,
    /** kube-prometheus-stack prometheusOperator.tls.internalPort (its admission webhook). */
    operatorWebhook: 10250,
    /** cloudnative-pg webhook.port and its templates/deployment.yaml metrics port; plugin-barman-cloud service.port. */
    cnpgWebhook: 9443,
    cnpgMetrics: 8080,
    barmanCloudPlugin: 9090,
};

/** cert-manager's webhook pods (templates/webhook-deployment.yaml). */
const certManagerWebhookPods = {
    "app.kubernetes.io/name": "webhook",
    "app.kubernetes.io/instance": charts.certManager.releaseName,
    "app.kubernetes.io/component": "webhook",
};

/** The flows into each namespace, given what is installed. */
export function addonIngressRules(monitoring: boolean): Record<AddonNamespace, AddonIngressRule[]> {
    const scrape = (name: string, pods: Record<string, string> | undefined, port: number): AddonIngressRule[] =>
        monitoring ? [{ name, pods, from: ["prometheus"], ports: [port] }] : [];
    return {
        "ingress-nginx": [
            { name: "traffic", pods: ingressControllerPods.podLabels, from: ["anywhere"], ports: [addonPorts.ingressHttp, addonPorts.ingressHttps] },
            { name: "admission-webhook", pods: ingressControllerPods.podLabels, from: ["api-server"], ports: [addonPorts.ingressWebhook] },
            ...scrape("metrics", ingressControllerPods.podLabels, addonPorts.ingressMetrics),
        ],
        "cert-manager": [
            { name: "webhook", pods: certManagerWebhookPods, from: ["api-server"], ports: [addonPorts.certManagerWebhook] },
            // The chart's ServiceMonitor scrapes http-metrics (9402) of the controller, the webhook and
            // cainjector alike (templates/servicemonitor.yaml), the namespace's only long-running pods.
            ...scrape("metrics", undefined, addonPorts.certManagerMetrics),
        ],
        monitoring: [
            // Prometheus scrapes its neighbours, Grafana and prometheus-adapter query Prometheus,
            // Prometheus sends alerts to Alertmanager.
            { name: "same-namespace", from: ["same-namespace"] },
            { name: "prometheus-adapter", pods: { "app.kubernetes.io/name": "prometheus-adapter" }, from: ["api-server"], ports: [addonPorts.adapter] },
            {
                name: "operator-webhook",
                pods: { app: `${charts.kubePrometheusStack.releaseName}-operator` },
                from: ["api-server"],
                ports: [addonPorts.operatorWebhook],
            },
        ],
        tracing: [
            // Any workload may send spans; the query UI (16686) is reached by port-forward only.
            { name: "otlp", pods: jaegerPods.podLabels, from: ["any-pod"], ports: [jaegerService.otlpGrpcPort, jaegerService.otlpHttpPort] },
            ...scrape("metrics", jaegerPods.podLabels, jaegerService.metricsPort),
        ],
        // Cluster Autoscaler only dials out (the API server, the cloud's API); nobody connects to it,
        // and its metrics are not scraped (no ServiceMonitor in its values).
        "cluster-autoscaler": [],
        // The API server calls the operator's webhooks; the operator calls the Barman Cloud plugin's
        // gRPC service in the same namespace (the instances' sidecars work over a local socket).
        "cnpg-system": [
            { name: "operator-webhook", pods: cloudnativePgOperatorPods.podLabels, from: ["api-server"], ports: [addonPorts.cnpgWebhook] },
            { name: "barman-cloud-plugin", from: ["same-namespace"], ports: [addonPorts.barmanCloudPlugin] },
            ...scrape("metrics", cloudnativePgOperatorPods.podLabels, addonPorts.cnpgMetrics),
        ],
    };
}

const namespaceLabel = "kubernetes.io/metadata.name";

function podsIn(peer: PodPeer): Peer {
    return { namespaceSelector: { matchLabels: { [namespaceLabel]: peer.namespace } }, podSelector: { matchLabels: peer.podLabels } };
}

/**
 * The API server calls webhooks and APIServices from its own addresses where they are private (GKE's
 * control plane range on the older direct path, EKS's ENIs in their own subnets, clusters/eks/network.ts,
 * the kind node), or through a tunnel agent (`tunnelNamespace`): AKS's konnectivity-agent, and GKE's on
 * current versions (tigera/operator#5212: "On AKS and GKE the API server reaches in-cluster webhooks
 * through konnectivity agent pods"). Without a tunnel, no namespace's pods are admitted.
 */
export function apiServerPeers(apiServer: ApiServerEndpoint): Peer[] {
    const tunnel = apiServer.tunnelNamespace ? [{ namespaceSelector: { matchLabels: { [namespaceLabel]: apiServer.tunnelNamespace } } }] : [];
    return [...apiServer.cidrs.map((cidr) => ({ ipBlock: { cidr } })), ...tunnel];
}

function peersOf(source: Source, apiServer: ApiServerEndpoint): Peer[] | undefined {
    switch (source) {
        case "anywhere":
            return undefined;
        case "api-server":
            return apiServerPeers(apiServer);
        case "prometheus":
            return [podsIn(prometheus.pods)];
        case "any-pod":
            return [{ namespaceSelector: {} }];
        case "same-namespace":
            return [{ podSelector: {} }];
    }
}

export function addonNetworkPolicySpecs(
    namespace: AddonNamespace,
    monitoring: boolean,
    apiServer: ApiServerEndpoint,
): { name: string; spec: k8s.types.input.networking.v1.NetworkPolicySpec }[] {
    const rules = addonIngressRules(monitoring)[namespace];
    return [
        { name: "default-deny-ingress", spec: { podSelector: {}, policyTypes: ["Ingress"] } },
        ...rules.map((rule) => {
            const peers = rule.from.map((source) => peersOf(source, apiServer));
            const from = peers.some((p) => p === undefined) ? undefined : (peers.flat() as Peer[]);
            return {
                name: `allow-${rule.name}`,
                spec: {
                    podSelector: rule.pods ? { matchLabels: rule.pods } : {},
                    policyTypes: ["Ingress"],
                    ingress: [{ ...(from ? { from } : {}), ...(rule.ports ? { ports: rule.ports.map((port) => ({ port, protocol: "TCP" })) } : {}) }],
                },
            };
        }),
    ];
}

export function addonNetworkPolicies(
    namespace: k8s.core.v1.Namespace,
    name: AddonNamespace,
    monitoring: boolean,
    apiServer: ApiServerEndpoint,
    opts: pulumi.CustomResourceOptions,
): k8s.networking.v1.NetworkPolicy[] {
    return addonNetworkPolicySpecs(name, monitoring, apiServer).map(
        ({ name: policyName, spec }) =>
            new k8s.networking.v1.NetworkPolicy(
                `${name}-${policyName}`,
                {
                    metadata: { name: policyName, namespace: namespace.metadata.name, labels: { "app.kubernetes.io/part-of": "atlasia-platform" } },
                    spec,
                },
                opts,
            ),
    );
}
