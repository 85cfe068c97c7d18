// Prometheus' and Alertmanager's volumes (kube-prometheus-stack 88.5.3: prometheus.prometheusSpec.storageSpec,
// alertmanager.alertmanagerSpec.storage, each a volumeClaimTemplate the operator puts on its StatefulSet),
// and the size at which Prometheus drops its oldest blocks before the volume fills.
import { strict as assert } from "assert";
import { retentionSize } from "../clusters/addons/kube-prometheus-stack";
import { Cloud, Env, matrix, stackOptions, validStackRun } from "./support/runs";

/**
 * The volumes the README promises ("Per environment": Prometheus on 10/50/100 Gi volumes) and 85 % of
 * each in GiB, rounded down, worked out by hand: 8.5 -> 8, 42.5 -> 42, 85 -> 85.
 * Prometheus recommends a retention size of at most 80-85 % of the disk, since the WAL and the block
 * being compacted come on top (https://prometheus.io/docs/prometheus/latest/storage/#operational-aspects);
 * its size units are powers of two ("1KB is 1024B", same page), so GB here are GiB.
 */
const prometheusStorage: Record<Env, { volume: string; retentionSize: string }> = {
    development: { volume: "10Gi", retentionSize: "8GB" },
    staging: { volume: "50Gi", retentionSize: "42GB" },
    production: { volume: "100Gi", retentionSize: "85GB" },
};

// Local development and every GKE environment (the values do not depend on the cloud).
const stacks = matrix.filter((c) => c.cloud === "local" || c.cloud === "gcp");

async function stackValues(cloud: Cloud, environment: Env) {
    const run = await validStackRun(stackOptions(cloud, environment));
    const release = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name === "kube-prometheus-stack");
    assert.ok(release, "monitoring is on in every committed stack");
    return release.inputs.values;
}

describe("Prometheus and Alertmanager storage: ReadWriteOnce claims, retention by size before the volume fills", function () {
    this.timeout(60000);

    it("retentionSize: 85 % of the volume in whole GiB, written as Prometheus' GB", () => {
        assert.equal(retentionSize("10Gi"), "8GB");
        assert.equal(retentionSize("50Gi"), "42GB");
        assert.equal(retentionSize("100Gi"), "85GB");
        assert.equal(retentionSize("1Ti"), "870GB"); // 1024 * 0.85 = 870.4
        assert.equal(retentionSize("20480Mi"), "17GB"); // 20 GiB * 0.85 = 17
    });

    for (const { label, cloud, environment } of stacks) {
        const expected = prometheusStorage[environment];
        it(`${label}: Prometheus claims ${expected.volume} ReadWriteOnce per replica and stops at ${expected.retentionSize}`, async () => {
            const spec = (await stackValues(cloud, environment)).prometheus.prometheusSpec;
            // Each replica of the operator's StatefulSet gets its own claim from the template; a claim needs
            // an access mode (https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes),
            // and one TSDB is written by one pod: ReadWriteOnce, the only mode of the block-disk classes.
            const claim = spec.storageSpec.volumeClaimTemplate.spec;
            assert.deepEqual(claim.accessModes, ["ReadWriteOnce"]);
            assert.deepEqual(claim.resources, { requests: { storage: expected.volume } });
            assert.equal(spec.retentionSize, expected.retentionSize);
        });
    }

    it("gcp/production: Alertmanager keeps silences and notification state on a ReadWriteOnce claim that a destroy leaves", async () => {
        const spec = (await stackValues("gcp", "production")).alertmanager.alertmanagerSpec;
        // Alertmanager snapshots its silences and notification log to --storage.path (prometheus/alertmanager
        // cmd/alertmanager/main.go, flags storage.path and data.maintenance-interval): without a claim the
        // operator mounts an emptyDir there and a restart forgets every silence.
        assert.ok(spec.storage, "alertmanagerSpec.storage");
        const claim = spec.storage.volumeClaimTemplate.spec;
        assert.deepEqual(claim.accessModes, ["ReadWriteOnce"]);
        assert.ok(claim.resources.requests.storage, "a storage request");
        // Production keeps what cannot be recreated (StatefulSet persistentVolumeClaimRetentionPolicy,
        // https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention).
        assert.equal(spec.persistentVolumeClaimRetentionPolicy.whenDeleted, "Retain");
    });

    for (const { label, cloud, environment } of stacks.filter((s) => s.environment !== "production")) {
        it(`${label}: Alertmanager runs without a claim (silences in an emptyDir)`, async () => {
            const spec = (await stackValues(cloud, environment)).alertmanager.alertmanagerSpec;
            assert.equal("storage" in spec, false);
            assert.equal("persistentVolumeClaimRetentionPolicy" in spec, false);
        });
    }
});
