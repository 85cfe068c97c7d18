// The PostgreSQL role passwords (superuser, schema owner) can be set as stack secrets, like the
// seed's generated secrets: set, they are used and stay secret; unset, they are generated as before.
// On an unprotected stack a set password registers no RandomPassword (so a stack with every secret
// set needs no `random` provider: the e2e run, docs/e2e.md); on a protected one the generator stays
// registered, since the engine refuses to delete a protected resource (pulumi/pulumi
// pkg/resource/deploy/step_generator.go).
import { strict as assert } from "assert";
import { StackConfigError } from "../config/reader";
import { rolePasswordProblems } from "../config/database-passwords";
import { mockRandomValue } from "../harness/mocks";
import { encodings } from "./support/secrets";
import { llmApiKey, ObservedRun, stackOptions, stackRun, validStackRun, withSecrets } from "./support/runs";

const randomPassword = "random:index/randomPassword:RandomPassword";
const handSet = { postgresSuperuserPassword: "Superuser-pw.0123456789", postgresOwnerPassword: "Owner_pw~9876543210abc" };
const everySecret = {
    ...handSet,
    orchestratorToken: "e2e-orchestrator-token-0123456789",
    dbPassword: "e2e-db-password-0123456789",
    jwtSecret: "e2e-jwt-secret-0123456789abcdefghijklmnop",
    encryptionKey: "0123456789abcdef0123456789abcdef",
    grafanaAdminPassword: "e2e-grafana-0123456789",
};

function environmentWithSecrets(environment: "development" | "production", secrets: Record<string, string>) {
    return withSecrets(stackOptions(environment === "development" ? "local" : "gcp", environment), secrets);
}

function rolesSecret(run: ObservedRun) {
    return run.resources.find((r) => r.type === "kubernetes:core/v1:Secret" && r.name === "atlasia-postgresql-roles")!;
}

function randomPasswords(run: ObservedRun): string[] {
    return run.resources
        .filter((r) => r.type === randomPassword)
        .map((r) => r.name)
        .sort();
}

/** Every place outside secret-marked inputs and secret outputs where one of `values` appears. */
function plainOccurrences(run: ObservedRun, values: string[]): string[] {
    const found: string[] = [];
    const visit = (value: unknown, path: string, secretPaths: string[], where: string) => {
        if (secretPaths.some((s) => path === s || path.startsWith(`${s}.`) || path.startsWith(`${s}[`))) return;
        if (typeof value === "string") {
            for (const v of values) if (encodings(v).some((form) => value.includes(form))) found.push(`${where} ${path}`);
        } else if (value && typeof value === "object") {
            for (const [k, v] of Object.entries(value)) visit(v, path ? `${path}.${k}` : k, secretPaths, where);
        }
    };
    for (const r of run.resources) visit(r.inputs, "", r.secretPaths, `${r.type} ${r.name}`);
    for (const [key, output] of Object.entries(run.outputs)) if (!output.secret) visit(output.value, key, [], "stack output");
    return found;
}

describe("PostgreSQL role passwords from stack config", () => {
    it("unset: both generated, secret, protected in production (unchanged)", async () => {
        const run = await validStackRun(stackOptions("gcp", "production"));
        const roles = rolesSecret(run);
        for (const key of ["superuser-password", "owner-password"]) {
            const generated = run.resources.find((r) => r.type === randomPassword && r.name === `postgresql-${key}`);
            assert.ok(generated, `postgresql-${key} is generated`);
            assert.equal(generated.protect, true);
            assert.ok(generated.additionalSecretOutputs.includes("result"));
            assert.equal(roles.inputs.stringData[key], mockRandomValue(generated.name, generated.inputs.length));
        }
    });

    it("set on the local development stack: used, secret everywhere, and no RandomPassword registered", async () => {
        const run = await validStackRun(environmentWithSecrets("development", handSet));
        const roles = rolesSecret(run);
        assert.equal(roles.inputs.stringData["superuser-password"], handSet.postgresSuperuserPassword);
        assert.equal(roles.inputs.stringData["owner-password"], handSet.postgresOwnerPassword);
        assert.ok(!randomPasswords(run).some((name) => name.startsWith("postgresql-")), randomPasswords(run).join(", "));
        assert.deepEqual(plainOccurrences(run, Object.values(handSet)), []);
        assert.ok(roles.secretPaths.includes("stringData"), "the roles Secret's stringData is secret-marked");
    });

    it("every generated secret set on the local development stack: no random or time resource or provider, so only the kubernetes plugin is needed", async () => {
        const run = await validStackRun(environmentWithSecrets("development", everySecret));
        // Registering a provider, explicit or default, makes the engine load its plugin (clusters/utility-providers.ts).
        const plugins = new Set(
            run.resources.filter((r) => r.custom).map((r) => (r.type.startsWith("pulumi:providers:") ? r.type.split(":")[2] : r.type.split(":")[0])),
        );
        assert.deepEqual([...plugins], ["kubernetes"]);
        assert.deepEqual(plainOccurrences(run, [llmApiKey, ...Object.values(everySecret)]), []);
    });

    it("set on production: the protected generators stay registered (the engine would refuse to delete them), the set values are used", async () => {
        const run = await validStackRun(environmentWithSecrets("production", handSet));
        for (const key of ["superuser-password", "owner-password"]) {
            const generated = run.resources.find((r) => r.type === randomPassword && r.name === `postgresql-${key}`);
            assert.equal(generated?.protect, true, `postgresql-${key} still registered and protected`);
        }
        assert.equal(rolesSecret(run).inputs.stringData["owner-password"], handSet.postgresOwnerPassword);
        assert.deepEqual(plainOccurrences(run, Object.values(handSet)), []);
    });

    for (const [title, value, expected] of [
        ["too short", "short-pw", /shorter than 16 characters/],
        ["a space", "has a space 0123456789", /printable ASCII without spaces/],
        ["a line break", "line-one\nline-two-0123", /printable ASCII without spaces/],
        ["non-ASCII", "pässwort-0123456789abc", /printable ASCII/],
        ["a Spring placeholder", "owner-${HOME}-0123456789", /property placeholder/],
    ] as const) {
        it(`rejects a role password with ${title}, naming the key and the fix, before any resource`, async () => {
            const run = await stackRun(environmentWithSecrets("production", { postgresOwnerPassword: value, postgresSuperuserPassword: value }));
            assert.ok(run.error instanceof StackConfigError, `expected a StackConfigError, got ${run.error}`);
            for (const key of ["atlasia:postgresOwnerPassword", "atlasia:postgresSuperuserPassword"]) {
                const problem = run.error.problems.find((p) => p.key === key);
                assert.ok(problem, `no problem for ${key} in ${run.error.message}`);
                assert.match(problem.message, expected);
                assert.match(
                    problem.fix,
                    new RegExp(`^pulumi config set --stack production --secret ${key}$`),
                    "no value: the CLI prompts, nothing in shell history",
                );
            }
            assert.ok(!run.error.message.includes(value), "the error never repeats the value");
            assert.deepEqual(
                run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack"),
                [],
            );
        });
    }

    it("rejects an application password (atlasia:dbPassword, SPRING_DATASOURCE_PASSWORD) with a Spring placeholder, and only that", async () => {
        // Spring Boot's binder resolves ${...} in values from every property source, environment variables
        // included (spring-boot PropertySourcesPlaceholdersResolver.java), so Spring would send another password.
        const refused = await stackRun(environmentWithSecrets("production", { dbPassword: "app-${PATH}-password" }));
        assert.ok(refused.error instanceof StackConfigError, `expected a StackConfigError, got ${refused.error}`);
        const problem = refused.error.problems.find((p) => p.key === "atlasia:dbPassword");
        assert.match(problem?.message ?? "", /property placeholder/);
        assert.match(problem!.fix, /^pulumi config set --stack production --secret atlasia:dbPassword$/); // prompts: no value in shell history
        assert.ok(!refused.error.message.includes("app-${PATH}-password"), "the error never repeats the value");
        // Existing short hand-set application passwords keep working: the role rules (length) are not applied.
        const accepted = await stackRun(environmentWithSecrets("production", { dbPassword: "short$pw" }));
        assert.equal(accepted.error, undefined);
    });

    it("accepts what the generator makes and the unreserved URL characters", () => {
        assert.deepEqual(rolePasswordProblems(mockRandomValue("postgresql-owner-password", 32)), []);
        assert.deepEqual(rolePasswordProblems("Aa0-._~!#%&*+=?@^0123456789"), []);
    });
});
