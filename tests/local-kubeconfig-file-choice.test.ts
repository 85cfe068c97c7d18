// Which kubeconfig file the local provider reads, and what of it goes to the stack: the rules of
// kubectl/client-go for $KUBECONFIG (a path list, ':'-separated on Linux, empty entries skipped:
// https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/#the-kubeconfig-environment-variable,
// client-go tools/clientcmd/loader.go Load "if len(filename) == 0 { continue }") and the shell's tilde
// rule for a path the operator typed (POSIX 2.6.1 Tilde Expansion: only a leading "~" up to the
// first "/" is a tilde-prefix; "~user" is another user's home, not ours).
import { strict as assert } from "assert";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { KubeconfigFiles, resolveKubeconfig, singleContextKubeconfig } from "../clusters/local-kubeconfig";

const kindConfig = {
    apiVersion: "v1",
    kind: "Config",
    "current-context": "kind-atlasia",
    contexts: [{ name: "kind-atlasia", context: { cluster: "kind-atlasia", user: "kind-atlasia" } }],
    clusters: [{ name: "kind-atlasia", cluster: { server: "https://127.0.0.1:6443" } }],
    users: [{ name: "kind-atlasia", user: { "client-key-data": "a2V5" } }],
};
const kindKubeconfig = yaml.dump(kindConfig);

/** Fake files that record every file the resolution looks at, in order. */
function recordingFiles(files: Record<string, string>): KubeconfigFiles & { consulted: string[] } {
    const consulted: string[] = [];
    return {
        consulted,
        exists: (f) => {
            consulted.push(f);
            return f in files;
        },
        read: (f) => files[f],
    };
}

const defaultKubeconfig = path.join(os.homedir(), ".kube", "config");

describe("local kubeconfig: the one file chosen", () => {
    it("with $KUBECONFIG unset or empty, looks only at ~/.kube/config (kubectl's default)", () => {
        for (const env of [undefined, ""]) {
            const files = recordingFiles({});
            const resolved = resolveKubeconfig(undefined, env, "kind-atlasia", files);
            assert.deepEqual(files.consulted, [defaultKubeconfig], `KUBECONFIG=${JSON.stringify(env)}`);
            assert.deepEqual(resolved, { file: defaultKubeconfig, searched: [defaultKubeconfig] });
        }
    });

    it("skips the empty entries of a $KUBECONFIG path list, as client-go does", () => {
        const files = recordingFiles({ "/b/kind.yaml": kindKubeconfig });
        const env = ["", "/a/missing.yaml", "", "/b/kind.yaml", ""].join(path.delimiter);
        const resolved = resolveKubeconfig(undefined, env, "kind-atlasia", files);
        assert.deepEqual(files.consulted, ["/a/missing.yaml", "/b/kind.yaml"]);
        assert.equal(resolved.file, "/b/kind.yaml");
    });

    it("with $KUBECONFIG set, never falls back to ~/.kube/config, and reports every listed file it looked in", () => {
        // client-go clientcmd/loader.go NewDefaultClientConfigLoadingRules: the home file only when KUBECONFIG is empty.
        const otherContext = yaml.dump({ ...kindConfig, contexts: [{ ...kindConfig.contexts[0], name: "minikube" }] });
        const files = recordingFiles({ [defaultKubeconfig]: kindKubeconfig, "/b/other.yaml": otherContext });
        const env = ["/a/missing.yaml", "/b/other.yaml"].join(path.delimiter);
        assert.deepEqual(resolveKubeconfig(undefined, env, "kind-atlasia", files), { file: "/a/missing.yaml", searched: ["/a/missing.yaml", "/b/other.yaml"] });
        assert.ok(!files.consulted.includes(defaultKubeconfig), `consulted ${files.consulted.join(", ")}`);
    });

    it("reads ~/.kube/config for a $KUBECONFIG of separators only, where kind and minikube write the context", () => {
        // kubectl reads no file then; kind (paths.go discardEmptyAndDuplicates) and minikube (kubeconfig.go
        // PathFromEnv) skip the empty entries and write the home file.
        const files = recordingFiles({ [defaultKubeconfig]: kindKubeconfig });
        const resolved = resolveKubeconfig(undefined, path.delimiter.repeat(3), "kind-atlasia", files);
        assert.equal(resolved.file, defaultKubeconfig);
        assert.ok(resolved.content);
    });

    it("passes over a listed file that does not exist, and has no contents for a configured one that does not", () => {
        const files = recordingFiles({ "/b/kind.yaml": kindKubeconfig });
        assert.equal(resolveKubeconfig(undefined, ["/a/missing.yaml", "/b/kind.yaml"].join(path.delimiter), "kind-atlasia", files).file, "/b/kind.yaml");
        assert.deepEqual(resolveKubeconfig("/a/missing.yaml", undefined, "kind-atlasia", files), { file: "/a/missing.yaml", searched: ["/a/missing.yaml"] });
    });

    it("expands a leading ~ to this user's home, and no other ~", () => {
        const files = recordingFiles({});
        assert.equal(resolveKubeconfig("~/.kube/kind.yaml", undefined, "kind-atlasia", files).file, path.join(os.homedir(), ".kube", "kind.yaml"));
        assert.equal(resolveKubeconfig("~", undefined, "kind-atlasia", files).file, os.homedir());
        assert.equal(resolveKubeconfig("~op/.kube/config", undefined, "kind-atlasia", files).file, "~op/.kube/config");
        assert.equal(resolveKubeconfig("/srv/backup~/config", undefined, "kind-atlasia", files).file, "/srv/backup~/config");
        const listed = recordingFiles({});
        // In $KUBECONFIG each entry is a word of its own, as the shell expands KUBECONFIG=~/a:~/b.
        resolveKubeconfig(undefined, ["/a/missing.yaml", "~/kind.yaml"].join(path.delimiter), "kind-atlasia", listed);
        assert.deepEqual(listed.consulted.slice(0, 2), ["/a/missing.yaml", path.join(os.homedir(), "kind.yaml")]);
    });
});

describe("local kubeconfig: the one context kept", () => {
    it("is a complete kubeconfig of the context (apiVersion v1, kind Config: client-go clientcmd/api/v1 Config)", () => {
        // A file of just that context: all of it, whatever the file leaves out (apiVersion and kind included).
        assert.deepEqual(JSON.parse(singleContextKubeconfig(kindKubeconfig, "kind-atlasia")), kindConfig);
        const bare = yaml.dump({ contexts: kindConfig.contexts, clusters: kindConfig.clusters, users: kindConfig.users });
        assert.deepEqual(JSON.parse(singleContextKubeconfig(bare, "kind-atlasia")), kindConfig);
    });

    it("is empty for a kubeconfig without contexts (an empty file, or one kubectl has not filled yet)", () => {
        assert.equal(singleContextKubeconfig("", "kind-atlasia"), "");
        assert.equal(singleContextKubeconfig("apiVersion: v1\nkind: Config\nclusters: []\n", "kind-atlasia"), "");
    });

    it("has no cluster and no user for a context that names none (`kubectl config set-context kind-atlasia --namespace=atlasia` on a new name)", () => {
        const namespaceOnly = yaml.dump({ apiVersion: "v1", kind: "Config", contexts: [{ name: "kind-atlasia", context: { namespace: "atlasia" } }] });
        const kept = JSON.parse(singleContextKubeconfig(namespaceOnly, "kind-atlasia"));
        assert.deepEqual(kept.clusters, []);
        assert.deepEqual(kept.users, []);
    });
});
