// Tier 1 (issue 10): renders every add-on chart with the exact values each helm.v3.Release receives
// in the mocked run of every cloud x environment, with helm v3.22.0 (tools/ensure-helm.sh), and
// validates every rendered object: its Kubernetes schema, each pod template against the Pod Security
// level its namespace enforces in the program, and pinned images. The rendered requests become
// generated/addon-requests.json, which the capacity check reads (clusters/addons/requests.ts).
//   npm run render               fails when a check fails or the committed requests differ
//   npm run render -- --write    rewrites generated/addon-requests.json from the rendering
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IResourceRequirements } from "kubernetes-models/v1/ResourceRequirements";
import type { RecordedResource } from "../harness/run";
import type { RenderedRequests } from "../clusters/addons/requests";
import committedRequests from "../generated/addon-requests.json";
import { chartReference, charts } from "../clusters/addons/charts";
import { chartPins, chartSource, ensureHelm, projectRoot } from "./chart-sources";
import { matrix, operatorNames, StackCase, stackOptions, validStackRun } from "../tests/support/runs";
import { schemaErrors } from "../tests/support/k8s-objects";
import { restrictedViolations } from "../tests/support/pod-security";
import { podTemplatesOf, K8sObject } from "../tests/support/workloads";
import { releasePods } from "./rendered-pods";

/** The committed rendering the capacity check imports (clusters/addons/requests.ts). */
const renderedRequestsFile = path.join(projectRoot, "generated/addon-requests.json");

const releaseType = "kubernetes:helm.sh/v3:Release";
const namespaceType = "kubernetes:core/v1:Namespace";
type Level = "privileged" | "baseline" | "restricted";

/**
 * CRD groups the stack's releases install, added to helm's offline capability list (its built-in
 * group/versions). A live install sees the cluster's discovery instead, which also lists
 * group/version/Kind. No pinned chart tests these groups today; the Has checks they do make
 * (autoscaling/v2, apiregistration.k8s.io/v1, autoscaling.k8s.io/v1[/VerticalPodAutoscaler] for VPAs
 * left off, policy/v1beta1/PodSecurityPolicy) and none calls `lookup`, so offline and live agree.
 */
const apiVersionsOf: Record<string, string> = {
    "kube-prometheus-stack": "monitoring.coreos.com/v1",
    "cert-manager": "cert-manager.io/v1",
};

/**
 * Kubernetes version charts are rendered for (their kubeVersion constraints and Capabilities checks):
 * the stack's atlasia:kubernetesVersion, else 1.33 (the example in config/keys.ts; the clouds pick
 * their default otherwise, none older than that is in standard support on GKE, EKS or AKS now).
 */
const defaultKubeVersion = "1.33.0";

/**
 * Containers that do not request both CPU and memory: a pod without requests is BestEffort (evicted
 * first under node pressure: kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction),
 * and the scheduler and the capacity check count it as nothing. The operator builds the Prometheus
 * and Alertmanager pods from their resource's `resources`, so those count as containers too.
 */
export function missingRequests(objects: K8sObject[]): string[] {
    const lacking = (resources?: IResourceRequirements) => ["cpu", "memory"].filter((r) => !resources?.requests?.[r]);
    const problem = (owner: string, missing: string[]) => `${owner} requests no ${missing.map((r) => (r === "cpu" ? "CPU" : r)).join(" or ")}`;
    const containers = podTemplatesOf(objects).flatMap((t) =>
        containersOf(t.spec).map((c) => ({ owner: `${t.owner} container ${c.name}`, missing: lacking(c.resources) })),
    );
    const operated = operatorManaged(objects).map((o) => ({ owner: `${o.kind}/${String(o.metadata.name)}`, missing: lacking(o.spec?.resources) }));
    return [...containers, ...operated].filter((c) => c.missing.length).map((c) => problem(c.owner, c.missing));
}

/** A pod template's containers and init containers. */
function containersOf(spec: Partial<IPodSpec>) {
    return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

/** Prometheus and Alertmanager resources: the operator builds their pods from `spec.resources` and `spec.image`. */
function operatorManaged(objects: K8sObject[]): (K8sObject & { spec?: { resources?: IResourceRequirements; image?: string } })[] {
    return objects.filter((o) => ["Prometheus", "Alertmanager"].includes(o.kind));
}

/** "repo/name:tag" or "...@sha256:..."; never without a tag, never latest. */
export function imageProblem(image: unknown): string | undefined {
    if (typeof image !== "string" || image === "") return "no image";
    if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
    const tag = /:([^/:@]+)$/.exec(image)?.[1];
    if (!tag) return `image ${image} has no tag or digest`;
    return tag === "latest" ? `image ${image} is :latest` : undefined;
}

export function objectProblems(objects: K8sObject[], levelOf: (namespace: string) => Level): string[] {
    const problems: string[] = [...missingRequests(objects)];
    for (const object of objects) {
        const error = schemaErrors(object);
        if (error) problems.push(`${object.kind}/${object.metadata?.name}: schema: ${error.split("\n")[0]}`);
    }
    for (const template of podTemplatesOf(objects)) {
        const level = levelOf(template.namespace);
        if (level !== "privileged") {
            for (const v of restrictedViolations(template.spec, template.metadata, level))
                problems.push(`${template.owner} (namespace ${template.namespace}, enforces ${level}): ${v}`);
        }
        for (const c of containersOf(template.spec)) {
            const problem = imageProblem(c.image);
            if (problem) problems.push(`${template.owner} container ${c.name}: ${problem}`);
        }
    }
    // The operator builds Prometheus and Alertmanager pods from these; their image is a field of the resource.
    for (const o of operatorManaged(objects)) {
        const problem = o.spec?.image ? imageProblem(o.spec.image) : undefined;
        if (problem) problems.push(`${o.kind}/${String(o.metadata.name)}: ${problem}`);
    }
    return problems;
}

/** The recorded inputs of a helm.v3.Release that the render reads. */
interface ReleaseInputs {
    name: string;
    chart: string;
    version: string;
    namespace: string;
    values?: unknown;
}

function releaseInputs(release: RecordedResource): ReleaseInputs {
    return release.inputs as ReleaseInputs;
}

function render(helm: string, release: RecordedResource, kubeVersion: string, apiVersions: string[], workDir: string): K8sObject[] {
    const inputs = releaseInputs(release);
    const pin = chartPins().find((p) => chartReference(p).chart === inputs.chart && p.version === inputs.version);
    if (!pin) throw new Error(`no pin for ${inputs.chart} ${inputs.version}`);
    const valuesFile = path.join(workDir, `${inputs.name}.values.json`);
    fs.writeFileSync(valuesFile, JSON.stringify(inputs.values ?? {}));
    // --skip-tests: `helm test` pods are not installed by a release, only run on demand.
    const args = [
        "template",
        inputs.name,
        chartSource(pin, () => helm),
        "--namespace",
        inputs.namespace,
        "-f",
        valuesFile,
        "--kube-version",
        kubeVersion,
        "--skip-tests",
    ];
    for (const api of apiVersions) args.push("--api-versions", api);
    const out = execFileSync(helm, args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
    return yaml
        .loadAll(out)
        .filter((o): o is K8sObject => typeof o === "object" && o !== null)
        .map((o) => ({ ...o, metadata: { namespace: inputs.namespace, ...o.metadata } }));
}

/**
 * Every cloud x environment, plus EKS development with TLS and CloudNativePG on: no stack of the
 * matrix installs cert-manager, the cluster autoscaler or CloudNativePG in development, and the
 * capacity check needs their requests.
 */
export const renderedStacks: StackCase[] = [
    ...matrix,
    {
        label: "aws/development with TLS",
        cloud: "aws",
        environment: "development",
        options: {
            ...stackOptions("aws", "development"),
            set: {
                cloud: "aws",
                clusterAdminIncludeDeployer: "true",
                tlsIssuer: "letsencrypt-staging",
                ...operatorNames.staging,
                databaseEngine: "cloudnativepg",
            },
        },
    },
];

/**
 * The program's capacity check reads the committed requests; a release they do not have yet (a new
 * add-on) is counted as nothing for the runs that render it, so its first rendering can be written.
 */
function provisionalRequests(): void {
    const data = committedRequests as RenderedRequests;
    for (const environment of ["development", "staging", "production"] as const) {
        const byRelease = (data[environment] ??= {});
        for (const { releaseName } of Object.values(charts)) byRelease[releaseName] ??= { cluster: [], perNode: [] };
    }
}

/** Environments, releases and pods in a fixed order, so the committed file changes only with the numbers. */
function sortedRequests(requests: RenderedRequests): RenderedRequests {
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    return Object.fromEntries(
        (["development", "staging", "production"] as const)
            .filter((e) => requests[e])
            .map((e) => [
                e,
                Object.fromEntries(
                    Object.keys(requests[e]!)
                        .sort()
                        .map((release) => {
                            const pods = requests[e]![release];
                            return [release, { cluster: [...pods.cluster].sort(byName), perNode: [...pods.perNode].sort(byName) }];
                        }),
                ),
            ]),
    );
}

async function main(): Promise<void> {
    provisionalRequests();
    const write = process.argv.includes("--write");
    const helm = ensureHelm();
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "atlasia-render-"));
    const results: { label: string; problems: string[] }[] = [];
    let objectCount = 0;
    const requests: RenderedRequests = {};

    for (const stack of renderedStacks) {
        const run = await validStackRun(stack.options);
        const levels = new Map(
            run.resources
                .filter((r) => r.type === namespaceType)
                .map((r) => {
                    const { metadata } = r.inputs as { metadata?: { name?: string; labels?: Record<string, string> } };
                    return [metadata?.name ?? "", metadata?.labels?.["pod-security.kubernetes.io/enforce"] as Level];
                }),
        );
        const releases = run.resources.filter((r) => r.type === releaseType);
        if (releases.length === 0) results.push({ label: `${stack.label}: Helm releases`, problems: ["the run recorded no helm.v3.Release"] });
        const kubeVersion = run.config.values["atlasia:kubernetesVersion"] || defaultKubeVersion;
        const apiVersions = releases.map((r) => apiVersionsOf[releaseInputs(r).chart]).filter((v): v is string => !!v);
        for (const release of releases) {
            const inputs = releaseInputs(release);
            const label = `${stack.label} ${inputs.name} (${inputs.chart} ${inputs.version})`;
            let problems: string[];
            try {
                const objects = render(helm, release, kubeVersion, apiVersions, workDir);
                objectCount += objects.length;
                problems = objectProblems(objects, (ns) => levels.get(ns) ?? "restricted");
                const pods = releasePods(objects);
                const byEnv = (requests[stack.environment] ??= {});
                const previous = byEnv[inputs.name];
                if (previous && JSON.stringify(previous) !== JSON.stringify(pods)) {
                    problems.push(`requests differ between clouds in ${stack.environment}: ${JSON.stringify(previous)} vs ${JSON.stringify(pods)}`);
                }
                byEnv[inputs.name] = pods;
            } catch (e) {
                const err = e as Error & { stderr?: string };
                problems = [`does not render: ${(err.stderr || err.message).trim()}`];
            }
            results.push({ label, problems });
        }
    }
    fs.rmSync(workDir, { recursive: true, force: true });

    const text = `${JSON.stringify(sortedRequests(requests), null, 1)}\n`;
    const committed = fs.existsSync(renderedRequestsFile) ? fs.readFileSync(renderedRequestsFile, "utf8") : "";
    const rendersFailed = results.some((r) => r.problems.some((p) => p.startsWith("does not render")));
    if (write && !rendersFailed) fs.writeFileSync(renderedRequestsFile, text);
    results.push({
        label: `${path.relative(projectRoot, renderedRequestsFile)} matches the rendering`,
        problems:
            (write && !rendersFailed) || committed === text
                ? []
                : ["the committed requests differ from the rendered ones (run npm run render -- --write, review and commit)"],
    });

    for (const r of results) {
        console.log(`${r.problems.length ? "FAIL" : "ok  "} ${r.label}`);
        for (const p of r.problems) console.log(`       ${p}`);
    }
    console.log(`${objectCount} rendered objects checked`);
    const failed = results.filter((r) => r.problems.length).length;
    console.log(`render: ${results.length - failed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
}

if (require.main === module) {
    main().catch((e) => {
        console.error(e);
        console.log("render: 0 passed, 1 failed");
        process.exit(1);
    });
}
