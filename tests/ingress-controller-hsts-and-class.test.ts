// The ingress-nginx controller's HSTS header and IngressClass, through the whole program.
// - HSTS (RFC 6797 section 6.1): a Strict-Transport-Security header needs max-age; one year
//   (31536000 s) and includeSubDomains are what the HSTS preload list requires at least
//   (https://hstspreload.org/#submission-requirements), so an empty or shorter header protects less. The header comes from the add-headers
//   ConfigMap; the controller's built-in HSTS, on by default (ConfigMap key hsts, default "true",
//   https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#hsts),
//   is turned off so the header is not sent twice.
// - IngressClass "nginx": the Atlasia Ingresses name it, so the chart must create it
//   (controller.ingressClassResource.enabled); it is not the cluster's default class, so Ingresses
//   of other controllers without a class are left alone and a second default class cannot make the
//   API server reject Ingress creation (https://kubernetes.io/docs/concepts/services-networking/ingress/#default-ingress-class).
import { strict as assert } from "assert";
import { onlyResource } from "./support/resources";
import { stackOptions, validStackRun } from "./support/runs";
import type { RunOptions } from "../harness/run";

async function controller(options: RunOptions) {
    return onlyResource(await validStackRun(options), "kubernetes:helm.sh/v3:Release", "ingress-nginx").inputs.values.controller;
}

describe("ingress controller: one HSTS header of a year, the nginx IngressClass", function () {
    this.timeout(60000);

    for (const env of ["staging", "production"] as const) {
        it(`${env} (TLS): HSTS for a year including subdomains, sent once`, async () => {
            const c = await controller(stackOptions("aws", env));
            assert.equal(c.addHeaders["Strict-Transport-Security"], "max-age=31536000; includeSubDomains");
            assert.equal(c.config.hsts, "false", "the controller's own HSTS header would be a second one");
        });
    }

    it("development (no TLS): no HSTS header from either source", async () => {
        const c = await controller(stackOptions("local", "development"));
        assert.equal(c.addHeaders["Strict-Transport-Security"], undefined);
        assert.equal(c.config.hsts, "false");
    });

    for (const [label, options] of [
        ["local/development", stackOptions("local", "development")],
        ["gcp/production", stackOptions("gcp", "production")],
    ] as const) {
        it(`${label}: the chart creates the nginx IngressClass, not as the cluster default`, async () => {
            const c = await controller(options);
            assert.equal(c.ingressClassResource.name, "nginx");
            assert.equal(c.ingressClassResource.enabled, true);
            assert.equal(c.ingressClassResource.default, false);
        });
    }
});
