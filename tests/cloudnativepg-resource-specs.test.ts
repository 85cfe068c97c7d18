// The CloudNativePG resources field by field where a field's value is a choice, not the operator's
// default. Defaults as the CRDs of the pinned operator chart (cloudnative-pg 0.29.0, postgresql.cnpg.io/v1)
// and plugin chart (plugin-barman-cloud 0.7.0, barmancloud.cnpg.io/v1) describe them:
//  - Cluster.spec.managed.roles[]: createdb and createrole "false (default)", inherit "default: true";
//    passwordSecret "must follow the kubernetes.io/basic-auth format and contain both a username and a
//    password field" (so must the initdb/recovery owner's secret);
//  - Cluster.spec.affinity.podAntiAffinityType: "preferred" (default if empty) or "required";
//  - Cluster.spec.bootstrap.recovery.recoveryTarget: without it "the recovery process applies all the
//    available WAL files in the archive (full recovery)";
//  - ScheduledBackup.spec.immediate: whether the first backup starts right after creation (unset: no);
//  - ObjectStore.spec.configuration.wal/data.compression: "empty string (no compression, default)";
//    wal.maxParallel: "If not specified, WAL files will be processed one at a time".
// The `<cluster>-rw` Service selects cnpg.io/cluster and cnpg.io/instanceRole=primary (cloudnative-pg
// pkg/specs/services.go); Flyway's NetworkPolicy must select the same pods.
import { strict as assert } from "assert";
import { isDeepStrictEqual } from "util";
import type { RecordedResource } from "../harness/run";
import { matrix, StackCase, validStackRun, withConfig } from "./support/runs";

type Run = Awaited<ReturnType<typeof validStackRun>>;
const stack = (label: string): StackCase => matrix.find((c) => c.label === label)!;
const withSet = (c: StackCase, set: Record<string, string>) => validStackRun(withConfig(c.options, set));
const only = (list: RecordedResource[], what: string) => {
    assert.equal(list.length, 1, `one ${what}, got ${list.length}`);
    return list[0];
};
const custom = (run: Run, kind: string) =>
    only(
        run.resources.filter((r) => r.type.startsWith("kubernetes:") && r.inputs.kind === kind),
        kind,
    );
const named = (run: Run, type: string, name: string) =>
    only(
        run.resources.filter((r) => r.type === type && r.inputs.metadata?.name === name),
        name,
    );
const production = stack("gcp/production");
const staging = stack("gcp/staging");

describe("CloudNativePG resources: the fields that differ from the operator's defaults", function () {
    this.timeout(120000);

    it("the application's managed role: login only, no superuser, no CREATEDB or CREATEROLE, inherits its grants", async () => {
        const cluster = custom(await validStackRun(production.options), "Cluster").inputs.spec;
        assert.deepEqual(cluster.managed.roles, [
            {
                name: "ai",
                ensure: "present",
                login: true,
                superuser: false,
                createdb: false,
                createrole: false,
                inherit: true,
                passwordSecret: { name: "atlasia-db-app" },
            },
        ]);
    });

    it("the owner's and the application's logins are kubernetes.io/basic-auth Secrets with username and password", async () => {
        const run = await validStackRun(production.options);
        for (const [name, username] of [
            ["atlasia-db-owner", "ai_owner"],
            ["atlasia-db-app", "ai"],
        ]) {
            const secret = named(run, "kubernetes:core/v1:Secret", name).inputs;
            assert.equal(secret.type, "kubernetes.io/basic-auth", name);
            assert.equal(secret.stringData.username, username, name);
            assert.equal(typeof secret.stringData.password, "string", name);
        }
        assert.deepEqual(custom(run, "Cluster").inputs.spec.bootstrap.initdb.secret, { name: "atlasia-db-owner" });
    });

    it("compresses WAL and base backups with gzip and archives two WAL files at a time", async () => {
        const configuration = custom(await validStackRun(staging.options), "ObjectStore").inputs.spec.configuration;
        assert.deepEqual(configuration.wal, { compression: "gzip", maxParallel: 2 });
        assert.deepEqual(configuration.data, { compression: "gzip" });
    });

    describe("zones and synchronous replication", () => {
        it("one staging instance: preferred anti-affinity, no synchronous standby", async () => {
            const spec = custom(await validStackRun(staging.options), "Cluster").inputs.spec;
            assert.equal(spec.instances, 1);
            assert.deepEqual(spec.affinity, { topologyKey: "topology.kubernetes.io/zone", podAntiAffinityType: "preferred" });
            assert.equal(spec.postgresql.synchronous, undefined);
            // No standby to switch over to: the CRD's default, an in-place restart.
            assert.equal(spec.primaryUpdateMethod, "restart");
        });

        it("two staging instances: required anti-affinity (one per zone), still asynchronous (synchronous is production's)", async () => {
            const spec = custom(await withSet(staging, { databaseInstances: "2" }), "Cluster").inputs.spec;
            assert.equal(spec.instances, 2);
            assert.deepEqual(spec.affinity, { topologyKey: "topology.kubernetes.io/zone", podAntiAffinityType: "required" });
            assert.equal(spec.postgresql.synchronous, undefined);
        });

        it("two production instances: required anti-affinity and one synchronous standby", async () => {
            const spec = custom(await withSet(production, { databaseInstances: "2" }), "Cluster").inputs.spec;
            assert.equal(spec.instances, 2);
            assert.equal(spec.affinity.podAntiAffinityType, "required");
            assert.deepEqual(spec.postgresql.synchronous, { method: "any", number: 1, dataDurability: "preferred" });
        });

        it("with a standby, a rolling update switches the primary over instead of restarting it in place", async () => {
            // The CRD defaults primaryUpdateMethod to restart: the primary is deleted and recreated without a
            // switchover (cloudnative-pg cluster_upgrade.go updatePrimaryPod), a write outage for the whole restart.
            for (const run of [await validStackRun(production.options), await withSet(staging, { databaseInstances: "2" })]) {
                assert.equal(custom(run, "Cluster").inputs.spec.primaryUpdateMethod, "switchover");
            }
        });
    });

    it("takes the first base backup as soon as the ScheduledBackup exists, after the Cluster", async () => {
        const run = await validStackRun(production.options);
        const backup = custom(run, "ScheduledBackup");
        assert.equal(backup.inputs.spec.immediate, true, "a recovery window from the first day, not from the first 02:00");
        assert.ok(backup.dependencies.includes(custom(run, "Cluster").urn), "the backup names a Cluster that exists");
    });

    it("creates the Pooler after the Cluster whose primary it points to", async () => {
        const run = await validStackRun(production.options);
        assert.ok(custom(run, "Pooler").dependencies.includes(custom(run, "Cluster").urn));
    });

    // On EKS the Cluster's volumes need the EBS CSI driver and the gp3 StorageClass
    // (clusters/eks/index.ts storageReady); deleting those first would strand the PersistentVolumes.
    it("creates the Cluster after its ObjectStore, its login Secrets and what its volumes need (EKS: EBS CSI driver, gp3)", async () => {
        const run = await validStackRun(stack("aws/production").options);
        const dependencies = custom(run, "Cluster").dependencies;
        const urnOf = (r: RecordedResource) => r.urn;
        assert.ok(dependencies.includes(urnOf(custom(run, "ObjectStore"))), "the WAL archiver's ObjectStore");
        for (const name of ["atlasia-db-owner", "atlasia-db-app"]) {
            assert.ok(dependencies.includes(urnOf(named(run, "kubernetes:core/v1:Secret", name))), name);
        }
        assert.ok(dependencies.includes(urnOf(named(run, "kubernetes:storage.k8s.io/v1:StorageClass", "gp3"))), "the gp3 StorageClass");
        const csi = only(
            run.resources.filter((r) => r.type === "aws:eks/addon:Addon" && r.inputs.addonName === "aws-ebs-csi-driver"),
            "EBS CSI add-on",
        );
        assert.ok(dependencies.includes(csi.urn), "the EBS CSI driver");
    });

    it("keeps the Cluster's and the Pooler's names in the component's state", async () => {
        const run = await validStackRun(production.options);
        const component = only(
            run.resources.filter((r) => r.type === "atlasia:app:CloudNativePgDatabase"),
            "CloudNativePgDatabase",
        );
        assert.deepEqual(run.componentOutputs[component.urn], { cluster: "atlasia-db", pooler: "atlasia-postgresql" });
        const migrating = await withSet(production, { databaseEngine: "migrating" });
        const migratingComponent = only(
            migrating.resources.filter((r) => r.type === "atlasia:app:CloudNativePgDatabase"),
            "CloudNativePgDatabase",
        );
        assert.deepEqual(migrating.componentOutputs[migratingComponent.urn], { cluster: "atlasia-db", pooler: "atlasia-db-pooler-rw" });
    });

    it("recovers to the end of the archive when the target is latest (no recoveryTarget)", async () => {
        const run = await withSet(production, { databaseClusterName: "atlasia-db-r1", databaseRecoverySource: "atlasia-db", databaseRecoveryTarget: "latest" });
        assert.deepEqual(custom(run, "Cluster").inputs.spec.bootstrap, {
            recovery: { source: "origin", database: "ai", owner: "ai_owner", secret: { name: "atlasia-db-r1-owner" } },
        });
    });

    // The StatefulSet's postgres image runs without TLS (no ssl setting in workloads/postgresql.ts; the
    // server's ssl is off by default: https://www.postgresql.org/docs/16/runtime-config-connection.html#GUC-SSL),
    // so the import connects with sslmode=disable, as the schema owner whose password is in the roles' Secret.
    it("migrating: imports from the StatefulSet's Service as the owner, without TLS, with the owner's password", async () => {
        const run = await withSet(production, { databaseEngine: "migrating" });
        assert.deepEqual(custom(run, "Cluster").inputs.spec.externalClusters, [
            {
                name: "statefulset",
                connectionParameters: { host: "atlasia-postgresql", port: "5432", user: "ai_owner", dbname: "ai", sslmode: "disable" },
                password: { name: "atlasia-postgresql-roles", key: "owner-password" },
            },
        ]);
    });

    it("Flyway's NetworkPolicy admits it to the primary only: the pods the -rw Service selects", async () => {
        const run = await validStackRun(production.options);
        const primary = { "cnpg.io/cluster": "atlasia-db", "cnpg.io/podRole": "instance", "cnpg.io/instanceRole": "primary" };
        const ingress = named(run, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "atlasia-db-primary").inputs.spec;
        assert.deepEqual(ingress.podSelector, { matchLabels: primary });
        const egress = named(run, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "atlasia-db-clients").inputs.spec.egress;
        assert.ok(
            egress[0].to.some((peer: { podSelector?: { matchLabels?: Record<string, string> } }) => isDeepStrictEqual(peer.podSelector?.matchLabels, primary)),
            "the orchestrator may reach the primary",
        );
    });
});
