// Pulumi.yaml turns default providers off (`pulumi:disable-default-providers`, pulumi/pulumi#8829):
// the engine then fails a resource that forgot its `provider` instead of sending it to the ambient
// cloud account or kubeconfig. Under mocks nothing enforces that list, so this test does.
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

/**
 * Packages whose resources still use a default provider. Neither reads ambient credentials
 * (random generates values, time waits), but both would fail once listed: they need an explicit
 * provider in workloads/secrets.ts, clusters/addons/grafana-admin.ts and clusters/aks.ts first.
 */
const stillDefault = ["random", "time"];

function packageOf(type: string): string {
    return type.split(":")[0];
}

/** Resources of a disabled package that would be sent to a default provider. */
function defaultProviderUses(run: ProgramRun, packages: string[]): string[] {
    return run.resources
        .filter((r) => r.custom && !r.type.startsWith("pulumi:providers:") && packages.includes(packageOf(r.type)) && r.provider === "")
        .map((r) => `${r.type} ${r.name}`);
}

describe("default providers are disabled", () => {
    it("Pulumi.yaml disables them for every cloud and Kubernetes package, as a project value", () => {
        assert.deepEqual([...disabled].sort(), ["aws", "azure-native", "gcp", "kubernetes"]);
    });

    for (const stack of matrix) {
        it(`${stack.label}: every resource of a disabled package names its provider`, async () => {
            const run = await validStackRun(stack.options);
            assert.deepEqual(defaultProviderUses(run, disabled), []);
        });
    }

    it("the list covers every package the program uses except the ones still on a default provider", async () => {
        const used = new Set<string>();
        for (const stack of matrix) {
            for (const r of (await validStackRun(stack.options)).resources) {
                if (r.custom && !r.type.startsWith("pulumi:providers:")) used.add(packageOf(r.type));
            }
        }
        assert.deepEqual([...used].filter((p) => !disabled.includes(p)).sort(), stillDefault);
    });

    it("the check finds a Kubernetes object without a provider (it can fail)", async () => {
        const run = await validStackRun(matrix[0].options);
        const object = run.resources.find((r) => r.type === "kubernetes:core/v1:ConfigMap")!;
        const broken: ProgramRun = { ...run, resources: [...run.resources, { ...object, name: "forgot-provider", provider: "" }] };
        assert.deepEqual(defaultProviderUses(broken, disabled), ["kubernetes:core/v1:ConfigMap forgot-provider"]);
    });
});
