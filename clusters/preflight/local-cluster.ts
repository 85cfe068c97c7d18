// Checks of a running local cluster that only the cluster can answer (issue 7 item 8); the ones a
// profile file can answer run in the program itself (clusters/local-checks.ts).

/** The fields read from `kubectl get <kind> -o json` lists. */
export interface ObjectList {
    items: {
        metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
        spec?: { taints?: { key: string; effect: string }[]; controller?: string };
    }[];
}

/** Helm marks what a release owns (helm pkg/action/validate.go: meta.helm.sh/release-name). */
const helmReleaseAnnotation = "meta.helm.sh/release-name";
/** The label clusters/addons/namespaces.ts puts on the namespaces this program creates. */
const ourNamespaceLabel = ["app.kubernetes.io/part-of", "atlasia-platform"] as const;

/**
 * The ingress-nginx namespace or the `nginx` IngressClass exists and is not ours (minikube's ingress
 * addon creates both): the Namespace create fails with AlreadyExists and Helm refuses to install
 * over an IngressClass another owner holds.
 */
export function ingressCollisions(namespaces: ObjectList, ingressClasses: ObjectList, releaseName: string): string[] {
    const found: string[] = [];
    const namespace = namespaces.items.find((o) => o.metadata.name === "ingress-nginx");
    if (namespace && namespace.metadata.labels?.[ourNamespaceLabel[0]] !== ourNamespaceLabel[1]) {
        found.push("namespace ingress-nginx exists and was not created by this program (minikube's ingress addon?)");
    }
    const ingressClass = ingressClasses.items.find((o) => o.metadata.name === "nginx");
    if (ingressClass && ingressClass.metadata.annotations?.[helmReleaseAnnotation] !== releaseName) {
        found.push(`IngressClass nginx exists and is not owned by the ${releaseName} release (minikube's ingress addon?)`);
    }
    return found;
}

/** The kubeadm control-plane taint (https://kubernetes.io/docs/reference/labels-annotations-taints/#node-role-kubernetes-io-control-plane-taint). */
const controlPlaneTaint = "node-role.kubernetes.io/control-plane";

/**
 * The seed's kind config labels the control-plane node ingress-ready=true; that node is tainted
 * NoSchedule and the controller does not tolerate it, so it stays Pending there. local/kind-atlasia.yaml
 * labels a worker instead.
 */
export function taintedIngressNodes(nodes: ObjectList, nodeSelector: Record<string, string>): string[] {
    if (Object.keys(nodeSelector).length === 0) return [];
    const selected = nodes.items.filter((n) => Object.entries(nodeSelector).every(([k, v]) => n.metadata.labels?.[k] === v));
    const schedulable = selected.filter((n) => !(n.spec?.taints ?? []).some((t) => t.key === controlPlaneTaint && t.effect === "NoSchedule"));
    if (schedulable.length > 0) return [];
    const labels = Object.entries(nodeSelector)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
    return [
        selected.length === 0
            ? `no node carries ${labels}: the ingress controller cannot be scheduled; recreate the cluster with local/kind-atlasia.yaml`
            : `only the tainted control-plane node carries ${labels} (the seed's kind config): the ingress controller stays Pending; recreate the cluster with local/kind-atlasia.yaml`,
    ];
}

/**
 * The DaemonSets that enforce NetworkPolicies, by name, in any namespace: Calico's calico-node
 * (kube-system with the manifest install that `minikube start --cni calico` uses, calico-system with
 * the Tigera operator, https://docs.tigera.io/calico/latest/getting-started/kubernetes/quickstart),
 * Cilium's cilium agent (kube-system, https://docs.cilium.io/en/stable/installation/k8s-install-helm/).
 */
export const policyEnforcers = ["calico-node", "cilium"];

/**
 * NetworkPolicy enforcement, from `kubectl get daemonsets --all-namespaces`: Calico or Cilium, or
 * kindnet, which enforces them only in newer versions (kind from v0.24.0, its kube-network-policies
 * controller: https://github.com/kubernetes-sigs/kind/releases/tag/v0.24.0; minikube documents only
 * calico and cilium: https://minikube.sigs.k8s.io/docs/handbook/network_policy/). kindnet's version is
 * not visible from the DaemonSet's name, so it is reported as "check the version".
 */
export function networkPolicyEnforcement(daemonSets: ObjectList): "enforced" | "kindnet" | "none" {
    const names = daemonSets.items.map((d) => d.metadata.name);
    if (names.some((n) => policyEnforcers.includes(n))) return "enforced";
    if (names.includes("kindnet")) return "kindnet";
    return "none";
}

/** What to tell the operator about a kindnet cluster, per distribution. */
export const kindnetAdvice: Record<"kind" | "minikube", string> = {
    kind: "kindnet enforces NetworkPolicies only from kind v0.24.0 on: check `kind version`.",
    minikube: "minikube's kindnet may not enforce NetworkPolicies (minikube documents calico and cilium): minikube start --cni calico",
};
