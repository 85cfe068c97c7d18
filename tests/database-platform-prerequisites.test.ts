// CloudNativePG needs two things from the layers below the workloads: the cluster's object storage
// for its backups (clusters/contract.ts backupStorage; a local cluster has none, and config/database.ts
// refuses CloudNativePG there) and the operator add-on (clusters/addons/index.ts installs it for
// every engine but the StatefulSet). No configuration reaches these errors; they stop a cluster or
// add-on layer that forgets its part with a message naming it, instead of a TypeError or, worse, custom
// resources that do not wait for their CRDs.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { createDatabase, type DatabaseSecrets } from "../workloads/database";
import type { WorkloadContext } from "../workloads/context";
import type { Cluster } from "../clusters/contract";
import type { PlatformServices } from "../clusters/addons/contract";
import { stackOptions, withDatabaseEngine } from "./support/runs";
import { settingsFor } from "./support/settings";

async function contextWith(cluster: Partial<Cluster>, platform: Partial<PlatformServices>): Promise<WorkloadContext> {
    const settings = await settingsFor(withDatabaseEngine(stackOptions("aws", "staging"), "cloudnativepg"));
    return { settings, cluster: cluster as Cluster, platform: platform as PlatformServices, namespace: pulumi.output("atlasia") };
}

const notUsed = {} as DatabaseSecrets;
const parent = {} as pulumi.Resource;

describe("CloudNativePG refuses a cluster or platform layer that does not provide what it needs", function () {
    this.timeout(60000);

    it("a cluster without object storage", async () => {
        const ctx = await contextWith({}, { database: { crdsReady: [], operator: { namespace: "cnpg-system", podLabels: {} } } });
        assert.throws(() => createDatabase(ctx, notUsed, parent), {
            message: "cloudnativepg needs the cluster's object storage (config/database.ts refuses a local cluster).",
        });
    });

    it("a platform without the operator add-on", async () => {
        const ctx = await contextWith({ backupStorage: () => assert.fail("storage is not created before the checks") }, {});
        assert.throws(() => createDatabase(ctx, notUsed, parent), {
            message: "cloudnativepg needs the CloudNativePG operator add-on (clusters/addons/index.ts installs it unless the engine is statefulset).",
        });
    });
});
