// The API server's validation of a pod template (k8s.io/kubernetes pkg/apis/core/validation): every
// container has a name that is a DNS-1123 label, unique in the pod ("Each container in a pod must have
// a unique name (DNS_LABEL)", https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container),
// and every volume mount names a volume of the pod at a non-empty path, no path twice in a container
// ("mountPath: Required value", "must be unique"). A template that breaks these is refused at `pulumi up`.
import { strict as assert } from "assert";
import { matrix, statefulSetMatrix, runValid, workloadResources, K8sObject } from "./support/workloads";

/** https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names */
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

interface Template {
    owner: string;
    spec: Record<string, any>;
    /** Volumes a StatefulSet adds from its volumeClaimTemplates. */
    claimVolumes: string[];
}

function templates(objects: K8sObject[]): Template[] {
    return objects.flatMap((o) => {
        const owner = `${o.kind}/${o.metadata.name}`;
        if (o.kind === "CronJob") return [{ owner, spec: o.spec.jobTemplate.spec.template.spec, claimVolumes: [] }];
        if (!["Deployment", "StatefulSet", "Job"].includes(o.kind)) return [];
        const claims = (o.spec.volumeClaimTemplates ?? []).map((c: { metadata: { name: string } }) => c.metadata.name);
        return [{ owner, spec: o.spec.template.spec, claimVolumes: claims }];
    });
}

/** The problems the API server would report for a pod template's containers and mounts. */
function podTemplateProblems(t: Template): string[] {
    const problems: string[] = [];
    const containers: Record<string, any>[] = [...(t.spec.initContainers ?? []), ...(t.spec.containers ?? [])];
    const volumes = new Set([...(t.spec.volumes ?? []).map((v: { name: string }) => v.name), ...t.claimVolumes]);
    const names = containers.map((c) => c.name);
    for (const name of names) if (typeof name !== "string" || !dnsLabel.test(name) || name.length > 63) problems.push(`container name ${JSON.stringify(name)}`);
    if (new Set(names).size !== names.length) problems.push(`container names repeat: ${names.join(", ")}`);
    for (const c of containers) {
        const paths = (c.volumeMounts ?? []).map((m: { mountPath: string }) => m.mountPath);
        for (const m of c.volumeMounts ?? []) {
            if (!m.mountPath) problems.push(`${c.name}: volume ${m.name} mounted at an empty path`);
            if (!volumes.has(m.name)) problems.push(`${c.name}: mounts ${m.name}, which is no volume of the pod`);
        }
        if (new Set(paths).size !== paths.length) problems.push(`${c.name}: a mount path repeats: ${paths.join(", ")}`);
    }
    return problems;
}

describe("pod templates the API server accepts: container names and volume mounts", () => {
    for (const stack of [...matrix, ...statefulSetMatrix.filter((s) => s.cloud !== "local")]) {
        it(`${stack.label}: every container named by a unique DNS label, every mount at a path, of a volume of the pod`, async () => {
            const run = await runValid(stack.label, stack.options);
            const found = templates(workloadResources(run).map((r) => r.inputs as K8sObject));
            assert.ok(
                found.some((t) => t.owner.startsWith("Deployment/atlasia-frontend")),
                "the frontend's pods are checked",
            );
            for (const t of found) assert.deepEqual(podTemplateProblems(t), [], t.owner);
        });
    }

    it("the check finds an unnamed container, a repeated name and an unnamed mount path (it can fail)", () => {
        const spec = {
            containers: [
                { name: "", volumeMounts: [{ name: "run", mountPath: "" }] },
                { name: "app", volumeMounts: [{ name: "tmp", mountPath: "/tmp" }] },
                { name: "app", volumeMounts: [] },
            ],
            volumes: [{ name: "run", emptyDir: {} }],
        };
        assert.deepEqual(podTemplateProblems({ owner: "x", spec, claimVolumes: [] }), [
            'container name ""',
            "container names repeat: , app, app",
            ": volume run mounted at an empty path",
            "app: mounts tmp, which is no volume of the pod",
        ]);
    });
});
