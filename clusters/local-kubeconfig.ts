// Which kubeconfig file and context the local cluster's provider uses: exactly one file, chosen the
// same way on every machine, and only its one context handed to the provider (as contents), so the
// provider never falls back to the ambient $KUBECONFIG.
//
// Why: without an explicit `kubeconfig`, pulumi-kubernetes reads $KUBECONFIG itself, and takes a
// value that is not a file path for kubeconfig *contents* (provider.d.ts: "The contents of a kubeconfig
// file or the path to a kubeconfig file"); a colon-separated list (kubectl's merge syntax,
// https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/#the-kubeconfig-environment-variable)
// is neither, and `pulumi up` fails.
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";

export interface KubeconfigFiles {
    exists(file: string): boolean;
    read(file: string): string;
}

export interface ResolvedKubeconfig {
    /** The one file used: the one that defines the context, else the first searched. */
    file: string;
    /** Only the configured context, its cluster and user, as JSON; undefined when no file holds the context. */
    content?: string;
    /** Every file looked in, in order (for the message when none defines the context). */
    searched: string[];
}

interface Kubeconfig {
    contexts?: { name: string; context: { cluster: string; user: string } }[];
    clusters?: { name: string }[];
    users?: { name: string }[];
}

function expandHome(file: string): string {
    return file.replace(/^~(?=\/|$)/, os.homedir());
}

/** Only the configured context of a kubeconfig: the other contexts' credentials stay out of the stack. */
export function singleContextKubeconfig(content: string, context: string): string {
    const config = (yaml.load(content) ?? {}) as Kubeconfig;
    const entry = config.contexts?.find((c) => c.name === context);
    if (!entry) return "";
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        "current-context": context,
        contexts: [entry],
        clusters: (config.clusters ?? []).filter((c) => c.name === entry.context.cluster),
        users: (config.users ?? []).filter((u) => u.name === entry.context.user),
    });
}

/**
 * `localKubeconfig` when set; otherwise, as kubectl reads them (client-go clientcmd/loader.go
 * NewDefaultClientConfigLoadingRules), the files of $KUBECONFIG, and ~/.kube/config only when it is
 * unset or empty: a listed file never falls back to the home file. A $KUBECONFIG of separators only
 * names no file, where kubectl reads none; kind and minikube then write ~/.kube/config (kind
 * paths.go discardEmptyAndDuplicates, minikube kubeconfig.go PathFromEnv), so it is read here too.
 */
export function resolveKubeconfig(
    configured: string | undefined,
    kubeconfigEnv: string | undefined,
    context: string,
    files: KubeconfigFiles,
): ResolvedKubeconfig {
    const contextIn = (file: string): string | undefined => (files.exists(file) ? singleContextKubeconfig(files.read(file), context) : "") || undefined;
    const listed = configured
        ? [expandHome(configured)]
        : (kubeconfigEnv ?? "")
              .split(path.delimiter)
              .filter((f) => f !== "") // client-go skips empty entries and trims nothing (clientcmd loader.go)
              .map(expandHome);
    const searched = listed.length > 0 ? listed : [path.join(os.homedir(), ".kube", "config")];
    for (const file of searched) {
        const content = contextIn(file);
        if (content) return { file, content, searched };
    }
    return { file: searched[0], searched };
}
