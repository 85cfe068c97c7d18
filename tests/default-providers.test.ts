// Pulumi.yaml turns default providers off (`pulumi:disable-default-providers`, pulumi/pulumi#8829):
// the engine then fails a resource that forgot its `provider` instead of sending it to the ambient
// cloud account or kubeconfig. Under mocks nothing enforces that list, so this test does: the
// mock's `provider` argument is "<provider urn>::<id>", and empty for a default provider.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { ProgramRun } from "../harness/run";
import { projectRoot } from "../harness/stack-config";
import { matrix, validStackRun } from "./support/runs";

const project = yaml.load(fs.readFileSync(path.join(projectRoot, "Pulumi.yaml"), "utf8")) as {
    config: Record<string, { value?: unknown }>;
};
const disabled = project.config["pulumi:disable-default-providers"]?.value as string[];

const providerPrefix = "pulumi:providers:";

/** The package of a resource type: "random" for random:index/randomPassword:RandomPassword. */
function packageOf(type: string): string {
    return type.split(":")[0];
}

function managedResources(run: ProgramRun) {
    return run.resources.filter((r) => r.custom && !r.type.startsWith(providerPrefix));
}

/** Resources, of any package, that would be sent to a default provider. */
function defaultProviderUses(run: ProgramRun): string[] {
    return managedResources(run).filter((r) => r.provider === "").map((r) => `${r.type} ${r.name}`);
}

describe("default providers are disabled", () => {
    for (const stack of matrix) {
        it(`${stack.label}: no resource of any package uses a default provider`, async () => {
            assert.deepEqual(defaultProviderUses(await validStackRun(stack.options)), []);
        });

        it(`${stack.label}: one explicit random and one time provider, used by every random and time resource`, async () => {
            const run = await validStackRun(stack.options);
            for (const pkg of ["random", "time"]) {
                const providers = run.resources.filter((r) => r.type === `${providerPrefix}${pkg}`);
                assert.equal(providers.length, 1, `${pkg} providers: ${providers.map((p) => p.urn).join(", ")}`);
                for (const r of managedResources(run).filter((r) => packageOf(r.type) === pkg)) {
                    assert.ok(r.provider.startsWith(`${providers[0].urn}::`), `${r.type} ${r.name}: ${r.provider}`);
                }
            }
        });
    }

    it("Pulumi.yaml lists exactly the packages the program uses, as a project value", async () => {
        const used = new Set<string>();
        for (const stack of matrix) {
            for (const r of managedResources(await validStackRun(stack.options))) used.add(packageOf(r.type));
        }
        assert.deepEqual([...disabled].sort(), [...used].sort());
        assert.deepEqual([...used].sort(), ["aws", "azure-native", "gcp", "kubernetes", "random", "time"]);
    });

    it("the check finds a resource without a provider, of any package (it can fail)", async () => {
        const run = await validStackRun(matrix[0].options);
        const configMap = run.resources.find((r) => r.type === "kubernetes:core/v1:ConfigMap")!;
        const password = run.resources.find((r) => r.type === "random:index/randomPassword:RandomPassword")!;
        const broken: ProgramRun = {
            ...run,
            resources: [...run.resources, { ...configMap, name: "forgot-provider", provider: "" }, { ...password, name: "forgot-too", provider: "" }],
        };
        assert.deepEqual(defaultProviderUses(broken), [
            "kubernetes:core/v1:ConfigMap forgot-provider",
            "random:index/randomPassword:RandomPassword forgot-too",
        ]);
    });
});
