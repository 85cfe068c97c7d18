// A mistyped value is answered with the value it most likely meant, not the default: `prod` in the
// staging stack must not be "fixed" to development.
import { strict as assert } from "assert";
import { StackConfigError } from "../config/reader";
import { closestValue } from "../config/unknown-keys";
import { runProgram } from "../harness/run";
import { llmApiKey } from "./support/runs";

describe("suggestions for a mistyped value", () => {
    const environments = ["development", "staging", "production"] as const;

    it("suggests the value a prefix, a transposition or a case slip meant", () => {
        assert.equal(closestValue("prod", environments), "production");
        assert.equal(closestValue("dev", environments), "development");
        assert.equal(closestValue("Staging", environments), "staging");
        assert.equal(closestValue("gpc", ["gcp", "aws", "azure", "local"]), "gcp");
        assert.equal(closestValue("azur", ["gcp", "aws", "azure", "local"]), "azure");
        assert.equal(closestValue("stable", ["RAPID", "REGULAR", "STABLE"]), "STABLE");
    });

    it("breaks a tie with the value the stack would use anyway", () => {
        const issuers = ["letsencrypt-prod", "letsencrypt-staging", "none"] as const;
        assert.equal(closestValue("letsencrypt", issuers, "letsencrypt-staging"), "letsencrypt-staging");
        assert.equal(closestValue("letsencrypt", issuers, "letsencrypt-prod"), "letsencrypt-prod");
    });

    it("suggests nothing when no value is close", () => {
        assert.equal(closestValue("kubernetes", ["gcp", "aws", "azure", "local"]), undefined);
        assert.equal(closestValue("", environments), undefined);
    });

    for (const [stack, key, typed, meant] of [
        ["staging", "environment", "prod", "production"],
        ["production", "cloud", "gpc", "gcp"],
    ] as const) {
        it(`${stack}: atlasia:${key}=${typed} is answered with ${meant} in the message and the fix`, async () => {
            const run = await runProgram({ stack, set: { "gcp:project": "my-project-123", [key]: typed }, secrets: { llmApiKey } });
            assert.ok(run.error instanceof StackConfigError, String(run.error));
            const problem = run.error.problems.find((p) => p.key === `atlasia:${key}`);
            assert.ok(problem, run.error.message);
            assert.match(problem.message, new RegExp(`\\(did you mean ${meant}\\?\\)`));
            assert.equal(problem.fix, `pulumi config set --stack ${stack} atlasia:${key} ${meant}`);
        });
    }
});
