// The Let's Encrypt ClusterIssuers' ACME accounts.
// - Each issuer keeps its ACME account private key in the Secret privateKeySecretRef names;
//   cert-manager's webhook rejects an ACME issuer without that name ("private key secret name is a
//   required field", cert-manager internal/apis/certmanager/validation/issuer.go), and the staging
//   and production directories are separate ACME servers with separate accounts
//   (https://letsencrypt.org/docs/staging-environment/), so each issuer has its own Secret.
// - The contact e-mail: loadSettings refuses a TLS issuer without atlasia:acmeEmail before any
//   resource exists (config/load.ts), so `pulumi up` never reaches the add-on layer's own check.
//   That check is for callers that build StackSettings themselves (the add-on layer takes any
//   StackSettings); it must stop them rather than register contact-less issuers.
import { strict as assert } from "assert";
import { loadSettings } from "../config/load";
import { createCluster } from "../clusters";
import { PlatformAddons } from "../clusters/addons";
import { runProgram } from "../harness/run";
import { stackOptions, validStackRun, withOperatorNames } from "./support/runs";

const clusterIssuerType = "kubernetes:cert-manager.io/v1:ClusterIssuer";

describe("ACME accounts of the Let's Encrypt ClusterIssuers", function () {
    this.timeout(60000);

    it("each issuer keeps its account key in its own Secret named after it", async () => {
        const run = await validStackRun(stackOptions("gcp", "production"));
        const keySecret = (name: string) =>
            run.resources.find((r) => r.type === clusterIssuerType && r.name === name)?.inputs.spec.acme.privateKeySecretRef.name;
        assert.equal(keySecret("letsencrypt-staging"), "letsencrypt-staging-account-key");
        assert.equal(keySecret("letsencrypt-prod"), "letsencrypt-prod-account-key");
    });

    it("the add-on layer refuses settings with a TLS issuer but no contact e-mail, before registering an issuer", async () => {
        const run = await runProgram(withOperatorNames(stackOptions("gcp", "staging")), () => {
            const loaded = loadSettings();
            const settings = { ...loaded, addons: { ...loaded.addons, acmeEmail: undefined } };
            new PlatformAddons("platform", { settings, cluster: createCluster(settings) });
            return {};
        });
        assert.match(String(run.error?.message), /^ClusterIssuers need settings\.addons\.acmeEmail$/);
        assert.deepEqual(
            run.resources.filter((r) => r.type === clusterIssuerType),
            [],
        );
    });
});
