// What can be checked about a local cluster from this machine, before any Kubernetes object is
// created (issue 7 item 8). The rest needs the running cluster: `npm run preflight` and
// docs/operations.md#local-clusters.
import * as os from "os";
import * as path from "path";
import type { LocalDistribution, StackSettings } from "../config/settings";
import { StackConfigError } from "../config/reader";
import { setCommand, shellWord } from "../config/fix-commands";
import type { KubeconfigFiles, ResolvedKubeconfig } from "./local-kubeconfig";

/**
 * The part of a minikube profile (`<state folder>/profiles/<profile>/config.json`, the folder as
 * `minikubeStateFolder` finds it) read here: kubernetes/minikube pkg/minikube/config/types.go
 * ClusterConfig.Addons and KubernetesConfig.CNI. minikube names the kubeconfig context after the profile.
 */
export interface MinikubeProfile {
    Addons?: Record<string, boolean>;
    KubernetesConfig?: { CNI?: string };
}

/**
 * minikube CNIs that enforce NetworkPolicy (https://minikube.sigs.k8s.io/docs/handbook/network_policy/:
 * "minikube start --cni calico" or cilium); the default (auto: bridge or kindnet) and flannel do not.
 */
export const minikubePolicyCnis = ["calico", "cilium"];

/**
 * minikube's state folder (kubernetes/minikube pkg/minikube/localpath MiniPath): ~/.minikube when
 * MINIKUBE_HOME is unset or empty, MINIKUBE_HOME itself when it ends in ".minikube", else its
 * ".minikube" subfolder.
 */
function minikubeStateFolder(env: NodeJS.ProcessEnv): string {
    const home = env.MINIKUBE_HOME;
    if (!home) return path.join(os.homedir(), ".minikube");
    return path.basename(home) === ".minikube" ? home : path.join(home, ".minikube");
}

export function minikubeProfileFile(profile: string, env: NodeJS.ProcessEnv = process.env): string {
    return path.join(minikubeStateFolder(env), "profiles", profile, "config.json");
}

/** Blocking problems and warnings of a minikube profile. */
export function minikubeFindings(profile: MinikubeProfile, name: string): { problems: string[]; warnings: string[] } {
    const problems: string[] = [];
    const warnings: string[] = [];
    if (profile.Addons?.ingress) {
        // The addon installs its own controller, namespace ingress-nginx and IngressClass nginx: our
        // ingress-nginx release then fails on objects Helm does not own ("exists and cannot be imported").
        problems.push(
            `minikube profile "${name}" has the ingress addon enabled; it creates the ingress-nginx namespace and IngressClass that this program's ingress-nginx release installs.`,
        );
    }
    const cni = profile.KubernetesConfig?.CNI ?? "";
    if (!minikubePolicyCnis.includes(cni)) {
        warnings.push(
            `minikube profile "${name}" runs CNI "${cni || "auto"}", which does not enforce NetworkPolicies: the Atlasia NetworkPolicies are created but nothing is blocked. For enforcement: minikube delete -p ${shellWord(name)} && ${minikubeStart(name)}`,
        );
    }
    return { problems, warnings };
}

/**
 * A minikube profile as this stack needs it: a CNI that enforces NetworkPolicies (calico, see
 * minikubePolicyCnis) and the guide's size, `minikube start --cpus=4 --memory=8192 --disk-size=50g`.
 */
function minikubeStart(profile: string): string {
    return `minikube start -p ${shellWord(profile)} --cni calico --cpus=4 --memory=8192 --disk-size=50g`;
}

/**
 * How to create the cluster the context names: kind names the context kind-<cluster>
 * (https://kind.sigs.k8s.io/docs/user/quick-start/#interacting-with-your-cluster), so no kind
 * cluster has a context without that prefix; minikube names it after the profile (`-p`).
 */
function createAdvice(distribution: LocalDistribution, context: string): string {
    const cluster = context.startsWith("kind-") ? context.slice("kind-".length) : "";
    const create =
        distribution === "minikube" ? minikubeStart(context) : cluster && `kind create cluster --name ${shellWord(cluster)} --config local/kind-atlasia.yaml`;
    return create ? `Create it (${create}), or point` : "Point";
}

/**
 * Throws (StackConfigError, so the message names the fix) when the local cluster cannot work;
 * returns warnings otherwise.
 */
export function checkLocalCluster(
    settings: StackSettings,
    kubeconfig: ResolvedKubeconfig,
    files: KubeconfigFiles,
    env: NodeJS.ProcessEnv = process.env,
): string[] {
    const { context, distribution } = settings.local;
    const warnings: string[] = [];
    if (!kubeconfig.content) {
        warnings.push(
            `atlasia:localContext "${context}" is not in ${kubeconfig.searched.join(" or ")}: pulumi up cannot reach the cluster. ${createAdvice(distribution, context)} to its kubeconfig: ${setCommand(settings.stack, "atlasia:localKubeconfig", "<path>")}`,
        );
    }
    const profileFile = minikubeProfileFile(context, env);
    if (distribution !== "minikube" || !files.exists(profileFile)) return warnings;

    const { problems, warnings: profileWarnings } = minikubeFindings(JSON.parse(files.read(profileFile)) as MinikubeProfile, context);
    if (problems.length > 0) {
        const profile = shellWord(context);
        throw new StackConfigError(
            settings.stack,
            problems.map((message) => ({
                key: `minikube (${profileFile})`,
                message,
                fix: `minikube addons disable ingress -p ${profile} && kubectl --context ${profile} delete namespace ingress-nginx --ignore-not-found && kubectl --context ${profile} delete ingressclass nginx --ignore-not-found`,
            })),
        );
    }
    return [...warnings, ...profileWarnings];
}
