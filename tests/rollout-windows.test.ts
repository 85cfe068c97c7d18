// Zero-downtime rollouts and the probe windows, exactly (issue 13: a removed rollout strategy and a
// startup window multiplied instead of divided survived mutation testing, since the tests only
// checked lower bounds). Whole program under mocks, every cloud and environment.
import { strict as assert } from "assert";
import { matrix, validStackRun } from "./support/runs";

/** Seconds a probe tolerates failures before acting: period x threshold. */
const window = (probe: { periodSeconds: number; failureThreshold: number }) => probe.periodSeconds * probe.failureThreshold;

/**
 * Seconds each component may take to start before liveness takes over: a Spring Boot JVM with its
 * Flyway migrations and a PostgreSQL initdb get 5 minutes, nginx serving static files 1 minute.
 */
const startupWindows: Record<string, number> = { orchestrator: 300, frontend: 60, postgresql: 300 };

describe("rollouts and probe windows", function () {
    this.timeout(120000);

    for (const { label, options } of matrix) {
        it(`${label}: Deployments surge one pod and never go below their replicas; startup, liveness and readiness windows exact`, async () => {
            const run = await validStackRun(options);
            const workloads = run.resources.filter((r) => /^kubernetes:apps\/v1:(Deployment|StatefulSet)$/.test(r.type));
            assert.ok(
                workloads.some((w) => w.type.endsWith(":Deployment")),
                "Deployments found",
            );
            for (const workload of workloads) {
                const { spec, metadata } = workload.inputs;
                const component = metadata.labels["app.kubernetes.io/component"];
                if (workload.type.endsWith(":Deployment")) {
                    // maxUnavailable 0: no old pod goes before its replacement is Ready
                    // (kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment).
                    assert.deepEqual(spec.strategy, { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }, metadata.name);
                }
                const container = spec.template.spec.containers[0];
                assert.ok(startupWindows[component], `${metadata.name}: component ${component}`);
                assert.equal(window(container.startupProbe), startupWindows[component], `${metadata.name} startup`);
                assert.equal(container.startupProbe.periodSeconds, 10);
                // Liveness restarts after 30 s of failures; readiness takes the pod out of its Service after 15 s.
                assert.equal(window(container.livenessProbe), 30, `${metadata.name} liveness`);
                assert.equal(window(container.readinessProbe), 15, `${metadata.name} readiness`);
                assert.deepEqual(
                    [container.livenessProbe.timeoutSeconds, container.readinessProbe.timeoutSeconds, container.startupProbe.timeoutSeconds],
                    [5, 3, 5],
                );
            }
        });
    }
});
