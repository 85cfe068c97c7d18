// Issue 11 items 23 and 26: immutable tags in production, and private registries.
import { strict as assert } from "assert";
import { StackConfigError } from "../config/reader";
import { llmApiKey, stackRun, withOperatorNames } from "./support/runs";
import { settingsFor } from "./support/settings";
import { dockerConfig } from "./support/docker-config";
import { podTemplates, resourceOf, runValid, maybeObject } from "./support/workloads";

const production = (set: Record<string, string>, secrets: Record<string, string> = {}) => ({ stack: "production", set, secrets: { llmApiKey, ...secrets } });

/** The validation problems of a configuration (settings only: no program run). */
async function problemKeys(options: Parameters<typeof stackRun>[0]): Promise<string[]> {
    try {
        await settingsFor(options);
        return [];
    } catch (error) {
        if (error instanceof StackConfigError) return error.problems.map((p) => p.key).sort();
        throw error;
    }
}

describe("issue 11 item 23: production runs immutable image tags", () => {
    it("refuses latest and branch names in production, naming each key", async () => {
        // https://kubernetes.io/docs/concepts/containers/images/#image-names: avoid :latest in production.
        const keys = await problemKeys(production({ orchestratorTag: "latest", frontendTag: "main", greenOrchestratorTag: "stable" }));
        assert.deepEqual(keys, ["atlasia:frontendTag", "atlasia:greenOrchestratorTag", "atlasia:orchestratorTag"]);
        const run = await stackRun(withOperatorNames(production({ orchestratorTag: "latest" })));
        assert.match(run.error!.message, /"latest" is a moving tag; production runs only a version/);
        assert.match(run.error!.message, /fix: pulumi config set --stack production atlasia:orchestratorTag 0\.2\.0/);
    });

    it("refuses a moving tag that only holds a version or a SHA: a version after a channel, a SHA with a suffix", async () => {
        // stable-1.27 follows the 1.27 patches; git describe --dirty marks a build from uncommitted changes.
        for (const tag of ["stable-1.27", "3f9a2c1-dirty"]) {
            assert.deepEqual(await problemKeys(withOperatorNames(production({ orchestratorTag: tag }))), ["atlasia:orchestratorTag"], tag);
        }
    });

    it("a version with SemVer build metadata gets one problem: Docker tags have no '+'; it is not also called a moving tag", async () => {
        // Tag grammar [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}: https://github.com/distribution/reference/blob/main/regexp.go
        const run = await stackRun(withOperatorNames(production({ orchestratorTag: "1.2.10+build.5" })));
        assert.deepEqual(
            (run.error as StackConfigError).problems.map(({ key, message }) => [key, message]),
            [["atlasia:orchestratorTag", '"1.2.10+build.5" is not an image tag.']],
        );
    });

    it("accepts versions and commit SHAs in production, and any tag in staging", async () => {
        for (const tag of ["0.2.0", "v1.4.2-rc.1", "3f9a2c1", "1.0", "10.2.0", "1.27.0"]) {
            assert.deepEqual(await problemKeys(withOperatorNames(production({ orchestratorTag: tag }))), [], tag);
        }
        assert.deepEqual(await problemKeys(withOperatorNames({ stack: "staging", set: { orchestratorTag: "latest" }, secrets: { llmApiKey } })), []);
    });
});

describe("issue 11 item 26: images from private registries", () => {
    it("refuses another cloud's ECR image (its passwords expire after 12 hours)", async () => {
        const keys = await problemKeys(
            withOperatorNames(production({ orchestratorImage: "123456789012.dkr.ecr.us-east-1.amazonaws.com/atlasia/ai-orchestrator" })),
        );
        assert.deepEqual(keys, ["atlasia:orchestratorImage"]);
    });

    it("turns an encrypted imagePullSecret into a dockerconfigjson Secret every Atlasia pod names", async () => {
        const options = production(
            { orchestratorImage: "registry.acme-corp.net/atlasia/ai-orchestrator" },
            { imagePullSecret: dockerConfig("registry.acme-corp.net") },
        );
        const run = await runValid("gcp/production private registry", options);
        const secret = resourceOf(run, "Secret", "atlasia-registry");
        assert.equal(secret.inputs.type, "kubernetes.io/dockerconfigjson");
        assert.ok(
            secret.secretPaths.some((p) => p.startsWith("stringData")),
            "the credentials stay secret-marked",
        );
        for (const t of podTemplates(run).filter((t) => t.owner.startsWith("Deployment/"))) {
            assert.deepEqual(t.spec.imagePullSecrets, [{ name: "atlasia-registry" }], t.owner);
        }
        const plain = await runValid("gcp/production", withOperatorNames(production({})));
        assert.equal(maybeObject(plain, "Secret", "atlasia-registry"), undefined);
    });

    it("refuses a pull secret that is not a .dockerconfigjson or lacks the image's registry", async () => {
        const image = { orchestratorImage: "registry.acme-corp.net/atlasia/ai-orchestrator" };
        assert.deepEqual(await problemKeys(withOperatorNames(production(image, { imagePullSecret: "not json" }))), [
            "atlasia:imagePullSecret",
            "atlasia:imagePullSecret",
        ]);
        assert.deepEqual(await problemKeys(withOperatorNames(production(image, { imagePullSecret: dockerConfig("other.example.net") }))), [
            "atlasia:imagePullSecret",
        ]);
    });
});
