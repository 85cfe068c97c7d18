// The blue-green switch waits for the colour it switches to. The first switch on the real engine
// (npm run e2e, docs/e2e.md) sent the Services' selector update while the green Deployments were
// still being created: nothing ordered them. The engine updates a resource only after its dependsOn
// have finished (pulumi.com/docs/iac/concepts/options/dependson), and pulumi-kubernetes finishes a
// Deployment once its new ReplicaSet is available (pulumi-kubernetes provider/pkg/await/deployment.go).
import { strict as assert } from "assert";
import { ObservedRun, stackOptions, validStackRun } from "./support/runs";
import { activeColorReady } from "../workloads/colors";

function resource(run: ObservedRun, type: string, name: string) {
    const found = run.resources.find((r) => r.type === `kubernetes:${type}` && r.name === name);
    assert.ok(found, `${type} ${name}`);
    return found;
}

const cases = [
    { label: "local development, blue active", options: stackOptions("local", "development"), active: "blue", inactive: undefined },
    {
        label: "gcp production, switched to green",
        options: {
            ...stackOptions("gcp", "production"),
            set: { ...stackOptions("gcp", "production").set, greenOrchestratorTag: "0.2.0", greenFrontendTag: "0.2.1", activeColor: "green" },
        },
        active: "green",
        inactive: "blue",
    },
    {
        label: "gcp production, green beside blue, blue active",
        options: {
            ...stackOptions("gcp", "production"),
            set: { ...stackOptions("gcp", "production").set, greenOrchestratorTag: "0.2.0", greenFrontendTag: "0.2.1" },
        },
        active: "blue",
        inactive: "green",
    },
] as const;

describe("blue-green: each Service switches only after the active colour's Deployment is ready", () => {
    for (const { label, options, active, inactive } of cases) {
        it(label, async () => {
            const run = await validStackRun(options);
            for (const component of ["orchestrator", "frontend"]) {
                const service = resource(run, "core/v1:Service", `atlasia-${component}`);
                assert.equal(service.inputs.spec.selector["atlasia.io/color"], active);
                const activeDeployment = resource(run, "apps/v1:Deployment", `atlasia-${component}-${active}`);
                assert.ok(service.dependencies.includes(activeDeployment.urn), `${component} Service depends on ${activeDeployment.name}`);
                if (inactive) {
                    const other = resource(run, "apps/v1:Deployment", `atlasia-${component}-${inactive}`);
                    assert.ok(!service.dependencies.includes(other.urn), `${component} Service does not wait for the inactive ${other.name}`);
                }
            }
        });
    }

    it("waits for nothing when no Deployment of the active colour is given", () => {
        assert.deepEqual(activeColorReady(undefined), []);
    });
});
