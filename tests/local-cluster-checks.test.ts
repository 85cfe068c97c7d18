// What is checked about a local kind or minikube cluster from this machine before any object is
// created: the context's presence in the kubeconfig, and on minikube only, the profile that
// `minikube start -p <profile>` writes to <state folder>/profiles/<profile>/config.json (the state folder
// ~/.minikube or under MINIKUBE_HOME: https://minikube.sigs.k8s.io/docs/handbook/config/ "MINIKUBE_HOME"; the
// kubeconfig context is named after the profile). kind names its context kind-<cluster>
// (https://kind.sigs.k8s.io/docs/user/quick-start/#interacting-with-your-cluster).
import { strict as assert } from "assert";
import * as os from "os";
import * as path from "path";
import { checkLocalCluster, minikubeFindings, minikubeProfileFile } from "../clusters/local-checks";
import { StackConfigError } from "../config/reader";
import type { StackSettings } from "../config/settings";
import type { RunOptions } from "../harness/run";
import { stackOptions, withConfig } from "./support/runs";
import { settingsFor } from "./support/settings";

const minikubeHome = { MINIKUBE_HOME: "/mk" };
const found = { file: "/home/op/.kube/config", content: '{"current-context":"x"}', searched: ["/home/op/.kube/config"] };
const missing = { file: "/home/op/.kube/config", searched: ["/home/op/.kube/config"] };

function filesWith(files: Record<string, unknown>) {
    return { exists: (f: string) => f in files, read: (f: string) => JSON.stringify(files[f]) };
}

function localStack(set: Record<string, string>): RunOptions {
    return withConfig(stackOptions("local", "development"), set);
}

/** minikube's default CNI (`minikube start --cni`, "default: auto": https://minikube.sigs.k8s.io/docs/commands/start/). */
const autoCniWarning =
    'minikube profile "minikube" runs CNI "auto", which does not enforce NetworkPolicies: the Atlasia NetworkPolicies are created but nothing is blocked. For enforcement: minikube delete -p minikube && minikube start -p minikube --cni calico --cpus=4 --memory=8192 --disk-size=50g';

describe("local cluster checks: the minikube profile file", () => {
    it("is ~/.minikube/profiles/<profile>/config.json without MINIKUBE_HOME", () => {
        assert.equal(minikubeProfileFile("atlasia", {}), path.join(os.homedir(), ".minikube", "profiles", "atlasia", "config.json"));
    });

    it("is in $MINIKUBE_HOME's .minikube subfolder, or in $MINIKUBE_HOME itself when it ends in .minikube", () => {
        // minikube pkg/minikube/localpath/localpath.go MiniPath: filepath.Base(MINIKUBE_HOME) == ".minikube"
        // returns it as is, otherwise filepath.Join(MINIKUBE_HOME, ".minikube"); an empty value is unset.
        assert.equal(minikubeProfileFile("atlasia", minikubeHome), "/mk/.minikube/profiles/atlasia/config.json");
        assert.equal(minikubeProfileFile("atlasia", { MINIKUBE_HOME: "/mk/.minikube" }), "/mk/.minikube/profiles/atlasia/config.json");
        assert.equal(minikubeProfileFile("atlasia", { MINIKUBE_HOME: "/mk/.minikube/" }), "/mk/.minikube/profiles/atlasia/config.json");
        assert.equal(minikubeProfileFile("atlasia", { MINIKUBE_HOME: "" }), path.join(os.homedir(), ".minikube", "profiles", "atlasia", "config.json"));
    });
});

describe("local cluster checks: minikube's CNI", () => {
    it("calls a profile without a CNI setting (minikube start without --cni) auto, with the commands that enforce policies", () => {
        assert.deepEqual(minikubeFindings({}, "minikube"), { problems: [], warnings: [autoCniWarning] });
        assert.deepEqual(minikubeFindings({ KubernetesConfig: { CNI: "" } }, "minikube").warnings, [autoCniWarning]);
    });

    it("names a CNI that does not enforce policies by its own name", () => {
        assert.deepEqual(minikubeFindings({ KubernetesConfig: { CNI: "flannel" } }, "minikube").warnings, [
            'minikube profile "minikube" runs CNI "flannel", which does not enforce NetworkPolicies: the Atlasia NetworkPolicies are created but nothing is blocked. For enforcement: minikube delete -p minikube && minikube start -p minikube --cni calico --cpus=4 --memory=8192 --disk-size=50g',
        ]);
    });
});

describe("local cluster checks: before any object is created", () => {
    let kind: StackSettings;
    let minikube: StackSettings;
    before(async () => {
        kind = await settingsFor(localStack({}));
        minikube = await settingsFor(localStack({ localContext: "minikube", localDistribution: "minikube" }));
    });

    it("says nothing about a kind cluster whose context is in the kubeconfig", () => {
        assert.deepEqual(checkLocalCluster(kind, found, filesWith({}), minikubeHome), []);
    });

    it("tells a kind stack whose context is missing how to create the cluster named by it, or where to point", () => {
        // kind create cluster --name atlasia makes the context kind-atlasia (the default atlasia:localContext).
        assert.deepEqual(checkLocalCluster(kind, missing, filesWith({}), minikubeHome), [
            "atlasia:localContext \"kind-atlasia\" is not in /home/op/.kube/config: pulumi up cannot reach the cluster. Create it (kind create cluster --name atlasia --config local/kind-atlasia.yaml), or point to its kubeconfig: pulumi config set --stack dev atlasia:localKubeconfig '<path>'",
        ]);
    });

    it("never reads a minikube profile for a kind cluster, even one of the same name", () => {
        const files = filesWith({ "/mk/.minikube/profiles/kind-atlasia/config.json": { Addons: { ingress: true } } });
        assert.deepEqual(checkLocalCluster(kind, found, files, minikubeHome), []);
    });

    it("says nothing about a minikube profile running calico without the ingress addon", () => {
        const files = filesWith({ "/mk/.minikube/profiles/minikube/config.json": { Addons: { ingress: false }, KubernetesConfig: { CNI: "calico" } } });
        assert.deepEqual(checkLocalCluster(minikube, found, files, minikubeHome), []);
    });

    it("returns the missing context's warning first, then the profile's", () => {
        const files = filesWith({ "/mk/.minikube/profiles/minikube/config.json": { KubernetesConfig: { CNI: "" } } });
        const warnings = checkLocalCluster(minikube, missing, files, minikubeHome);
        assert.equal(warnings.length, 2);
        assert.match(warnings[0], /^atlasia:localContext "minikube" is not in \/home\/op\/\.kube\/config: pulumi up cannot reach the cluster\./);
        assert.equal(warnings[1], autoCniWarning);
    });

    it("names every kubeconfig file it looked in when none defines the context", () => {
        const [warning] = checkLocalCluster(kind, { file: "/a/config", searched: ["/a/config", "/b/config"] }, filesWith({}), minikubeHome);
        assert.match(warning, /^atlasia:localContext "kind-atlasia" is not in \/a\/config or \/b\/config: pulumi up cannot reach the cluster\./);
    });

    it("refuses the ingress addon naming the profile file, with the commands that remove it in full", () => {
        const files = filesWith({ "/mk/.minikube/profiles/minikube/config.json": { Addons: { ingress: true }, KubernetesConfig: { CNI: "calico" } } });
        assert.throws(
            () => checkLocalCluster(minikube, found, files, minikubeHome),
            (e: unknown) => {
                assert.ok(e instanceof StackConfigError);
                assert.deepEqual(e.problems, [
                    {
                        key: "minikube (/mk/.minikube/profiles/minikube/config.json)",
                        message:
                            'minikube profile "minikube" has the ingress addon enabled; it creates the ingress-nginx namespace and IngressClass that this program\'s ingress-nginx release installs.',
                        fix: "minikube addons disable ingress -p minikube && kubectl --context minikube delete namespace ingress-nginx --ignore-not-found && kubectl --context minikube delete ingressclass nginx --ignore-not-found",
                    },
                ]);
                return true;
            },
        );
    });
});
