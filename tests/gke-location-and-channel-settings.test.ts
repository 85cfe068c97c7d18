// Where a GKE cluster runs and how it is upgraded, as config/gcp.ts reads them: the development
// zone must be a zone of atlasia:region, gcp:region and gcp:zone are accepted only where they agree
// with what the program uses, the release channel is one of GKE's, and a bad cluster name is
// reported once, with the fix an operator pastes.
import { strict as assert } from "assert";
import { configProblems, settingsFor } from "./support/settings";
import type { RunOptions } from "../harness/run";

const secrets = { llmApiKey: "sk-test" };
const gcpDevelopment = (set: Record<string, string> = {}): RunOptions => ({
    stack: "dev",
    secrets,
    set: { cloud: "gcp", "gcp:project": "my-project-123", ...set },
});
const gcpProduction = (set: Record<string, string> = {}): RunOptions => ({ stack: "production", secrets, set: { "gcp:project": "my-project-123", ...set } });

describe("GKE location, release channel and cluster name settings (config/gcp.ts)", function () {
    this.timeout(30000);

    describe("atlasia:gkeZone: the region followed by one zone letter", () => {
        // https://cloud.google.com/compute/docs/regions-zones: a zone is named <region>-<letter>, e.g. us-central1-a.
        const zoneProblem = (zone: string, region = "us-central1") => ({
            key: "atlasia:gkeZone",
            message: `"${zone}" is not a zone of region ${region} (such as ${region}-b).`,
            fix: `pulumi config set --stack dev atlasia:gkeZone ${region}-b`,
        });

        it("accepts another zone of the region and places the development cluster there", async () => {
            assert.equal((await settingsFor(gcpDevelopment({ gkeZone: "us-central1-f" }))).gcp.zone, "us-central1-f");
            assert.equal((await settingsFor(gcpDevelopment())).gcp.zone, "us-central1-b", "unset: <region>-b");
        });

        it("refuses a zone with two letters after the region, or a digit before the letter", async () => {
            for (const zone of ["us-central1-bb", "us-central1-1b"]) {
                assert.deepEqual(await configProblems(gcpDevelopment({ gkeZone: zone })), [zoneProblem(zone)], zone);
            }
        });

        it("refuses a zone of another region, even one whose name has the same length", async () => {
            // asia-south1-a is a real zone (Mumbai); it is as long as us-central1-b, so only the region tells them apart.
            for (const zone of ["asia-south1-a", "europe-west1-b"]) {
                assert.deepEqual(await configProblems(gcpDevelopment({ gkeZone: zone })), [zoneProblem(zone)], zone);
            }
        });

        it("refuses a zone on a regional (production) cluster, with the command that removes it", async () => {
            assert.deepEqual(await configProblems(gcpProduction({ gkeZone: "us-central1-c" })), [
                {
                    key: "atlasia:gkeZone",
                    message: "a production cluster is regional (config/sizing.ts gkeLocationKinds); gkeZone applies to development only.",
                    fix: "pulumi config rm --stack production atlasia:gkeZone",
                },
            ]);
            // Removed, the key has its declared default, which a regional cluster accepts.
            assert.deepEqual(await configProblems(gcpProduction({})), []);
        });
    });

    describe("gcp:region and gcp:zone, which the explicit provider does not read", () => {
        it("accepts a gcp:region equal to atlasia:region and a gcp:zone equal to the development zone", async () => {
            assert.deepEqual(await configProblems(gcpProduction({ "gcp:region": "us-central1" })), []);
            assert.deepEqual(await configProblems(gcpDevelopment({ "gcp:zone": "us-central1-b" })), [], "the default zone");
            assert.deepEqual(await configProblems(gcpDevelopment({ gkeZone: "us-central1-f", "gcp:zone": "us-central1-f" })), []);
        });

        it("refuses a different gcp:region and gcp:zone together, each with its own fix", async () => {
            assert.deepEqual(await configProblems(gcpDevelopment({ "gcp:region": "europe-west1", "gcp:zone": "us-central1-c" })), [
                {
                    key: "gcp:region",
                    message: '"europe-west1" differs from atlasia:region (us-central1), which the program uses; remove it or make them equal.',
                    fix: "pulumi config set --stack dev gcp:region us-central1",
                },
                {
                    key: "gcp:zone",
                    message: '"us-central1-c" is not used: the cluster\'s zone comes from atlasia:gkeZone (development only); remove it.',
                    fix: "pulumi config rm --stack dev gcp:zone",
                },
            ]);
        });
    });

    describe("atlasia:gkeReleaseChannel", () => {
        // https://cloud.google.com/kubernetes-engine/docs/concepts/release-channels: Rapid, Regular (the default
        // for new clusters) and Stable.
        it("accepts RAPID, REGULAR and STABLE, and defaults to REGULAR", async () => {
            for (const channel of ["RAPID", "REGULAR", "STABLE"]) {
                assert.equal((await settingsFor(gcpProduction({ gkeReleaseChannel: channel }))).gcp.releaseChannel, channel);
            }
            assert.equal((await settingsFor(gcpProduction())).gcp.releaseChannel, "REGULAR");
        });

        it("refuses any other value, listing the three channels", async () => {
            assert.deepEqual(await configProblems(gcpProduction({ gkeReleaseChannel: "NIGHTLY" })), [
                {
                    key: "atlasia:gkeReleaseChannel",
                    message: '"NIGHTLY" is not one of RAPID, REGULAR, STABLE.',
                    fix: "pulumi config set --stack production atlasia:gkeReleaseChannel REGULAR",
                },
            ]);
        });
    });

    describe("atlasia:clusterName on GKE", () => {
        // GKE: "lowercase letters, numbers, and hyphens ... must start with a letter ... at most 40 characters"
        // (https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters#Cluster).
        it("reports a name GKE refuses once, not once per check", async () => {
            assert.deepEqual(await configProblems(gcpProduction({ clusterName: "Atlasia-Prod" })), [
                {
                    key: "atlasia:clusterName",
                    message:
                        '"Atlasia-Prod" must be lower-case letters, digits and hyphens, start with a letter, end with a letter or digit and have at most 40 characters; ' +
                        "removing it gives this production stack the name atlasia-prod.",
                    fix: "pulumi config rm --stack production atlasia:clusterName",
                },
            ]);
            assert.equal((await configProblems(gcpProduction({ clusterName: `a${"b".repeat(40)}` }))).length, 1, "41 characters");
            assert.deepEqual(await configProblems(gcpProduction({ clusterName: `a${"b".repeat(39)}` })), [], "40 characters");
        });
    });
});
