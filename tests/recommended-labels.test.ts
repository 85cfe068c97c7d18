// Kubernetes' recommended labels (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/):
// every object and pod of the Atlasia workloads says it is part of `atlasia` and managed by Pulumi
// (`app.kubernetes.io/managed-by`: "the tool being used to manage the operation of an application"),
// and a component's objects carry its component label, so `kubectl get ... -l` finds them as the
// seed's commands do (`kubectl logs -n atlasia -l app.kubernetes.io/component=frontend`).
import { strict as assert } from "assert";
import { matrix, podTemplates, resourceOf, runValid, workloadResources } from "./support/workloads";

const managedBy = "app.kubernetes.io/managed-by";
const partOf = "app.kubernetes.io/part-of";
const componentLabel = "app.kubernetes.io/component";

describe("recommended labels on the workloads' objects and pods", () => {
    for (const stack of matrix) {
        it(`${stack.label}: every object and pod template is part of atlasia, managed by pulumi`, async () => {
            const run = await runValid(stack.label, stack.options);
            const labelled = [
                ...workloadResources(run).map((r) => ({ what: `${r.inputs.kind}/${r.inputs.metadata?.name}`, labels: r.inputs.metadata?.labels ?? {} })),
                ...podTemplates(run).map((t) => ({ what: `pods of ${t.owner}`, labels: t.metadata.labels ?? {} })),
            ];
            assert.ok(labelled.length > 20, "the objects and pods are there to check");
            for (const { what, labels } of labelled) {
                assert.equal(labels[managedBy], "pulumi", `${what} ${managedBy}`);
                assert.equal(labels[partOf], "atlasia", `${what} ${partOf}`);
            }
        });

        it(`${stack.label}: the frontend Service and the roles' Secret are found by their component`, async () => {
            const run = await runValid(stack.label, stack.options);
            const labels = (kind: string, name: string) => resourceOf(run, kind, name).inputs.metadata.labels;
            assert.equal(labels("Service", "atlasia-frontend")[componentLabel], "frontend");
            assert.equal(labels("Service", "atlasia-frontend")["app.kubernetes.io/name"], "atlasia-frontend");
            // The PostgreSQL roles' passwords belong to the database component.
            assert.equal(labels("Secret", "atlasia-postgresql-roles")[componentLabel], "postgresql");
            assert.equal(labels("Secret", "atlasia-postgresql-roles")["app.kubernetes.io/name"], "atlasia-postgresql");
        });
    }
});
