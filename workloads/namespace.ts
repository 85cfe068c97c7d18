// The atlasia namespace, enforcing the "restricted" Pod Security Standard.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { StackSettings } from "../config/settings";
import { Cluster } from "../clusters/contract";
import { PlatformServices } from "../clusters/addons/contract";
import { appLabels } from "./labels";
import { namespaceName } from "./names";

export const podSecurityLabels: Record<string, string> = {
    "pod-security.kubernetes.io/enforce": "restricted",
    "pod-security.kubernetes.io/enforce-version": "latest",
    "pod-security.kubernetes.io/audit": "restricted",
    "pod-security.kubernetes.io/warn": "restricted",
};

/**
 * The platform releases whose controllers act on objects in this namespace: cert-manager clears the
 * finalizers of its Challenges and Orders here, the operator and ingress controller watch it. The
 * namespace depends on them, so Pulumi would delete it while they still run (dependents first). As it
 * is retainOnDelete, a destroy never deletes it: deleting it by hand belongs before the destroy
 * (docs/operations.md#destroy-and-recreate-staging-development).
 */
export function namespaceControllers(platform: PlatformServices): pulumi.Resource[] {
    return [platform.ingress.ready, ...(platform.tls ? [platform.tls.ready] : []), ...(platform.monitoring ? [platform.monitoring.crdsReady] : [])];
}

/**
 * Deleting a namespace deletes every PersistentVolumeClaim in it (the database and its backups), so
 * it is kept when the stack is destroyed in every environment (retainOnDelete), and production also
 * protects it. A later `up` on the same cluster adopts it: docs/operations.md#destroy-and-recreate.
 */
export function createNamespace(settings: StackSettings, cluster: Cluster, platform: PlatformServices, parent: pulumi.Resource): k8s.core.v1.Namespace {
    return new k8s.core.v1.Namespace(
        namespaceName,
        {
            metadata: { name: namespaceName, labels: { ...appLabels, ...podSecurityLabels } },
        },
        {
            parent,
            provider: cluster.provider,
            dependsOn: [...cluster.nodesReady, ...namespaceControllers(platform)],
            protect: settings.protect,
            retainOnDelete: true,
        },
    );
}
