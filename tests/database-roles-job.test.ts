// The roles Job (workloads/database-roles-job.ts): the image's /docker-entrypoint-initdb.d scripts
// run only on an empty data directory (https://github.com/docker-library/docs/tree/master/postgres#initialization-scripts),
// so a volume initialised with POSTGRES_USER=ai keeps `ai` as its (bootstrap) superuser and has no
// `ai_owner`. Every stack that runs the StatefulSet must converge both kinds of volume on every update.
import { strict as assert } from "assert";
import { runAgainstFake } from "./support/fake-postgres";
import {
    container,
    matrix,
    maybeObject,
    objectOf,
    objectsOfKind,
    onStatefulSet,
    resourceOf,
    runValid,
    statefulSetMatrix,
    variants,
    WorkloadRun,
} from "./support/workloads";

const rolesJobs = (run: WorkloadRun) => objectsOfKind(run, "Job").filter((j) => j.metadata.labels?.["app.kubernetes.io/component"] === "database-roles");
// The Job belongs to the StatefulSet: every cloud stack asks for it (the committed ones run CloudNativePG).
const cases = [...statefulSetMatrix, onStatefulSet(variants.minimal), onStatefulSet(variants.suppliedSecrets)];

function rolesJob(run: WorkloadRun) {
    const jobs = rolesJobs(run);
    assert.equal(jobs.length, 1, "one roles Job");
    return jobs[0];
}

function scriptsOf(run: WorkloadRun): Record<string, string> {
    const template = rolesJob(run).spec.template;
    const volume = template.spec.volumes.find((v: any) => v.configMap);
    return objectOf(run, "ConfigMap", volume.configMap.name).data;
}

describe("PostgreSQL roles Job: new and existing volumes end with the same roles (issue 11 item 15)", () => {
    for (const { label, options } of cases) {
        it(`${label}: runs a roles Job wherever the StatefulSet runs, re-run by name, cleaned up after`, async () => {
            const run = await runValid(label, options);
            if (!maybeObject(run, "StatefulSet", "atlasia-postgresql")) return;
            const job = rolesJob(run);
            // A finished Job never runs again and its template is immutable: a new name per version replaces it.
            assert.match(job.metadata.name, /^atlasia-postgresql-roles-sync-[0-9a-f]{10}$/);
            assert.ok(job.spec.ttlSecondsAfterFinished > 0);
            assert.equal(job.spec.template.spec.restartPolicy, "Never");
            const jobResource = resourceOf(run, "Job", job.metadata.name);
            assert.ok(jobResource.dependencies.includes(resourceOf(run, "StatefulSet", "atlasia-postgresql").urn), "after the database");
        });

        it(`${label}: starts the orchestrator only after the roles Job (Flyway logs in as the owner)`, async () => {
            const run = await runValid(label, options);
            const jobUrn = resourceOf(run, "Job", rolesJob(run).metadata.name).urn;
            const orchestrators = objectsOfKind(run, "Deployment").filter((d) => d.metadata.name.startsWith("atlasia-orchestrator-"));
            assert.ok(orchestrators.length > 0);
            for (const d of orchestrators) {
                assert.ok(resourceOf(run, "Deployment", d.metadata.name).dependencies.includes(jobUrn), `${d.metadata.name} depends on the roles Job`);
            }
        });

        it(`${label}: reads every password from a Secret, never from the Job or its scripts`, async () => {
            const run = await runValid(label, options);
            const env = container(rolesJob(run).spec.template).env as any[];
            const passwords = env.filter((e) => /PASSWORD/.test(e.name));
            assert.deepEqual(passwords.map((e) => e.name).sort(), ["APP_PASSWORD", "OWNER_PASSWORD", "SUPERUSER_PASSWORD"]);
            for (const e of passwords) assert.ok(e.valueFrom?.secretKeyRef && e.value === undefined, `${e.name} by secretKeyRef`);
            assert.deepEqual(
                passwords.find((e) => e.name === "APP_PASSWORD").valueFrom.secretKeyRef,
                { name: "atlasia-secrets", key: "db-password" },
                "the old superuser `ai` logs in with the application's password",
            );
            const secretValues = ["atlasia-secrets", "atlasia-postgresql-roles"].flatMap((name) => resourceOf(run, "Secret", name).secretValues);
            const scripts = JSON.stringify(scriptsOf(run));
            assert.deepEqual(
                secretValues.filter((v) => v.length >= 8 && scripts.includes(v)),
                [],
            );
        });
    }

    // initdb creates the owner and the operator the application's managed role: nothing for the Job to converge.
    for (const c of matrix.filter((m) => m.cloud !== "local")) {
        it(`${c.label} (CloudNativePG, as committed): no roles Job, nothing waits for one`, async () => {
            const run = await runValid(c.label, c.options);
            assert.equal(maybeObject(run, "StatefulSet", "atlasia-postgresql"), undefined);
            assert.deepEqual(rolesJobs(run), []);
        });
    }

    describe("the SQL", () => {
        let scripts: Record<string, string>;
        before(async () => {
            const production = statefulSetMatrix.find((c) => c.cloud === "gcp" && c.environment === "production")!;
            scripts = scriptsOf(await runValid(production.label, production.options));
        });

        it("creates roles only inside IF NOT EXISTS guards, and sets passwords only from psql variables", () => {
            for (const [file, text] of Object.entries(scripts).filter(([f]) => f.endsWith(".sql"))) {
                const creates = text.match(/CREATE ROLE \w+/g) ?? [];
                const guarded = text.match(/IF NOT EXISTS \(SELECT FROM pg_roles WHERE rolname = '\w+'\) THEN CREATE ROLE \w+;/g) ?? [];
                assert.equal(creates.length, guarded.length, `${file}: every CREATE ROLE is guarded`);
                assert.doesNotMatch(text, /CREATE (TABLE|SCHEMA|DATABASE) (?!IF NOT EXISTS)/, file);
                for (const password of text.match(/PASSWORD \S+/g) ?? []) assert.match(password, /^PASSWORD :'\w+';$/, file);
            }
            const roles = scripts["roles.sql"];
            assert.match(roles, /ALTER DATABASE ai OWNER TO ai_owner;/);
            assert.match(roles, /ALTER SCHEMA public OWNER TO ai_owner;/);
            assert.match(roles, /ALTER ROLE ai LOGIN NOSUPERUSER/);
        });

        const env = { SUPERUSER_PASSWORD: "super-pw", OWNER_PASSWORD: "owner-pw", APP_PASSWORD: "app-pw", PGHOST: "x", PGPORT: "5432", PGDATABASE: "ai" };
        const converged = ["ai:app-pw:plain:-", "ai_owner:owner-pw:plain:-", "postgres:super-pw:super:bootstrap"];
        const script = () => scripts["run.sh"];

        it("converges a volume initialised with POSTGRES_USER=postgres, and again on a second run", () => {
            const fresh = runAgainstFake(script(), ["postgres:super-pw:super:bootstrap"], env);
            assert.equal(fresh.exitCode, 0, fresh.sessions.join("; "));
            assert.deepEqual(fresh.roles, converged);
            const again = runAgainstFake(script(), fresh.roles, env);
            assert.equal(again.exitCode, 0);
            assert.deepEqual(again.roles, converged);
        });

        it("converges a volume initialised with POSTGRES_USER=ai (`ai` the bootstrap superuser), and again on a second run", () => {
            const old = runAgainstFake(script(), ["ai:app-pw:super:bootstrap"], env);
            assert.equal(old.exitCode, 0, old.sessions.join("; "));
            assert.deepEqual(old.roles, converged, "bootstrap renamed to postgres, a fresh ai without privileges, no handover role left");
            assert.deepEqual(runAgainstFake(script(), old.roles, env).roles, converged);
        });

        it("a superuser password changed in stack config after initdb: fails without touching a role, and says how to set it in PostgreSQL", () => {
            // initdb applied another password; the Secret now holds atlasia:postgresSuperuserPassword's new value.
            const running = ["ai:app-pw:plain:-", "ai_owner:owner-pw:plain:-", "postgres:initdb-pw:super:bootstrap"];
            const mismatch = runAgainstFake(script(), running, env);
            // Its own exit status, not psql's (2: no connection, 3: a failed script), and no step after it.
            assert.equal(mismatch.exitCode, 1, mismatch.output);
            assert.deepEqual(mismatch.roles, running);
            assert.deepEqual(
                mismatch.sessions.map((s) => s.split(" ")[0]),
                ["ai"],
                "only the handover was tried (as ai, refused): no later step ran",
            );
            // What the operator reads in `kubectl logs`: why it tried `ai`, then the cause and the fix in full.
            assert.ok(
                mismatch.output.includes("postgres cannot log in: handing over from ai, the superuser of a volume initialised with POSTGRES_USER=ai\n"),
                mismatch.output,
            );
            assert.ok(
                mismatch.output.includes(
                    "postgres rejects the password in atlasia:postgresSuperuserPassword and ai cannot hand over (not a superuser, or it rejects atlasia:dbPassword too): " +
                        "the superuser password was changed in stack config after the database was initialised. Set it in PostgreSQL over the pod's local socket, " +
                        `then run pulumi up again: kubectl exec -n <namespace> statefulset/atlasia-postgresql -- psql -U postgres -c "ALTER ROLE postgres PASSWORD '<the configured value>'" (docs/workloads.md)\n`,
                ),
                mismatch.output,
            );
        });

        it("waits for a server that is still starting (the Job can start before the database accepts connections)", () => {
            // pg_isready exits 2 while nothing answers, 1 while the server rejects connections (https://www.postgresql.org/docs/16/app-pg-isready.html).
            const started = runAgainstFake(script(), ["postgres:super-pw:super:bootstrap"], env, 2);
            assert.equal(started.exitCode, 0, started.output);
            assert.deepEqual(started.roles, converged);
        });

        it("finishes an interrupted handover on the next run", () => {
            const halfway = ["ai:app-pw:super:bootstrap", "atlasia_roles_handover:super-pw:super:-"];
            const rerun = runAgainstFake(script(), halfway, env);
            assert.equal(rerun.exitCode, 0, rerun.sessions.join("; "));
            assert.deepEqual(rerun.roles, converged);
        });
    });
});
