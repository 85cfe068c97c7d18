// The workloads components register the names other layers and operators look up as their outputs,
// which the engine keeps in each component's state (`pulumi stack export`). The names are the
// seed's: namespace `atlasia`, ConfigMap `atlasia-config`, Secret `atlasia-secrets`, ServiceAccount
// `atlasia`; the roles' passwords are in `atlasia-postgresql-roles`.
import { strict as assert } from "assert";
import type { ProgramRun } from "../harness/run";
import { matrix, runValid } from "./support/workloads";

/** What the one component of `type` registered as its outputs. */
function outputsOf(run: ProgramRun, type: string): Record<string, unknown> {
    const components = run.resources.filter((r) => r.type === type && !r.custom);
    assert.equal(components.length, 1, `one ${type}`);
    const outputs = run.componentOutputs[components[0].urn];
    assert.ok(outputs, `${type} registered its outputs`);
    return outputs;
}

describe("workloads components keep the names they created in their state", () => {
    for (const stack of matrix) {
        it(`${stack.label}: namespace, ConfigMap, Secrets and ServiceAccount names`, async () => {
            const run = await runValid(stack.label, stack.options);
            assert.deepEqual(outputsOf(run, "atlasia:app:AtlasiaWorkloads"), { namespace: "atlasia" });
            assert.deepEqual(outputsOf(run, "atlasia:app:Config"), { configMapName: "atlasia-config" });
            assert.deepEqual(outputsOf(run, "atlasia:app:Secrets"), { secretName: "atlasia-secrets" });
            assert.deepEqual(outputsOf(run, "atlasia:app:Rbac"), { serviceAccountName: "atlasia" });
            assert.deepEqual(outputsOf(run, "atlasia:app:DatabaseRoles"), { secretName: "atlasia-postgresql-roles" });
        });
    }

    it("records a component that registers no outputs as registering none (the harness sees the empty call)", async () => {
        const run = await runValid(matrix[0].label, matrix[0].options);
        assert.deepEqual(outputsOf(run, "atlasia:app:Frontend"), {});
    });
});
