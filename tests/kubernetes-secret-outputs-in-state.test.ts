// What Kubernetes returns for a Secret (data, base64 of every value, and the stringData sent) is
// kept encrypted in Pulumi's state only if the Secret is registered with both as additional secret
// outputs. The program leaves that to @pulumi/kubernetes, whose Secret constructor adds
// `additionalSecretOutputs: ["data", "stringData"]` itself (core/v1/secret.js); these tests pin that
// every Secret the program registers, on every stack, goes to the engine so marked.
import { strict as assert } from "assert";
import type { ProgramRun } from "../harness/run";
import { llmApiKey, matrix, runValid, variants } from "./support/workloads";
import { stackOptions } from "./support/runs";
import type { RunOptions } from "../harness/run";

const secretType = "kubernetes:core/v1:Secret";

/** The Secrets that go to the engine without data or stringData marked secret. */
function unmarkedSecrets(run: Pick<ProgramRun, "resources">): string[] {
    return run.resources
        .filter((r) => r.type === secretType)
        .filter((r) => !["data", "stringData"].every((output) => r.additionalSecretOutputs.includes(output)))
        .map((r) => r.name);
}

const secretNames = (run: ProgramRun) => run.resources.filter((r) => r.type === secretType).map((r) => r.name);

/** A private registry's credentials, as `kubectl create secret docker-registry --dry-run=client -o json` writes them. */
const dockerConfig = JSON.stringify({
    auths: { "registry.acme-corp.net": { username: "robot", password: "registry-password-Vc8Xz2Lp4", auth: "cm9ib3Q6eA==" } },
});

const privateRegistry: { label: string; options: RunOptions } = {
    label: "aws/staging with images from a private registry",
    options: {
        ...stackOptions("aws", "staging"),
        set: { ...stackOptions("aws", "staging").set, orchestratorImage: "registry.acme-corp.net/atlasia/ai-orchestrator" },
        secrets: { llmApiKey, imagePullSecret: dockerConfig },
    },
};

describe("every Kubernetes Secret's data and stringData are secret outputs in Pulumi state", () => {
    for (const stack of [...matrix, privateRegistry, variants.suppliedSecrets]) {
        it(`${stack.label}: every Secret is registered with data and stringData as additional secret outputs`, async () => {
            const run = await runValid(stack.label, stack.options);
            // Not vacuous: the application's Secret and the roles' passwords are among them.
            for (const name of ["atlasia-secrets", "atlasia-postgresql-roles"]) assert.ok(secretNames(run).includes(name), `${name} is registered`);
            assert.deepEqual(unmarkedSecrets(run), []);
        });
    }

    it("covers the CloudNativePG logins of the cloud stacks and the registry credentials", async () => {
        // The committed staging and production stacks run CloudNativePG: its bootstrap and login Secrets.
        const cloud = await runValid(matrix[1].label, matrix[1].options);
        assert.equal(matrix[1].label, "gcp/staging");
        for (const name of ["atlasia-db-owner", "atlasia-db-app"]) assert.ok(secretNames(cloud).includes(name), `${name} is registered`);
        const registry = await runValid(privateRegistry.label, privateRegistry.options);
        assert.ok(secretNames(registry).includes("atlasia-registry"), "the registry's Secret is registered");
        assert.deepEqual(unmarkedSecrets(registry), []);
    });

    it("finds a Secret whose data or stringData would be stored in plain text (the check can fail)", async () => {
        const run = await runValid(matrix[0].label, matrix[0].options);
        const copy = {
            resources: run.resources.map((r) => (r.name === "atlasia-secrets" && r.type === secretType ? { ...r, additionalSecretOutputs: ["data"] } : r)),
        };
        assert.deepEqual(unmarkedSecrets(copy), ["atlasia-secrets"]);
    });
});
