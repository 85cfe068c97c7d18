// atlasia:imagePullSecret as the kubelet reads it: a kubernetes.io/dockerconfigjson Secret must hold
// the document under the key `.dockerconfigjson`
// (https://kubernetes.io/docs/concepts/configuration/secret/#docker-config-secrets). Without a pull
// secret no pod names one: the kubelet would look up a Secret that does not exist for every pull.
import { strict as assert } from "assert";
import { llmApiKey, stackOptions } from "./support/runs";
import { matrix, podTemplates, resourceOf, runValid } from "./support/workloads";

/** A .dockerconfigjson as `kubectl create secret docker-registry --dry-run=client -o json` writes it. */
const dockerConfig = JSON.stringify({
    auths: { "registry.acme-corp.net": { username: "robot", password: "registry-password-Wq5Er7Ty9", auth: "cm9ib3Q6eA==" } },
});

describe("the private registry's pull secret", () => {
    it("holds the configured document, secret-marked, under .dockerconfigjson", async () => {
        const base = stackOptions("azure", "staging");
        const options = {
            ...base,
            set: { ...base.set, orchestratorImage: "registry.acme-corp.net/atlasia/ai-orchestrator" },
            secrets: { llmApiKey, imagePullSecret: dockerConfig },
        };
        const secret = resourceOf(await runValid("azure/staging private registry", options), "Secret", "atlasia-registry");
        assert.deepEqual(secret.inputs.stringData, { ".dockerconfigjson": dockerConfig });
        assert.ok(
            secret.secretPaths.some((p) => p === "stringData" || p === "stringData..dockerconfigjson"),
            `the document is secret-marked (secret paths: ${secret.secretPaths.join(", ")})`,
        );
    });

    for (const stack of matrix) {
        it(`${stack.label} without a pull secret: no pod names an image pull secret`, async () => {
            const run = await runValid(stack.label, stack.options);
            const templates = podTemplates(run);
            assert.ok(
                templates.some((t) => t.owner.startsWith("Deployment/atlasia-orchestrator")),
                "the orchestrator's pods are checked",
            );
            for (const t of templates) assert.deepEqual(t.spec.imagePullSecrets ?? [], [], t.owner);
        });
    }
});
