// The pods a rendered release runs and what each requests, as the scheduler counts them: a pod's
// request is the larger of its containers' sum and its largest init container (Kubernetes "Resource
// sharing within containers": kubernetes.io/docs/concepts/workloads/pods/init-containers).
import { cpuMillis, memoryMiB } from "../config/quantity";
import type { AddonPod, ReleasePods } from "../clusters/addons/requests";
import type { K8sObject } from "../tests/support/workloads";

type Obj = Record<string, any>;

function requestOf(containers: Obj[] | undefined): { cpuMillis: number; memoryMiB: number }[] {
    return (containers ?? []).map((c) => ({
        cpuMillis: c.resources?.requests?.cpu ? cpuMillis(String(c.resources.requests.cpu)) : 0,
        memoryMiB: c.resources?.requests?.memory ? memoryMiB(String(c.resources.requests.memory)) : 0,
    }));
}

function effective(spec: Obj, extra: { cpuMillis: number; memoryMiB: number }[] = []): { cpuMillis: number; memoryMiB: number } {
    const main = [...requestOf(spec.containers), ...extra];
    const init = requestOf(spec.initContainers);
    const sum = (k: "cpuMillis" | "memoryMiB") => main.reduce((t, c) => t + c[k], 0);
    const max = (k: "cpuMillis" | "memoryMiB") => Math.max(0, ...init.map((c) => c[k]));
    const round = (n: number) => Math.round(n * 1000) / 1000;
    return { cpuMillis: round(Math.max(sum("cpuMillis"), max("cpuMillis"))), memoryMiB: round(Math.max(sum("memoryMiB"), max("memoryMiB"))) };
}

/** The operator's flag for its config-reloader sidecar's requests (prometheus-operator cmd/operator). */
function reloaderRequests(objects: K8sObject[]): { cpuMillis: number; memoryMiB: number } {
    const args: string[] = objects.filter((o) => o.kind === "Deployment")
        .flatMap((o) => o.spec.template.spec.containers.flatMap((c: Obj) => c.args ?? []));
    const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
    const cpu = flag("config-reloader-cpu-request");
    const memory = flag("config-reloader-memory-request");
    return { cpuMillis: cpu && cpu !== "0" ? cpuMillis(cpu) : 0, memoryMiB: memory && memory !== "0" ? memoryMiB(memory) : 0 };
}

export function releasePods(objects: K8sObject[]): ReleasePods {
    const cluster: AddonPod[] = [];
    const perNode: AddonPod[] = [];
    const pod = (o: K8sObject, replicas: number, spec: Obj, extra?: { cpuMillis: number; memoryMiB: number }[]): AddonPod =>
        ({ name: `${o.kind}/${o.metadata.name}`, replicas, ...effective(spec, extra) });
    for (const o of objects) {
        switch (o.kind) {
            case "Deployment": case "StatefulSet":
                cluster.push(pod(o, o.spec.replicas ?? 1, o.spec.template.spec));
                break;
            case "DaemonSet":
                perNode.push(pod(o, 1, o.spec.template.spec));
                break;
            case "Job":
                cluster.push(pod(o, o.spec.parallelism ?? 1, o.spec.template.spec));
                break;
            case "CronJob":
                cluster.push(pod(o, o.spec.jobTemplate.spec.parallelism ?? 1, o.spec.jobTemplate.spec.template.spec));
                break;
            case "Prometheus": case "Alertmanager":
                // The operator's StatefulSet: the resource's requests plus its config-reloader sidecar.
                cluster.push(pod(o, (o.spec.replicas ?? 1) * (o.spec.shards ?? 1), { containers: [{ resources: o.spec.resources }] }, [reloaderRequests(objects)]));
                break;
        }
    }
    return { cluster, perNode };
}
