// config/load.ts's patterns at the edges of the grammars they stand for (issue 13: the static mutants of
// config/load.ts that survived), each edge a value the platform accepts or refuses:
// - GCP regions end in a number of one or more digits: europe-west10 (Berlin), europe-west12 (Turin)
//   (https://cloud.google.com/compute/docs/regions-zones); machine families have two to four characters
//   before the first hyphen (e2, n2d, c4a: https://cloud.google.com/compute/docs/machine-resource).
// - Host names: labels of 1 to 63 letters, digits and hyphens, neither first nor last a hyphen, at most 253
//   characters in all (RFC 1123 section 2.1, RFC 1035 section 2.3.4); IDN labels are punycode (xn--, RFC 3492).
// - Image references: the registry host is optional (Docker Hub), and a host is not a path component (a host
//   may hold "--"); a tag is 1 to 128 word characters, dots and hyphens, not starting with . or -
//   (github.com/distribution/reference, regexp.go).
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { configProblems } from "./support/settings";

const secrets = { llmApiKey: "sk-test" };
const gcpProduction = (set: Record<string, string>): RunOptions => ({ stack: "production", secrets, set: { "gcp:project": "my-project-123", ...set } });
const awsStaging = (set: Record<string, string>): RunOptions => ({
    stack: "staging",
    secrets,
    set: { cloud: "aws", clusterAdminIncludeDeployer: "true", ...set },
});

const problemsOf = async (options: RunOptions) => (await configProblems(options)).map(({ key, message }) => [key, message]);

describe("config/load.ts patterns at their grammars' edges", function () {
    this.timeout(30000);

    it("GCP regions numbered with two digits are regions", async () => {
        for (const region of ["europe-west10", "europe-west12"]) assert.deepEqual(await problemsOf(gcpProduction({ region })), [], region);
    });

    it("AWS regions numbered with two digits are regions, as the SDKs' partitions.json writes them (-\\d+$)", async () => {
        // No region has two digits yet; the grammar allows them (aws-sdk-js-v3 util-endpoints partitions.json regionRegex).
        assert.deepEqual(await problemsOf(awsStaging({ region: "ap-southeast-10" })), []);
    });

    it("GCP machine types whose family has three or four characters are machine types", async () => {
        for (const nodeMachineType of ["n2d-standard-8", "c4a-standard-8"])
            assert.deepEqual(await problemsOf(gcpProduction({ nodeMachineType, nodeCpus: "8", nodeMemoryGib: "32" })), [], nodeMachineType);
    });

    describe("the domain", () => {
        const label63 = "a".repeat(63);
        // Four 63-character labels and their dots are 255 characters; trimmed to 253 and 254.
        const atLength = (length: number) => `${label63}.${label63}.${label63}.${label63}`.slice(-length).replace(/^[.-]+/, "b");

        it("labels of one character are labels, first or inside", async () => {
            for (const domain of ["x.atlasia.io", "app.x.atlasia.io"]) assert.deepEqual(await problemsOf(gcpProduction({ domain })), [], domain);
        });

        it("253 characters is a host name, 254 is not", async () => {
            assert.equal(atLength(253).length, 253);
            assert.deepEqual(await problemsOf(gcpProduction({ domain: atLength(253) })), []);
            const tooLong = atLength(254);
            assert.equal(tooLong.length, 254);
            assert.deepEqual(await problemsOf(gcpProduction({ domain: tooLong })), [
                ["atlasia:domain", `"${tooLong}" is not a host name such as atlasia.example.com.`],
            ]);
        });

        it("a label that starts with a hyphen is refused, though the rest is a host name", async () => {
            assert.deepEqual(await problemsOf(gcpProduction({ domain: "-app.atlasia.io" })), [
                ["atlasia:domain", '"-app.atlasia.io" is not a host name such as atlasia.example.com.'],
            ]);
        });
    });

    describe("the ACME e-mail", () => {
        it("a domain of one-character labels or of more than two labels is an e-mail domain", async () => {
            for (const acmeEmail of ["ops@x.atlasia.io", "ops@mail.eu.atlasia.io", "ops@eu.x.atlasia.io"])
                assert.deepEqual(await problemsOf(gcpProduction({ acmeEmail })), [], acmeEmail);
        });

        it('text around the address is refused: "ops team@…" and "ops@…>" (pasted from a To: line)', async () => {
            for (const acmeEmail of ["ops team@atlasia.io", "ops@atlasia.io>"])
                assert.deepEqual(
                    await problemsOf(gcpProduction({ acmeEmail })),
                    [["atlasia:acmeEmail", `"${acmeEmail}" is not an e-mail address.`]],
                    acmeEmail,
                );
        });
    });

    describe("image references", () => {
        it("a repository of one component or without a registry host (Docker Hub), or with an IDN host, is a repository", async () => {
            for (const orchestratorImage of ["ai-orchestrator", "atlasia/ai-orchestrator", "registry.xn--mnchen-3ya.de/atlasia/ai-orchestrator"])
                assert.deepEqual(await problemsOf(awsStaging({ orchestratorImage })), [], orchestratorImage);
        });

        it("a tag of one character is a tag", async () => {
            assert.deepEqual(await problemsOf(awsStaging({ orchestratorTag: "7" })), []);
        });
    });
});
