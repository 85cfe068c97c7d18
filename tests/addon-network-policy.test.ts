// Issue 11 item 16: the add-on namespaces deny ingress by default and admit only the real flows.
// The pod labels and ports below are the charts' own (values.yaml and templates at the pinned tags,
// the vendored chart sources on the build machines), written here independently of the program's tables.
import { strict as assert } from "assert";
import { Endpoint, flowAllowed, NetworkPolicyObject } from "./support/network-policy";
import { kubernetesResources, matrix, runValid, WorkloadRun } from "./support/workloads";

/**
 * Where each cloud's API server calls webhooks from (GKE's control plane range, EKS's network interfaces in
 * its control-plane subnet 10.0.120.0/27 of the default VPC, kind's node).
 */
const apiServerAddress: Record<string, string | undefined> = { gcp: "172.16.0.2", aws: "10.0.120.10", local: "172.18.0.2" };

const pods: Endpoint[] = [
    // ingress-nginx templates/controller-deployment.yaml; containerPort http 80, https 443, webhook 8443, metrics 10254.
    {
        name: "ingress-controller",
        namespace: "ingress-nginx",
        labels: { "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/instance": "ingress-nginx", "app.kubernetes.io/component": "controller" },
        ip: "10.4.1.1",
    },
    // cert-manager templates/webhook-deployment.yaml (securePort 10250), templates/deployment.yaml (http-metrics 9402).
    {
        name: "cert-manager-webhook",
        namespace: "cert-manager",
        labels: { "app.kubernetes.io/name": "webhook", "app.kubernetes.io/instance": "cert-manager", "app.kubernetes.io/component": "webhook" },
        ip: "10.4.1.2",
    },
    {
        name: "cert-manager-controller",
        namespace: "cert-manager",
        labels: { "app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/instance": "cert-manager", "app.kubernetes.io/component": "controller" },
        ip: "10.4.1.3",
    },
    {
        name: "prometheus",
        namespace: "monitoring",
        labels: { "app.kubernetes.io/name": "prometheus", prometheus: "kube-prometheus-stack-prometheus" },
        ip: "10.4.1.4",
    },
    { name: "grafana", namespace: "monitoring", labels: { "app.kubernetes.io/name": "grafana" }, ip: "10.4.1.5" },
    {
        name: "prometheus-adapter",
        namespace: "monitoring",
        labels: { "app.kubernetes.io/name": "prometheus-adapter", "app.kubernetes.io/instance": "prometheus-adapter" },
        ip: "10.4.1.6",
    },
    {
        name: "jaeger",
        namespace: "tracing",
        labels: { "app.kubernetes.io/name": "jaeger", "app.kubernetes.io/instance": "jaeger", "app.kubernetes.io/component": "all-in-one" },
        ip: "10.4.1.7",
    },
    { name: "orchestrator", namespace: "atlasia", labels: { "app.kubernetes.io/component": "orchestrator" }, ip: "10.4.1.8" },
    { name: "any-pod", namespace: "default", labels: { run: "attacker" }, ip: "10.4.1.9" },
    { name: "konnectivity-agent", namespace: "kube-system", labels: { app: "konnectivity-agent" }, ip: "10.4.1.10" },
];
const internet: Endpoint = { name: "internet", ip: "203.0.113.7" };
const tcp = (port: number) => ({ port, protocol: "TCP" as const });

function addonPolicies(run: WorkloadRun): NetworkPolicyObject[] {
    return kubernetesResources(run)
        .map((r) => r.inputs)
        .filter((o) => o.kind === "NetworkPolicy" && o.metadata.namespace !== "atlasia") as NetworkPolicyObject[];
}

for (const stack of matrix.filter((c) => c.environment !== "development" || c.cloud === "local")) {
    describe(`add-on NetworkPolicies on ${stack.label}`, () => {
        let policies: NetworkPolicyObject[];
        before(async () => {
            policies = addonPolicies(await runValid(stack.label, stack.options));
        });
        const pod = (name: string) => pods.find((p) => p.name === name)!;
        const allowed = (from: Endpoint, to: string, port: number) => flowAllowed(policies, from, pod(to), tcp(port));
        // AKS's API server is public: it reaches webhooks through konnectivity-agent in kube-system.
        const apiServer = (): Endpoint =>
            apiServerAddress[stack.cloud] ? { name: "api-server", ip: apiServerAddress[stack.cloud]! } : pod("konnectivity-agent");

        it("closes the admission webhooks to every pod, opens them to the API server (CVE-2025-1974)", () => {
            assert.equal(allowed(pod("any-pod"), "ingress-controller", 8443), false);
            assert.equal(allowed(pod("orchestrator"), "ingress-controller", 8443), false);
            assert.equal(allowed(apiServer(), "ingress-controller", 8443), true);
            if (stack.environment !== "development") {
                assert.equal(allowed(pod("any-pod"), "cert-manager-webhook", 10250), false);
                assert.equal(allowed(apiServer(), "cert-manager-webhook", 10250), true);
            }
            assert.equal(allowed(apiServer(), "prometheus-adapter", 6443), true);
        });

        it("admits kube-system's pods to the webhooks only where the API server tunnels through them (AKS, GKE)", () => {
            // tigera/operator#5212: konnectivity-agent on AKS and GKE; EKS's ENIs and kind's node need no pod peer,
            // and a kube-system peer there would open the webhooks to every kube-system pod.
            const tunnels = stack.cloud === "azure" || stack.cloud === "gcp";
            assert.equal(allowed(pod("konnectivity-agent"), "ingress-controller", 8443), tunnels);
            assert.equal(allowed(pod("konnectivity-agent"), "prometheus-adapter", 6443), tunnels);
        });

        it("keeps the load balancer's traffic to the controller", () => {
            for (const port of [80, 443]) assert.equal(allowed(internet, "ingress-controller", port), true);
            assert.equal(allowed(internet, "ingress-controller", 10254), false);
        });

        it("closes Prometheus, Grafana and Jaeger's query API to other namespaces, keeps the scrapes and OTLP", () => {
            assert.equal(allowed(pod("any-pod"), "prometheus", 9090), false);
            assert.equal(allowed(pod("any-pod"), "grafana", 3000), false);
            assert.equal(allowed(pod("any-pod"), "jaeger", 16686), false);
            assert.equal(allowed(pod("grafana"), "prometheus", 9090), true);
            assert.equal(allowed(pod("prometheus-adapter"), "prometheus", 9090), true);
            assert.equal(allowed(pod("prometheus"), "ingress-controller", 10254), true);
            assert.equal(allowed(pod("prometheus"), "jaeger", 8888), true);
            assert.equal(allowed(pod("orchestrator"), "jaeger", 4317), true);
            assert.equal(allowed(pod("orchestrator"), "jaeger", 4318), true);
        });
    });
}
