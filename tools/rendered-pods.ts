// The pods a rendered release runs and what each requests, as the scheduler counts them: a pod's
// request is the larger of its containers' sum and its largest init container (Kubernetes "Resource
// sharing within containers": kubernetes.io/docs/concepts/workloads/pods/init-containers). A native
// sidecar (an init container with restartPolicy: Always) keeps running: it adds to the containers' sum
// and to every init container after it (kubernetes.io/docs/concepts/workloads/pods/sidecar-containers,
// "Resource sharing within containers"; k8s.io/component-helpers resource.PodRequests).
import { cpuMillis, memoryMiB } from "../config/quantity";
import type { AddonPod, ReleasePods } from "../clusters/addons/requests";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IResourceRequirements } from "kubernetes-models/v1/ResourceRequirements";
import type { K8sObject } from "../tests/support/workloads";

type PodSpec = Partial<IPodSpec>;

/** The spec fields of the rendered kinds counted here (workloads, and the operator's Prometheus/Alertmanager). */
interface RenderedSpec {
    replicas?: number;
    parallelism?: number;
    shards?: number;
    resources?: IResourceRequirements;
    template: { spec: PodSpec };
    jobTemplate: { spec: { parallelism?: number; template: { spec: PodSpec } } };
}

function specOf(o: K8sObject): RenderedSpec {
    return o.spec as RenderedSpec;
}

type Request = { cpuMillis: number; memoryMiB: number };
const none: Request = { cpuMillis: 0, memoryMiB: 0 };
const plus = (a: Request, b: Request): Request => ({ cpuMillis: a.cpuMillis + b.cpuMillis, memoryMiB: a.memoryMiB + b.memoryMiB });
const larger = (a: Request, b: Request): Request => ({ cpuMillis: Math.max(a.cpuMillis, b.cpuMillis), memoryMiB: Math.max(a.memoryMiB, b.memoryMiB) });

function requestOf(c: Partial<IContainer>): Request {
    return {
        cpuMillis: c.resources?.requests?.cpu ? cpuMillis(String(c.resources.requests.cpu)) : 0,
        memoryMiB: c.resources?.requests?.memory ? memoryMiB(String(c.resources.requests.memory)) : 0,
    };
}

function effective(spec: PodSpec, extra: Request[] = []): Request {
    let initPeak = none;
    let sidecars = none; // native sidecars started so far: they keep running beside what follows
    for (const c of spec.initContainers ?? []) {
        const withSidecars = plus(sidecars, requestOf(c));
        initPeak = larger(initPeak, withSidecars);
        if (c.restartPolicy === "Always") sidecars = withSidecars;
    }
    const pod = larger([...(spec.containers ?? []).map(requestOf), ...extra].reduce(plus, sidecars), initPeak);
    const round = (n: number) => Math.round(n * 1000) / 1000;
    return { cpuMillis: round(pod.cpuMillis), memoryMiB: round(pod.memoryMiB) };
}

/** The operator's flag for its config-reloader sidecar's requests (prometheus-operator cmd/operator). */
function reloaderRequests(objects: K8sObject[]): Request {
    const args = objects.filter((o) => o.kind === "Deployment").flatMap((o) => (specOf(o).template.spec.containers ?? []).flatMap((c) => c.args ?? []));
    const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
    const cpu = flag("config-reloader-cpu-request");
    const memory = flag("config-reloader-memory-request");
    return { cpuMillis: cpu && cpu !== "0" ? cpuMillis(cpu) : 0, memoryMiB: memory && memory !== "0" ? memoryMiB(memory) : 0 };
}

export function releasePods(objects: K8sObject[]): ReleasePods {
    const cluster: AddonPod[] = [];
    const perNode: AddonPod[] = [];
    const pod = (o: K8sObject, replicas: number, spec: PodSpec, extra?: Request[]): AddonPod => ({
        name: `${o.kind}/${String(o.metadata.name)}`,
        replicas,
        ...effective(spec, extra),
    });
    for (const o of objects) {
        const spec = specOf(o);
        switch (o.kind) {
            case "Deployment":
            case "StatefulSet":
                cluster.push(pod(o, spec.replicas ?? 1, spec.template.spec));
                break;
            case "DaemonSet":
                perNode.push(pod(o, 1, spec.template.spec));
                break;
            case "Job":
                cluster.push(pod(o, spec.parallelism ?? 1, spec.template.spec));
                break;
            case "CronJob":
                cluster.push(pod(o, spec.jobTemplate.spec.parallelism ?? 1, spec.jobTemplate.spec.template.spec));
                break;
            case "Prometheus":
            case "Alertmanager":
                // The operator's StatefulSet: the resource's requests plus its config-reloader sidecar.
                cluster.push(
                    pod(o, (spec.replicas ?? 1) * (spec.shards ?? 1), { containers: [{ name: o.kind, resources: spec.resources }] }, [
                        reloaderRequests(objects),
                    ]),
                );
                break;
        }
    }
    return { cluster, perNode };
}
