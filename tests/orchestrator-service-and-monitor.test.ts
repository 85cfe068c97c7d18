// The orchestrator's HPA metrics, Service and PodMonitor, as a user reads them with kubectl and as
// Prometheus and the HPA controller consume them. Expected values are the seed's (HPA Metrics:
// CPU 70 % production / 80 % staging, ai_tasks_queue_depth 50 per pod; port 8080) and the
// prometheus-operator PodMonitor CRD's rules.
import { strict as assert } from "assert";
import { container, matrix, objectOf, podTemplates, runValid } from "./support/workloads";

const production = matrix.find((c) => c.label === "gcp/production")!;
const staging = matrix.find((c) => c.label === "aws/staging")!;

const cpu = (percent: number) => ({ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: percent } } });
const queueDepth = { type: "Pods", pods: { metric: { name: "ai_tasks_queue_depth" }, target: { type: "AverageValue", averageValue: "50" } } };

const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

describe("the orchestrator: HPA metrics, Service and PodMonitor", () => {
    it("scales production on CPU at 70 % and on the queue depth at 50 tasks per pod, and staging at 80 %", async () => {
        for (const [stack, percent] of [
            [production, 70],
            [staging, 80],
        ] as const) {
            const run = await runValid(stack.label, stack.options);
            assert.deepEqual(objectOf(run, "HorizontalPodAutoscaler", "atlasia-orchestrator-blue").spec.metrics, [cpu(percent), queueDepth]);
        }
    });

    it("exposes port 8080 as `http` on a ClusterIP Service labelled as the orchestrator, selecting only the active colour's pods", async () => {
        const run = await runValid(production.label, production.options);
        const service = objectOf(run, "Service", "atlasia-orchestrator");
        assert.equal(service.metadata.labels["app.kubernetes.io/component"], "orchestrator");
        assert.equal(service.spec.type, "ClusterIP");
        assert.deepEqual(service.spec.ports, [{ name: "http", port: 8080, targetPort: "http", protocol: "TCP" }]);
        const selected = podTemplates(run).filter((t) => matches(service.spec.selector, t.metadata.labels));
        assert.deepEqual(
            selected.map((t) => t.metadata.labels["app.kubernetes.io/component"]),
            ["orchestrator"],
        );
        // targetPort names a port of the selected container.
        assert.ok(
            container(selected[0], "orchestrator").ports.some((p: { name: string; containerPort: number }) => p.name === "http" && p.containerPort === 8080),
        );
    });

    it("scrapes /actuator/prometheus on every orchestrator pod of its own namespace, every 30 s with a 10 s timeout, and nothing else", async () => {
        const run = await runValid(production.label, production.options);
        const monitor = objectOf(run, "PodMonitor", "atlasia-orchestrator");
        assert.equal(monitor.metadata.namespace, "atlasia");
        assert.equal(monitor.metadata.labels["app.kubernetes.io/component"], "orchestrator");
        // No namespaceSelector: "By default, the pods are discovered in the same namespace as the PodMonitor object" (PodMonitor CRD).
        assert.equal(monitor.spec.namespaceSelector, undefined);
        assert.deepEqual(monitor.spec.podMetricsEndpoints, [{ port: "http", path: "/actuator/prometheus", interval: "30s", scrapeTimeout: "10s" }]);
        const scraped = podTemplates(run).filter((t) => matches(monitor.spec.selector.matchLabels, t.metadata.labels));
        assert.ok(scraped.length > 0);
        assert.deepEqual(new Set(scraped.map((t) => t.metadata.labels["app.kubernetes.io/component"])), new Set(["orchestrator"]));
    });
});
