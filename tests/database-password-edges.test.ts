// Hand-set PostgreSQL passwords at their edges (config/database-passwords.ts): 16 characters is the
// shortest taken, a value breaking two rules gets both in one problem, and atlasia:dbPassword's
// placeholder problem ends with the way out. Each problem is asserted whole, with its secret fix.
import { strict as assert } from "assert";
import { configProblems } from "./support/settings";
import { stackOptions, withSecrets } from "./support/runs";
import type { RunOptions } from "../harness/run";

/** The local development stack with extra secrets. */
function devWith(secrets: Record<string, string>): RunOptions {
    return withSecrets(stackOptions("local", "development"), secrets);
}

describe("hand-set database passwords at their edges", function () {
    this.timeout(30000);

    it("takes a role password of exactly 16 characters and refuses 15", async () => {
        assert.deepEqual(await configProblems(devWith({ postgresOwnerPassword: "Abcdefgh-1234567" })), []);
        assert.deepEqual(await configProblems(devWith({ postgresOwnerPassword: "Abcdefgh-123456" })), [
            {
                key: "atlasia:postgresOwnerPassword",
                message: "is shorter than 16 characters (generated ones have 32); leave it unset to have one generated.",
                fix: "pulumi config set --stack dev --secret atlasia:postgresOwnerPassword",
            },
        ]);
    });

    // initdb takes the first line of its password file (docker-library/postgres docker-entrypoint.sh), and
    // SCRAM-SHA-256 normalises non-ASCII with SASLprep (https://www.postgresql.org/docs/current/auth-password.html).
    it("names every broken rule of one password in one problem, separated by semicolons", async () => {
        assert.deepEqual(await configProblems(devWith({ postgresSuperuserPassword: "short pw" })), [
            {
                key: "atlasia:postgresSuperuserPassword",
                message:
                    "is shorter than 16 characters (generated ones have 32); " +
                    "must be printable ASCII without spaces or line breaks (initdb reads the first line of its password file; SCRAM normalises non-ASCII); " +
                    "leave it unset to have one generated.",
                fix: "pulumi config set --stack dev --secret atlasia:postgresSuperuserPassword",
            },
        ]);
    });

    // Spring resolves "${...}" in environment values (spring-boot PropertySourcesPlaceholdersResolver).
    it("refuses a placeholder in atlasia:dbPassword with the way out", async () => {
        assert.deepEqual(await configProblems(devWith({ dbPassword: "pw-${HOME}-0123456789" })), [
            {
                key: "atlasia:dbPassword",
                message: 'must not contain "${" (Spring Boot would read it as a property placeholder); leave it unset to have one generated.',
                fix: "pulumi config set --stack dev --secret atlasia:dbPassword",
            },
        ]);
    });
});
