// Who can reach and administer the Kubernetes API: production decides explicitly, authorized ranges
// come with a lock-out warning, and each administrator is listed once.
import { strict as assert } from "assert";
import { runProgram } from "../harness/run";
import { StackConfigError } from "../config/reader";
import { withOperatorNames } from "./support/runs";

const secrets = { llmApiKey: "sk-test-llm-key" };
const noRanges = { apiAuthorizedCidrs: "[]" };

async function problemsOf(stack: string, set: Record<string, string>) {
    const run = await runProgram(withOperatorNames({ stack, set, secrets }));
    assert.ok(run.error instanceof StackConfigError, `expected a configuration error, got ${run.error}`);
    return run.error.problems;
}

describe("cluster access settings", () => {
    it("requires production to decide who reaches the API, with the command that decides", async () => {
        const problems = await problemsOf("production", noRanges);
        const problem = problems.find((p) => p.key === "atlasia:apiEndpointAccess");
        assert.ok(problem, JSON.stringify(problems));
        assert.match(problem.message, /explicit decision/);
        assert.equal(problem.fix, "pulumi config set --stack production atlasia:apiEndpointAccess authorized");
    });

    it("lets staging default to a public endpoint without a decision", async () => {
        const run = await runProgram(withOperatorNames({ stack: "staging", set: noRanges, secrets }));
        assert.equal(run.error, undefined, run.error?.message);
    });

    it("accepts an explicit public production endpoint, with a warning", async () => {
        const run = await runProgram(withOperatorNames({ stack: "production", set: { ...noRanges, apiEndpointAccess: "public" }, secrets }));
        assert.equal(run.error, undefined, run.error?.message);
        assert.ok(
            run.warnings.some((w) => /reachable from any address/.test(w)),
            run.warnings.join("\n"),
        );
    });

    it("refuses authorized access without ranges, and ranges the chosen mode would ignore", async () => {
        const missing = await problemsOf("staging", { ...noRanges, apiEndpointAccess: "authorized" });
        assert.ok(missing.some((p) => p.key === "atlasia:apiAuthorizedCidrs" && /no range is listed/.test(p.message)));
        const ignored = await problemsOf("staging", { apiEndpointAccess: "private", apiAuthorizedCidrs: '["198.18.0.0/15"]' });
        assert.ok(ignored.some((p) => p.key === "atlasia:apiEndpointAccess" && /ignores it/.test(p.message)));
    });

    it("warns that the deployer and CI must be inside the authorized ranges, and about documentation ranges", async () => {
        const run = await runProgram(withOperatorNames({ stack: "production", secrets }));
        assert.equal(run.error, undefined, run.error?.message);
        assert.ok(
            run.warnings.some((w) => /only 203\.0\.113\.0\/24: the machine running pulumi up and the CI runners/.test(w)),
            run.warnings.join("\n"),
        );
        assert.ok(run.warnings.some((w) => /203\.0\.113\.0\/24, a documentation range \(RFC 5737\)/.test(w)));
        const real = await runProgram(withOperatorNames({ stack: "production", set: { apiAuthorizedCidrs: '["198.18.0.0/15"]' }, secrets }));
        assert.ok(!real.warnings.some((w) => /documentation range/.test(w)));
    });

    it("rejects an administrator listed twice (one access entry or role assignment per principal)", async () => {
        const arn = "arn:aws:iam::123456789012:role/ci-deployer";
        const problems = await problemsOf("staging", { cloud: "aws", clusterAdmins: JSON.stringify([arn, "arn:aws:iam::123456789012:role/break-glass", arn]) });
        assert.equal(problems.length, 1, JSON.stringify(problems));
        const problem = problems.find((p) => p.key === "atlasia:clusterAdmins");
        assert.ok(problem && /listed twice/.test(problem.message), JSON.stringify(problems));
        // The list is set anew without the repeat (the third entry); the first stays.
        assert.equal(
            problem.fix,
            "pulumi config rm --stack staging atlasia:clusterAdmins && " +
                `pulumi config set --stack staging --path 'atlasia:clusterAdmins[0]' ${arn} && ` +
                "pulumi config set --stack staging --path 'atlasia:clusterAdmins[1]' arn:aws:iam::123456789012:role/break-glass",
        );
    });

    it("rejects administrators that are not the cloud's principal form", async () => {
        const aws = await problemsOf("staging", { cloud: "aws", clusterAdmins: '["alice"]' });
        assert.ok(aws.some((p) => /"alice" is not an IAM role or user ARN/.test(p.message)));
        // An ARN starts with "arn:" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html): text before it is no ARN.
        const prefixed = "role=arn:aws:iam::123456789012:role/ci-deployer";
        const awsPrefixed = await problemsOf("staging", { cloud: "aws", clusterAdmins: JSON.stringify([prefixed]) });
        assert.ok(
            awsPrefixed.some((p) => p.message.includes(`"${prefixed}" is not an IAM role or user ARN`)),
            JSON.stringify(awsPrefixed),
        );
        const azure = await problemsOf("staging", { cloud: "azure", clusterAdmins: '["alice"]' });
        assert.ok(azure.some((p) => /"alice" is not an Entra ID object ID/.test(p.message)));
    });
});
