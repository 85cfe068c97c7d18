// The capacity check counts the requests of exactly the Helm releases the program creates: every
// release it leaves out is pods the node pool must hold that the check never saw (cert-manager and
// both CloudNativePG releases were once missed on every stack with a CloudNativePG database).
import { strict as assert } from "assert";
import { addonPods, RenderedRequests } from "../clusters/addons/requests";
import { DatabaseEngine, matrix, stackOptions, validStackRun, withDatabaseEngine } from "./support/runs";
import { settingsFor } from "./support/settings";
import type { RunOptions } from "../harness/run";

const releaseType = "kubernetes:helm.sh/v3:Release";

/** Every release the program might create, each with one pod named after it, in every environment. */
const releaseNames = ["cert-manager", "ingress-nginx", "kube-prometheus-stack", "prometheus-adapter", "jaeger", "cluster-autoscaler", "cnpg", "barman-cloud"];
const onePodEach = Object.fromEntries(releaseNames.map((name) => [name, { cluster: [{ name, replicas: 1, cpuMillis: 1, memoryMiB: 1 }], perNode: [] }]));
const labelled: RenderedRequests = { development: onePodEach, staging: onePodEach, production: onePodEach };

interface Case {
    label: string;
    options: RunOptions;
}

const engines: DatabaseEngine[] = ["statefulset", "cloudnativepg", "migrating"];

/** Each cloud stack on every engine, with its default issuer and with tlsIssuer none; local has only the StatefulSet. */
const cases: Case[] = matrix.flatMap((c) =>
    (c.cloud === "local" ? (["statefulset"] as const) : engines).flatMap((engine) => {
        const options = withDatabaseEngine(c.options, engine);
        return [
            { label: `${c.label}, ${engine}`, options },
            { label: `${c.label}, ${engine}, tlsIssuer none`, options: { ...options, set: { ...options.set, tlsIssuer: "none" } } },
        ];
    }),
);
// A development stack on a cloud may run CloudNativePG too (its development rendering is counted).
cases.push({
    label: "gcp/development, cloudnativepg",
    options: withDatabaseEngine({ ...stackOptions("gcp", "development"), set: { cloud: "gcp", "gcp:project": "my-project-123" } }, "cloudnativepg"),
});

describe("capacity check: counts the requests of every Helm release the program creates, and no other", function () {
    this.timeout(120000);
    for (const { label, options } of cases) {
        it(label, async () => {
            const run = await validStackRun(options);
            const created = run.resources
                .filter((r) => r.type === releaseType)
                .map((r) => String(r.inputs.name))
                .sort();
            const counted = addonPods(await settingsFor(options), labelled)
                .cluster.map((p) => p.name)
                .sort();
            assert.deepEqual(counted, created);
        });
    }
});
