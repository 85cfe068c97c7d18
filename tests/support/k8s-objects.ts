// Schema validation with kubernetes-models 4.x and the checks it does not make: explicit valid
// names, workload selectors that select their own pod template, and references between objects.
import { K8sObject, podTemplatesOf, matchesLabels } from "./workloads";
import { selectorMatches } from "./network-policy";
import { acmeSolverLabel } from "../../workloads/network-policies";
import { crdSchemaErrors } from "./crd-schemas";

type ModelClass = new (data: object) => { validate(): void };

const modelPackages: Record<string, string> = {
    "cert-manager.io": "@kubernetes-models/cert-manager/cert-manager.io",
    "acme.cert-manager.io": "@kubernetes-models/cert-manager/acme.cert-manager.io",
    "monitoring.coreos.com": "@kubernetes-models/prometheus-operator/monitoring.coreos.com",
};

/** The kubernetes-models class of an apiVersion/kind, or undefined when no package has it. */
export function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    const module =
        group === "" ? `kubernetes-models/${version}` : modelPackages[group] ? `${modelPackages[group]}/${version}` : `kubernetes-models/${group}/${version}`;
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return (require(module) as Record<string, ModelClass>)[kind];
    } catch {
        return undefined;
    }
}

/** Schema errors of one object ("" when it validates). */
export function schemaErrors(object: K8sObject): string {
    const Model = modelFor(object.apiVersion, object.kind);
    const crdErrors = Model ? undefined : crdSchemaErrors(object);
    if (crdErrors !== undefined) return crdErrors;
    if (!Model) return `no kubernetes-models class for ${object.apiVersion} ${object.kind}`;
    try {
        new Model(object).validate();
        return "";
    } catch (e) {
        return (e as Error).message;
    }
}

const dnsSubdomain = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dnsLabel = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Kinds whose names must be DNS labels (RFC 1123), not just subdomains. */
const labelNamedKinds = ["Namespace", "Service"];

export function nameProblems(object: K8sObject): string[] {
    const name = object.metadata?.name;
    if (typeof name !== "string" || name === "") return [`${object.kind} has no explicit metadata.name`];
    const pattern = labelNamedKinds.includes(object.kind) ? dnsLabel : dnsSubdomain;
    return pattern.test(name) ? [] : [`${object.kind}/${name}: not a valid ${labelNamedKinds.includes(object.kind) ? "DNS label" : "DNS subdomain"} name`];
}

/** A workload's selector must select its own pod template (the API server rejects it otherwise). */
export function selectorProblems(object: K8sObject): string[] {
    const selector = object.spec?.selector;
    const template = object.spec?.template;
    if (!selector || !template || !["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"].includes(object.kind)) return [];
    const labels = template.metadata?.labels ?? {};
    if (!selector.matchLabels && !selector.matchExpressions) return [`${object.kind}/${object.metadata.name}: empty selector`];
    return selectorMatches(selector, labels)
        ? []
        : [`${object.kind}/${object.metadata.name}: selector ${JSON.stringify(selector)} does not select its pod template labels ${JSON.stringify(labels)}`];
}

/** References between the objects of one namespace that kubectl would only report at run time. */
export function referenceProblems(objects: K8sObject[]): string[] {
    const problems: string[] = [];
    const named = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
    const templates = podTemplatesOf(objects);
    const selecting = (selector: Record<string, string> | undefined) =>
        templates.filter((t) => Object.keys(selector ?? {}).length > 0 && matchesLabels(selector, t.metadata.labels));

    for (const o of objects) {
        const id = `${o.kind}/${o.metadata.name}`;
        switch (o.kind) {
            case "Service": {
                if (!o.spec.selector) break;
                const pods = selecting(o.spec.selector);
                if (pods.length === 0) problems.push(`${id}: selector selects no pods`);
                for (const port of o.spec.ports ?? []) {
                    if (typeof port.targetPort !== "string") continue;
                    for (const pod of pods) {
                        const ports = pod.spec.containers.flatMap((c: any) => c.ports ?? []);
                        if (!ports.some((p: any) => p.name === port.targetPort)) problems.push(`${id}: ${pod.owner} has no port named ${port.targetPort}`);
                    }
                }
                break;
            }
            case "PodDisruptionBudget":
                if (selecting(o.spec.selector?.matchLabels).length === 0) problems.push(`${id}: selector selects no pods`);
                break;
            case "HorizontalPodAutoscaler":
                if (!named(o.spec.scaleTargetRef.kind, o.spec.scaleTargetRef.name))
                    problems.push(`${id}: no ${o.spec.scaleTargetRef.kind}/${o.spec.scaleTargetRef.name}`);
                break;
            case "NetworkPolicy":
                // cert-manager, not this program, starts the ACME solver pods.
                if (o.spec.podSelector?.matchLabels?.[acmeSolverLabel] === "true") break;
                // CloudNativePG, not this program, starts the pods of a Cluster and of a Pooler.
                if (
                    named("Cluster", o.spec.podSelector?.matchLabels?.["cnpg.io/cluster"]) ||
                    named("Pooler", o.spec.podSelector?.matchLabels?.["cnpg.io/poolerName"])
                )
                    break;
                if (Object.keys(o.spec.podSelector?.matchLabels ?? {}).length > 0 && selecting(o.spec.podSelector.matchLabels).length === 0) {
                    problems.push(`${id}: podSelector selects no pods`);
                }
                break;
            case "Ingress":
                for (const rule of o.spec.rules ?? []) {
                    for (const path of rule.http?.paths ?? []) {
                        const service = named("Service", path.backend.service.name);
                        if (!service) problems.push(`${id}: no Service ${path.backend.service.name}`);
                        else if (
                            !service.spec.ports.some((p: any) => {
                                const { number, name } = path.backend.service.port;
                                return number !== undefined ? p.port === number : p.name === name;
                            })
                        ) {
                            problems.push(`${id}: Service ${service.metadata.name} has no port ${JSON.stringify(path.backend.service.port)}`);
                        }
                    }
                }
                break;
            case "ServiceMonitor": {
                const services = objects.filter((s) => s.kind === "Service" && matchesLabels(o.spec.selector.matchLabels, s.metadata.labels));
                if (services.length === 0) problems.push(`${id}: selects no Service`);
                for (const endpoint of o.spec.endpoints ?? []) {
                    for (const s of services)
                        if (!s.spec.ports.some((p: any) => p.name === endpoint.port))
                            problems.push(`${id}: Service ${s.metadata.name} has no port ${endpoint.port}`);
                }
                break;
            }
            case "StatefulSet": {
                const headless = named("Service", o.spec.serviceName);
                if (!headless || headless.spec.clusterIP !== "None") problems.push(`${id}: serviceName ${o.spec.serviceName} is not a headless Service`);
                break;
            }
            case "RoleBinding":
                if (!named(o.roleRef.kind, o.roleRef.name)) problems.push(`${id}: no ${o.roleRef.kind}/${o.roleRef.name}`);
                for (const subject of o.subjects ?? [])
                    if (subject.kind === "ServiceAccount" && !named("ServiceAccount", subject.name)) problems.push(`${id}: no ServiceAccount ${subject.name}`);
                break;
        }
    }

    for (const t of templates) {
        const volumeClaims = new Set(
            (objects.find((o) => `${o.kind}/${o.metadata.name}` === t.owner)?.spec?.volumeClaimTemplates ?? []).map((v: any) => v.metadata.name),
        );
        const volumes = new Map((t.spec.volumes ?? []).map((v: any) => [v.name, v]));
        if (t.spec.serviceAccountName && !named("ServiceAccount", t.spec.serviceAccountName))
            problems.push(`${t.owner}: no ServiceAccount ${t.spec.serviceAccountName}`);
        for (const v of t.spec.volumes ?? []) {
            if (v.configMap && !named("ConfigMap", v.configMap.name)) problems.push(`${t.owner}: no ConfigMap ${v.configMap.name}`);
            if (v.secret && !named("Secret", v.secret.secretName)) problems.push(`${t.owner}: no Secret ${v.secret.secretName}`);
            if (v.persistentVolumeClaim && !named("PersistentVolumeClaim", v.persistentVolumeClaim.claimName))
                problems.push(`${t.owner}: no PVC ${v.persistentVolumeClaim.claimName}`);
        }
        for (const c of t.spec.containers) {
            for (const m of c.volumeMounts ?? [])
                if (!volumes.has(m.name) && !volumeClaims.has(m.name)) problems.push(`${t.owner}: mount of unknown volume ${m.name}`);
            for (const source of c.envFrom ?? []) {
                if (source.configMapRef && !named("ConfigMap", source.configMapRef.name)) problems.push(`${t.owner}: no ConfigMap ${source.configMapRef.name}`);
                if (source.secretRef && !named("Secret", source.secretRef.name)) problems.push(`${t.owner}: no Secret ${source.secretRef.name}`);
            }
            for (const e of c.env ?? []) {
                const ref = e.valueFrom?.secretKeyRef;
                if (!ref) continue;
                const secret = named("Secret", ref.name);
                const keys = Object.keys({ ...(secret?.stringData ?? {}), ...(secret?.data ?? {}) });
                if (!secret) problems.push(`${t.owner}: env ${e.name}: no Secret ${ref.name}`);
                else if (!keys.includes(ref.key) && !ref.optional) problems.push(`${t.owner}: env ${e.name}: Secret ${ref.name} has no key ${ref.key}`);
            }
        }
    }
    return problems;
}
