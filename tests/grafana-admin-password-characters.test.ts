// The generated Grafana admin password has letters and digits only. Grafana reads it from
// GF_SECURITY_ADMIN_PASSWORD (the chart's admin.existingSecret) and, after applying environment
// overrides, expands every configuration value that contains ${NAME} or $__provider{...}
// (pkg/setting/setting.go: applyEnvVariableOverrides, then expandConfig;
// https://grafana.com/docs/grafana/latest/setup-grafana/configure-grafana/#variable-expansion).
// @pulumi/random's special characters include $, { and } (RandomPassword overrideSpecial default
// "!@#$%&*()-_=+[]{}<>:?"), so a password with them could be rewritten into another one than the
// stack output shows. 32 alphanumeric characters still carry 190 bits.
import { strict as assert } from "assert";
import { onlyResource } from "./support/resources";
import { stackOptions, validStackRun } from "./support/runs";

describe("Grafana's generated admin password", function () {
    this.timeout(60000);

    it("is 32 letters and digits, nothing Grafana's variable expansion could rewrite", async () => {
        const run = await validStackRun(stackOptions("azure", "production"));
        const generator = onlyResource(run, "random:index/randomPassword:RandomPassword", "grafana-admin").inputs;
        assert.equal(generator.length, 32);
        assert.equal(generator.special, false);
    });
});
