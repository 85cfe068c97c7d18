// Every secret the Spring Boot orchestrator reads is refused when it holds "${": Spring resolves
// placeholders in environment values and again inside resolved values (spring-boot
// PropertySourcesPlaceholdersResolver.java; spring-core PlaceholderParser), so the application would
// use another value than the one set. The role passwords have their own test (database-role-passwords).
import { strict as assert } from "assert";
import { ConfigProblem, StackConfigError } from "../config/reader";
import { stackOptions, stackRun, withSecrets } from "./support/runs";

const withPlaceholder = {
    llmApiKey: "sk-live-${HOME}-0123456789",
    orchestratorToken: "token-${PATH}-0123456789",
    vaultToken: "hvs.${USER}0123456789",
    jwtSecret: "jwt-${JAVA_HOME}-0123456789abcdefghijklmnop",
    encryptionKey: "${a}0123456789abcdef0123456789ab",
};

describe("secrets the orchestrator's Spring reads", () => {
    it("refuses each one holding a Spring placeholder, with the key, the reason and a prompting fix, before any resource", async () => {
        const base = stackOptions("gcp", "staging");
        const run = await stackRun(withSecrets(base, withPlaceholder));
        assert.ok(run.error instanceof StackConfigError, `expected a StackConfigError, got ${String(run.error)}`);
        for (const key of Object.keys(withPlaceholder)) {
            const problem: ConfigProblem | undefined = run.error.problems.find((p) => p.key === `atlasia:${key}`);
            assert.ok(problem, `no problem for ${key}: ${run.error.message}`);
            assert.match(problem.message, /must not contain "\$\{" \(Spring Boot would read it as a property placeholder\)/);
            assert.equal(problem.fix, `pulumi config set --stack staging --secret atlasia:${key}`);
        }
        for (const value of Object.values(withPlaceholder)) assert.ok(!run.error.message.includes(value), "the error never repeats a value");
        assert.deepEqual(
            run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack"),
            [],
        );
    });

    it("accepts a dollar sign or a brace that is not a placeholder", async () => {
        const base = stackOptions("gcp", "staging");
        const secrets = { llmApiKey: "sk-$live{0123456789}", jwtSecret: "jwt-$-{0123456789abcdefghijklmnopqr}" };
        const run = await stackRun(withSecrets(base, secrets));
        assert.equal(run.error, undefined);
    });
});
