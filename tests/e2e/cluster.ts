// What the e2e run asks the API server, through kubectl (the official client; present on CI runners
// and here). Every call is bounded.
import { spawnSync } from "child_process";
import { classifyLeftovers, leftInKeptNamespace, ListedObject } from "./kept-on-purpose";
import { enforcingNamespaces, podSecurityProbe, probeProblem } from "./pod-security-probe";

export interface ClusterAccess {
    kubeconfig: string;
    context: string;
}

export function kubectl(cluster: ClusterAccess, args: string[], input?: string): { ok: boolean; stdout: string; stderr: string } {
    const result = spawnSync("kubectl", ["--kubeconfig", cluster.kubeconfig, "--context", cluster.context, "--request-timeout=30s", ...args], {
        input,
        encoding: "utf8",
        timeout: 120_000,
        maxBuffer: 256 * 1024 * 1024,
    });
    return { ok: result.status === 0, stdout: result.stdout ?? "", stderr: result.stderr ?? String(result.error ?? "") };
}

function items(cluster: ClusterAccess, args: string[]): Record<string, any>[] {
    const result = kubectl(cluster, [...args, "-o", "json"]);
    if (!result.ok) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr.trim()}`);
    return JSON.parse(result.stdout).items ?? [];
}

/** Cluster-scoped kinds a Helm chart or the program can create; compared before `up` and after `destroy`. */
const clusterScopedKinds = [
    "customresourcedefinitions",
    "clusterroles",
    "clusterrolebindings",
    "validatingwebhookconfigurations",
    "mutatingwebhookconfigurations",
    "apiservices",
    "priorityclasses",
    "ingressclasses",
    "storageclasses",
    "namespaces",
];

export function clusterScopedObjects(cluster: ClusterAccess): Map<string, ListedObject> {
    const objects = new Map<string, ListedObject>();
    for (const kind of clusterScopedKinds) {
        for (const item of items(cluster, ["get", kind]))
            objects.set(`${kind}/${item.metadata.name}`, { id: `${kind}/${item.metadata.name}`, metadata: item.metadata, spec: item.spec });
    }
    return objects;
}

/** The objects of the state that the API server must hold: every Kubernetes resource outside Helm. */
export function missingFromCluster(cluster: ClusterAccess, stateResources: { type: string; outputs?: Record<string, any> }[]): string[] {
    const objects = stateResources
        .filter((r) => r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:helm.sh") && r.outputs?.metadata?.name)
        .map((r) => ({
            apiVersion: r.outputs!.apiVersion,
            kind: r.outputs!.kind,
            metadata: { name: r.outputs!.metadata.name, namespace: r.outputs!.metadata.namespace },
        }));
    const missing: string[] = [];
    for (const object of objects) {
        const result = kubectl(cluster, ["get", "-f", "-", "-o", "name"], JSON.stringify(object));
        if (!result.ok) missing.push(`${object.kind} ${object.metadata.namespace ?? ""}/${object.metadata.name}: ${result.stderr.trim()}`);
    }
    return missing;
}

/**
 * Pods the API server refused (Pod Security admission, quota, ...) show up only as FailedCreate events on
 * their controller; workloads whose pods never all became Ready show up in their status.
 */
export function unadmittedOrUnready(cluster: ClusterAccess, namespaces: string[]): string[] {
    const problems: string[] = [];
    for (const namespace of namespaces) {
        for (const event of items(cluster, ["get", "events", "-n", namespace, "--field-selector", "reason=FailedCreate"])) {
            problems.push(`${namespace}: ${event.involvedObject.kind}/${event.involvedObject.name}: ${event.message}`);
        }
        for (const workload of items(cluster, ["get", "deployments,statefulsets", "-n", namespace])) {
            const want = workload.spec.replicas ?? 1,
                ready = workload.status?.readyReplicas ?? 0;
            if (ready < want) problems.push(`${namespace}: ${workload.kind}/${workload.metadata.name}: ${ready}/${want} ready`);
        }
        for (const daemonSet of items(cluster, ["get", "daemonsets", "-n", namespace])) {
            const want = daemonSet.status?.desiredNumberScheduled ?? 0,
                ready = daemonSet.status?.numberReady ?? 0;
            if (ready < want) problems.push(`${namespace}: DaemonSet/${daemonSet.metadata.name}: ${ready}/${want} ready`);
        }
    }
    return problems;
}

/** Pod Security admission refuses the probe in every namespace of `namespaces` labelled to enforce (pod-security-probe.ts). */
export function podSecurityNotEnforced(cluster: ClusterAccess, namespaces: string[]): string[] {
    const enforcing = enforcingNamespaces(items(cluster, ["get", "namespaces"]).filter((ns) => namespaces.includes(ns.metadata.name)) as any);
    if (enforcing.length === 0) return [`none of ${namespaces.join(", ")} is labelled to enforce Pod Security: the admission check would prove nothing`];
    return enforcing.flatMap((namespace) => {
        const problem = probeProblem(
            namespace,
            kubectl(cluster, ["create", "--dry-run=server", "-f", "-", "-o", "name"], JSON.stringify(podSecurityProbe(namespace))),
        );
        return problem ? [problem] : [];
    });
}

/** Namespaced kinds a chart or the program creates, listed in a namespace kept on purpose after `destroy`. */
const namespacedKinds = [
    "deployments",
    "statefulsets",
    "daemonsets",
    "replicasets",
    "pods",
    "jobs",
    "cronjobs",
    "services",
    "configmaps",
    "secrets",
    "serviceaccounts",
    "roles",
    "rolebindings",
    "networkpolicies",
    "poddisruptionbudgets",
    "horizontalpodautoscalers",
    "ingresses",
    "persistentvolumeclaims",
];

function namespaceContents(cluster: ClusterAccess, namespace: string): string[] {
    return namespacedKinds.flatMap((kind) => items(cluster, ["get", kind, "-n", namespace]).map((item) => `${kind}/${item.metadata.name}`));
}

/**
 * Waits (bounded) for deletions to finish, then lists what is left that was not there before `up`:
 * kept on purpose (with the rule: kept-on-purpose.ts), or left behind. In a namespace kept on purpose,
 * anything but its claims and the cluster's own objects is left behind too.
 */
export async function leftovers(
    cluster: ClusterAccess,
    before: Set<string>,
    retained: Set<string>,
    seconds: number,
): Promise<{ kept: Record<string, string>; leftBehind: string[] }> {
    let result = { kept: {} as Record<string, string>, leftBehind: [] as string[] };
    for (let waited = 0; waited <= seconds; waited += 5) {
        const left = [...clusterScopedObjects(cluster).values()].filter((object) => !before.has(object.id));
        result = classifyLeftovers(left, retained);
        for (const id of Object.keys(result.kept).filter((id) => id.startsWith("namespaces/"))) {
            const namespace = id.slice("namespaces/".length);
            result.leftBehind.push(...leftInKeptNamespace(namespaceContents(cluster, namespace)).map((object) => `${namespace}: ${object}`));
        }
        if (result.leftBehind.length === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 5000));
    }
    return result;
}
