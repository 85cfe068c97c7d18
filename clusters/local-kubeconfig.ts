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
    /** The one file used. */
    file: string;
    /** Only the configured context, its cluster and user, as JSON; undefined when no file holds the context. */
    content?: string;
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
 * `localKubeconfig` when set; otherwise, as kubectl reads it (client-go clientcmd/loader.go
 * NewDefaultClientConfigLoadingRules), either the files of $KUBECONFIG or, only when it is unset
 * or empty (or lists only empty entries), ~/.kube/config: a listed file never falls back to the home file.
 */
export function resolveKubeconfig(
    configured: string | undefined,
    kubeconfigEnv: string | undefined,
    context: string,
    files: KubeconfigFiles,
): ResolvedKubeconfig {
    const withContext = (file: string): ResolvedKubeconfig => {
        const content = files.exists(file) ? singleContextKubeconfig(files.read(file), context) : "";
        return { file, content: content || undefined };
    };
    if (configured) return withContext(expandHome(configured));
    const listed = (kubeconfigEnv ?? "")
        .split(path.delimiter)
        .filter((f) => f !== "") // client-go skips empty entries and trims nothing (clientcmd loader.go)
        .map(expandHome);
    if (listed.length === 0) return withContext(path.join(os.homedir(), ".kube", "config"));
    for (const file of listed) {
        const resolved = withContext(file);
        if (resolved.content) return resolved;
    }
    // No listed file defines the context: name the file kubectl writes a new context to
    // (loader.go GetDefaultFilename: the first listed file that exists, else the first listed).
    return { file: listed.find((file) => files.exists(file)) ?? listed[0], content: undefined };
}
