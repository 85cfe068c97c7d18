// workloads/rollout-timeouts.ts on hand-computed cases (issue 12 item 4).
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { rolloutTimeouts } from "../workloads/rollout-timeouts";

const template = (startup: { periodSeconds: number; failureThreshold: number }, readinessPeriod: number) => ({
    spec: { containers: [{ name: "c", image: "i", startupProbe: startup, readinessProbe: { periodSeconds: readinessPeriod } }] },
});

describe("rollout timeouts", () => {
    it("production orchestrator: 10 pods in turn, each 180 s to start + 300 s startup probe + 5 s readiness = 81 minutes", () => {
        const timeouts = rolloutTimeouts({ replicas: 10, maxSurge: 1, template: template({ periodSeconds: 10, failureThreshold: 30 }, 5) });
        assert.deepEqual(timeouts, { create: "10m", update: "81m" });
    });

    it("never below the provider's 10 minutes, and a larger surge shortens the update", () => {
        const small = template({ periodSeconds: 10, failureThreshold: 6 }, 5); // 180 + 60 + 5 = 245 s per pod
        assert.deepEqual(rolloutTimeouts({ replicas: 2, maxSurge: 1, template: small }), { create: "10m", update: "10m" });
        assert.equal(rolloutTimeouts({ replicas: 6, maxSurge: 1, template: small }).update, "25m"); // 1470 s
        assert.equal(rolloutTimeouts({ replicas: 6, maxSurge: 2, template: small }).update, "13m"); // 735 s
    });

    it("uses Kubernetes' probe defaults when the template sets none", () => {
        // 180 + 10 x 3 + 10 = 220 s per pod; 5 pods = 1100 s
        assert.equal(rolloutTimeouts({ replicas: 5, maxSurge: 1, template: { spec: { containers: [{ name: "c" }] } } }).update, "19m");
    });

    it("refuses a probe setting that is not a plain number, rather than computing with it", () => {
        const unknown = { spec: { containers: [{ name: "c", startupProbe: { periodSeconds: pulumi.output(10), failureThreshold: 30 } }] } };
        assert.throws(() => rolloutTimeouts({ replicas: 1, maxSurge: 1, template: unknown }), {
            message: "rollout timeouts need the probes as plain numbers",
        });
    });
});
