// Which image hosts are each cloud's own registry (config/images.ts cloudRegistries), seen where a user
// sees it: a pull secret only for registries the nodes cannot read themselves, and ECR refused on the
// other clouds. Each pattern holds at both ends: a host that only contains a registry's name is another
// registry.
import { strict as assert } from "assert";
import type { ConfigProblem } from "../config/reader";
import { Cloud, stackOptions, withConfig, withSecrets } from "./support/runs";
import { configProblems } from "./support/settings";

const dockerConfig = (host: string) =>
    JSON.stringify({ auths: { [host]: { username: "robot", password: "registry-password-Lk3Jh5Gf7", auth: "cm9ib3Q6eA==" } } });

/** Production on a cloud with both images from one host, and a pull secret for another. */
function bothImagesFrom(cloud: Cloud, host: string, pullSecretFor: string) {
    const images = { orchestratorImage: `${host}/atlasia/ai-orchestrator`, frontendImage: `${host}/atlasia/frontend` };
    const gcpProject: Record<string, string> = cloud === "gcp" ? { "gcp:project": "my-project-123" } : {};
    return withSecrets(withConfig(stackOptions(cloud, "production"), { ...gcpProject, ...images }), { imagePullSecret: dockerConfig(pullSecretFor) });
}

const unusedPullSecret = (host: string): ConfigProblem => ({
    key: "atlasia:imagePullSecret",
    message: `has credentials for ${host}, but no image comes from there (only the cloud's own registry).`,
    fix: "pulumi config set --stack production --secret atlasia:imagePullSecret",
});

// Hosts: Artifact Registry and Container Registry (https://cloud.google.com/artifact-registry/docs/docker/names,
// https://cloud.google.com/container-registry/docs/overview#registries); ECR's registry endpoints by region
// (https://docs.aws.amazon.com/general/latest/gr/ecr.html: dkr.ecr, dkr.ecr-fips, dkr-ecr … on.aws) and the
// kubelet's ECR credential provider's pattern (kubernetes/cloud-provider-aws cmd/ecr-credential-provider);
// ACR login servers, <name>.azurecr.io (https://learn.microsoft.com/en-us/azure/container-registry/container-registry-get-started-portal).
const ownRegistries: [Cloud, string[]][] = [
    ["gcp", ["europe-west4-docker.pkg.dev", "gcr.io", "eu.gcr.io"]],
    [
        "aws",
        [
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
            "123456789012.dkr.ecr-fips.us-east-1.amazonaws.com",
            "123456789012.dkr-ecr.us-east-1.on.aws",
            "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn",
        ],
    ],
    ["azure", ["atlasiaprod.azurecr.io"]],
];
const lookalikes: [Cloud, string[]][] = [
    ["gcp", ["acme-gcr.io", "gcr.io.acme-corp.net", "europe-west4-docker.pkg.dev.acme-corp.net", "mirror.acme.gcr.io"]],
    ["aws", ["1234567890123.dkr.ecr.us-east-1.amazonaws.com", "123456789012.dkr.ecr.us-east-1.amazonaws.com.acme-corp.net"]],
    ["azure", ["mirror.atlasiaprod.azurecr.io", "atlasiaprod.azurecr.io.acme-corp.net"]],
];

describe("each cloud's own image registry, by host (config/images.ts cloudRegistries)", function () {
    this.timeout(30000);

    for (const [cloud, hosts] of ownRegistries) {
        for (const host of hosts) {
            it(`${cloud}: ${host} is read by the nodes, so a pull secret only for another registry is unused`, async () => {
                assert.deepEqual(await configProblems(bothImagesFrom(cloud, host, "registry.acme-corp.net")), [unusedPullSecret("registry.acme-corp.net")]);
            });
        }
    }

    for (const [cloud, hosts] of lookalikes) {
        for (const host of hosts) {
            it(`${cloud}: ${host} only contains a registry's name: another registry, which the pull secret for it covers`, async () => {
                assert.deepEqual(await configProblems(bothImagesFrom(cloud, host, host)), []);
            });
        }
    }

    it("ECR in any of its forms is refused on the other clouds (its passwords expire after 12 hours)", async () => {
        for (const cloud of ["gcp", "azure"] as const) {
            for (const host of ownRegistries.find(([c]) => c === "aws")![1]) {
                const problems = await configProblems(bothImagesFrom(cloud, host, "registry.acme-corp.net"));
                assert.deepEqual(
                    problems.filter((p) => p.key !== "atlasia:imagePullSecret").map(({ key, message }) => [key, message]),
                    ["atlasia:orchestratorImage", "atlasia:frontendImage"].map((key) => [
                        key,
                        `${host} is ECR, whose passwords expire after 12 hours; on ${cloud} an image pull secret cannot keep working. Mirror the image to this cloud's registry or another registry.`,
                    ]),
                    `${cloud} ${host}`,
                );
            }
        }
    });
});
