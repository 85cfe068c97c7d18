// A finished Job never runs again and its pod template is immutable
// (https://kubernetes.io/docs/concepts/workloads/controllers/job/), so the StatefulSet's roles Job
// (workloads/database-roles-job.ts) carries a hash of the passwords it sets in its name: a rotated
// password (the application's in atlasia-secrets, the owner's or the superuser's in the roles'
// Secret) gives a new name, Pulumi replaces the Job and it sets the new password in PostgreSQL.
// Without that, the application would start with a password PostgreSQL does not know.
import { strict as assert } from "assert";
import { stackOptions, validStackRun, withSecrets } from "./support/runs";

const passwords = {
    dbPassword: "rotation-db-password-0123456789",
    postgresOwnerPassword: "rotation-owner-password-0123456789",
    postgresSuperuserPassword: "rotation-superuser-password-0123456789",
};

async function rolesJobName(secrets: Record<string, string>): Promise<string> {
    const run = await validStackRun(withSecrets(stackOptions("local", "development"), secrets));
    const jobs = run.resources.filter(
        (r) => r.type === "kubernetes:batch/v1:Job" && r.inputs.metadata.labels?.["app.kubernetes.io/component"] === "database-roles",
    );
    assert.equal(jobs.length, 1, "one roles Job");
    return jobs[0].inputs.metadata.name;
}

describe("the StatefulSet's roles Job runs again when a password it sets is rotated", function () {
    this.timeout(120000);

    it("keeps its name while its passwords stay the same (another secret, the JWT key, changes)", async () => {
        const name = await rolesJobName(passwords);
        assert.match(name, /^atlasia-postgresql-roles-sync-[0-9a-f]{10}$/);
        assert.equal(await rolesJobName({ ...passwords, jwtSecret: "rotation-jwt-secret-0123456789abcdefghijklmnop" }), name);
    });

    for (const key of Object.keys(passwords) as (keyof typeof passwords)[]) {
        it(`gets a new name when ${key} changes`, async () => {
            const before = await rolesJobName(passwords);
            const after = await rolesJobName({ ...passwords, [key]: `${passwords[key]}-rotated` });
            assert.notEqual(after, before);
        });
    }
});
