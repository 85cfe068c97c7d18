// On minikube the workloads reach the API server at the node's own address on port 8443 (minikube's
// apiserver port; kind's is 6443), and that address depends on the driver: 192.168.49.2 with the
// docker and podman drivers (192.168.39.x with kvm2, 192.168.59.x with VirtualBox), a 172.16.0.0/12
// address behind Hyper-V's Default Switch, 10.0.2.15 on qemu's user network
// (https://minikube.sigs.k8s.io/docs/drivers/). The egress policies admit all three private ranges on
// 8443, through the whole program.
import { strict as assert } from "assert";
import { validStackRun } from "./support/runs";
import type { RecordedResource } from "../harness/run";

interface EgressRule {
    to?: { ipBlock?: { cidr: string } }[];
    ports?: { port: number; protocol: string }[];
}

describe("minikube: the workloads' egress to the API server", function () {
    this.timeout(120000);

    it("admits the node's address on every driver (192.168.0.0/16, 172.16.0.0/12, 10.0.0.0/8) on port 8443, never kind's 6443", async () => {
        const run = await validStackRun({ stack: "dev", set: { localDistribution: "minikube" }, secrets: { llmApiKey: "sk-test" } });
        const policies = run.resources.filter((r: RecordedResource) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy");
        const egress = policies.flatMap((p) => (p.inputs.spec.egress ?? []) as EgressRule[]);
        const toApiServer = egress.filter((rule) => (rule.ports ?? []).some((p) => p.port === 8443));
        assert.ok(toApiServer.length > 0, "no egress rule to the API server's port 8443");
        for (const rule of toApiServer) {
            assert.deepEqual(
                (rule.to ?? []).map((peer) => peer.ipBlock?.cidr),
                ["192.168.0.0/16", "172.16.0.0/12", "10.0.0.0/8"],
            );
            assert.deepEqual(rule.ports, [{ port: 8443, protocol: "TCP" }]);
        }
        assert.equal(egress.filter((rule) => (rule.ports ?? []).some((p) => p.port === 6443)).length, 0, "kind's API server port on minikube");
        // The kubernetes Service's ClusterIP is admitted only where the CNI sees it before DNAT (EKS's VPC CNI);
        // minikube's CNI evaluates policy on the API server's own address.
        const serviceIpRules = egress.filter((rule) => (rule.to ?? []).some((peer) => peer.ipBlock?.cidr.endsWith("/32")));
        assert.deepEqual(serviceIpRules, []);
    });
});
