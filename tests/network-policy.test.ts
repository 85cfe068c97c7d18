// The NetworkPolicy graph of the atlasia namespace: from the policies the program creates, compute
// every allowed (from, to, port) flow over a universe of pods and addresses, and assert the exact
// set. The external pods are the ones the platform layer told the workloads about.
import { strict as assert } from "assert";
import { allowedFlows, Endpoint, flowAllowed, inCidr, NetworkPolicyObject, PortProbe } from "./support/network-policy";
import { CapturedPlatform, matrix, objectsOfKind, onStatefulSet, podTemplates, runValid, statefulSetMatrix, variants, WorkloadRun } from "./support/workloads";
import { cnpgPodLabels } from "./support/cnpg-pods";

const probes: PortProbe[] = [
    { port: 53, protocol: "UDP" },
    { port: 53, protocol: "TCP" },
    // 8000: CloudNativePG's instance manager; 9187, 9127: instance and PgBouncer metrics.
    ...[22, 80, 443, 4317, 4318, 5432, 6443, 8000, 8080, 8089, 9090, 9127, 9187, 16686].map((port) => ({ port, protocol: "TCP" as const })),
];

/** The universe: atlasia's pods (by component, from the real pod templates), a stray atlasia pod, the platform's pods and addresses. */
/** Where each cloud's API server answers pods (GKE's private endpoint, EKS's ENIs in the VPC, AKS's public address, kind's node). */
const apiServerAddress: Record<string, string> = { gcp: "172.16.0.2", aws: "10.0.40.10", azure: "20.62.0.1", local: "172.18.0.2" };
const apiServerPort: Record<string, number> = { gcp: 443, aws: 443, azure: 443, local: 6443 };

function universe(run: WorkloadRun & { platform: CapturedPlatform }, cloud: string): Endpoint[] {
    const endpoints: Endpoint[] = [];
    let host = 10;
    const pod = (name: string, namespace: string, labels: Record<string, string>) => endpoints.push({ name, namespace, labels, ip: `10.4.0.${host++}` });
    const seen = new Set<string>();
    for (const t of podTemplates(run)) {
        const component = t.metadata.labels["app.kubernetes.io/component"];
        const color = t.metadata.labels["atlasia.io/color"];
        const name = color ? `${component}-${color}` : component;
        if (!seen.has(name)) pod(name, "atlasia", t.metadata.labels);
        seen.add(name);
    }
    // The operator starts the Cluster's and the Pooler's pods (tests/support/cnpg-pods.ts).
    const [cluster] = objectsOfKind(run, "Cluster");
    if (cluster) {
        const labels = cnpgPodLabels(cluster.metadata.name, objectsOfKind(run, "Pooler")[0].metadata.name, cluster.spec.inheritedMetadata.labels);
        pod("db-primary", "atlasia", labels.primary);
        pod("db-replica", "atlasia", labels.replica);
        pod("pooler", "atlasia", labels.pooler);
        pod("db-job", "atlasia", labels.job);
        const operator = run.platform.services.database!.operator;
        pod("cnpg-operator", operator.namespace, operator.podLabels);
    }
    pod("stray-atlasia-pod", "atlasia", { run: "debug" });
    pod("acme-solver", "atlasia", { "acme.cert-manager.io/http01-solver": "true" });
    const services = run.platform.services;
    pod("ingress-controller", services.ingress.controller.namespace, services.ingress.controller.podLabels);
    if (services.monitoring) pod("prometheus", services.monitoring.prometheus.namespace, services.monitoring.prometheus.podLabels);
    if (services.tracing) pod("jaeger", services.tracing.collector.namespace, services.tracing.collector.podLabels);
    pod("kube-dns", "kube-system", { "k8s-app": "kube-dns" });
    pod("other-namespace-pod", "default", { app: "other" });
    // A pod in the controller's namespace that is not the controller.
    pod("ingress-namespace-other-pod", services.ingress.controller.namespace, { app: "other" });
    endpoints.push({ name: "api-server", ip: apiServerAddress[cloud] });
    // The `kubernetes` Service ClusterIP, as the EKS VPC CNI's policy agent sees it before translation
    // (aws/amazon-network-policy-controller-k8s#194); EKS picks 10.100.0.0/16 or 172.20.0.0/16.
    if (cloud === "aws") endpoints.push({ name: "kubernetes-service", ip: "172.20.0.1" }, { name: "kubernetes-service-alt", ip: "10.100.0.1" });
    endpoints.push({ name: "internet", ip: "203.0.113.7" }, { name: "private-address", ip: "10.200.0.5" }, { name: "metadata-server", ip: "169.254.169.254" });
    return endpoints;
}

const dns = (from: string) => [`${from} -> kube-dns:53/UDP`, `${from} -> kube-dns:53/TCP`];

type Expected = { colors: string[]; backups: boolean; monitoring: boolean; tracing: boolean; tls: boolean };

/** Where a pod that calls the Kubernetes API may go for it (the orchestrator, CloudNativePG's pods). */
const apiServerFlows = (cloud: string, from: string) => [
    `${from} -> api-server:${apiServerPort[cloud]}/TCP`,
    ...(cloud === "aws" ? [`${from} -> kubernetes-service:443/TCP`, `${from} -> kubernetes-service-alt:443/TCP`] : []),
];

/**
 * CloudNativePG's flows (workloads/database/network-policies.ts): the application through PgBouncer,
 * Flyway straight to the primary only (config-map.ts), replication and the instance manager between
 * instances, the operator, metrics, the API, and object storage over HTTPS.
 */
function cloudNativePgFlows(cloud: string, options: Expected): string[] {
    const orchestrators = options.colors.map((c) => `orchestrator-${c}`);
    // The instances and the Jobs that bootstrap them (a join Job runs pg_basebackup from the primary,
    // a full-recovery Job reads the object store, every Job calls the API: cloudnative-pg pkg/specs/jobs.go).
    const instances = ["db-primary", "db-replica", "db-job"];
    return [
        ...[...instances, "pooler"].flatMap(dns),
        ...orchestrators.flatMap((o) => [`${o} -> pooler:5432/TCP`, `${o} -> db-primary:5432/TCP`]),
        ...instances.map((i) => `pooler -> ${i}:5432/TCP`),
        ...instances.flatMap((from) => instances.filter((to) => to !== from).flatMap((to) => [`${from} -> ${to}:5432/TCP`, `${from} -> ${to}:8000/TCP`])),
        ...instances.flatMap((i) => [`cnpg-operator -> ${i}:5432/TCP`, `cnpg-operator -> ${i}:8000/TCP`]),
        ...(options.monitoring ? [...instances.map((i) => `prometheus -> ${i}:9187/TCP`), "prometheus -> pooler:9127/TCP"] : []),
        ...[...instances, "pooler"].flatMap((from) => apiServerFlows(cloud, from)),
        ...instances.map((i) => `${i} -> internet:443/TCP`),
        ...(cloud === "azure" ? ["pooler -> internet:443/TCP"] : []), // AKS's API server has a public address
    ];
}

/** The flows the brief allows, and nothing else: the StatefulSet's, or CloudNativePG's. */
function expectedFlows(cloud: string, options: Expected, engine: "statefulset" | "cloudnativepg" = "statefulset"): string[] {
    if (engine === "cloudnativepg") return [...commonFlows(cloud, options), ...cloudNativePgFlows(cloud, options)].sort();
    const flows = [
        ...commonFlows(cloud, options),
        ...["postgresql", "database-roles", ...(options.backups ? ["backup"] : [])].flatMap(dns),
        ...options.colors.map((c) => `orchestrator-${c} -> postgresql:5432/TCP`),
        // The roles Job (workloads/database-roles-job.ts) runs wherever the StatefulSet does.
        "database-roles -> postgresql:5432/TCP",
    ];
    if (options.backups) flows.push("backup -> postgresql:5432/TCP");
    return flows.sort();
}

/** The flows of the application itself, whichever engine runs the database. */
function commonFlows(cloud: string, options: Expected): string[] {
    const orchestrators = options.colors.map((c) => `orchestrator-${c}`);
    const frontends = options.colors.map((c) => `frontend-${c}`);
    const flows = [
        ...[...orchestrators, ...frontends, "stray-atlasia-pod", "acme-solver"].flatMap(dns),
        ...orchestrators.flatMap((o) => apiServerFlows(cloud, o)),
        ...frontends.map((f) => `ingress-controller -> ${f}:8080/TCP`),
        ...orchestrators.map((o) => `ingress-controller -> ${o}:8080/TCP`),
        ...frontends.flatMap((f) => orchestrators.map((o) => `${f} -> ${o}:8080/TCP`)),
        ...orchestrators.map((o) => `${o} -> internet:443/TCP`),
    ];
    if (options.tls) flows.push("ingress-controller -> acme-solver:8089/TCP");
    if (options.monitoring) flows.push(...orchestrators.map((o) => `prometheus -> ${o}:8080/TCP`));
    if (options.tracing) flows.push(...orchestrators.flatMap((o) => [`${o} -> jaeger:4317/TCP`, `${o} -> jaeger:4318/TCP`]));
    return flows;
}

function policiesOf(run: WorkloadRun): NetworkPolicyObject[] {
    return objectsOfKind(run, "NetworkPolicy") as unknown as NetworkPolicyObject[];
}

describe("NetworkPolicies: the allowed flows", () => {
    const blueGreen = { cloud: "gcp", expected: { colors: ["blue", "green"], backups: true, monitoring: true, tracing: true, tls: true } };
    const minimal = { cloud: "aws", expected: { colors: ["blue", "green"], backups: false, monitoring: false, tracing: false, tls: false } };
    const expectedOf = (c: { environment: string }) => ({
        colors: ["blue"],
        backups: c.environment !== "development",
        monitoring: true,
        tracing: true,
        tls: c.environment !== "development",
    });
    const cases = [
        // The StatefulSet on every stack size; local development runs it as committed.
        ...statefulSetMatrix.map((c) => ({ ...c, engine: "statefulset" as const, expected: expectedOf(c) })),
        { ...onStatefulSet(variants.blueGreen), ...blueGreen, engine: "statefulset" as const },
        { ...onStatefulSet(variants.minimal), ...minimal, engine: "statefulset" as const },
        // CloudNativePG, as the committed staging and production stacks run it.
        ...matrix.filter((c) => c.cloud !== "local").map((c) => ({ ...c, engine: "cloudnativepg" as const, expected: expectedOf(c) })),
        { ...variants.blueGreen, ...blueGreen, engine: "cloudnativepg" as const },
        { ...variants.minimal, ...minimal, engine: "cloudnativepg" as const },
    ];
    for (const stack of cases) {
        it(`${stack.label}: exactly the flows the application needs (${stack.engine})`, async () => {
            const run = await runValid(stack.label, stack.options);
            const policies = policiesOf(run);
            const flows = [...allowedFlows(policies, universe(run, stack.cloud), probes, "atlasia")].sort();
            assert.deepEqual(flows, expectedFlows(stack.cloud, stack.expected, stack.engine));
        });
    }

    it("denies all ingress and egress by default and selects namespaces by their name label", async () => {
        const stack = matrix[0];
        const policies = policiesOf(await runValid(stack.label, stack.options));
        const deny = policies.filter((p) => Object.keys(p.spec.podSelector).length === 0 && !p.spec.ingress && !p.spec.egress);
        assert.equal(deny.length, 1);
        assert.deepEqual(deny[0].spec.policyTypes?.slice().sort(), ["Egress", "Ingress"]);
        const namespaceSelectors = JSON.stringify(policies).match(/"namespaceSelector":\{[^}]*\}\}/g) ?? [];
        assert.ok(namespaceSelectors.length > 0);
        for (const selector of namespaceSelectors) assert.match(selector, /kubernetes\.io\/metadata\.name/);
    });
});

describe("NetworkPolicies: the evaluator", () => {
    const a: Endpoint = { name: "a", namespace: "ns", labels: { app: "a" }, ip: "10.0.0.1" };
    const b: Endpoint = { name: "b", namespace: "ns", labels: { app: "b" }, ip: "10.0.0.2" };
    const outside: Endpoint = { name: "x", namespace: "other", labels: { app: "a" }, ip: "10.0.0.3" };
    const tcp8080: PortProbe = { port: 8080, protocol: "TCP" };
    const policy = (name: string, app: string | undefined, spec: Partial<NetworkPolicyObject["spec"]>): NetworkPolicyObject => ({
        metadata: { name, namespace: "ns" },
        spec: { podSelector: app ? { matchLabels: { app } } : {}, ...spec },
    });
    const denyAll = policy("deny", undefined, { policyTypes: ["Ingress", "Egress"] });

    it("allows everything without policies, nothing under default deny", () => {
        assert.ok(flowAllowed([], a, b, tcp8080));
        assert.ok(!flowAllowed([denyAll], a, b, tcp8080));
    });

    it("needs both the sender's egress and the receiver's ingress inside the namespace", () => {
        const egress = policy("a-out", "a", {
            policyTypes: ["Egress"],
            egress: [{ to: [{ podSelector: { matchLabels: { app: "b" } } }], ports: [{ port: 8080, protocol: "TCP" }] }],
        });
        const ingress = policy("b-in", "b", {
            policyTypes: ["Ingress"],
            ingress: [{ from: [{ podSelector: { matchLabels: { app: "a" } } }], ports: [{ port: 8080 }] }],
        });
        assert.ok(!flowAllowed([denyAll, egress], a, b, tcp8080));
        assert.ok(!flowAllowed([denyAll, ingress], a, b, tcp8080));
        assert.ok(flowAllowed([denyAll, egress, ingress], a, b, tcp8080));
        assert.ok(!flowAllowed([denyAll, egress, ingress], a, b, { port: 8081, protocol: "TCP" }));
        assert.ok(!flowAllowed([denyAll, egress, ingress], a, b, { port: 8080, protocol: "UDP" }));
        assert.ok(!flowAllowed([denyAll, egress, ingress], outside, b, tcp8080), "a podSelector alone means the policy's namespace");
    });

    it("matches namespaceSelector with podSelector as AND, and ipBlock with its exceptions", () => {
        const fromOther = policy("b-in", "b", {
            policyTypes: ["Ingress"],
            ingress: [
                { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "other" } }, podSelector: { matchLabels: { app: "a" } } }] },
            ],
        });
        assert.ok(flowAllowed([denyAll, fromOther], outside, b, tcp8080));
        assert.ok(!flowAllowed([denyAll, fromOther], { ...outside, labels: { app: "z" } }, b, tcp8080));
        const internet = policy("a-out", "a", {
            policyTypes: ["Egress"],
            egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }], ports: [{ port: 443 }] }],
        });
        const https: PortProbe = { port: 443, protocol: "TCP" };
        assert.ok(flowAllowed([denyAll, internet], a, { name: "web", ip: "198.51.100.1" }, https));
        assert.ok(!flowAllowed([denyAll, internet], a, { name: "vm", ip: "10.1.1.1" }, https));
        assert.ok(inCidr("172.20.0.1", "172.16.0.0/12") && !inCidr("172.32.0.1", "172.16.0.0/12"));
    });

    it("supports matchExpressions", () => {
        const p = policy("b-in", "b", {
            policyTypes: ["Ingress"],
            ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["a"] }] } }] }],
        });
        assert.ok(flowAllowed([p], a, b, tcp8080));
        assert.ok(!flowAllowed([p], { ...a, labels: { app: "c" } }, b, tcp8080));
    });
});
