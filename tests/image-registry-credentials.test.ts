// Which registry an image comes from, and whether the image pull secret covers it (issue 11 item 26,
// pinned for issue 13): the host rule of image references, every problem message in full, and the
// forms a .dockerconfigjson writes a registry's key in.
import { strict as assert } from "assert";
import { registryHost } from "../config/images";
import type { ConfigProblem } from "../config/reader";
import { llmApiKey } from "./support/runs";
import { configProblems } from "./support/settings";
import { dockerConfig } from "./support/docker-config";

const production = (set: Record<string, string>, imagePullSecret?: string) => ({
    stack: "production",
    set: { "gcp:project": "my-project-123", ...set },
    secrets: { llmApiKey, ...(imagePullSecret === undefined ? {} : { imagePullSecret }) },
});

const pullSecretFix = "pulumi config set --stack production --secret atlasia:imagePullSecret";
const pullSecretProblem = (message: string): ConfigProblem => ({ key: "atlasia:imagePullSecret", message, fix: pullSecretFix });

describe("image registries and their credentials", function () {
    this.timeout(30000);

    describe("the registry host of an image reference", () => {
        // The first path component is a registry host only when the reference has a path and that component
        // has a "." or a ":" or is localhost; otherwise the image is on Docker Hub
        // (splitDockerDomain, https://github.com/distribution/reference/blob/main/normalize.go).
        for (const [reference, host] of [
            ["atlasia/ai-orchestrator", "docker.io"],
            ["nginx", "docker.io"],
            ["registry.acme-corp.net", "docker.io"],
            ["registry.acme-corp.net/atlasia/ai-orchestrator", "registry.acme-corp.net"],
            ["mirror:5000/atlasia/frontend", "mirror:5000"],
            ["localhost/atlasia/frontend", "localhost"],
            ["localhost:5000/atlasia/frontend", "localhost:5000"],
            ["local/atlasia-frontend", "docker.io"],
        ]) {
            it(`${reference}: ${host}`, () => assert.equal(registryHost(reference), host));
        }
    });

    describe("a pull secret that cannot be used, in full", () => {
        const image = { orchestratorImage: "registry.acme-corp.net/atlasia/ai-orchestrator" };

        it("not JSON: not a .dockerconfigjson, and no registry under auths", async () => {
            assert.deepEqual(await configProblems(production(image, "not json")), [
                pullSecretProblem(
                    'is not a .dockerconfigjson document ({"auths": {...}}); create one with kubectl create secret docker-registry --dry-run=client -o json.',
                ),
                pullSecretProblem('has no registry under "auths".'),
            ]);
        });

        it("an empty auths: no registry under auths", async () => {
            assert.deepEqual(await configProblems(production(image, '{"auths": {}}')), [pullSecretProblem('has no registry under "auths".')]);
        });

        it("credentials for other registries: both named, and every registry the images come from", async () => {
            const images = { orchestratorImage: "registry.acme-corp.net/atlasia/ai-orchestrator", frontendImage: "mirror.acme-corp.net/atlasia/frontend" };
            assert.deepEqual(await configProblems(production(images, dockerConfig("a.example.net", "b.example.net"))), [
                pullSecretProblem(
                    "has credentials for a.example.net, b.example.net, but no image comes from there (registry.acme-corp.net, mirror.acme-corp.net).",
                ),
            ]);
        });

        it("every image in the cloud's own registry: the pull secret is for nothing", async () => {
            const images = {
                orchestratorImage: "us-central1-docker.pkg.dev/my-project-123/apps/ai-orchestrator",
                frontendImage: "us-central1-docker.pkg.dev/my-project-123/apps/frontend",
            };
            assert.deepEqual(await configProblems(production(images, dockerConfig("registry.acme-corp.net"))), [
                pullSecretProblem("has credentials for registry.acme-corp.net, but no image comes from there (only the cloud's own registry)."),
            ]);
        });
    });

    describe("ECR from another cloud", () => {
        it("is refused in full: its passwords expire after 12 hours", async () => {
            // https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html: an authorization token is valid for 12 hours.
            assert.deepEqual(await configProblems(production({ orchestratorImage: "123456789012.dkr.ecr.us-east-1.amazonaws.com/atlasia/ai-orchestrator" })), [
                {
                    key: "atlasia:orchestratorImage",
                    message:
                        "123456789012.dkr.ecr.us-east-1.amazonaws.com is ECR, whose passwords expire after 12 hours; on gcp an image pull secret cannot keep working. Mirror the image to this cloud's registry or another registry.",
                    fix: "pulumi config set --stack production atlasia:orchestratorImage registry.example.com/atlasia/ai-orchestrator",
                },
            ]);
        });
    });

    describe("the keys a .dockerconfigjson names a registry by", () => {
        it("a host, or a URL with http or https and a path, covers that host", async () => {
            const image = { orchestratorImage: "registry.acme-corp.net/atlasia/ai-orchestrator" };
            for (const key of ["registry.acme-corp.net", "https://registry.acme-corp.net", "http://registry.acme-corp.net/v2/"]) {
                assert.deepEqual(await configProblems(production(image, dockerConfig(key))), [], key);
            }
        });

        it("Docker Hub's legacy key https://index.docker.io/v1/ covers images from Docker Hub", async () => {
            // `docker login` writes Docker Hub's credentials under https://index.docker.io/v1/ (docker/cli config file).
            assert.deepEqual(await configProblems(production({}, dockerConfig("https://index.docker.io/v1/"))), []);
        });

        it("a scheme counts only at the start, and only index.docker.io itself is Docker Hub", async () => {
            for (const [key, repository] of [
                ["xhttps://registry.acme-corp.net", "xregistry.acme-corp.net/atlasia/ai-orchestrator"],
                ["index.docker.io.acme-corp.net", "docker.io.acme-corp.net/atlasia/ai-orchestrator"],
                ["myindex.docker.io", "mydocker.io/atlasia/ai-orchestrator"],
            ]) {
                const problems = await configProblems(production({ orchestratorImage: repository }, dockerConfig(key)));
                assert.deepEqual(
                    problems.map((p) => p.message),
                    [`has credentials for ${key.split("/")[0]}, but no image comes from there (${repository.split("/")[0]}, docker.io).`],
                    key,
                );
            }
        });
    });
});
