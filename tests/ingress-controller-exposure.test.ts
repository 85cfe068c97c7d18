// How the ingress-nginx controller is reached on each kind of cluster, through the whole program:
// - a cloud load balancer: the Service keeps the client's address (externalTrafficPolicy Local) and
//   the Ingress status is the load balancer's address;
// - kind: host ports 80/443 on the ingress-ready node, the status is "localhost", as upstream's kind
//   manifest does (kubernetes/ingress-nginx hack/manifest-templates/provider/kind/values.yaml:
//   hostPort.enabled true, service.type NodePort, extraArgs.publish-status-address localhost);
// - minikube: a plain NodePort Service, no host ports.
// A NodePort Service with externalTrafficPolicy Local drops traffic that reaches a node without a
// controller pod (https://kubernetes.io/docs/reference/networking/virtual-ips/#external-traffic-policy),
// so only the load balancer case sets it; left out, the Service uses the default, Cluster.
import { strict as assert } from "assert";
import { onlyResource } from "./support/resources";
import { Cloud, Env, stackOptions, validStackRun } from "./support/runs";
import type { RunOptions } from "../harness/run";

async function controller(options: RunOptions) {
    return onlyResource(await validStackRun(options), "kubernetes:helm.sh/v3:Release", "ingress-nginx").inputs.values.controller;
}

const kind = stackOptions("local", "development");
const minikube: RunOptions = { ...kind, set: { ...kind.set, localDistribution: "minikube", localContext: "minikube" } };
const clouds: [Cloud, Env][] = [
    ["gcp", "production"],
    ["aws", "staging"],
    ["azure", "production"],
];

describe("ingress controller exposure: load balancer on clouds, host ports on kind, NodePort on minikube", function () {
    this.timeout(60000);

    for (const [cloud, env] of clouds) {
        it(`${cloud}/${env}: load balancer Service keeping client addresses; status is the load balancer's, not localhost`, async () => {
            const c = await controller(stackOptions(cloud, env));
            assert.equal(c.service.type, "LoadBalancer");
            assert.equal(c.service.externalTrafficPolicy, "Local");
            assert.equal(c.hostPort.enabled, false);
            assert.equal(c.extraArgs?.["publish-status-address"], undefined, "a cloud Ingress must not report localhost as its address");
            assert.equal(c.updateStrategy, undefined, "no host ports to free: the Deployment's default surge applies");
        });
    }

    it("kind: host ports on the ingress-ready node, NodePort Service with the default traffic policy, status localhost", async () => {
        const c = await controller(kind);
        assert.equal(c.service.type, "NodePort");
        assert.equal(c.service.externalTrafficPolicy, undefined, "Local on a NodePort drops traffic reaching other nodes");
        assert.equal(c.hostPort.enabled, true);
        assert.equal(c.extraArgs["publish-status-address"], "localhost");
    });

    it("minikube: NodePort Service with the default traffic policy, no host ports, status from the controller's node", async () => {
        const c = await controller(minikube);
        assert.equal(c.service.type, "NodePort");
        assert.equal(c.service.externalTrafficPolicy, undefined, "Local on a NodePort drops traffic reaching other nodes");
        assert.equal(c.hostPort.enabled, false);
        assert.equal(c.publishService.enabled, false, "a NodePort Service has no load balancer address to publish");
        assert.equal(c.extraArgs?.["publish-status-address"], undefined, "minikube is reached at its node's address, not localhost");
        assert.equal(c.updateStrategy, undefined, "no host ports to free");
    });

    for (const [label, options] of [
        ["kind", kind],
        ["minikube", minikube],
        ["gcp/production", stackOptions("gcp", "production")],
        ["azure/production", stackOptions("azure", "production")],
    ] as const) {
        it(`${label}: the controller runs on Linux nodes only`, async () => {
            // The controller image is built for Linux only; AKS and EKS also run Windows node pools.
            // The chart's own default is the same well-known label
            // (https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetes-io-os), and a
            // value set here replaces it.
            assert.equal((await controller(options)).nodeSelector["kubernetes.io/os"], "linux");
        });
    }
});
