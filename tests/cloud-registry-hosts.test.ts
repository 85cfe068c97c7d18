// Which images the nodes' own identity reads (config/images.ts readByNodes), seen where a user sees it:
// a pull secret only for registries the nodes cannot read, and ECR refused where no node role reads it.
// GKE reads Artifact Registry in the stack's project, EKS reads ECR in the stack's partition, AKS the one
// registry atlasia:aksAcrResourceId names; a host that only contains a registry's name is another registry.
import { strict as assert } from "assert";
import type { ConfigProblem } from "../config/reader";
import { Cloud, stackOptions, validStackRun, withConfig, withSecrets } from "./support/runs";
import { configProblems, settingsFor } from "./support/settings";
import { dockerConfig } from "./support/docker-config";

const gcpProject = "my-project-123";
const acrResourceId =
    "/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/registry-rg/providers/Microsoft.ContainerRegistry/registries/AtlasiaProd";

/** Production on a cloud with both images under one prefix (host and path), and a pull secret for a host. */
function bothImagesFrom(cloud: Cloud, prefix: string, pullSecretFor: string, set: Record<string, string> = {}) {
    const images = { orchestratorImage: `${prefix}/ai-orchestrator`, frontendImage: `${prefix}/frontend` };
    const project: Record<string, string> = cloud === "gcp" ? { "gcp:project": gcpProject } : {};
    return withSecrets(withConfig(stackOptions(cloud, "production"), { ...project, ...images, ...set }), { imagePullSecret: dockerConfig(pullSecretFor) });
}

const unusedPullSecret = (host: string): ConfigProblem => ({
    key: "atlasia:imagePullSecret",
    message: `has credentials for ${host}, but no image comes from there (only the cloud's own registry).`,
    fix: "pulumi config set --stack production --secret atlasia:imagePullSecret",
});

// Hosts: Artifact Registry <location>-docker.pkg.dev/<project>/<repository> and its gcr.io repositories
// (https://cloud.google.com/artifact-registry/docs/docker/names, …/docs/transition/gcr-repositories); ECR's
// registry endpoints (https://docs.aws.amazon.com/general/latest/gr/ecr.html: dkr.ecr, dkr.ecr-fips,
// dkr-ecr … on.aws); ACR login servers <name in lower case>.azurecr.io.
const readByNodes: [Cloud, string[], Record<string, string>][] = [
    ["gcp", [`europe-west4-docker.pkg.dev/${gcpProject}/apps`, `us-docker.pkg.dev/${gcpProject}/apps`, `gcr.io/${gcpProject}`, `eu.gcr.io/${gcpProject}`], {}],
    [
        "aws",
        [
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/atlasia",
            "123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/atlasia",
            "123456789012.dkr-ecr.us-east-1.on.aws/atlasia",
        ],
        {},
    ],
    ["azure", ["atlasiaprod.azurecr.io/atlasia"], { aksAcrResourceId: acrResourceId }],
];
const otherRegistries: [Cloud, string[], Record<string, string>][] = [
    [
        "gcp",
        [
            "europe-west4-docker.pkg.dev/another-project/apps", // the node service account reads its own project only
            `mirror.gcr.io/${gcpProject}`, // Google's Docker Hub cache, not a gcr.io repository, whatever the path
            "acme-gcr.io/atlasia",
            // The stack's project in the path: only the host tells these apart from the project's own registry.
            `gcr.io.acme-corp.net/${gcpProject}`,
            `europe-west4-docker.pkg.dev.acme-corp.net/${gcpProject}/apps`,
        ],
        {},
    ],
    ["aws", ["1234567890123.dkr.ecr.us-east-1.amazonaws.com/atlasia", "123456789012.dkr.ecr.us-east-1.amazonaws.com.acme-corp.net/atlasia"], {}],
    [
        "azure",
        ["vendor.azurecr.io/atlasia", "mirror.atlasiaprod.azurecr.io/atlasia", "atlasiaprod.azurecr.io.acme-corp.net/atlasia"],
        { aksAcrResourceId: acrResourceId },
    ],
    // Without atlasia:aksAcrResourceId the kubelet identity has no pull role anywhere.
    ["azure", ["atlasiaprod.azurecr.io/atlasia"], {}],
    // A local cluster's nodes (kind, minikube) have no cloud identity, not even for a cloud's registry.
    ["local", ["registry.acme-corp.net/atlasia", "localhost:5001/atlasia", `europe-west4-docker.pkg.dev/${gcpProject}/apps`], {}],
];

describe("the registries the nodes read themselves (config/images.ts readByNodes)", function () {
    this.timeout(30000);

    for (const [cloud, prefixes, set] of readByNodes) {
        for (const prefix of prefixes) {
            it(`${cloud}: ${prefix} is read by the nodes, so a pull secret only for another registry is unused`, async () => {
                assert.deepEqual(await configProblems(bothImagesFrom(cloud, prefix, "registry.acme-corp.net", set)), [
                    unusedPullSecret("registry.acme-corp.net"),
                ]);
            });
        }
    }

    for (const [cloud, prefixes, set] of otherRegistries) {
        for (const prefix of prefixes) {
            const unnamedAcr = cloud === "azure" && !set.aksAcrResourceId ? " without aksAcrResourceId" : "";
            it(`${cloud}${unnamedAcr}: ${prefix} is another registry: a pull secret for it is not refused as unused`, async () => {
                const host = prefix.split("/")[0];
                assert.deepEqual(await configProblems(bothImagesFrom(cloud, prefix, host, set)), []);
            });
        }
    }

    describe("ECR no node role reads: refused, its passwords expire after 12 hours", () => {
        const ecrProblems = async (cloud: Cloud, host: string, set: Record<string, string> = {}) =>
            (await configProblems(bothImagesFrom(cloud, `${host}/atlasia`, "registry.acme-corp.net", set)))
                .filter((p) => p.key !== "atlasia:imagePullSecret")
                .map(({ key, message }) => [key, message]);
        const refused = (host: string, where: string) =>
            ["atlasia:orchestratorImage", "atlasia:frontendImage"].map((key) => [
                key,
                `${host} is ECR, whose passwords expire after 12 hours; ${where} an image pull secret cannot keep working. Mirror the image to this cloud's registry or another registry.`,
            ]);

        it("on GKE and AKS, in every form", async () => {
            const hosts = [
                "123456789012.dkr.ecr.us-east-1.amazonaws.com",
                "123456789012.dkr.ecr-fips.us-east-1.amazonaws.com",
                "123456789012.dkr-ecr.us-east-1.on.aws",
                "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn",
            ];
            for (const cloud of ["gcp", "azure"] as const) {
                for (const host of hosts) assert.deepEqual(await ecrProblems(cloud, host), refused(host, `on ${cloud}`), `${cloud} ${host}`);
            }
        });

        it("on EKS, in another partition: partitions share no IAM (China, GovCloud, the Sovereign Cloud, the isolated ones from us-east-1)", async () => {
            // https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html; each partition's
            // ECR endpoint suffix: https://docs.aws.amazon.com/general/latest/gr/ecr.html and the SDKs' partitions.json (dnsSuffix).
            const hosts = [
                "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn",
                "123456789012.dkr-ecr.cn-northwest-1.on.amazonwebservices.com.cn",
                "123456789012.dkr.ecr.us-gov-west-1.amazonaws.com",
                "123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu",
                "123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov",
                "123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov",
                "123456789012.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk",
                "123456789012.dkr.ecr.us-isof-south-1.csp.hci.ic.gov",
                // Their dual-stack hosts (renovatebot/renovate lib/modules/datasource/docker/ecr.ts).
                "123456789012.dkr-ecr.eusc-de-east-1.on.amazonwebservices.eu",
                "123456789012.dkr-ecr.us-iso-east-1.on.aws.ic.gov",
                "123456789012.dkr-ecr.us-isob-east-1.on.aws.scloud",
                "123456789012.dkr-ecr.eu-isoe-west-1.on.cloud-aws.adc-e.uk",
                "123456789012.dkr-ecr.us-isof-south-1.on.aws.hci.ic.gov",
            ];
            for (const host of hosts) assert.deepEqual(await ecrProblems("aws", host), refused(host, "in another partition than us-east-1's nodes"), host);
        });

        it("on EKS in GovCloud: its own partition's ECR is read, the commercial partition's is refused", async () => {
            const govCloud = { region: "us-gov-west-1" };
            const readByGovNodes = await configProblems(
                bothImagesFrom("aws", "123456789012.dkr.ecr.us-gov-east-1.amazonaws.com/atlasia", "registry.acme-corp.net", govCloud),
            );
            assert.deepEqual(readByGovNodes, [unusedPullSecret("registry.acme-corp.net")]);
            const commercial = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
            assert.deepEqual(await ecrProblems("aws", commercial, govCloud), refused(commercial, "in another partition than us-gov-west-1's nodes"));
        });
    });
    describe("ECR Public: a pull secret entry its images would use is refused, its tokens expire after 12 hours", () => {
        // https://docs.aws.amazon.com/AmazonECR/latest/public/public-registry-auth.html; the kubelet pulls anonymously
        // only when no pull secret entry matches (kubernetes pkg/kubelet/images/image_manager.go); pull hosts:
        // public.ecr.aws and dual-stack ecr-public.aws.com (…/AmazonECR/latest/public/public-ecr-requests.html).
        const expiring = (host: string): ConfigProblem => ({
            key: "atlasia:imagePullSecret",
            message:
                `has credentials for ${host} (ECR Public), whose tokens expire after 12 hours; after that every pull of its images fails (ImagePullBackOff): the kubelet does not fall back to an anonymous pull. ` +
                "Remove that entry (ECR Public pulls without credentials, up to 500 GB a month), or mirror the images into a registry the nodes read themselves (on EKS, an ECR pull-through cache rule with ECR Public upstream).",
            fix: "pulumi config set --stack production --secret atlasia:imagePullSecret",
        });
        const imagesFrom = (cloud: Cloud, orchestratorImage: string, frontendImage: string, ...pullSecretFor: string[]) =>
            withSecrets(withConfig(stackOptions(cloud, "production"), { orchestratorImage, frontendImage }), {
                imagePullSecret: dockerConfig(...pullSecretFor),
            });

        for (const cloud of ["gcp", "aws", "azure"] as const) {
            for (const host of ["public.ecr.aws", "ecr-public.aws.com"]) {
                it(`${cloud}: images from ${host} with a pull secret for it`, async () => {
                    assert.deepEqual(await configProblems(bothImagesFrom(cloud, `${host}/atlasia`, host)), [expiring(host)]);
                });
            }
        }

        it("one image from ECR Public among other registries' credentials, written as a URL as docker login writes some", async () => {
            const options = imagesFrom(
                "aws",
                "registry.acme-corp.net/atlasia/ai-orchestrator",
                "public.ecr.aws/atlasia/frontend",
                "registry.acme-corp.net",
                "https://public.ecr.aws",
            );
            assert.deepEqual(await configProblems(options), [expiring("public.ecr.aws")]);
        });

        it("a shared pull secret's ECR Public entry no image uses is harmless: the kubelet never reads it", async () => {
            const options = imagesFrom(
                "aws",
                "registry.acme-corp.net/atlasia/ai-orchestrator",
                "registry.acme-corp.net/atlasia/frontend",
                "registry.acme-corp.net",
                "public.ecr.aws",
            );
            assert.deepEqual(await configProblems(options), []);
        });

        it("images from public.ecr.aws without a pull secret are fine: they pull anonymously", async () => {
            const options = withConfig(stackOptions("aws", "production"), {
                orchestratorImage: "public.ecr.aws/atlasia/ai-orchestrator",
                frontendImage: "public.ecr.aws/atlasia/frontend",
            });
            assert.deepEqual(await configProblems(options), []);
        });
    });
    describe("AKS: an ACR image this program grants no pull role on and no pull secret covers is warned about", () => {
        // The program gives the kubelet identity pull roles on the registry atlasia:aksAcrResourceId names only;
        // another ACR's image pulls only with a role granted by hand or with anonymous pull on
        // (https://learn.microsoft.com/en-us/azure/container-registry/anonymous-pull-access). Hashed (domain name
        // label scope) login servers may belong to another owner of the same registry name, so only the named
        // registry's own login server counts (MicrosoftDocs azure-docs, container-registry DNL quickstart).
        const acrImages = (orchestratorImage: string) => ({ orchestratorImage, frontendImage: "docker.io/atlasia/frontend" });
        const fromAtlasiaProd = acrImages("atlasiaprod.azurecr.io/atlasia/ai-orchestrator");
        const pullSecretFix = "(pulumi config set --stack production --secret atlasia:imagePullSecret).";
        const noneNamed =
            "orchestratorImage comes from atlasiaprod.azurecr.io, and aksAcrResourceId is not set, so this program grants the kubelet identity no pull role on it, " +
            "and no imagePullSecret entry covers it: it pulls only with a role granted outside this program or with the registry's anonymous pull on. " +
            "Name the registry (pulumi config set --stack production atlasia:aksAcrResourceId " +
            "'/subscriptions/<subscription ID>/resourceGroups/<resource group>/providers/Microsoft.ContainerRegistry/registries/<registry name>') " +
            `or add a pull secret for it ${pullSecretFix}`;
        const showLoginServer = `az resource show --ids '${acrResourceId}' --query properties.loginServer -o tsv`;
        const anotherThanNamed = (host: string) =>
            `orchestratorImage comes from ${host}, not the registry aksAcrResourceId names (atlasiaprod), so this program grants the kubelet identity no pull role on it, ` +
            "and no imagePullSecret entry covers it: it pulls only with a role granted outside this program or with the registry's anonymous pull on. " +
            `Pull from the named registry's login server (atlasiaprod.azurecr.io, or its hashed one if created with a domain name label: ${showLoginServer}) ` +
            `or add a pull secret for it ${pullSecretFix}`;
        // A DNL login server is <name>-<hash>.azurecr.io (Azure/azure-cli#30404), a geo-replica's regional one
        // <name>.<region>.geo.azurecr.io; the kubelet sends them credentials only with kubernetes-sigs/cloud-provider-azure#10720
        // and Azure/AgentBaker#8994 (matchImages needs *.*.geo.azurecr.io: URLsMatch compares label counts).
        const namedRegistryOtherServer = (host: string) =>
            `orchestratorImage comes from ${host}, which looks like a hashed (domain name label) or regional login server of atlasiaprod, the registry aksAcrResourceId names, ` +
            "and no imagePullSecret entry covers it: if it is that registry's, the kubelet identity has the pull roles, but the kubelet sends it credentials only where the node's ACR credential provider has " +
            "kubernetes-sigs/cloud-provider-azure#10720 and, for a regional host, /var/lib/kubelet/credential-provider-config.yaml matches *.*.geo.azurecr.io (Azure/AgentBaker#8994); " +
            `otherwise the pull fails unless anonymous pull is on. Check the registry's login server (${showLoginServer}) and a node, or add a pull secret for it ${pullSecretFix}`;
        const acrWarnings = async (options: ReturnType<typeof stackOptions>) => (await settingsFor(options)).warnings.filter((w) => w.includes("azurecr."));
        const production = (cloud: Cloud, set: Record<string, string>, pullSecretFor?: string) => {
            const options = withConfig(stackOptions(cloud, "production"), set);
            return pullSecretFor ? withSecrets(options, { imagePullSecret: dockerConfig(pullSecretFor) }) : options;
        };

        it("logged by the program's run when no registry is named, for the ACR image only", async () => {
            const run = await validStackRun(production("azure", fromAtlasiaProd));
            assert.deepEqual(
                run.warnings.filter((w) => w.includes("azurecr.")),
                [noneNamed],
            );
        });

        const fromHost = (host: string) =>
            acrWarnings(production("azure", { ...acrImages(`${host}/atlasia/ai-orchestrator`), aksAcrResourceId: acrResourceId }));

        it("when the image comes from another registry than the named one, sovereign clouds' and names that only start alike too", async () => {
            for (const host of [
                "vendor.azurecr.io",
                "atlasiaprod.azurecr.cn",
                "atlasiaprod2.azurecr.io",
                "xatlasiaprod-e7ggejfuhzhgedc8.azurecr.io",
                "atlasiaprod.westeurope.azurecr.io",
            ]) {
                assert.deepEqual(await fromHost(host), [anotherThanNamed(host)], host);
            }
        });

        it("when the image comes from what looks like the named registry's hashed or regional login server, naming the node-image fixes", async () => {
            // A DNL hash as Microsoft's example writes it (16 characters), a geo-replica's regional endpoint, both.
            for (const host of [
                "atlasiaprod-e7ggejfuhzhgedc8.azurecr.io",
                "atlasiaprod.westeurope.geo.azurecr.io",
                "atlasiaprod-e7ggejfuhzhgedc8.westeurope.geo.azurecr.io",
            ]) {
                assert.deepEqual(await fromHost(host), [namedRegistryOtherServer(host)], host);
            }
        });

        it("still when the pull secret is for another registry only", async () => {
            const options = production("azure", { ...fromAtlasiaProd, frontendImage: "registry.acme-corp.net/atlasia/frontend" }, "registry.acme-corp.net");
            assert.deepEqual(await acrWarnings(options), [noneNamed]);
        });

        it("not for the named registry's login server, with a pull secret for it, or on another cloud", async () => {
            assert.deepEqual(await acrWarnings(production("azure", { ...fromAtlasiaProd, aksAcrResourceId: acrResourceId })), []);
            assert.deepEqual(await acrWarnings(production("azure", fromAtlasiaProd, "atlasiaprod.azurecr.io")), []);
            assert.deepEqual(await acrWarnings(production("gcp", { ...fromAtlasiaProd, "gcp:project": gcpProject })), []);
            const underAnotherDomain = acrImages("atlasiaprod.azurecr.io.acme-corp.net/atlasia/ai-orchestrator");
            assert.deepEqual(await acrWarnings(production("azure", underAnotherDomain)), [], "a host that only contains an ACR name is no ACR");
        });
    });
});
