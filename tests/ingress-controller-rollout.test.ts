// How the ingress-nginx controller is replaced and spread, through the whole program.
// - On kind the controller binds host ports 80/443 on the one ingress-ready node. A second pod
//   cannot bind them there ("0/1 nodes are available: 1 node(s) didn't have free ports",
//   kubernetes/ingress-nginx#4626), so a surge pod stays Pending. The Deployment default is
//   maxSurge 25% / maxUnavailable 25%, which for one replica rounds to surge 1, unavailable 0
//   (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-surge): the rollout
//   would wait forever. minikube fixed its addon the same way (kubernetes/minikube#12903, PR #12904).
// - With two or more replicas the chart adds a PodDisruptionBudget (templates/controller-
//   poddisruptionbudget.yaml renders it only when replicaCount > 1) and the replicas are spread over
//   zones and nodes, softly so a full zone or a small node pool never leaves a replica Pending
//   (https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/). One
//   replica has nothing to spread and no budget.
// Replica counts are the seed guide's: development 1, staging 2, production 3.
import { strict as assert } from "assert";
import { onlyResource } from "./support/resources";
import { stackOptions, validStackRun } from "./support/runs";
import type { RunOptions } from "../harness/run";

async function controller(options: RunOptions) {
    return onlyResource(await validStackRun(options), "kubernetes:helm.sh/v3:Release", "ingress-nginx").inputs.values.controller;
}

/** The well-known node labels (https://kubernetes.io/docs/reference/labels-annotations-taints/). */
const zoneLabel = "topology.kubernetes.io/zone";
const hostnameLabel = "kubernetes.io/hostname";

describe("ingress controller rollout and spread", function () {
    this.timeout(60000);

    it("kind: replaced one pod at a time without a surge pod, since host ports cannot be bound twice on a node", async () => {
        const c = await controller(stackOptions("local", "development"));
        assert.deepEqual(c.updateStrategy, { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    });

    it("one replica (development): no disruption budget, no spread constraints", async () => {
        const c = await controller(stackOptions("local", "development"));
        assert.equal(c.replicaCount, 1);
        assert.equal(c.maxUnavailable, undefined);
        assert.equal(c.unhealthyPodEvictionPolicy, undefined);
        assert.equal(c.topologySpreadConstraints, undefined);
    });

    for (const [env, replicas] of [
        ["staging", 2],
        ["production", 3],
    ] as const) {
        it(`${replicas} replicas (${env}): one pod evicted at a time, spread softly over zones and then nodes`, async () => {
            const c = await controller(stackOptions("gcp", env));
            assert.equal(c.replicaCount, replicas);
            assert.equal(c.maxUnavailable, 1);
            const spread = c.topologySpreadConstraints as { maxSkew: number; topologyKey: string; whenUnsatisfiable: string }[];
            assert.deepEqual(
                spread.map((s) => s.topologyKey),
                [zoneLabel, hostnameLabel],
            );
            for (const s of spread) {
                assert.equal(s.maxSkew, 1);
                assert.equal(s.whenUnsatisfiable, "ScheduleAnyway", "a preference: never a Pending replica for want of a zone or node");
            }
        });
    }
});
