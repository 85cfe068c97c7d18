// The orchestrator's replicas and HPA as stack settings (config/scaling.ts, pinned for issue 13): the
// seed's staging HPA (2-5 replicas, CPU 80 %, 50 queued tasks per pod) with no memory target unless
// one is set, a range of one replica count, and the fix commands that really fix (a fix that sets a
// key to a value the check refuses again would leave the operator in a loop).
import { strict as assert } from "assert";
import { configProblems, settingsFor } from "./support/settings";
import type { RunOptions } from "../harness/run";

const secrets = { llmApiKey: "sk-test" };
const staging = (set: Record<string, string> = {}): RunOptions => ({
    stack: "staging",
    secrets,
    set: { cloud: "aws", clusterAdminIncludeDeployer: "true", ...set },
});
const dev = (set: Record<string, string>): RunOptions => ({ stack: "dev", secrets, set });

describe("orchestrator scaling settings", function () {
    this.timeout(30000);

    it("staging's HPA is the seed's 2-5 replicas at 80 % CPU and 50 tasks per pod, with no memory metric unless set", async () => {
        // Seed "Resource Sizing" (HPA Min/Max 2-5) and "HPA Metrics" (CPU 80 % staging; ai_tasks_queue_depth 50 per pod).
        const unset = (await settingsFor(staging())).sizing.orchestrator.autoscaling;
        assert.deepEqual(unset, { minReplicas: 2, maxReplicas: 5, cpuUtilizationPercent: 80, queueDepthPerPod: 50 });
        const withMemory = (await settingsFor(staging({ orchestratorHpaMemoryPercent: "85" }))).sizing.orchestrator.autoscaling;
        assert.deepEqual(withMemory, { minReplicas: 2, maxReplicas: 5, cpuUtilizationPercent: 80, memoryUtilizationPercent: 85, queueDepthPerPod: 50 });
    });

    it("a minimum equal to the maximum is a fixed replica count; a maximum below it is refused, fixed by raising the maximum", async () => {
        const fixed = (await settingsFor(staging({ orchestratorHpaMinReplicas: "4", orchestratorHpaMaxReplicas: "4" }))).sizing.orchestrator;
        assert.equal(fixed.replicas, 4);
        assert.deepEqual([fixed.autoscaling?.minReplicas, fixed.autoscaling?.maxReplicas], [4, 4]);
        assert.deepEqual(await configProblems(staging({ orchestratorHpaMinReplicas: "5", orchestratorHpaMaxReplicas: "4" })), [
            {
                key: "atlasia:orchestratorHpaMaxReplicas",
                message: "the HPA maximum (4) is below its minimum (5).",
                fix: "pulumi config set --stack staging atlasia:orchestratorHpaMaxReplicas 5",
            },
        ]);
    });

    it("orchestratorReplicas where the HPA owns the count: the fix moves the value to the HPA minimum and removes the key", async () => {
        assert.deepEqual(await configProblems(staging({ orchestratorReplicas: "3" })), [
            {
                key: "atlasia:orchestratorReplicas",
                message: "the HPA owns the replica count in this environment; set atlasia:orchestratorHpaMinReplicas instead.",
                fix: "pulumi config set --stack staging atlasia:orchestratorHpaMinReplicas 3 && pulumi config rm --stack staging atlasia:orchestratorReplicas",
            },
        ]);
        // What the fix leaves: the HPA minimum set, orchestratorReplicas unset.
        assert.deepEqual(await configProblems(staging({ orchestratorHpaMinReplicas: "3" })), []);
    });

    it("orchestratorReplicas where the HPA owns the count, and its value cannot move: the fix only removes it, whatever its value", async () => {
        const onlyRemoval = (why: string) => [
            {
                key: "atlasia:orchestratorReplicas",
                message: `the HPA owns the replica count in this environment; set atlasia:orchestratorHpaMinReplicas instead. This value is not moved to it: ${why}.`,
                fix: "pulumi config rm --stack staging atlasia:orchestratorReplicas",
            },
        ];
        // The minimum is already set: moving the value would overwrite it.
        assert.deepEqual(
            await configProblems(staging({ orchestratorReplicas: "3", orchestratorHpaMinReplicas: "4" })),
            onlyRemoval("atlasia:orchestratorHpaMinReplicas is already set"),
        );
        // Above staging's maximum of 5: a minimum of 9 would be refused by the next run (the maximum below it).
        assert.deepEqual(await configProblems(staging({ orchestratorReplicas: "9" })), onlyRemoval('"9" is not a count from 1 to the HPA maximum 5'));
        // Malformed: one problem, removal, not a second one asking for a whole number.
        for (const raw of ["abc", "-1"]) {
            assert.deepEqual(
                await configProblems(staging({ orchestratorReplicas: raw })),
                onlyRemoval(`"${raw}" is not a count from 1 to the HPA maximum 5`),
                raw,
            );
        }
    });

    it("an HPA setting where the environment has none, even a malformed one: the fix removes it", async () => {
        for (const raw of ["-1", "abc"]) {
            assert.deepEqual(
                await configProblems(dev({ orchestratorHpaMinReplicas: raw })),
                [
                    {
                        key: "atlasia:orchestratorHpaMinReplicas",
                        message: "this environment has no HPA (the deployment guide's development column is N/A); set atlasia:orchestratorReplicas instead.",
                        fix: "pulumi config rm --stack dev atlasia:orchestratorHpaMinReplicas",
                    },
                ],
                raw,
            );
        }
    });

    it("an HPA setting where the environment has none: the fix removes it", async () => {
        assert.deepEqual(await configProblems(dev({ orchestratorHpaMaxReplicas: "4" })), [
            {
                key: "atlasia:orchestratorHpaMaxReplicas",
                message: "this environment has no HPA (the deployment guide's development column is N/A); set atlasia:orchestratorReplicas instead.",
                fix: "pulumi config rm --stack dev atlasia:orchestratorHpaMaxReplicas",
            },
        ]);
    });

    it("a queue depth scope that is nothing close to per-pod or shared is fixed with per-pod, and per-pod is used", async () => {
        assert.deepEqual(await configProblems(staging({ queueDepthScope: "zzzzzzzzzz" })), [
            {
                key: "atlasia:queueDepthScope",
                message: '"zzzzzzzzzz" is not one of per-pod, shared.',
                fix: "pulumi config set --stack staging atlasia:queueDepthScope per-pod",
            },
        ]);
    });
});
