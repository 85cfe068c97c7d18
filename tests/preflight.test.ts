// What is checked before a `pulumi up` (issue 12 items 8 and 10, issue 7 item 8): the local
// kubeconfig resolution, the minikube profile, and the cluster reads of `npm run preflight`,
// on fixtures shaped like kubectl's and minikube's real output.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { resolveKubeconfig } from "../clusters/local-kubeconfig";
import { minikubeFindings, minikubeProfileFile } from "../clusters/local-checks";
import { localDistributions } from "../clusters/local";
import { pendingReleaseMessage, pendingReleases, recoveryCommands } from "../clusters/preflight/helm-releases";
import { helmRevisionSecret } from "./support/helm-release-secrets";
import { ingressCollisions, kindnetAdvice, networkPolicyEnforcement, taintedIngressNodes } from "../clusters/preflight/local-cluster";
import { runProgram } from "../harness/run";
import { llmApiKey } from "./support/runs";

const kindConfig = (context: string) =>
    yaml.dump({
        apiVersion: "v1",
        kind: "Config",
        "current-context": context,
        contexts: [{ name: context, context: { cluster: context, user: context } }],
        clusters: [{ name: context, cluster: { server: "https://127.0.0.1:6443" } }],
        users: [{ name: context, user: { "client-key-data": "a2V5" } }],
    });

function fakeFiles(files: Record<string, string>) {
    return { exists: (f: string) => f in files, read: (f: string) => files[f] };
}

describe("local kubeconfig: exactly one file and context (issue 12 item 8)", () => {
    const files = fakeFiles({ "/a/other.yaml": kindConfig("prod-admin"), "/b/kind.yaml": kindConfig("kind-atlasia") });

    it("takes from a colon-separated $KUBECONFIG the file that defines the context, never the list itself", () => {
        const resolved = resolveKubeconfig(undefined, ["/a/other.yaml", "/b/kind.yaml"].join(path.delimiter), "kind-atlasia", files);
        assert.equal(resolved.file, "/b/kind.yaml");
        const content = JSON.parse(resolved.content!);
        assert.deepEqual(
            content.contexts.map((c: { name: string }) => c.name),
            ["kind-atlasia"],
        );
    });

    it("uses atlasia:localKubeconfig when set, whatever $KUBECONFIG says", () => {
        const resolved = resolveKubeconfig("/a/other.yaml", "/b/kind.yaml", "kind-atlasia", files);
        assert.equal(resolved.file, "/a/other.yaml");
        assert.equal(resolved.content, undefined, "the context is not in the configured file");
    });

    it("falls back to ~/.kube/config", () => {
        assert.equal(resolveKubeconfig(undefined, undefined, "kind-atlasia", files).file, path.join(os.homedir(), ".kube", "config"));
    });

    it("hands the provider the one context's contents, as a secret, and warns when the context is missing", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "atlasia-kubeconfig-"));
        const file = path.join(dir, "config");
        fs.writeFileSync(file, kindConfig("kind-atlasia"));
        const found = await runProgram({ stack: "dev", set: { localKubeconfig: file }, secrets: { llmApiKey } });
        const provider = found.resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
        assert.equal(JSON.parse(provider.inputs.kubeconfig)["current-context"], "kind-atlasia");
        assert.ok(provider.secretPaths.includes("kubeconfig"));
        assert.equal(provider.inputs.context, "kind-atlasia");

        const missing = await runProgram({ stack: "dev", set: { localKubeconfig: file, localContext: "kind-other" }, secrets: { llmApiKey } });
        assert.ok(missing.warnings.some((w) => w.includes(`"kind-other" is not in ${file}`) && w.includes("atlasia:localKubeconfig")));
        assert.equal(missing.resources.find((r) => r.type === "pulumi:providers:kubernetes")!.inputs.kubeconfig, file);
    });
});

describe("local clusters: minikube profile (issue 7 item 8)", () => {
    it("refuses the ingress addon before any Kubernetes object is registered, with the commands that fix it", async () => {
        const home = fs.mkdtempSync(path.join(os.tmpdir(), "atlasia-minikube-"));
        const profile = minikubeProfileFile("minikube", { MINIKUBE_HOME: home });
        fs.mkdirSync(path.dirname(profile), { recursive: true });
        fs.writeFileSync(profile, JSON.stringify({ Name: "minikube", Addons: { ingress: true }, KubernetesConfig: { CNI: "" } }));
        const saved = process.env.MINIKUBE_HOME;
        process.env.MINIKUBE_HOME = home;
        try {
            const run = await runProgram({ stack: "dev", set: { localContext: "minikube", localDistribution: "minikube" }, secrets: { llmApiKey } });
            assert.match(String(run.error), /ingress addon enabled/);
            assert.match(String(run.error), /minikube addons disable ingress -p minikube/);
            assert.deepEqual(
                run.resources.filter((r) => r.type.startsWith("kubernetes:")),
                [],
            );
        } finally {
            if (saved === undefined) delete process.env.MINIKUBE_HOME;
            else process.env.MINIKUBE_HOME = saved;
        }
    });

    it("warns that minikube's default CNI does not enforce NetworkPolicies, and not for calico", () => {
        // https://minikube.sigs.k8s.io/docs/handbook/network_policy/
        assert.match(minikubeFindings({ KubernetesConfig: { CNI: "" } }, "minikube").warnings.join(), /does not enforce NetworkPolicies/);
        assert.match(minikubeFindings({ KubernetesConfig: { CNI: "bridge" } }, "minikube").warnings.join(), /--cni calico/);
        assert.deepEqual(minikubeFindings({ Addons: { ingress: false }, KubernetesConfig: { CNI: "calico" } }, "minikube"), { problems: [], warnings: [] });
    });
});

describe("local clusters: kind (issue 7 item 8)", () => {
    it("local/kind-atlasia.yaml puts ingress-ready on a worker, not on the tainted control plane", () => {
        const config = yaml.load(fs.readFileSync(path.resolve(__dirname, "../local/kind-atlasia.yaml"), "utf8")) as {
            nodes: { role: string; labels?: Record<string, string> }[];
        };
        const selector = localDistributions.kind.ingress.nodeSelector;
        const labelled = config.nodes.filter((n) => Object.entries(selector).every(([k, v]) => n.labels?.[k] === v));
        assert.ok(labelled.length > 0);
        assert.ok(labelled.every((n) => n.role === "worker"));
    });

    const node = (name: string, labels: Record<string, string>, controlPlane: boolean) => ({
        metadata: { name, labels },
        spec: controlPlane ? { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] } : {},
    });

    it("preflight: reports the seed's cluster, where only the control plane is ingress-ready", () => {
        const seed = { items: [node("kind-control-plane", { "ingress-ready": "true" }, true), node("kind-worker", {}, false)] };
        assert.match(taintedIngressNodes(seed, { "ingress-ready": "true" }).join(), /tainted control-plane/);
        const ours = { items: [node("kind-control-plane", {}, true), node("kind-worker", { "ingress-ready": "true" }, false)] };
        assert.deepEqual(taintedIngressNodes(ours, { "ingress-ready": "true" }), []);
    });

    it("preflight: finds minikube's addon objects, not our own", () => {
        const addonNamespace = { items: [{ metadata: { name: "ingress-nginx", labels: { "app.kubernetes.io/name": "ingress-nginx" } } }] };
        const addonClass = { items: [{ metadata: { name: "nginx", annotations: { "ingressclass.kubernetes.io/is-default-class": "true" } } }] };
        assert.equal(ingressCollisions(addonNamespace, addonClass, "ingress-nginx").length, 2);
        const ourNamespace = { items: [{ metadata: { name: "ingress-nginx", labels: { "app.kubernetes.io/part-of": "atlasia-platform" } } }] };
        const ourClass = { items: [{ metadata: { name: "nginx", annotations: { "meta.helm.sh/release-name": "ingress-nginx" } } }] };
        assert.deepEqual(ingressCollisions(ourNamespace, ourClass, "ingress-nginx"), []);
    });

    it("preflight: tells an enforcing CNI from one that is not, wherever its DaemonSet runs", () => {
        const daemonSets = (...sets: [string, string][]) => ({ items: sets.map(([namespace, name]) => ({ metadata: { name, namespace } })) });
        assert.equal(networkPolicyEnforcement(daemonSets(["kube-system", "calico-node"], ["kube-system", "kube-proxy"])), "enforced");
        // The Tigera operator (Calico's documented install) runs calico-node in calico-system, not kube-system.
        assert.equal(networkPolicyEnforcement(daemonSets(["calico-system", "calico-node"], ["kube-system", "kube-proxy"])), "enforced");
        assert.equal(networkPolicyEnforcement(daemonSets(["kube-system", "cilium"])), "enforced");
        assert.equal(networkPolicyEnforcement(daemonSets(["kube-system", "kindnet"], ["kube-system", "kube-proxy"])), "kindnet");
        assert.equal(networkPolicyEnforcement(daemonSets(["kube-system", "kube-proxy"])), "none");
        // minikube's kindnet is not kind's: the advice names the right tool.
        assert.match(kindnetAdvice.kind, /kind v0\.24\.0/);
        assert.match(kindnetAdvice.minikube, /--cni calico/);
    });
});

describe("preflight: Helm releases left pending (issue 12 item 10)", () => {
    const revision = helmRevisionSecret;

    it("finds a release whose newest revision is pending-upgrade and rolls back to the last deployed one", () => {
        const secrets = {
            items: [
                revision("kube-prometheus-stack", "monitoring", 3, "superseded"),
                revision("kube-prometheus-stack", "monitoring", 4, "deployed"),
                revision("kube-prometheus-stack", "monitoring", 5, "pending-upgrade"),
                revision("ingress-nginx", "ingress-nginx", 2, "deployed"),
            ],
        };
        const pending = pendingReleases(secrets);
        assert.deepEqual(pending, [{ release: "kube-prometheus-stack", namespace: "monitoring", revision: 5, status: "pending-upgrade", rollbackTo: 4 }]);
        assert.deepEqual(recoveryCommands(pending[0], "production", "atlasia-prod"), [
            "helm history kube-prometheus-stack --kube-context atlasia-prod -n monitoring",
            "helm rollback kube-prometheus-stack 4 --kube-context atlasia-prod -n monitoring --wait --timeout 15m",
            "pulumi refresh --stack production --yes",
            "pulumi up --stack production",
        ]);
        assert.match(pendingReleaseMessage(pending, "production", "atlasia-prod"), /monitoring\/kube-prometheus-stack: revision 5 is pending-upgrade/);
    });

    it("uninstalls an interrupted first install, which has nothing to roll back to", () => {
        const pending = pendingReleases({ items: [revision("jaeger", "tracing", 1, "pending-install")] });
        assert.equal(pending[0].rollbackTo, undefined);
        assert.match(recoveryCommands(pending[0], "staging", "atlasia-staging")[1], /^helm uninstall jaeger --kube-context atlasia-staging -n tracing --wait$/);
    });

    it("clears the interrupted install's pending create, which a non-interactive refresh leaves in the state", () => {
        // The killed `pulumi up` was creating the Release: its state holds a pending CREATE, and
        // "pulumi refresh will need to be run interactively to clear pending CREATE operations"
        // (https://www.pulumi.com/docs/support/troubleshooting/common-issues/interrupted-updates/);
        // `--clear-pending-creates` does it without a prompt (pulumi refresh CLI reference).
        const install = pendingReleases({ items: [revision("jaeger", "tracing", 1, "pending-install")] })[0];
        assert.equal(recoveryCommands(install, "staging", "atlasia-staging")[2], "pulumi refresh --stack staging --clear-pending-creates --yes");
        // An interrupted upgrade is a pending update, which refresh clears: nothing to drop.
        const upgrade = pendingReleases({ items: [revision("jaeger", "tracing", 1, "deployed"), revision("jaeger", "tracing", 2, "pending-upgrade")] })[0];
        assert.equal(recoveryCommands(upgrade, "staging", "atlasia-staging")[2], "pulumi refresh --stack staging --yes");
    });

    it("ignores releases whose newest revision is settled, and Secrets Helm does not own", () => {
        const settled = {
            items: [
                revision("jaeger", "tracing", 1, "failed"),
                revision("jaeger", "tracing", 2, "deployed"),
                { metadata: { namespace: "x", labels: { name: "y", status: "pending-upgrade", version: "1" } } },
            ],
        };
        assert.deepEqual(pendingReleases(settled), []);
    });
});
