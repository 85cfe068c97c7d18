// Every flow into every add-on pod, port by port, from every kind of sender: exactly the flows each
// add-on needs and nothing more (issue 11 item 16). The pods' labels and container ports are the charts'
// own, from `helm template` of the pinned charts (template files named beside each pod), written here
// independently of the program's tables. NetworkPolicy semantics
// (https://kubernetes.io/docs/concepts/services-networking/network-policies/): a rule without `ports`
// admits every port, one without `from` (or with an empty list) every source, `namespaceSelector: {}`
// every pod in every namespace but no address outside the cluster, `podSelector: {}` every pod of the
// policy's own namespace.
import { strict as assert } from "assert";
import { Endpoint, flowAllowed, NetworkPolicyObject, oneSide, peerProblems } from "./support/network-policy";
import { Cloud, Env, stackOptions } from "./support/runs";
import { kubernetesResources, onStatefulSet, runValid, variants, WorkloadRun } from "./support/workloads";

interface Installed {
    certManager: boolean;
    monitoring: boolean;
    tracing: boolean;
    cloudnativePg: boolean;
    clusterAutoscaler: boolean;
}

/**
 * Where each cloud's API server calls webhooks from: GKE's control plane range, EKS's network interfaces in
 * its control-plane subnet (10.0.120.0/27 of the default VPC), kind's node. AKS: none (konnectivity).
 */
const apiServerAddress: Record<string, string | undefined> = { gcp: "172.16.0.2", aws: "10.0.120.10", azure: undefined, local: "172.18.0.2" };

/** Everything but Cluster Autoscaler, which only EKS runs. */
const full: Installed = { certManager: true, monitoring: true, tracing: true, cloudnativePg: true, clusterAutoscaler: false };
const committed = (cloud: Cloud, environment: Env, installed: Installed) => ({
    label: `${cloud}/${environment}`,
    cloud,
    options: stackOptions(cloud, environment),
    installed,
});
const minimal = (variant: typeof variants.minimal, installed: Installed) => ({ label: variant.label, cloud: "aws", options: variant.options, installed });

const cases = [
    // Development: tlsIssuer none and the StatefulSet, so no cert-manager and no CloudNativePG.
    committed("local", "development", { ...full, certManager: false, cloudnativePg: false }),
    committed("gcp", "staging", full),
    committed("aws", "production", { ...full, clusterAutoscaler: true }),
    committed("azure", "staging", full),
    // No monitoring: nothing is scraped, so no flow from Prometheus is opened anywhere. CloudNativePG
    // alone brings cert-manager (the Barman Cloud plugin's certificates).
    minimal(variants.minimal, { ...full, monitoring: false, tracing: false, clusterAutoscaler: true }),
    minimal(onStatefulSet(variants.minimal), { ...full, monitoring: false, tracing: false, certManager: false, cloudnativePg: false, clusterAutoscaler: true }),
];

type Pod = Endpoint & { namespace: string; ports: number[]; installedWith?: keyof Installed };

/** The add-ons' pods: labels and containerPorts as `helm template` renders them at the pinned versions. */
const addonPods: Pod[] = [
    // ingress-nginx templates/controller-deployment.yaml: http 80, https 443, metrics 10254, webhook 8443.
    {
        name: "ingress-controller",
        namespace: "ingress-nginx",
        labels: { "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/instance": "ingress-nginx", "app.kubernetes.io/component": "controller" },
        ports: [80, 443, 8443, 10254],
        ip: "10.4.2.1",
    },
    // cert-manager templates/deployment.yaml (http-metrics 9402, http-healthz 9403), webhook-deployment.yaml
    // (https 10250, healthcheck 6080, http-metrics 9402), cainjector-deployment.yaml (http-metrics 9402).
    {
        name: "cert-manager-controller",
        namespace: "cert-manager",
        labels: {
            app: "cert-manager",
            "app.kubernetes.io/name": "cert-manager",
            "app.kubernetes.io/instance": "cert-manager",
            "app.kubernetes.io/component": "controller",
        },
        ports: [9402, 9403],
        installedWith: "certManager",
        ip: "10.4.2.2",
    },
    {
        name: "cert-manager-webhook",
        namespace: "cert-manager",
        labels: { app: "webhook", "app.kubernetes.io/name": "webhook", "app.kubernetes.io/instance": "cert-manager", "app.kubernetes.io/component": "webhook" },
        ports: [10250, 6080, 9402],
        installedWith: "certManager",
        ip: "10.4.2.3",
    },
    {
        name: "cert-manager-cainjector",
        namespace: "cert-manager",
        labels: {
            app: "cainjector",
            "app.kubernetes.io/name": "cainjector",
            "app.kubernetes.io/instance": "cert-manager",
            "app.kubernetes.io/component": "cainjector",
        },
        ports: [9402],
        installedWith: "certManager",
        ip: "10.4.2.4",
    },
    // The Prometheus and Alertmanager pods the operator creates (labels of its StatefulSets): web 9090, 9093.
    {
        name: "prometheus",
        namespace: "monitoring",
        labels: { "app.kubernetes.io/name": "prometheus", prometheus: "kube-prometheus-stack-prometheus" },
        ports: [9090],
        installedWith: "monitoring",
        ip: "10.4.2.5",
    },
    {
        name: "alertmanager",
        namespace: "monitoring",
        labels: { "app.kubernetes.io/name": "alertmanager", alertmanager: "kube-prometheus-stack-alertmanager" },
        ports: [9093],
        installedWith: "monitoring",
        ip: "10.4.2.6",
    },
    // grafana (subchart) templates/deployment.yaml: grafana 3000.
    {
        name: "grafana",
        namespace: "monitoring",
        labels: { "app.kubernetes.io/name": "grafana", "app.kubernetes.io/instance": "kube-prometheus-stack" },
        ports: [3000],
        installedWith: "monitoring",
        ip: "10.4.2.7",
    },
    // kube-prometheus-stack templates/prometheus-operator/deployment.yaml: https 10250 (its admission webhook).
    {
        name: "prometheus-operator",
        namespace: "monitoring",
        labels: {
            app: "kube-prometheus-stack-operator",
            "app.kubernetes.io/name": "kube-prometheus-stack-prometheus-operator",
            "app.kubernetes.io/instance": "kube-prometheus-stack",
            "app.kubernetes.io/component": "prometheus-operator",
            release: "kube-prometheus-stack",
        },
        ports: [10250],
        installedWith: "monitoring",
        ip: "10.4.2.8",
    },
    // prometheus-adapter templates/deployment.yaml: https 6443 (the APIService's backend).
    {
        name: "prometheus-adapter",
        namespace: "monitoring",
        labels: {
            "app.kubernetes.io/name": "prometheus-adapter",
            "app.kubernetes.io/instance": "prometheus-adapter",
            "app.kubernetes.io/component": "metrics",
        },
        ports: [6443],
        installedWith: "monitoring",
        ip: "10.4.2.9",
    },
    // jaeger templates/allinone-deploy.yaml; Jaeger v2: OTLP 4317/4318, query 16686, internal metrics 8888, health 13133.
    {
        name: "jaeger",
        namespace: "tracing",
        labels: { "app.kubernetes.io/name": "jaeger", "app.kubernetes.io/instance": "jaeger", "app.kubernetes.io/component": "all-in-one" },
        ports: [4317, 4318, 16686, 8888, 13133],
        installedWith: "tracing",
        ip: "10.4.2.10",
    },
    // cloudnative-pg templates/deployment.yaml: metrics 8080, webhook-server 9443.
    {
        name: "cnpg-operator",
        namespace: "cnpg-system",
        labels: { "app.kubernetes.io/name": "cloudnative-pg", "app.kubernetes.io/instance": "cnpg" },
        ports: [8080, 9443],
        installedWith: "cloudnativePg",
        ip: "10.4.2.11",
    },
    // plugin-barman-cloud templates/deployment.yaml: gRPC 9090.
    {
        name: "barman-cloud-plugin",
        namespace: "cnpg-system",
        labels: { "app.kubernetes.io/name": "plugin-barman-cloud", "app.kubernetes.io/instance": "barman-cloud" },
        ports: [9090],
        installedWith: "cloudnativePg",
        ip: "10.4.2.12",
    },
    // cluster-autoscaler templates/deployment.yaml: metrics 8085, not scraped.
    {
        name: "cluster-autoscaler",
        namespace: "cluster-autoscaler",
        labels: { "app.kubernetes.io/name": "aws-cluster-autoscaler", "app.kubernetes.io/instance": "cluster-autoscaler" },
        ports: [8085],
        installedWith: "clusterAutoscaler",
        ip: "10.4.2.13",
    },
];

/** Senders outside the add-on namespaces. */
const internet: Endpoint = { name: "internet", ip: "203.0.113.7" };
const anyPod: Endpoint = { name: "any-pod", namespace: "default", labels: { run: "attacker" }, ip: "10.4.3.1" };
const orchestrator: Endpoint = { name: "orchestrator", namespace: "atlasia", labels: { "app.kubernetes.io/component": "orchestrator" }, ip: "10.4.3.2" };
/** A pod that copies Prometheus's labels in another namespace: it is not Prometheus. */
const fakePrometheus: Endpoint = {
    name: "fake-prometheus",
    namespace: "default",
    labels: { "app.kubernetes.io/name": "prometheus", prometheus: "kube-prometheus-stack-prometheus" },
    ip: "10.4.3.3",
};
/**
 * AKS's and GKE's API servers reach webhooks through konnectivity-agent in kube-system (tigera/operator#5212);
 * EKS's (its ENIs) and kind's (its node) connect from their own addresses, so there no pod may.
 */
const tunnelClouds = ["azure", "gcp"];
const kubeSystemPod: Endpoint = { name: "konnectivity-agent", namespace: "kube-system", labels: { app: "konnectivity-agent" }, ip: "10.4.3.4" };

/** Every port any add-on listens on, and one nobody does. */
const unlistedPort = 12345;
const probedPorts = [...new Set(addonPods.flatMap((p) => p.ports)), unlistedPort].sort((a, b) => a - b);

function podsOf(installed: Installed): Pod[] {
    return addonPods.filter((p) => !p.installedWith || installed[p.installedWith]);
}

function apiServerOf(cloud: string): Endpoint[] {
    const ip = apiServerAddress[cloud];
    return ip ? [{ name: "api-server", ip }] : [];
}

/** Every sender: outside addresses, pods elsewhere, the API server and the add-ons' own pods. */
function senders(installed: Installed, cloud: string): Endpoint[] {
    return [internet, anyPod, orchestrator, fakePrometheus, kubeSystemPod, ...apiServerOf(cloud), ...podsOf(installed)];
}

/** The flows each add-on needs, written from the charts and the API server's behaviour. */
function expectedFlows(installed: Installed, cloud: string): string[] {
    const pods = podsOf(installed);
    const pod = (name: string) => pods.find((p) => p.name === name);
    const apiServer = [...apiServerOf(cloud), ...(tunnelClouds.includes(cloud) ? [kubeSystemPod] : [])];
    const everyone = senders(installed, cloud);
    const everyPod = everyone.filter((e) => e.namespace !== undefined);
    const prometheus = pod("prometheus") ? [pod("prometheus")!] : [];
    const flows: string[] = [];
    const allow = (from: Endpoint[], to: string, ports: number[]) => {
        if (!pod(to)) return;
        for (const f of from) if (f.name !== to) for (const port of ports) flows.push(`${f.name} -> ${to}:${port}`);
    };
    const inNamespace = (ns: string) => pods.filter((p) => p.namespace === ns);

    // The load balancer's clients (any address) reach http and https; the API server the admission
    // webhook (CVE-2025-1974 keeps it from every pod); Prometheus the metrics.
    allow(everyone, "ingress-controller", [80, 443]);
    allow(apiServer, "ingress-controller", [8443]);
    allow(prometheus, "ingress-controller", [10254]);
    // cert-manager: the API server calls the webhook; the chart's ServiceMonitor scrapes all three on 9402.
    allow(apiServer, "cert-manager-webhook", [10250]);
    for (const name of ["cert-manager-controller", "cert-manager-webhook", "cert-manager-cainjector"]) allow(prometheus, name, [9402]);
    // monitoring: its pods talk among themselves on any port (scrapes, queries, alerts); the API
    // server calls the metrics APIService (prometheus-adapter) and the operator's admission webhook.
    for (const to of inNamespace("monitoring")) allow(inNamespace("monitoring"), to.name, probedPorts);
    allow(apiServer, "prometheus-adapter", [6443]);
    allow(apiServer, "prometheus-operator", [10250]);
    // tracing: any pod in the cluster sends spans, nothing from outside; Prometheus scrapes 8888.
    allow(everyPod, "jaeger", [4317, 4318]);
    allow(prometheus, "jaeger", [8888]);
    // cnpg-system: the API server calls the operator's webhook; the operator and the plugin reach each
    // other's gRPC port only; Prometheus scrapes the operator's metrics.
    allow(apiServer, "cnpg-operator", [9443]);
    for (const to of inNamespace("cnpg-system")) allow(inNamespace("cnpg-system"), to.name, [9090]);
    allow(prometheus, "cnpg-operator", [8080]);
    // cluster-autoscaler: nobody.
    return [...new Set(flows)].sort();
}

function addonPolicies(run: WorkloadRun): NetworkPolicyObject[] {
    return kubernetesResources(run)
        .map((r) => r.inputs)
        .filter((o) => o.kind === "NetworkPolicy" && o.metadata.namespace !== "atlasia") as NetworkPolicyObject[];
}

/**
 * What the API server stores: an empty or missing policyTypes becomes Ingress, plus Egress when there
 * are egress rules (kubernetes/kubernetes pkg/apis/networking/v1/defaults.go, SetDefaults_NetworkPolicy).
 */
function stored(policy: NetworkPolicyObject): NetworkPolicyObject {
    if (policy.spec.policyTypes && policy.spec.policyTypes.length > 0) return policy;
    return { ...policy, spec: { ...policy.spec, policyTypes: ["Ingress", ...(policy.spec.egress?.length ? ["Egress"] : [])] } };
}

function actualFlows(policies: NetworkPolicyObject[], installed: Installed, cloud: string): string[] {
    const receiving = oneSide(policies.map(stored), "Ingress");
    const pods = podsOf(installed);
    const flows: string[] = [];
    for (const to of pods)
        for (const from of senders(installed, cloud))
            for (const port of probedPorts)
                if (from !== to && flowAllowed(receiving, from, to, { port, protocol: "TCP" })) flows.push(`${from.name} -> ${to.name}:${port}`);
    return flows.sort();
}

describe("add-on NetworkPolicies: every flow into every add-on pod", () => {
    for (const stack of cases) {
        describe(stack.label, () => {
            let policies: NetworkPolicyObject[];
            before(async () => {
                policies = addonPolicies(await runValid(stack.label, stack.options));
            });

            it("admits exactly the flows the add-ons need, port by port, and no other", () => {
                // A namespace without policies admits everything: the installed add-ons are exactly those policed.
                const policed = [...new Set(policies.map((p) => p.metadata.namespace))].sort();
                assert.deepEqual(policed, [...new Set(podsOf(stack.installed).map((p) => p.namespace))].sort());
                const actual = actualFlows(policies, stack.installed, stack.cloud);
                const expected = expectedFlows(stack.installed, stack.cloud);
                assert.deepEqual(
                    actual.filter((f) => !expected.includes(f)),
                    [],
                    "flows admitted that no add-on needs",
                );
                assert.deepEqual(
                    expected.filter((f) => !actual.includes(f)),
                    [],
                    "flows an add-on needs that are refused",
                );
            });

            it("names a pod, namespace or address range in every peer, as the API server requires", () => {
                assert.ok(policies.length > 0);
                assert.deepEqual(policies.flatMap(peerProblems), []);
            });

            // The recommended label (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/),
            // as on the add-on namespaces: `kubectl get networkpolicy -A -l app.kubernetes.io/part-of=atlasia-platform`.
            it("labels every add-on policy part of atlasia-platform", () => {
                for (const policy of policies) {
                    const labels = (policy.metadata as { labels?: Record<string, string> }).labels ?? {};
                    assert.equal(labels["app.kubernetes.io/part-of"], "atlasia-platform", `${policy.metadata.namespace}/${policy.metadata.name}`);
                }
            });
        });
    }
});
