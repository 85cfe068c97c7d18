// orchestratorReplicas on a stack whose HPA owns the count (config/scaling.ts): its value moves to the
// HPA minimum exactly when the next run accepts it, a whole count from 1 to the HPA maximum, both
// edges included; any other value is only removed. Staging's HPA is 2-5 replicas (seed guide,
// "Resource Sizing", HPA Min/Max). The CLI takes an integer key as Go's strconv.Atoi does, so "+5"
// and "05" are the count 5 (sdk/go/common/workspace/project.go ValidateConfigValue).
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { configProblems } from "./support/settings";

const staging = (orchestratorReplicas: string): RunOptions => ({
    stack: "staging",
    secrets: { llmApiKey: "sk-test" },
    set: { cloud: "aws", clusterAdminIncludeDeployer: "true", orchestratorReplicas },
});

const ownedByHpa = "the HPA owns the replica count in this environment; set atlasia:orchestratorHpaMinReplicas instead.";
const remove = "pulumi config rm --stack staging atlasia:orchestratorReplicas";

const moved = (count: number) => [
    {
        key: "atlasia:orchestratorReplicas",
        message: ownedByHpa,
        fix: `pulumi config set --stack staging atlasia:orchestratorHpaMinReplicas ${count} && ${remove}`,
    },
];
const onlyRemoved = (raw: string) => [
    {
        key: "atlasia:orchestratorReplicas",
        message: `${ownedByHpa} This value is not moved to it: "${raw}" is not a count from 1 to the HPA maximum 5.`,
        fix: remove,
    },
];

describe("orchestratorReplicas moved to the HPA minimum", function () {
    this.timeout(30000);

    it("moves 1 and 5, the edges of a count from 1 to staging's HPA maximum of 5", async () => {
        assert.deepEqual(await configProblems(staging("1")), moved(1));
        assert.deepEqual(await configProblems(staging("5")), moved(5));
    });

    it("only removes 6, just above the maximum; 0, the key's default (the table's value), is no problem", async () => {
        assert.deepEqual(await configProblems(staging("6")), onlyRemoved("6"));
        assert.deepEqual(await configProblems(staging("0")), []);
    });

    it("moves the count the CLI reads from 05 and +5: 5", async () => {
        assert.deepEqual(await configProblems(staging("05")), moved(5));
        assert.deepEqual(await configProblems(staging("+5")), moved(5));
    });

    it("only removes a value with anything but digits before or after them (the offline plan, which the CLI's check does not guard)", async () => {
        for (const raw of ["a5", "5a", "1.5"]) assert.deepEqual(await configProblems(staging(raw)), onlyRemoved(raw), raw);
    });
});
