// Where each Kubernetes workload kind keeps its pod template
// (https://kubernetes.io/docs/concepts/workloads/pods/#pod-templates).
type Obj = Record<string, any>;

const templatePaths: Record<string, (spec: Obj) => Obj | undefined> = {
    "kubernetes:core/v1:Pod": (spec) => ({ spec }),
    "kubernetes:apps/v1:Deployment": (spec) => spec?.template,
    "kubernetes:apps/v1:StatefulSet": (spec) => spec?.template,
    "kubernetes:apps/v1:DaemonSet": (spec) => spec?.template,
    "kubernetes:apps/v1:ReplicaSet": (spec) => spec?.template,
    "kubernetes:batch/v1:Job": (spec) => spec?.template,
    "kubernetes:batch/v1:CronJob": (spec) => spec?.jobTemplate?.spec?.template,
};

/** The pod template (metadata and spec) of a workload resource, or undefined for other types. */
export function podTemplateOf(type: string, props: Obj): { metadata: Obj; spec: Obj } | undefined {
    const template = templatePaths[type]?.(props.spec);
    if (!template?.spec) return undefined;
    return { metadata: type === "kubernetes:core/v1:Pod" ? props.metadata ?? {} : template.metadata ?? {}, spec: template.spec };
}

/** Every container of a pod spec, init and ephemeral ones included. */
export function containersOf(spec: Obj): Obj[] {
    return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
}
