// The NetworkPolicy peers one by one, beyond the flow graph of tests/network-policy.test.ts (which needs
// both halves of a flow, so a sender's rule that grew wider is hidden by the receiver's): every peer is
// one the API server accepts, a pod does not pass for another by copying its labels in another
// namespace, and each side of every flow is as narrow on its own as the two together.
import { strict as assert } from "assert";
import { allowedFlows, NetworkPolicyObject, oneSide, peerProblems } from "./support/network-policy";
import { impostors, probes, universe } from "./support/network-policy-universe";
import { matrix, objectsOfKind, onStatefulSet, runValid, statefulSetMatrix, variants } from "./support/workloads";

const cases = [
    ...statefulSetMatrix,
    ...matrix.filter((c) => c.cloud !== "local"),
    { ...variants.blueGreen, cloud: "gcp" },
    { ...onStatefulSet(variants.minimal), cloud: "aws" },
    { ...variants.minimal, cloud: "aws" },
];

async function stackUnderTest(stack: (typeof cases)[number]) {
    const run = await runValid(stack.label, stack.options);
    return { run, policies: objectsOfKind(run, "NetworkPolicy") as unknown as NetworkPolicyObject[] };
}

describe("NetworkPolicies: each peer on its own", () => {
    for (const stack of cases) {
        it(`${stack.label}: every peer names pods, namespaces or addresses, as the API server requires`, async () => {
            const { policies } = await stackUnderTest(stack);
            assert.ok(policies.length > 0);
            assert.deepEqual(policies.flatMap(peerProblems), []);
        });

        it(`${stack.label}: a pod copying the labels of an allowed pod, in another namespace, gets no flow`, async () => {
            const { run, policies } = await stackUnderTest(stack);
            const copies = impostors(run);
            const names = new Set(copies.map((c) => c.name));
            const flows = [...allowedFlows(policies, [...universe(run, stack.cloud), ...copies], probes, "atlasia")];
            assert.ok(flows.length > 0);
            assert.deepEqual(
                flows.filter((flow) => flow.split(/ -> |:/).some((end) => names.has(end))),
                [],
            );
        });

        it(`${stack.label}: each side of a flow is as narrow alone as both together (a sender's egress, a receiver's ingress)`, async () => {
            const { run, policies } = await stackUnderTest(stack);
            const endpoints = universe(run, stack.cloud);
            const inAtlasia = new Set(endpoints.filter((e) => e.namespace === "atlasia").map((e) => e.name));
            const both = [...allowedFlows(policies, endpoints, probes, "atlasia")];
            const sender = (flow: string) => flow.split(" -> ")[0];
            const receiver = (flow: string) => flow.split(" -> ")[1].split(":")[0];
            const fromAtlasia = (flows: Iterable<string>) => [...flows].filter((f) => inAtlasia.has(sender(f))).sort();
            const toAtlasia = (flows: Iterable<string>) => [...flows].filter((f) => inAtlasia.has(receiver(f))).sort();
            assert.deepEqual(fromAtlasia(allowedFlows(oneSide(policies, "Egress"), endpoints, probes, "atlasia")), fromAtlasia(both));
            assert.deepEqual(toAtlasia(allowedFlows(oneSide(policies, "Ingress"), endpoints, probes, "atlasia")), toAtlasia(both));
        });
    }
});
