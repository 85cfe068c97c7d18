// Each secret the orchestrator's Spring Boot reads is refused when it holds "${" (Spring resolves
// placeholders in environment values: spring-boot PropertySourcesPlaceholdersResolver.java), and the
// problem says what to do instead: a key issued by someone else is set exactly as issued, a key the
// program can generate is left unset. The whole problem of each key, one key at a time.
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { stackOptions, withConfig, withSecrets } from "./support/runs";
import { configProblems } from "./support/settings";

const reason = 'must not contain "${" (Spring Boot would read it as a property placeholder); ';

function stagingWith(secrets: Record<string, string>, set: Record<string, string> = {}): RunOptions {
    return withSecrets(withConfig(stackOptions("gcp", "staging"), set), secrets);
}

// A Vault token is only taken with the Vault it belongs to (config/egress.ts).
const withVault: Record<string, Record<string, string>> = { vaultToken: { vaultAddress: "https://vault.acme-corp.net:8200", vaultCidrs: '["10.20.0.0/24"]' } };

// Long enough for the other rules of each key (jwtSecret at least 32 bytes, encryptionKey exactly 32),
// so the placeholder is the one problem.
const cases: [key: string, value: string, advice: string][] = [
    ["llmApiKey", "sk-live-${LLM_API_KEY}-0123456789", "set the key exactly as the LLM provider issued it."],
    ["orchestratorToken", "token-${PATH}-0123456789", "leave it unset to have one generated."],
    ["vaultToken", "hvs.${VAULT_TOKEN}0123456789", "set the token exactly as Vault issued it."],
    ["jwtSecret", "jwt-${JAVA_HOME}-0123456789abcdefghijklmnop", "leave it unset to have one generated."],
    ["encryptionKey", "${a}0123456789abcdef0123456789ab", "leave it unset to have one generated."],
];

describe("a Spring placeholder in a secret: the problem's advice, per key", function () {
    this.timeout(30000);

    for (const [key, value, advice] of cases) {
        it(`${key}: ${advice}`, async () => {
            const problems = await configProblems(stagingWith({ [key]: value }, withVault[key]));
            assert.deepEqual(problems, [
                { key: `atlasia:${key}`, message: `${reason}${advice}`, fix: `pulumi config set --stack staging --secret atlasia:${key}` },
            ]);
        });
    }
});
