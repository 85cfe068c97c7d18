// config/load.ts behaviours the mutation run found unpinned (issue 13): a machine type the program
// has no shape for needs both nodeCpus and nodeMemoryGib; the guide's minimums at their exact
// boundaries and the whole warnings list; multi-digit patch versions; the local context; the green
// colour's tags; a cron schedule spaced by more than one blank; and the documented defaults.
import { strict as assert } from "assert";
import { configProblems, settingsFor } from "./support/settings";
import type { RunOptions } from "../harness/run";

const secrets = { llmApiKey: "sk-test" };
const awsStaging = (set: Record<string, string> = {}): RunOptions => ({
    stack: "staging",
    secrets,
    set: { cloud: "aws", clusterAdminIncludeDeployer: "true", ...set },
});
const gcpProduction = (set: Record<string, string> = {}): RunOptions => ({ stack: "production", secrets, set: { "gcp:project": "my-project-123", ...set } });
const dev = (set: Record<string, string> = {}): RunOptions => ({ stack: "dev", secrets, set });

describe("config/load.ts details: custom machine shapes, minimum boundaries, defaults", function () {
    this.timeout(30000);

    describe("a machine type with no known shape", () => {
        // m7g.xlarge is a real instance type (4 vCPU, 16 GiB) that clusters/capacity.ts does not list.
        const unknownType = { nodeMachineType: "m7g.xlarge" };

        it("with only nodeCpus, asks for nodeMemoryGib (and the other way round), naming the type", async () => {
            const onlyCpus = await configProblems(awsStaging({ ...unknownType, nodeCpus: "4" }));
            assert.deepEqual(
                onlyCpus.map((p) => [p.key, p.message]),
                [
                    [
                        "atlasia:nodeMemoryGib",
                        'machine type "m7g.xlarge" is not in clusters/capacity.ts; set nodeCpus and nodeMemoryGib so its capacity can be checked.',
                    ],
                ],
            );
            const onlyMemory = await configProblems(awsStaging({ ...unknownType, nodeMemoryGib: "16" }));
            assert.deepEqual(
                onlyMemory.map((p) => p.key),
                ["atlasia:nodeCpus"],
            );
        });

        it("with both, uses them, with Kubernetes' default of 110 pods per node", async () => {
            const settings = await settingsFor(awsStaging({ ...unknownType, nodeCpus: "4", nodeMemoryGib: "16" }));
            assert.deepEqual(settings.nodePool?.shape, { vcpus: 4, memoryGib: 16, maxPods: 110 });
        });

        it("a known type's own pod limit is kept when its vCPUs and memory are overridden", async () => {
            const known = (await settingsFor(awsStaging({ nodeMachineType: "t3.large" }))).nodePool?.shape;
            const overridden = (await settingsFor(awsStaging({ nodeMachineType: "t3.large", nodeCpus: "3", nodeMemoryGib: "6" }))).nodePool?.shape;
            assert.ok(known);
            // t3.large: 35 pods with the VPC CNI (3 ENIs x (12 - 1) + 2), not Kubernetes' 110.
            assert.equal(known.maxPods, 35);
            assert.deepEqual(overridden, { vcpus: 3, memoryGib: 6, maxPods: 35 });
        });
    });

    describe("the guide's staging minimums (3 nodes, 4 vCPU, 8 GB) at their boundaries", () => {
        const minimumWarnings = async (set: Record<string, string>) => (await settingsFor(awsStaging(set))).warnings;

        it("exactly 3 nodes, exactly 8 GB: no warning at all", async () => {
            // 4 nodes x (2 vCPU, 2 GiB) = 8 vCPU, 8 GB: the memory minimum met exactly.
            assert.deepEqual(await minimumWarnings({ nodeMachineType: "t3.large", nodeCpus: "2", nodeMemoryGib: "2", nodeMinCount: "4", nodeCount: "4" }), []);
            // 3 x t3.large (2 vCPU, 8 GiB): the node count met exactly.
            assert.deepEqual(await minimumWarnings({ nodeMachineType: "t3.large", nodeMinCount: "3", nodeCount: "3" }), []);
        });

        it("enough vCPU but too little memory is warned about", async () => {
            // 4 nodes x (2 vCPU, 1 GiB) = 8 vCPU but 4 GB.
            assert.deepEqual(await minimumWarnings({ nodeMachineType: "t3.large", nodeCpus: "2", nodeMemoryGib: "1", nodeMinCount: "4", nodeCount: "4" }), [
                "staging should have at least 4 vCPU and 8 GB at its minimum size.",
            ]);
        });

        it("development is never warned about, however small", async () => {
            assert.deepEqual((await settingsFor(dev({ localCpus: "1", localMemoryGib: "1" }))).warnings, []);
        });
    });

    it("a Kubernetes version with a multi-digit patch (1.33.10) is accepted", async () => {
        assert.deepEqual(await configProblems(gcpProduction({ kubernetesVersion: "1.33.10" })), []);
    });

    it("the local stack needs a kubeconfig context: an empty one is refused, fixed with kind's", async () => {
        const problems = await configProblems(dev({ localContext: "" }));
        assert.deepEqual(
            problems.map((p) => [p.key, p.message, p.fix]),
            [
                [
                    "atlasia:localContext",
                    "the kubeconfig context of the local cluster is empty.",
                    "pulumi config set --stack dev atlasia:localContext kind-atlasia",
                ],
            ],
        );
    });

    it("the green colour's tags are image tags: each bad one is refused under its own key", async () => {
        const problems = await configProblems(awsStaging({ greenOrchestratorTag: "0.2.0-", greenFrontendTag: "-0.2.1" }));
        assert.deepEqual(
            problems.map((p) => [p.key, p.message]),
            [
                ["atlasia:greenOrchestratorTag", '"0.2.0-" is not an image tag.'],
                ["atlasia:greenFrontendTag", '"-0.2.1" is not an image tag.'],
            ],
        );
    });

    it("a backup schedule's fields may be separated by several blanks, as cron allows", async () => {
        const settings = await settingsFor(gcpProduction({ postgresBackupSchedule: "0  3 *\t* *" }));
        assert.equal(settings.app.backups.schedule, "0  3 *\t* *");
    });

    it("defaults: blue is live, backups are kept 14 days, and the default schedule is 02:00 daily", async () => {
        const settings = await settingsFor(awsStaging());
        assert.equal(settings.app.activeColor, "blue");
        assert.equal(settings.app.green, undefined);
        assert.deepEqual(settings.app.backups, { enabled: true, schedule: "0 2 * * *", retentionDays: 14 });
        assert.equal((await settingsFor(awsStaging({ postgresBackupRetentionDays: "30" }))).app.backups.retentionDays, 30);
    });
});
