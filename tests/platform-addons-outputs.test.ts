// The PlatformAddons component keeps what it installed for in its state (`pulumi stack export`):
// the IngressClass the Ingresses name, the resolved TLS issuer and the monitoring and tracing
// switches, so an operator reads them without the stack's configuration at hand.
import { strict as assert } from "assert";
import type { ProgramRun } from "../harness/run";
import { stackOptions, validStackRun } from "./support/runs";

function platformOutputs(run: ProgramRun): Record<string, unknown> {
    const components = run.resources.filter((r) => r.type === "atlasia:platform:PlatformAddons" && !r.custom);
    assert.equal(components.length, 1, "one PlatformAddons");
    const outputs = run.componentOutputs[components[0].urn];
    assert.ok(outputs, "PlatformAddons registered its outputs");
    return outputs;
}

describe("platform add-ons keep their switches in their state", function () {
    this.timeout(60000);

    // ingress-nginx's IngressClass is "nginx" (chart values.yaml controller.ingressClassResource.name).
    it("local development: nginx, no TLS issuer (none in development), monitoring and tracing on", async () => {
        const run = await validStackRun(stackOptions("local", "development"));
        assert.deepEqual(platformOutputs(run), { ingressClass: "nginx", tlsIssuer: "none", monitoring: true, tracing: true });
    });

    it("staging with the switches set: the issuer chosen, monitoring and tracing off", async () => {
        const staging = stackOptions("gcp", "staging");
        const set = { ...staging.set, tlsIssuer: "letsencrypt-prod", monitoringEnabled: "false", tracingEnabled: "false" };
        const run = await validStackRun({ ...staging, set });
        assert.deepEqual(platformOutputs(run), { ingressClass: "nginx", tlsIssuer: "letsencrypt-prod", monitoring: false, tracing: false });
    });
});
