// What ingress-nginx does with the Atlasia Ingresses' annotations
// (https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/):
// - proxy-body-size becomes nginx's client_max_body_size; unset, the controller's default of 1m
//   applies (configmap.md#proxy-body-size) and larger requests get 413. docs/workloads.md promises
//   bodies up to 10 MB.
// - with TLS, HTTP must never be served in clear. ssl-redirect alone redirects only once a
//   certificate is configured for the request (rootfs/etc/nginx/lua/lua_ingress.lua,
//   redirect_to_https: `return location_config.ssl_redirect and certificate_configured_for_current_request()`),
//   so until cert-manager has issued atlasia-tls, or when issuance fails, HTTP would be answered
//   unencrypted; force-ssl-redirect redirects every plain-HTTP request.
import { strict as assert } from "assert";
import { matrix, objectOf, runValid } from "./support/workloads";

const bodySize = "nginx.ingress.kubernetes.io/proxy-body-size";
const forceSslRedirect = "nginx.ingress.kubernetes.io/force-ssl-redirect";
const ingresses = ["atlasia", "atlasia-websocket"];

/** An nginx size in bytes: a number with an optional k/K, m/M or g/G suffix (https://nginx.org/en/docs/syntax.html). */
function nginxBytes(size: string): number {
    const match = /^(\d+)([kKmMgG]?)$/.exec(size);
    assert.ok(match, `${JSON.stringify(size)} is an nginx size`);
    const unit = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2].toLowerCase() as "" | "k" | "m" | "g"];
    return Number(match[1]) * unit;
}

describe("the Ingresses: request bodies up to 10 MB, HTTPS only where there is TLS", () => {
    for (const stack of matrix) {
        it(`${stack.label}: both Ingresses accept a 10 MiB body`, async () => {
            const run = await runValid(stack.label, stack.options);
            for (const name of ingresses) {
                const annotations = objectOf(run, "Ingress", name).metadata.annotations;
                assert.equal(nginxBytes(annotations[bodySize]), 10 * 1024 * 1024, name);
            }
        });

        it(`${stack.label}: plain HTTP is redirected to HTTPS whenever the Ingress has TLS, certificate issued or not`, async () => {
            const run = await runValid(stack.label, stack.options);
            for (const name of ingresses) {
                const ingress = objectOf(run, "Ingress", name);
                const tls = (ingress.spec.tls ?? []).length > 0;
                // Local development has no issuer: redirecting to an HTTPS with no certificate would lock users out.
                assert.equal(tls, stack.cloud !== "local", `${name} has TLS exactly on the cloud stacks`);
                assert.equal(ingress.metadata.annotations[forceSslRedirect], tls ? "true" : undefined, name);
            }
        });
    }

    it("reads nginx sizes as nginx does", () => {
        assert.equal(nginxBytes("10m"), 10485760);
        assert.equal(nginxBytes("512k"), 524288);
        assert.equal(nginxBytes("1G"), 1073741824);
        assert.throws(() => nginxBytes(""), /is an nginx size/);
    });
});
