// Helm's release records as its Secrets storage driver writes them (helm pkg/storage/driver/secrets.go):
// one Secret per revision, `sh.helm.release.v1.<name>.v<N>` in the release's namespace, labelled
// owner=helm, name, version and status.

/** One revision's Secret, as `kubectl get secrets -o json` lists it (metadata only). */
export function helmRevisionSecret(name: string, namespace: string, version: number, status: string) {
    return { metadata: { name: `sh.helm.release.v1.${name}.v${version}`, namespace, labels: { owner: "helm", name, version: String(version), status } } };
}
