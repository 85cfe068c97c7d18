// What outlives `destroy` on purpose, each with the rule that keeps it: the e2e leftover check
// accepts these and nothing else. Pure functions of the objects kubectl returns (unit-tested offline
// in tests/e2e-kept-on-purpose.test.ts).

/** A cluster-scoped object as kubectl lists it: `<kind plural>/<name>` with its metadata. */
export interface ListedObject {
    id: string;
    metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> };
    spec?: { group?: string; service?: unknown };
}

export const keepRules = {
    retainOnDelete:
        "a resource of the state with retainOnDelete: Pulumi removes it from the state and leaves the object (pulumi.com/docs/iac/concepts/options/retainondelete)",
    crdsFolder:
        "a CRD from a chart's crds/ folder: Helm installs it without its release annotations and never deletes it (helm.sh/docs/chart_best_practices/custom_resource_definitions)",
    resourcePolicyKeep:
        'annotated helm.sh/resource-policy: keep: helm uninstall skips it (helm.sh/docs/howto/charts_tips_and_tricks, "Tell Helm Not To Uninstall a Resource")',
    crdApiService:
        "the APIService the API server registers for a kept CRD's group (kube-aggregator.kubernetes.io/automanaged; k8s.io/kubernetes pkg/controlplane/controller/crdregistration)",
} as const;

const helmReleaseAnnotation = "meta.helm.sh/release-name";

/** Splits what is left after `destroy` (objects not there before `up`) into kept on purpose, with the rule, and left behind. */
export function classifyLeftovers(left: ListedObject[], retained: Set<string>): { kept: Record<string, string>; leftBehind: string[] } {
    const kept: Record<string, string> = {};
    const keptCrdGroups = new Set<string>();
    for (const object of left) {
        const annotations = object.metadata.annotations ?? {};
        if (retained.has(object.id)) kept[object.id] = keepRules.retainOnDelete;
        else if (annotations["helm.sh/resource-policy"] === "keep") kept[object.id] = keepRules.resourcePolicyKeep;
        else if (object.id.startsWith("customresourcedefinitions/") && !(helmReleaseAnnotation in annotations)) kept[object.id] = keepRules.crdsFolder;
        if (object.id.startsWith("customresourcedefinitions/") && kept[object.id] && object.spec?.group) keptCrdGroups.add(object.spec.group);
    }
    for (const object of left) {
        const automanaged = object.metadata.labels?.["kube-aggregator.kubernetes.io/automanaged"] !== undefined;
        if (object.id.startsWith("apiservices/") && automanaged && !object.spec?.service && keptCrdGroups.has(object.spec?.group ?? "")) {
            kept[object.id] = keepRules.crdApiService;
        }
    }
    return {
        kept,
        leftBehind: left
            .map((object) => object.id)
            .filter((id) => !(id in kept))
            .sort(),
    };
}

/** In a namespace kept on purpose, what the cluster itself puts there, and the claims it is kept for. */
export const namespaceResidents = {
    // The namespace is kept because deleting it deletes its claims (workloads/namespace.ts).
    claims: "persistentvolumeclaims/",
    // kube-controller-manager's root-ca-cert-publisher and serviceaccount controllers, in every namespace.
    clusterMade: ["configmaps/kube-root-ca.crt", "serviceaccounts/default"],
} as const;

/** The objects of a kept namespace (`<kind plural>/<name>`) that are neither claims nor the cluster's own. */
export function leftInKeptNamespace(ids: string[]): string[] {
    return ids.filter((id) => !id.startsWith(namespaceResidents.claims) && !(namespaceResidents.clusterMade as readonly string[]).includes(id)).sort();
}
