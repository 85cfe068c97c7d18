// Where each Kubernetes workload kind keeps its pod template
// (https://kubernetes.io/docs/concepts/workloads/pods/#pod-templates).
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IEphemeralContainer } from "kubernetes-models/v1/EphemeralContainer";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IPodTemplateSpec } from "kubernetes-models/v1/PodTemplateSpec";

export type ObjectMeta = NonNullable<IPodTemplateSpec["metadata"]>;

/** A workload's props as far as its pod template goes (every kind below keeps one under `spec`). */
interface WorkloadProps {
    metadata?: ObjectMeta;
    spec?: { template?: IPodTemplateSpec; jobTemplate?: { spec?: { template?: IPodTemplateSpec } } };
}

const templatePaths: Record<string, (props: WorkloadProps) => IPodTemplateSpec | undefined> = {
    "kubernetes:core/v1:Pod": (props) => ({ metadata: props.metadata, spec: props.spec as IPodSpec | undefined }),
    "kubernetes:apps/v1:Deployment": (props) => props.spec?.template,
    "kubernetes:apps/v1:StatefulSet": (props) => props.spec?.template,
    "kubernetes:apps/v1:DaemonSet": (props) => props.spec?.template,
    "kubernetes:apps/v1:ReplicaSet": (props) => props.spec?.template,
    "kubernetes:batch/v1:Job": (props) => props.spec?.template,
    "kubernetes:batch/v1:CronJob": (props) => props.spec?.jobTemplate?.spec?.template,
};

/** The pod template (metadata and spec) of a workload resource, or undefined for other types. */
export function podTemplateOf(type: string, props: unknown): { metadata: ObjectMeta; spec: IPodSpec } | undefined {
    const template = templatePaths[type]?.(props as WorkloadProps);
    if (!template?.spec) return undefined;
    return { metadata: template.metadata ?? {}, spec: template.spec };
}

/** Every container of a pod spec, init and ephemeral ones included. */
export function containersOf(spec: Partial<IPodSpec>): (IContainer | IEphemeralContainer)[] {
    return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
}
