// The roles Job's pod as Kubernetes runs it: bash on the script its ConfigMap mounts read-only at
// /sql, psql's connection from the libpq variables (https://www.postgresql.org/docs/current/libpq-envars.html).
import { strict as assert } from "assert";
import { container, matrix, objectsOfKind, onStatefulSet, runValid } from "./support/workloads";

describe("the roles Job's pod", () => {
    it("runs /sql/run.sh with bash from its read-only ConfigMap, and reaches the ai database on atlasia-postgresql:5432", async () => {
        const stack = onStatefulSet(matrix.find((c) => c.label === "aws/production")!);
        const run = await runValid(stack.label, stack.options);
        const [job] = objectsOfKind(run, "Job").filter((j) => j.metadata.labels?.["app.kubernetes.io/component"] === "database-roles");
        const pod = job.spec.template;
        const roles = container(pod, "roles");
        assert.deepEqual(roles.command, ["/bin/bash", "/sql/run.sh"]);
        const mount = roles.volumeMounts.find((m: { mountPath: string }) => m.mountPath === "/sql");
        assert.deepEqual(mount, { name: "sql", mountPath: "/sql", readOnly: true });
        const volume = pod.spec.volumes.find((v: { name: string }) => v.name === "sql");
        const [scripts] = objectsOfKind(run, "ConfigMap").filter((c) => c.metadata.name === volume.configMap.name);
        assert.ok("run.sh" in scripts.data, "the script the command runs is in the mounted ConfigMap");
        const env = Object.fromEntries(
            roles.env.filter((e: { value?: string }) => e.value !== undefined).map((e: { name: string; value: string }) => [e.name, e.value]),
        );
        const { PGOPTIONS, ...connection } = env;
        assert.deepEqual(connection, { PGHOST: "atlasia-postgresql", PGPORT: "5432", PGDATABASE: "ai" });
        // What the timeouts do on a real server: tests/database-roles-on-postgresql.test.ts.
        assert.match(PGOPTIONS, /^-c lock_timeout=\d+s -c statement_timeout=\d+s -c client_connection_check_interval=\d+s -c log_transaction_sample_rate=0$/);
    });
});
