// The containers CloudNativePG leaves without resources unless told (PgBouncer in the Pooler, the
// Barman Cloud plugin's sidecar): each gets requests and limits, so none is BestEffort (evicted first
// under node pressure: https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/)
// and none grows without bound.
import { strict as assert } from "assert";
import { cpuMillis, memoryMiB } from "../config/quantity";
import { resourcesProblems } from "./support/container-resources";
import { objectsOfKind } from "./support/workloads";
import { stackOptions, validStackRun } from "./support/runs";

describe("CloudNativePG: resources of the containers the operator leaves unset", function () {
    this.timeout(60000);

    for (const environment of ["staging", "production"] as const) {
        it(`${environment}: PgBouncer and the Barman Cloud sidecar have requests and limits`, async () => {
            const run = await validStackRun(stackOptions("gcp", environment));
            const poolers = objectsOfKind(run, "Pooler");
            const stores = objectsOfKind(run, "ObjectStore");
            assert.ok(poolers.length > 0 && stores.length > 0, "a Pooler and an ObjectStore");
            const problems = [
                ...poolers.flatMap((pooler) => {
                    const pgbouncer = pooler.spec.template?.spec?.containers?.find((c: { name: string }) => c.name === "pgbouncer");
                    return resourcesProblems(`${pooler.metadata.name} pgbouncer`, pgbouncer?.resources, ["cpu", "memory"]);
                }),
                ...stores.flatMap((store) =>
                    resourcesProblems(`${store.metadata.name} sidecar`, store.spec.instanceSidecarConfiguration?.resources, ["cpu", "memory"]),
                ),
            ];
            assert.deepEqual(problems, []);
        });
    }

    it("PgBouncer may use the one core its single thread can (gitlab-com/gl-infra/infrastructure#6981: one process pegs one core); the sidecar more than the 512Mi a restore was OOM-killed at (siutsin/otaru#2728)", async () => {
        const run = await validStackRun(stackOptions("gcp", "production"));
        for (const pooler of objectsOfKind(run, "Pooler")) {
            const pgbouncer = pooler.spec.template.spec.containers.find((c: { name: string }) => c.name === "pgbouncer");
            assert.equal(cpuMillis(pgbouncer.resources.limits.cpu), 1000, pooler.metadata.name);
        }
        for (const store of objectsOfKind(run, "ObjectStore")) {
            assert.ok(memoryMiB(store.spec.instanceSidecarConfiguration.resources.limits.memory) > 512, store.metadata.name);
        }
    });
});
