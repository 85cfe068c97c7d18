// The flows of the CloudNativePG database beyond tests/network-policy.test.ts (which covers the
// statefulset and cloudnativepg engines): while migrating (`databaseEngine migrating`: the StatefulSet
// and the Cluster both run, and the Cluster's import Job copies the StatefulSet's database,
// https://cloudnative-pg.io/documentation/current/database_import/), and the pods that share a
// namespace with the operator or Prometheus without being them (workloads/database/network-policies.ts).
import { strict as assert } from "assert";
import { allowedFlows, asStored, Endpoint, NetworkPolicyObject, oneSide, peerProblems } from "./support/network-policy";
import { probes, universe } from "./support/network-policy-universe";
import { matrix, objectsOfKind, runValid, StackCase } from "./support/workloads";
import { withDatabaseEngine } from "./support/runs";
import { charts } from "../clusters/addons/charts";

const cloudStacks = matrix.filter((c) => c.cloud !== "local");
const migrating = (c: StackCase) => ({ ...c, label: `${c.label} migrating`, options: withDatabaseEngine(c.options, "migrating") });

async function stackUnderTest(stack: StackCase) {
    const run = await runValid(stack.label, stack.options);
    const policies = (objectsOfKind(run, "NetworkPolicy") as unknown as NetworkPolicyObject[]).map(asStored);
    const [cluster] = objectsOfKind(run, "Cluster");
    const operator = run.platform.services.database!.operator;
    const prometheus = run.platform.services.monitoring!.prometheus;
    // The Job CloudNativePG starts for `initdb.import` (cloudnative-pg pkg/specs/jobs.go: CreatePrimaryJobViaInitdb
    // picks jobRoleImport = "import"; CreatePrimaryJob's pod labels, plus the Cluster's inheritedMetadata).
    const importJob: Endpoint = {
        name: "import-job",
        namespace: "atlasia",
        ip: "10.4.1.10",
        labels: {
            ...cluster.spec.inheritedMetadata.labels,
            "cnpg.io/instanceName": `${cluster.metadata.name}-1`,
            "cnpg.io/cluster": cluster.metadata.name,
            "cnpg.io/jobRole": "import",
            "app.kubernetes.io/name": "postgresql",
            "app.kubernetes.io/instance": cluster.metadata.name,
            "app.kubernetes.io/version": "16",
            "app.kubernetes.io/component": "database",
            "app.kubernetes.io/managed-by": "cloudnative-pg",
        },
    };
    // Neighbours: the operator's and Prometheus's namespaces hold other pods (the Barman Cloud plugin,
    // Alertmanager, Grafana), which must not pass for them.
    const neighbours: Endpoint[] = [
        { name: "operator-namespace-other-pod", namespace: operator.namespace, labels: { app: "other" }, ip: "10.4.1.11" },
        { name: "monitoring-namespace-other-pod", namespace: prometheus.namespace, labels: { app: "other" }, ip: "10.4.1.12" },
    ];
    // A pod wearing the StatefulSet's pod labels (workloads/labels.ts selectorLabels("postgresql"), written out).
    const statefulSetLookalike: Endpoint = {
        name: "statefulset-labelled-pod",
        namespace: "atlasia",
        ip: "10.4.1.13",
        labels: { "app.kubernetes.io/name": "atlasia-postgresql", "app.kubernetes.io/instance": "atlasia", "app.kubernetes.io/component": "postgresql" },
    };
    return { policies, importJob, neighbours, statefulSetLookalike, endpoints: [...universe(run, stack.cloud), importJob, ...neighbours] };
}

const sender = (flow: string) => flow.split(" -> ")[0];
const receiver = (flow: string) => flow.split(" -> ")[1].split(":")[0];
const cnpgPods = ["db-primary", "db-replica", "db-job", "import-job"];

describe("database network flows while migrating to CloudNativePG", () => {
    it("rests on an operator that imports in a Job: chart 0.29.0 (operator 1.30.0); re-check on a chart upgrade", () => {
        // cloudnative-pg/cloudnative-pg#11319 (merged after 1.30.0) moves the bootstrap, the import included, into an
        // init container of the instance pod: then no Job carries cnpg.io/jobRole=import and the import-source
        // policy (workloads/database/network-policies.ts) would block the import. Move this pin only with that policy.
        assert.equal(charts.cloudnativePg.version, "0.29.0");
    });

    for (const stack of cloudStacks.map(migrating)) {
        it(`${stack.label}: only the import Job of the Cluster reaches the StatefulSet's PostgreSQL on 5432, and the StatefulSet keeps its own clients`, async () => {
            const { policies, endpoints } = await stackUnderTest(stack);
            const flows = [...allowedFlows(policies, endpoints, probes, "atlasia")];
            const toStatefulSet = flows.filter((f) => receiver(f) === "postgresql");
            // Of the Cluster's pods only the import Job reads the source; the instances and other Jobs never need to.
            assert.deepEqual(
                toStatefulSet.filter((f) => cnpgPods.includes(sender(f))),
                ["import-job -> postgresql:5432/TCP"],
            );
            // Everyone else as on the StatefulSet:
            // the application (it stays on the StatefulSet while migrating), the roles Job and pg_dump.
            assert.deepEqual(toStatefulSet.filter((f) => !cnpgPods.includes(sender(f))).sort(), [
                "backup -> postgresql:5432/TCP",
                "database-roles -> postgresql:5432/TCP",
                "orchestrator-blue -> postgresql:5432/TCP",
            ]);
        });

        // https://cloudnative-pg.io/documentation/current/networking/: the operator reaches every pod of the
        // cluster on 8000 (instance manager) and 5432, and the pods connect to each other.
        it(`${stack.label}: the operator and the instances still reach the instances on 8000 and 5432`, async () => {
            const { policies, endpoints } = await stackUnderTest(stack);
            const flows = allowedFlows(policies, endpoints, probes, "atlasia");
            for (const to of ["db-primary", "db-replica"]) {
                for (const from of ["cnpg-operator", ...cnpgPods.filter((p) => p !== to)]) {
                    for (const port of [5432, 8000]) assert.ok(flows.has(`${from} -> ${to}:${port}/TCP`), `${from} -> ${to}:${port}`);
                }
            }
        });

        it(`${stack.label}: each side of a flow is as narrow alone as both together`, async () => {
            const { policies, endpoints } = await stackUnderTest(stack);
            const inAtlasia = new Set(endpoints.filter((e) => e.namespace === "atlasia").map((e) => e.name));
            const both = [...allowedFlows(policies, endpoints, probes, "atlasia")];
            const fromAtlasia = (flows: Iterable<string>) => [...flows].filter((f) => inAtlasia.has(sender(f))).sort();
            const toAtlasia = (flows: Iterable<string>) => [...flows].filter((f) => inAtlasia.has(receiver(f))).sort();
            assert.deepEqual(fromAtlasia(allowedFlows(oneSide(policies, "Egress"), endpoints, probes, "atlasia")), fromAtlasia(both));
            assert.deepEqual(toAtlasia(allowedFlows(oneSide(policies, "Ingress"), endpoints, probes, "atlasia")), toAtlasia(both));
        });

        // A pod is the orchestrator or the StatefulSet's PostgreSQL by its name and component labels together
        // (workloads/labels.ts): another application's "orchestrator" or "postgresql" component, or a Job of the
        // same application under another component, shares one of them and is neither.
        it(`${stack.label}: pods sharing only the name or only the component of a database client or server get no database flow`, async () => {
            const { policies, endpoints } = await stackUnderTest(stack);
            const halves: Endpoint[] = ["orchestrator", "postgresql"].flatMap((component, i) => [
                {
                    name: `other-app-${component}`,
                    namespace: "atlasia",
                    ip: `10.4.2.${10 + i}`,
                    labels: { "app.kubernetes.io/name": "other-app", "app.kubernetes.io/component": component },
                },
                {
                    name: `atlasia-${component}-other-component`,
                    namespace: "atlasia",
                    ip: `10.4.2.${20 + i}`,
                    labels: { "app.kubernetes.io/name": `atlasia-${component}`, "app.kubernetes.io/component": "migrations" },
                },
            ]);
            const names = new Set(halves.map((h) => h.name));
            const flows = [...allowedFlows(policies, [...endpoints, ...halves], probes, "atlasia")];
            assert.ok(flows.includes("import-job -> postgresql:5432/TCP"));
            assert.deepEqual(
                flows.filter((f) => (names.has(sender(f)) && inAtlasiaDatabase(receiver(f))) || (inAtlasiaDatabase(sender(f)) && names.has(receiver(f)))),
                [],
            );
        });

        // The API server refuses a peer naming nothing and a policyTypes entry other than Ingress or Egress
        // (kubernetes pkg/apis/networking/validation/validation.go, ValidateNetworkPolicySpec).
        it(`${stack.label}: every policy is one the API server accepts`, async () => {
            const { policies } = await stackUnderTest(stack);
            assert.deepEqual(policies.flatMap(peerProblems), []);
            for (const policy of policies) {
                for (const type of policy.spec.policyTypes!) assert.ok(["Ingress", "Egress"].includes(type), `${policy.metadata.name}: ${type}`);
            }
        });
    }
});

describe("database network flows: the operator's and Prometheus's neighbours, the StatefulSet after the switch", () => {
    for (const stack of [...cloudStacks, ...cloudStacks.map(migrating)]) {
        it(`${stack.label}: other pods in the operator's and Prometheus's namespaces reach no database pod`, async () => {
            const { policies, endpoints, neighbours } = await stackUnderTest(stack);
            const flows = [...allowedFlows(policies, endpoints, probes, "atlasia")];
            assert.ok(flows.includes("cnpg-operator -> db-primary:8000/TCP") && flows.includes("prometheus -> db-primary:9187/TCP"));
            const names = new Set(neighbours.map((n) => n.name));
            assert.deepEqual(
                flows.filter((f) => names.has(sender(f)) && inAtlasiaDatabase(receiver(f))),
                [],
            );
        });
    }

    // Once on CloudNativePG the import is over: the Cluster's pods have no reason to open connections to
    // the StatefulSet's pods (still running until deleted, or anything labelled like them).
    for (const stack of cloudStacks) {
        it(`${stack.label}: the Cluster's pods may not connect to a pod labelled as the StatefulSet's, not even by their own egress`, async () => {
            const { policies, endpoints, statefulSetLookalike } = await stackUnderTest(stack);
            const egress = [...allowedFlows(oneSide(policies, "Egress"), [...endpoints, statefulSetLookalike], probes, "atlasia")];
            assert.ok(egress.includes("db-primary -> db-replica:5432/TCP"));
            assert.deepEqual(
                egress.filter((f) => receiver(f) === statefulSetLookalike.name && inAtlasiaDatabase(sender(f))),
                [],
            );
        });
    }
});

function inAtlasiaDatabase(name: string): boolean {
    return [...cnpgPods, "pooler", "postgresql"].includes(name);
}
