// `npm run preflight -- --stack <stack> --context <context> [--kubeconfig <file>] [--local kind|minikube]`
// Reads the running cluster with kubectl before a `pulumi up` and stops (exit 1) on what would make
// the update fail: a Helm release left pending, and on local clusters the collisions of issue 7
// item 8. For a cloud stack, take the kubeconfig from the stack:
//   pulumi stack output --stack production kubeconfig --show-secrets > /tmp/kubeconfig.json
//   npm run preflight -- --stack production --kubeconfig /tmp/kubeconfig.json --context atlasia-prod
import { execFileSync } from "child_process";
import { charts } from "../addons/charts";
import type { LocalDistribution } from "../../config/settings";
import { localDistributions } from "../local";
import { HelmReleaseSecrets, pendingReleaseMessage, pendingReleases } from "./helm-releases";
import { ingressCollisions, kindnetAdvice, networkPolicyEnforcement, ObjectList, taintedIngressNodes } from "./local-cluster";

function option(name: string): string | undefined {
    const index = process.argv.indexOf(`--${name}`);
    return index >= 0 ? process.argv[index + 1] : undefined;
}

function main(): number {
    const stack = option("stack") ?? "dev";
    const context = option("context");
    const kubeconfig = option("kubeconfig");
    const local = option("local") as LocalDistribution | undefined;
    if (!context) {
        console.error("usage: npm run preflight -- --stack <stack> --context <context> [--kubeconfig <file>] [--local kind|minikube]");
        return 2;
    }
    const kubectl = <T>(...args: string[]): T =>
        JSON.parse(
            execFileSync("kubectl", [...(kubeconfig ? ["--kubeconfig", kubeconfig] : []), "--context", context, ...args, "-o", "json"], {
                encoding: "utf8",
                maxBuffer: 256 * 1024 * 1024,
            }),
        ) as T;

    const problems: string[] = [];
    const warnings: string[] = [];
    const pending = pendingReleases(kubectl<HelmReleaseSecrets>("get", "secrets", "--all-namespaces", "-l", "owner=helm"));
    if (pending.length > 0) problems.push(pendingReleaseMessage(pending, stack, context));

    if (local) {
        problems.push(
            ...ingressCollisions(kubectl<ObjectList>("get", "namespaces"), kubectl<ObjectList>("get", "ingressclasses"), charts.ingressNginx.releaseName),
        );
        problems.push(...taintedIngressNodes(kubectl<ObjectList>("get", "nodes"), localDistributions[local].ingress.nodeSelector));
        const enforcement = networkPolicyEnforcement(kubectl<ObjectList>("get", "daemonsets", "--all-namespaces"));
        if (enforcement === "none")
            warnings.push("no NetworkPolicy enforcer (Calico, Cilium, kindnet) runs on the cluster: the Atlasia NetworkPolicies block nothing.");
        if (enforcement === "kindnet") warnings.push(kindnetAdvice[local]);
    }

    for (const warning of warnings) console.warn(`warning: ${warning}`);
    for (const problem of problems) console.error(`error: ${problem}`);
    if (problems.length === 0) console.log(`preflight: ${context} is ready for pulumi up --stack ${stack}`);
    return problems.length > 0 ? 1 : 0;
}

process.exitCode = main();
