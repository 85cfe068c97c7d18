// Kubeconfigs for the managed clusters: the cluster's endpoint and CA plus an exec credential
// plugin (gke-gcloud-auth-plugin, aws eks get-token, kubelogin), so no long-lived token is stored.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

export interface ExecCredential {
    command: string;
    args?: string[];
    env?: Record<string, string>;
    installHint: string;
    /** Pass the cluster's endpoint and CA to the plugin (gke-gcloud-auth-plugin wants them). */
    provideClusterInfo?: boolean;
}

export interface KubeconfigParts {
    name: string;
    /** https:// URL of the API server. */
    server: string;
    /** Base64 PEM of the cluster CA. */
    caData: string;
    exec: ExecCredential;
}

/** A kubeconfig as JSON (valid YAML), for the Kubernetes provider and the stack output. */
export function execKubeconfig(parts: KubeconfigParts): string {
    const { exec } = parts;
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: parts.name, cluster: { server: parts.server, "certificate-authority-data": parts.caData } }],
        contexts: [{ name: parts.name, context: { cluster: parts.name, user: parts.name } }],
        "current-context": parts.name,
        users: [
            {
                name: parts.name,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: exec.command,
                        args: exec.args ?? [],
                        env: Object.entries(exec.env ?? {}).map(([name, value]) => ({ name, value })),
                        installHint: exec.installHint,
                        provideClusterInfo: exec.provideClusterInfo ?? false,
                        interactiveMode: "Never",
                    },
                },
            },
        ],
    });
}

/**
 * How every Kubernetes provider of this program applies objects (pulumi-kubernetes 4.34 options;
 * node_modules/@pulumi/kubernetes/provider.d.ts documents each):
 * - server-side apply, so ownership is per field and conflicts are reported;
 * - ConfigMaps and Secrets updated in place: by default the provider replaces them on any data
 *   change (delete, then create), and for that moment atlasia-secrets, atlasia-config and
 *   grafana-admin do not exist, so pods starting then fail (pulumi-kubernetes #1567; PR #3164 added
 *   enableSecretMutable);
 * - patch force: a field this program sets wins over a `kubectl scale`/`edit` of it instead of failing
 *   the next `pulumi up` with a field-manager conflict (pulumi-kubernetes #2280). Fields the program
 *   leaves to others are simply not in its manifests (an HPA's replicas). See docs/operations.md.
 */
export const providerBehaviour = {
    enableServerSideApply: true,
    enableConfigMapMutable: true,
    enableSecretMutable: true,
    enablePatchForce: true,
} as const;

/**
 * The Kubernetes provider of a new cluster. `clusterIdentifier` pins its identity to the cluster
 * name, so a kubeconfig change (rotated CA, new plugin arguments) updates the provider instead of
 * replacing every Kubernetes resource on the cluster.
 */
export function clusterProvider(
    name: string,
    clusterName: pulumi.Input<string>,
    kubeconfig: pulumi.Output<string>,
    opts: pulumi.CustomResourceOptions,
): k8s.Provider {
    return new k8s.Provider(
        name,
        {
            kubeconfig,
            clusterIdentifier: clusterName,
            ...providerBehaviour,
        },
        opts,
    );
}
