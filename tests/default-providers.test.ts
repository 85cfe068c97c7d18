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

/** Problems with the random and time providers: not exactly one where the package is used, one where it is not, a resource on another. */
function utilityProviderUse(run: ProgramRun): string[] {
    return ["random", "time"].flatMap((pkg) => {
        const providers = run.resources.filter((r) => r.type === `${providerPrefix}${pkg}`);
        const users = managedResources(run).filter((r) => packageOf(r.type) === pkg);
        const expected = users.length > 0 ? 1 : 0;
        if (providers.length !== expected) return [`${pkg}: ${providers.length} providers for ${users.length} resources`];
        return users.filter((r) => !r.provider.startsWith(`${providers[0].urn}::`)).map((r) => `${r.type} ${r.name}: ${r.provider}`);
    });
}

/** Resources, of any package, that would be sent to a default provider. */
function defaultProviderUses(run: ProgramRun): string[] {
    return managedResources(run)
        .filter((r) => r.provider === "")
        .map((r) => `${r.type} ${r.name}`);
}

describe("default providers are disabled", () => {
    for (const stack of matrix) {
        it(`${stack.label}: no resource of any package uses a default provider`, async () => {
            assert.deepEqual(defaultProviderUses(await validStackRun(stack.options)), []);
        });

        // Only where used: an unused provider is still a resource in state and a plugin the engine
        // starts (and must find installed) on every run; only AKS has a time resource.
        it(`${stack.label}: one random and one time provider where the stack has such resources, none elsewhere, used by all of them`, async () => {
            assert.deepEqual(utilityProviderUse(await validStackRun(stack.options)), []);
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

    it("the provider check finds an unused time provider and a missing one (it can fail)", async () => {
        const gke = await validStackRun(matrix.find((s) => s.cloud === "gcp")!.options);
        const aks = await validStackRun(matrix.find((s) => s.cloud === "azure")!.options);
        const timeProvider = aks.resources.find((r) => r.type === `${providerPrefix}time`)!;
        assert.deepEqual(utilityProviderUse({ ...gke, resources: [...gke.resources, timeProvider] }), ["time: 1 providers for 0 resources"]);
        assert.deepEqual(utilityProviderUse({ ...aks, resources: aks.resources.filter((r) => r !== timeProvider) }), ["time: 0 providers for 1 resources"]);
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
