// CloudNativePG gives the application role the data access the StatefulSet's roles Job gives it
// (workloads/database-roles-job.ts): after initdb and after importing the StatefulSet's database.
// Two statements of the Job have no counterpart, each for a reason given below.
import { strict as assert } from "assert";
import { rolesSql } from "../workloads/database-roles-job";
import { applicationSql } from "./support/cnpg-pods";

/**
 * The Job's statements that CloudNativePG's bootstrap need not repeat: PostgreSQL 15 and later no
 * longer let PUBLIC create in the public schema (PostgreSQL 15 release notes, "Remove PUBLIC creation
 * permission on the public schema"); functions are executable by PUBLIC unless revoked (GRANT,
 * "Default privileges"); and the application role holds no earlier grants to take back: initdb makes
 * a fresh database, and the import restores none (pg_restore --no-privileges, cloudnative-pg
 * pkg/management/postgres/logicalimport; the source's revoked EXECUTE grants come back to PUBLIC, which
 * matters to no one: only the application role and the owner may connect). tests/database-roles-on-postgresql.test.ts
 * runs both on a real server.
 */
const notNeededOnCloudNativePg = [
    "REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
    "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ai;",
    "REVOKE ALL ON DATABASE ai FROM ai CASCADE;",
    "REVOKE ALL ON SCHEMA public FROM ai CASCADE;",
    "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ai CASCADE;",
    "REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ai CASCADE;",
];

const accessStatements = rolesSql
    .split("\n")
    .filter((line) => /^(REVOKE|GRANT|ALTER DEFAULT PRIVILEGES)/.test(line))
    .filter((line) => !notNeededOnCloudNativePg.includes(line));

describe("CloudNativePG: the application role's grants", function () {
    this.timeout(60000);

    it("the roles Job's access statements are the ones compared (the Job still has them all)", () => {
        assert.equal(accessStatements.length, 8, accessStatements.join("\n"));
        for (const statement of notNeededOnCloudNativePg) assert.ok(rolesSql.split("\n").includes(statement), statement);
    });

    for (const [engine, field] of [
        ["cloudnativepg", "initdb.postInitApplicationSQL"],
        ["migrating", "initdb.import.postImportApplicationSQL"],
    ] as const) {
        it(`${engine}: ${field} creates the application role if the operator has not yet, then grants it what the roles Job grants`, async () => {
            const sql = await applicationSql(engine);
            assert.deepEqual(
                accessStatements.filter((statement) => !sql.includes(statement)),
                [],
            );
            const created = sql.findIndex((statement) =>
                /IF NOT EXISTS \(SELECT FROM pg_roles WHERE rolname = 'ai'\) THEN CREATE ROLE ai LOGIN;/.test(statement),
            );
            assert.ok(created >= 0, "the role is created when the managed role is not reconciled yet");
            assert.ok(
                sql.slice(0, created).every((statement) => !/ TO ai;$/.test(statement)),
                "the role exists before anything is granted to it",
            );
        });
    }
});
