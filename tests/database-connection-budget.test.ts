// The CloudNativePG stacks' connection budget, with numbers derived by hand:
//  - the orchestrator opens at most (HPA maximum) x 2 colours (blue-green) x 10 connections, HikariCP's
//    maximumPoolSize (https://github.com/brettwooldridge/HikariCP#frequently-used, default 10), the seed's
//    HPA maxima being 5 (staging) and 10 (production) ("Resource Sizing", Orchestrator table);
//  - PgBouncer refuses clients beyond max_client_conn (https://www.pgbouncer.org/config.html, default 100)
//    and opens default_pool_size server connections per database/user pair (default 20), per pod; the
//    Pooler passes both through spec.pgbouncer.parameters
//    (https://cloudnative-pg.io/documentation/current/connection_pooling/);
//  - PostgreSQL accepts non-superusers while fewer than max_connections minus superuser_reserved_connections
//    (default 3) are connected (https://www.postgresql.org/docs/16/runtime-config-connection.html), so
//    exactly that many fit and one more does not.
// The sizes are docs/database.md's "Connection arithmetic": production 200 clients <= 250 slots and 2 x 20
// + 5 owner + 5 operator = 50 <= 100 - 3; staging 100 <= 150 and 1 x 10 + 10 = 20 <= 50 - 3; an HPA of
// 20 raises max_client_conn to 500 (the maximum plus a quarter).
import { strict as assert } from "assert";
import { connectionBudget, connectionProblems } from "../workloads/database/connections";
import { matrix, stackOptions, StackCase, validStackRun, withConfig } from "./support/runs";
import { settingsFor } from "./support/settings";
import type { RunOptions } from "../harness/run";

const stack = (label: string): StackCase => matrix.find((c) => c.label === label)!;
/** A cloud development stack that opts into CloudNativePG (it has no HPA: one orchestrator pod). */
const cloudDevelopment = withConfig(stackOptions("gcp", "development"), { "gcp:project": "atlasia-dev", databaseEngine: "cloudnativepg" });

type Run = Awaited<ReturnType<typeof validStackRun>>;
const one = (run: Run, kind: string) => {
    const found = run.resources.filter((r) => r.type.startsWith("kubernetes:") && r.inputs.kind === kind);
    assert.equal(found.length, 1, `one ${kind}`);
    return found[0].inputs;
};
/** What PgBouncer and PostgreSQL are told: the Pooler's pods and parameters, the Cluster's max_connections. */
async function connectionSettings(options: RunOptions) {
    const run = await validStackRun(options);
    const pooler = one(run, "Pooler").spec;
    return {
        poolerInstances: pooler.instances,
        pgbouncer: pooler.pgbouncer.parameters,
        maxConnections: one(run, "Cluster").spec.postgresql.parameters.max_connections,
    };
}

describe("CloudNativePG connection budget: HikariCP pools, PgBouncer's client slots, PostgreSQL's server slots", function () {
    this.timeout(120000);

    describe("the budget of each environment", () => {
        it("production: 10 pods x 2 colours x 10 = 200 clients in 250 slots; 2 x 20 + 10 = 50 server connections in 100 - 3", async () => {
            const settings = await settingsFor(stack("gcp/production").options);
            const budget = connectionBudget(settings, { pooler: { instances: 2, maxClientConn: 250, defaultPoolSize: 20 }, maxConnections: 100 });
            assert.deepEqual(budget, { applicationClients: 200, clientLimit: 250, serverConnections: 50, serverLimit: 97 });
        });

        it("staging: 5 x 2 x 10 = 100 clients in the table's 150 (not 100 plus a quarter); 10 + 10 = 20 in 50 - 3", async () => {
            const settings = await settingsFor(stack("aws/staging").options);
            const budget = connectionBudget(settings, { pooler: { instances: 1, maxClientConn: 150, defaultPoolSize: 10 }, maxConnections: 50 });
            assert.deepEqual(budget, { applicationClients: 100, clientLimit: 150, serverConnections: 20, serverLimit: 47 });
        });

        it("an HPA maximum of 20 (the guide's values-prod.yaml): 400 clients, 500 slots", async () => {
            const settings = await settingsFor(withConfig(stack("azure/production").options, { orchestratorHpaMaxReplicas: "20" }));
            const budget = connectionBudget(settings, { pooler: { instances: 2, maxClientConn: 250, defaultPoolSize: 20 }, maxConnections: 100 });
            assert.deepEqual(budget, { applicationClients: 400, clientLimit: 500, serverConnections: 50, serverLimit: 97 });
        });

        it("no HPA (a cloud development stack): its one pod's 2 x 10 clients, the table's 150 slots", async () => {
            const settings = await settingsFor(cloudDevelopment);
            const budget = connectionBudget(settings, { pooler: { instances: 1, maxClientConn: 150, defaultPoolSize: 10 }, maxConnections: 50 });
            assert.deepEqual(budget, { applicationClients: 20, clientLimit: 150, serverConnections: 20, serverLimit: 47 });
        });
    });

    describe("the limits are inclusive: exactly at a limit fits, one more does not", () => {
        it("server connections equal to max_connections less the superuser reserve fit; one over is refused, naming both", async () => {
            const settings = await settingsFor(stack("gcp/production").options);
            const pooler = { instances: 2, maxClientConn: 250, defaultPoolSize: 20 };
            // 2 x 20 + 5 + 5 = 50 against 53 - 3 = 50, then 52 - 3 = 49.
            assert.deepEqual(connectionProblems(connectionBudget(settings, { pooler, maxConnections: 53 })), []);
            assert.deepEqual(connectionProblems(connectionBudget(settings, { pooler, maxConnections: 52 })), [
                "50 server connections exceed max_connections less the superuser reserve (49)",
            ]);
        });

        it("as many application connections as client slots fit; one over is refused, naming both", () => {
            const within = { serverConnections: 47, serverLimit: 47 };
            assert.deepEqual(connectionProblems({ applicationClients: 250, clientLimit: 250, ...within }), []);
            assert.deepEqual(connectionProblems({ applicationClients: 251, clientLimit: 250, ...within }), [
                "the orchestrator can open 251 connections but only 250 are accepted",
            ]);
        });

        it("reports both problems at once, clients first", () => {
            assert.deepEqual(connectionProblems({ applicationClients: 201, clientLimit: 200, serverConnections: 98, serverLimit: 97 }), [
                "the orchestrator can open 201 connections but only 200 are accepted",
                "98 server connections exceed max_connections less the superuser reserve (97)",
            ]);
        });
    });

    describe("what the Pooler and the Cluster are told, per environment", () => {
        it("production: 2 PgBouncer pods, max_client_conn 250, default_pool_size 20; max_connections 100", async () => {
            assert.deepEqual(await connectionSettings(stack("aws/production").options), {
                poolerInstances: 2,
                pgbouncer: { max_client_conn: "250", default_pool_size: "20" },
                maxConnections: "100",
            });
        });

        it("staging: 1 PgBouncer pod, max_client_conn 150, default_pool_size 10; max_connections 50", async () => {
            assert.deepEqual(await connectionSettings(stack("gcp/staging").options), {
                poolerInstances: 1,
                pgbouncer: { max_client_conn: "150", default_pool_size: "10" },
                maxConnections: "50",
            });
        });

        it("a cloud development stack on CloudNativePG is sized like staging", async () => {
            assert.deepEqual(await connectionSettings(cloudDevelopment), {
                poolerInstances: 1,
                pgbouncer: { max_client_conn: "150", default_pool_size: "10" },
                maxConnections: "50",
            });
        });

        it("PgBouncer's max_client_conn follows a raised HPA maximum (20: 500); the server side does not move", async () => {
            assert.deepEqual(await connectionSettings(withConfig(stack("gcp/production").options, { orchestratorHpaMaxReplicas: "20" })), {
                poolerInstances: 2,
                pgbouncer: { max_client_conn: "500", default_pool_size: "20" },
                maxConnections: "100",
            });
        });

        it("a staging HPA of 7 outgrows the table: 7 x 2 x 10 = 140 plus a quarter = 175", async () => {
            const { pgbouncer } = await connectionSettings(withConfig(stack("gcp/staging").options, { orchestratorHpaMaxReplicas: "7" }));
            assert.equal(pgbouncer.max_client_conn, "175");
        });
    });
});
