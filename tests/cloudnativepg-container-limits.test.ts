// The containers CloudNativePG leaves without resources unless told (PgBouncer in the Pooler, the
// Barman Cloud plugin's sidecar): each gets requests and limits, so none is BestEffort (evicted first
// under node pressure: https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/)
// and none grows without bound.
import { strict as assert } from "assert";
import { cpuMillis, memoryMiB } from "../config/quantity";
import { stackOptions, validStackRun } from "./support/runs";

type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };

/** Burstable with both limits: each request set and at most its limit. */
function boundedProblems(what: string, resources: Resources | undefined): string[] {
    return ["cpu", "memory"].flatMap((name) => {
        const request = resources?.requests?.[name];
        const limit = resources?.limits?.[name];
        if (!request || !limit) return [`${what}: ${name} request ${request} and limit ${limit}`];
        const amount = name === "cpu" ? cpuMillis : memoryMiB;
        return amount(request) <= amount(limit) ? [] : [`${what}: ${name} request ${request} over its limit ${limit}`];
    });
}

describe("CloudNativePG: resources of the containers the operator leaves unset", function () {
    this.timeout(60000);

    for (const environment of ["staging", "production"] as const) {
        it(`${environment}: PgBouncer and the Barman Cloud sidecar have requests and limits`, async () => {
            const run = await validStackRun(stackOptions("gcp", environment));
            const kind = (name: string) => run.resources.filter((r) => r.type.startsWith("kubernetes:") && r.inputs.kind === name);
            const poolers = kind("Pooler");
            const stores = kind("ObjectStore");
            assert.ok(poolers.length > 0 && stores.length > 0, "a Pooler and an ObjectStore");
            const problems = [
                ...poolers.flatMap((pooler) => {
                    const pgbouncer = pooler.inputs.spec.template?.spec?.containers?.find((c: { name: string }) => c.name === "pgbouncer");
                    return boundedProblems(`${pooler.inputs.metadata.name} pgbouncer`, pgbouncer?.resources);
                }),
                ...stores.flatMap((store) =>
                    boundedProblems(`${store.inputs.metadata.name} sidecar`, store.inputs.spec.instanceSidecarConfiguration?.resources),
                ),
            ];
            assert.deepEqual(problems, []);
        });
    }

    it("PgBouncer may use the one core its single thread can (gitlab-com/gl-infra/infrastructure#6981: one process pegs one core); the sidecar more than the 512Mi a restore was OOM-killed at (siutsin/otaru#2728)", async () => {
        const run = await validStackRun(stackOptions("gcp", "production"));
        const kind = (name: string) => run.resources.filter((r) => r.type.startsWith("kubernetes:") && r.inputs.kind === name);
        for (const pooler of kind("Pooler")) {
            const pgbouncer = pooler.inputs.spec.template.spec.containers.find((c: { name: string }) => c.name === "pgbouncer");
            assert.equal(cpuMillis(pgbouncer.resources.limits.cpu), 1000, pooler.inputs.metadata.name);
        }
        for (const store of kind("ObjectStore")) {
            assert.ok(memoryMiB(store.inputs.spec.instanceSidecarConfiguration.resources.limits.memory) > 512, store.inputs.metadata.name);
        }
    });
});
