// Proof that Pod Security admission is on, not assumed: "no FailedCreate event" (cluster.ts) holds just as
// well when nothing enforces. So in every namespace whose `pod-security.kubernetes.io/enforce` label is
// baseline or restricted, the run asks the API server to create a privileged pod as a server-side dry
// run (admission runs, nothing is stored: kubernetes.io/docs/reference/using-api/api-concepts/#dry-run)
// and expects the refusal (baseline, "Privileged Containers": kubernetes.io/docs/concepts/security/pod-security-standards).

/** Levels that refuse a privileged container. */
export const enforcingLevels = ["baseline", "restricted"];

export const probeName = "atlasia-e2e-pod-security-probe";

/** A pod that violates baseline (hence restricted): one privileged container. */
export function podSecurityProbe(namespace: string) {
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: probeName, namespace },
        spec: { containers: [{ name: "probe", image: "registry.k8s.io/pause:3.10", securityContext: { privileged: true } }] },
    };
}

/** The namespaces (as kubectl lists them) whose label enforces a level that refuses the probe. */
export function enforcingNamespaces(namespaces: { metadata: { name: string; labels?: Record<string, string> } }[]): string[] {
    return namespaces
        .filter((ns) => enforcingLevels.includes(ns.metadata.labels?.["pod-security.kubernetes.io/enforce"] ?? ""))
        .map((ns) => ns.metadata.name)
        .sort();
}

/** What is wrong with one namespace's answer to the probe (undefined: refused by Pod Security, as it must be). */
export function probeProblem(namespace: string, answer: { ok: boolean; stderr: string }): string | undefined {
    if (answer.ok) return `${namespace}: the API server admitted a privileged pod in a namespace labelled to enforce Pod Security: admission is off`;
    if (!/violates PodSecurity/.test(answer.stderr)) return `${namespace}: the probe was refused, but not by Pod Security: ${answer.stderr.trim()}`;
    return undefined;
}
