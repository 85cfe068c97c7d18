// The pods CloudNativePG and its Barman Cloud plugin start from the program's Cluster and Pooler: the
// program never writes their templates, so the tests model them from the upstream sources.
import { strict as assert } from "assert";
import { instanceSelector, poolerSelector, primarySelector } from "../../workloads/database/cloudnativepg";
import { stackOptions, validStackRun, withDatabaseEngine } from "./runs";
import { objectsOfKind } from "./workloads";

/**
 * The sidecar the plugin injects into every instance pod, as plugin-barman-cloud writes it
 * (internal/cnpgi/operator/lifecycle.go, reconcilePodSpec: "fixed values"): a restartable init
 * container with its own securityContext, and the ObjectStore's instanceSidecarConfiguration.resources
 * as they are (sidecarTemplate.Resources = config.resources; lifecycle_resources.go reads them, none when unset).
 */
export function barmanSidecar(resources: Record<string, any> = {}): Record<string, any> {
    return {
        resources,
        name: "plugin-barman-cloud",
        image: "ghcr.io/cloudnative-pg/plugin-barman-cloud-sidecar:v0.7.0",
        args: ["instance"],
        restartPolicy: "Always",
        securityContext: {
            allowPrivilegeEscalation: false,
            runAsNonRoot: true,
            privileged: false,
            readOnlyRootFilesystem: true,
            seccompProfile: { type: "RuntimeDefault" },
            capabilities: { drop: ["ALL"] },
        },
    };
}

/**
 * Labels of the pods the operator starts: every instance carries cnpg.io/cluster,
 * cnpg.io/podRole=instance and cnpg.io/instanceRole (primary or replica; the `-rw` Service selects
 * the primary, cloudnative-pg pkg/specs/services.go), plus the Cluster's inheritedMetadata labels;
 * PgBouncer pods carry cnpg.io/cluster too, with cnpg.io/poolerName and cnpg.io/podRole=pooler
 * (pkg/specs/pgbouncer/deployments_test.go).
 */
export function cnpgPodLabels(cluster: string, pooler: string, inherited: Record<string, string>) {
    return {
        primary: { ...inherited, ...primarySelector(cluster) },
        replica: { ...inherited, ...instanceSelector(cluster), "cnpg.io/instanceRole": "replica" },
        pooler: { ...poolerSelector(pooler), "cnpg.io/cluster": cluster, "cnpg.io/podRole": "pooler" },
        // A Job that bootstraps an instance (initdb, import, full-recovery, join), written out from
        // cloudnative-pg pkg/specs/jobs.go (CreatePrimaryJob's pod template labels, no cnpg.io/podRole)
        // plus the inheritedMetadata labels the controller adds (InheritLabels on the pod template).
        job: {
            ...inherited,
            "cnpg.io/instanceName": `${cluster}-2`,
            "cnpg.io/cluster": cluster,
            "cnpg.io/jobRole": "join",
            "app.kubernetes.io/name": "postgresql",
            "app.kubernetes.io/instance": cluster,
            "app.kubernetes.io/version": "16",
            "app.kubernetes.io/component": "database",
            "app.kubernetes.io/managed-by": "cloudnative-pg",
        },
    };
}

/**
 * The SQL a gcp/staging stack's Cluster runs as the superuser in the application database: after initdb
 * (`cloudnativepg`), or after importing the StatefulSet's database (`migrating`).
 */
export async function applicationSql(engine: "cloudnativepg" | "migrating"): Promise<string[]> {
    const run = await validStackRun(withDatabaseEngine(stackOptions("gcp", "staging"), engine));
    const clusters = objectsOfKind(run, "Cluster").filter((o) => o.apiVersion === "postgresql.cnpg.io/v1");
    assert.equal(clusters.length, 1, "one CloudNativePG Cluster");
    const { initdb } = clusters[0].spec.bootstrap;
    return engine === "migrating" ? initdb.import.postImportApplicationSQL : initdb.postInitApplicationSQL;
}
