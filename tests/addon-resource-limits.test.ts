// Every resources block the program writes into an add-on chart's values: requests set, and a memory
// limit no lower than the request (the API server refuses a pod whose limit is under its request:
// https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#requests-and-limits),
// so that no add-on container grows without bound. The one exception is the ingress controller: its
// chart sets no limits and upstream advises against them (an OOM kill drops every connection through
// that replica; clusters/addons/sizing.ts).
import { strict as assert } from "assert";
import { ContainerResources, resourcesProblems } from "./support/container-resources";
import { matrix, validStackRun } from "./support/runs";

type Resources = ContainerResources;

/** Every container `resources` object in a values tree, with its path (a volume claim's, which requests storage, is not one). */
function resourcesIn(values: unknown, path: string[] = []): [string, Resources][] {
    if (!values || typeof values !== "object") return [];
    return Object.entries(values as Record<string, unknown>).flatMap(([key, value]) =>
        key === "resources" && value && typeof value === "object" && "requests" in value && !("storage" in ((value as Resources).requests ?? {}))
            ? [[[...path, key].join("."), value as Resources] as [string, Resources]]
            : resourcesIn(value, [...path, key]),
    );
}

describe("add-on containers: requests, and a memory limit at least the request", function () {
    this.timeout(120000);

    for (const c of matrix) {
        it(`${c.label}: every resources block of every add-on release`, async () => {
            const run = await validStackRun(c.options);
            const releases = run.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release");
            assert.ok(releases.length >= 3, "the add-on releases");
            const found = releases.flatMap((release) =>
                resourcesIn(release.inputs.values).map(([path, resources]) => [`${release.inputs.name} ${path}`, resources] as const),
            );
            assert.ok(found.length >= releases.length, "each release sizes its containers");
            const unlimited = found.filter(([, resources]) => !resources.limits).map(([where]) => where);
            assert.deepEqual(unlimited, ["ingress-nginx controller.resources"], "only the ingress controller runs without limits");
            assert.deepEqual(
                found.filter(([where]) => !unlimited.includes(where)).flatMap(([where, resources]) => resourcesProblems(where, resources, ["memory"])),
                [],
            );
        });
    }
});
