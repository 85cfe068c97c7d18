// The checks `npm run render` applies to every rendered chart object (tools/render.ts), and how the
// rendered pods become the capacity check's requests (tools/rendered-pods.ts). helm is not needed:
// the objects here are written by hand, so each check is seen to fail.
import { strict as assert } from "assert";
import { imageProblem, missingRequests, objectProblems } from "../tools/render";
import { releasePods } from "../tools/rendered-pods";
import { addonPods, addonRequests, installedAddons, RenderedRequests } from "../clusters/addons/requests";
import { charts } from "../clusters/addons/charts";
import type { StackSettings } from "../config/settings";
import type { K8sObject } from "./support/workloads";
import { validStackRun } from "./support/runs";
import { renderedStacks } from "../tools/render";
import rendered from "../generated/addon-requests.json";

type Obj = Record<string, any>;

/** A pod spec that meets Pod Security "restricted". */
function restrictedSpec(image = "quay.io/jetstack/cert-manager-controller:v1.21.1", resources: Obj = { requests: { cpu: "10m", memory: "32Mi" } }): Obj {
    return {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        containers: [
            {
                name: "main",
                image,
                resources,
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
            },
        ],
    };
}

function deployment(name: string, spec: Obj, replicas = 1, namespace = "cert-manager"): K8sObject {
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name, namespace },
        spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec } },
    } as K8sObject;
}

const restrictedEverywhere = () => "restricted" as const;

describe("render checks (npm run render)", () => {
    it("images: a tag or a digest, never latest", () => {
        assert.equal(imageProblem("quay.io/jetstack/cert-manager-controller:v1.21.1"), undefined);
        assert.equal(imageProblem(`registry.k8s.io/ingress-nginx/controller:v1.15.1@sha256:${"a".repeat(64)}`), undefined);
        assert.equal(imageProblem(`registry.k8s.io/pause@sha256:${"b".repeat(64)}`), undefined);
        assert.match(imageProblem("nginx:latest")!, /latest/);
        assert.match(imageProblem("nginx")!, /no tag/);
        assert.match(imageProblem("localhost:5000/nginx")!, /no tag/, "a registry port is not a tag");
        assert.match(imageProblem(undefined)!, /no image/);
    });

    it("passes a restricted-compliant, schema-valid, pinned Deployment", () => {
        assert.deepEqual(objectProblems([deployment("ok", restrictedSpec())], restrictedEverywhere), []);
    });

    it("fails a schema error, a Pod Security violation and an unpinned image", () => {
        const badSchema = deployment("bad-schema", restrictedSpec());
        badSchema.spec.replicas = "two";
        assert.match(objectProblems([badSchema], restrictedEverywhere).join("\n"), /schema/);

        const root = restrictedSpec();
        delete root.securityContext.runAsNonRoot;
        assert.match(objectProblems([deployment("root", root)], restrictedEverywhere).join("\n"), /runAsNonRoot/);

        assert.match(objectProblems([deployment("latest", restrictedSpec("nginx:latest"))], restrictedEverywhere).join("\n"), /latest/);
        const prometheus = {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "Prometheus",
            metadata: { name: "p", namespace: "monitoring" },
            spec: { image: "quay.io/prometheus/prometheus" },
        };
        assert.match(objectProblems([prometheus as K8sObject], restrictedEverywhere).join("\n"), /Prometheus\/p: image .* no tag/);
    });

    it("checks each pod template against the level its namespace enforces", () => {
        const hostNetwork = { ...restrictedSpec(), hostNetwork: true };
        const noSeccomp = restrictedSpec();
        delete noSeccomp.securityContext.seccompProfile;
        const levels = { baseline: "baseline", privileged: "privileged" } as const;
        const levelOf = (ns: string) => levels[ns as keyof typeof levels] ?? "restricted";
        // baseline forbids hostNetwork but not a missing seccomp profile; privileged allows both.
        assert.match(objectProblems([deployment("h", hostNetwork, 1, "baseline")], levelOf).join("\n"), /hostNetwork/);
        assert.deepEqual(objectProblems([deployment("s", noSeccomp, 1, "baseline")], levelOf), []);
        assert.deepEqual(objectProblems([deployment("h", hostNetwork, 1, "privileged")], levelOf), []);
        assert.match(objectProblems([deployment("s", noSeccomp, 1, "restricted-ns")], levelOf).join("\n"), /seccomp/);
    });

    // Issue 10's render found seven add-on containers requesting nothing (BestEffort pods: evicted first,
    // counted as 0 by the scheduler): kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction.
    it("fails a container, init container or operator-built pod that does not request both CPU and memory", () => {
        assert.deepEqual(objectProblems([deployment("ok", restrictedSpec())], restrictedEverywhere), []);
        assert.deepEqual(objectProblems([deployment("none", restrictedSpec(undefined, {}))], restrictedEverywhere), [
            "Deployment/none container main requests no CPU or memory",
        ]);
        const cpuOnly = restrictedSpec();
        cpuOnly.initContainers = [{ ...cpuOnly.containers[0], name: "init", resources: { requests: { cpu: "10m" } } }];
        assert.deepEqual(missingRequests([deployment("init", cpuOnly)]), ["Deployment/init container init requests no memory"]);
        const alertmanager = {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "Alertmanager",
            metadata: { name: "a", namespace: "monitoring" },
            spec: { image: "quay.io/prometheus/alertmanager:v0.28.1" },
        };
        assert.deepEqual(objectProblems([alertmanager as K8sObject], restrictedEverywhere), ["Alertmanager/a requests no CPU or memory"]);
    });
});

describe("rendered pods: what the capacity check counts", () => {
    it("a pod requests the larger of its containers' sum and its largest init container", () => {
        const spec = restrictedSpec(undefined, { requests: { cpu: "100m", memory: "64Mi" } });
        spec.containers.push({ ...spec.containers[0], name: "sidecar", resources: { requests: { cpu: "10m", memory: "32Mi" } } });
        spec.initContainers = [{ ...spec.containers[0], name: "init", resources: { requests: { cpu: "50m", memory: "1Gi" } } }];
        assert.deepEqual(releasePods([deployment("d", spec, 3)]).cluster, [{ name: "Deployment/d", replicas: 3, cpuMillis: 110, memoryMiB: 1024 }]);
    });

    it("a native sidecar (init container, restartPolicy: Always) runs beside the containers and the init containers after it", () => {
        const spec = restrictedSpec(undefined, { requests: { cpu: "100m", memory: "128Mi" } });
        spec.initContainers = [{ ...spec.containers[0], name: "sidecar", restartPolicy: "Always", resources: { requests: { cpu: "200m", memory: "256Mi" } } }];
        assert.deepEqual(releasePods([deployment("d", spec)]).cluster, [{ name: "Deployment/d", replicas: 1, cpuMillis: 300, memoryMiB: 384 }]);
        // A plain init container after the sidecar runs beside it: 200m + 500m, 256Mi + 64Mi.
        spec.initContainers.push({ ...spec.containers[0], name: "migrate", resources: { requests: { cpu: "500m", memory: "64Mi" } } });
        assert.deepEqual(releasePods([deployment("d", spec)]).cluster, [{ name: "Deployment/d", replicas: 1, cpuMillis: 700, memoryMiB: 384 }]);
    });

    it("DaemonSets count per node; Jobs and the operator's Prometheus (with its config-reloader) per cluster", () => {
        const daemon = { ...deployment("node-exporter", restrictedSpec()), kind: "DaemonSet" };
        const job = { apiVersion: "batch/v1", kind: "Job", metadata: { name: "patch" }, spec: { template: { spec: restrictedSpec(undefined, {}) } } };
        const operator = deployment("operator", restrictedSpec());
        operator.spec.template.spec.containers[0].args = ["--config-reloader-cpu-request=10m", "--config-reloader-memory-request=32Mi"];
        const prometheus = {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "Prometheus",
            metadata: { name: "p" },
            spec: { replicas: 2, resources: { requests: { cpu: "500m", memory: "2Gi" } } },
        };
        const pods = releasePods([daemon, job, operator, prometheus] as K8sObject[]);
        assert.deepEqual(pods.perNode, [{ name: "DaemonSet/node-exporter", replicas: 1, cpuMillis: 10, memoryMiB: 32 }]);
        assert.deepEqual(pods.cluster, [
            { name: "Job/patch", replicas: 1, cpuMillis: 0, memoryMiB: 0 },
            { name: "Deployment/operator", replicas: 1, cpuMillis: 10, memoryMiB: 32 },
            { name: "Prometheus/p", replicas: 2, cpuMillis: 510, memoryMiB: 2080 },
        ]);
    });

    const settings = (environment: StackSettings["environment"], monitoring: boolean, tracing: boolean, tlsIssuer: string, engine = "statefulset") =>
        ({ environment, addons: { monitoring, tracing, tlsIssuer }, database: { engine } }) as unknown as StackSettings;

    it("adds up the rendered pods of the add-ons the settings install", () => {
        const one = { name: "Deployment/x", replicas: 2, cpuMillis: 100, memoryMiB: 64 };
        const data: RenderedRequests = {
            production: Object.fromEntries(Object.values(charts).map((c) => [c.releaseName, { cluster: [one], perNode: [{ ...one, replicas: 1 }] }])),
        };
        const pods = addonPods(settings("production", true, false, "none"), data);
        assert.deepEqual(installedAddons(settings("production", true, false, "none")), ["ingressNginx", "kubePrometheusStack", "prometheusAdapter"]);
        assert.equal(pods.cluster.length, 3);
        // CloudNativePG brings its operator, its Barman Cloud plugin and cert-manager (the plugin's certificates).
        assert.deepEqual(installedAddons(settings("production", false, false, "none", "cloudnativepg")), [
            "ingressNginx",
            "certManager",
            "cloudnativePg",
            "barmanCloudPlugin",
        ]);
        assert.throws(
            () => addonPods(settings("staging", true, true, "letsencrypt-staging"), data),
            /no staging rendering of ingress-nginx: run npm run render -- --write/,
        );
    });

    it("the committed rendering covers every add-on in every environment", () => {
        for (const environment of ["development", "staging", "production"] as const) {
            assert.deepEqual(
                Object.keys(rendered[environment] ?? {}).sort(),
                Object.values(charts)
                    .map((c) => c.releaseName)
                    .sort(),
                environment,
            );
        }
        for (const environment of ["development", "staging", "production"] as const) {
            const all = addonRequests(settings(environment, true, true, "letsencrypt-prod", "cloudnativepg"));
            const least = addonRequests(settings(environment, false, false, "none"));
            assert.ok(all.cluster.cpuMillis > least.cluster.cpuMillis && all.cluster.memoryMiB > least.cluster.memoryMiB, environment);
        }
    });

    it("an EKS development stack with TLS on runs (its cert-manager and autoscaler requests are rendered too)", async function () {
        this.timeout(60000);
        const run = await validStackRun(renderedStacks.find((s) => s.label === "aws/development with TLS")!.options);
        const charts = run.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release").map((r) => r.inputs.chart);
        assert.ok(charts.includes("cert-manager") && charts.includes("cluster-autoscaler"), charts.join(","));
    });
});
