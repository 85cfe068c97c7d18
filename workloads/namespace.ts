// The atlasia namespace, enforcing the "restricted" Pod Security Standard.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { StackSettings } from "../config/settings";
import { Cluster } from "../clusters/contract";
import { appLabels } from "./labels";
import { namespaceName } from "./names";

export const podSecurityLabels: Record<string, string> = {
    "pod-security.kubernetes.io/enforce": "restricted",
    "pod-security.kubernetes.io/enforce-version": "latest",
    "pod-security.kubernetes.io/audit": "restricted",
    "pod-security.kubernetes.io/warn": "restricted",
};

/**
 * Deleting a namespace deletes every PersistentVolumeClaim in it, so production protects it like
 * the database and backup volumes, and keeps it (and them) when the stack is destroyed.
 */
export function createNamespace(settings: StackSettings, cluster: Cluster, parent: pulumi.Resource): k8s.core.v1.Namespace {
    return new k8s.core.v1.Namespace(namespaceName, {
        metadata: { name: namespaceName, labels: { ...appLabels, ...podSecurityLabels } },
    }, {
        parent,
        provider: cluster.provider,
        dependsOn: cluster.nodesReady,
        protect: settings.protect,
        retainOnDelete: settings.protect,
    });
}
