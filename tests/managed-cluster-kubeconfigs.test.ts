// The kubeconfig a managed cluster's stack outputs (and hands its Kubernetes provider): one cluster, one
// context, one user whose token comes from each cloud's credential plugin. `pulumi stack output kubeconfig
// --show-secrets > kubeconfig` must give a file kubectl takes as it is. Expected documents are written out
// by hand from the kubeconfig reference and each tool's own kubeconfig, never from the program's data.
import { strict as assert } from "assert";
import { execKubeconfig } from "../clusters/kubeconfig";
import { ProgramRun } from "../harness/run";
import { Cloud, stackOptions, validStackRun } from "./support/runs";

/** The mock cluster CA (harness/mocks.ts), as base64 of its PEM. */
const mockCa = Buffer.from("-----BEGIN CERTIFICATE-----\nMOCKCA\n-----END CERTIFICATE-----\n").toString("base64");

/**
 * A kubeconfig file: apiVersion v1, kind Config (https://kubernetes.io/docs/reference/config-api/kubeconfig.v1/),
 * the cluster, user and context of one name, that context current (kubectl refuses a current-context that
 * names no context: "context was not found for specified context").
 */
function kubeconfigFile(name: string, server: string, exec: Record<string, unknown>): unknown {
    return {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server, "certificate-authority-data": mockCa } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        users: [{ name, user: { exec } }],
    };
}

/**
 * What every plugin here gets: the ExecCredential version the three tools write into their own kubeconfigs
 * (gcloud container clusters get-credentials, aws eks update-kubeconfig, kubelogin convert-kubeconfig all declare
 * client.authentication.k8s.io/v1beta1: https://docs.aws.amazon.com/eks/latest/userguide/create-kubeconfig.html,
 * https://azure.github.io/kubelogin/cli/convert-kubeconfig.html), and interactiveMode Never: a `pulumi up` in CI
 * has no one at the terminal, and v1beta1 without it means IfAvailable, letting a plugin wait on stdin
 * (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#input-and-output-formats).
 */
const v1beta1NeverInteractive = { apiVersion: "client.authentication.k8s.io/v1beta1", interactiveMode: "Never", env: [] };

describe("managed-cluster kubeconfigs: one context, each cloud's credential plugin, a secret output", function () {
    this.timeout(60000);
    const runs: Partial<Record<Cloud, ProgramRun>> = {};
    before(async () => {
        for (const cloud of ["gcp", "aws", "azure"] as const) runs[cloud] = await validStackRun(stackOptions(cloud, "staging"));
    });
    const kubeconfigOf = (cloud: Cloud) => JSON.parse(runs[cloud]!.outputs.kubeconfig.value as string);

    /** Each cloud's API server (the mocks'), and the plugin as its tool writes it into a kubeconfig. */
    const plugins: { cloud: Cloud; what: string; server: string; exec: Record<string, unknown> }[] = [
        {
            // gcloud container clusters get-credentials writes command gke-gcloud-auth-plugin, no args, provideClusterInfo: true
            // (https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin).
            cloud: "gcp",
            what: "GKE: gke-gcloud-auth-plugin without arguments, given the cluster's info, as gcloud writes it",
            server: "https://203.0.113.10",
            exec: {
                command: "gke-gcloud-auth-plugin",
                args: [],
                installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
                provideClusterInfo: true,
            },
        },
        {
            // https://docs.aws.amazon.com/eks/latest/userguide/create-kubeconfig.html: command aws, args eks get-token
            // --cluster-name <name> --region <region> --output json, no provideClusterInfo. That field passes the CA, "which
            // could potentially contain very large CA data", in KUBERNETES_EXEC_INFO; default false
            // (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#configuration).
            cloud: "aws",
            what: "EKS: aws eks get-token for the cluster and region, without the cluster's info (the plugin does not read it)",
            server: "https://0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com",
            exec: {
                command: "aws",
                args: ["eks", "get-token", "--cluster-name", "atlasia-staging", "--region", "us-east-1", "--output", "json"],
                installHint: "Install the AWS CLI v2 and sign in (aws sso login, or credentials in the environment).",
                provideClusterInfo: false,
            },
        },
        {
            // kubelogin convert-kubeconfig -l azurecli writes args get-token --login azurecli --server-id <AKS server app
            // 6dae42f8-4368-4678-94ff-3960e28e3630>, no provideClusterInfo (https://azure.github.io/kubelogin/concepts/login-modes/azurecli.html).
            cloud: "azure",
            what: "AKS: kubelogin get-token from the Azure CLI login for the AKS server application, without the cluster's info",
            server: "https://atlasia-staging-mock.hcp.eastus.azmk8s.io:443",
            exec: {
                command: "kubelogin",
                args: ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"],
                installHint: "Install kubelogin (az aks install-cli) and sign in with az login.",
                provideClusterInfo: false,
            },
        },
    ];

    for (const { cloud, what, server, exec } of plugins) {
        it(what, () => {
            assert.deepEqual(kubeconfigOf(cloud), kubeconfigFile("atlasia-staging", server, { ...v1beta1NeverInteractive, ...exec }));
        });
    }

    it("is a secret output on every cloud: it names the API server and its CA", () => {
        for (const cloud of ["gcp", "aws", "azure"] as const) assert.equal(runs[cloud]!.outputs.kubeconfig.secret, true, cloud);
    });

    it("a plugin given no arguments, environment or cluster info gets none: empty lists, provideClusterInfo false", () => {
        const document = JSON.parse(
            execKubeconfig({ name: "c", server: "https://192.0.2.1", caData: "Q0E=", exec: { command: "plugin", installHint: "get plugin" } }),
        );
        assert.deepEqual(document.users, [
            {
                name: "c",
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "plugin",
                        args: [],
                        env: [],
                        installHint: "get plugin",
                        provideClusterInfo: false,
                        interactiveMode: "Never",
                    },
                },
            },
        ]);
    });

    it("a plugin's environment is a list of name/value pairs, as the kubeconfig's ExecEnvVar is", () => {
        // ExecConfig env: []ExecEnvVar{name, value} (https://kubernetes.io/docs/reference/config-api/kubeconfig.v1/#ExecEnvVar).
        const document = JSON.parse(
            execKubeconfig({
                name: "c",
                server: "https://192.0.2.1",
                caData: "Q0E=",
                exec: { command: "aws", args: ["eks"], env: { AWS_PROFILE: "ops" }, installHint: "h", provideClusterInfo: true },
            }),
        );
        assert.deepEqual(document.users[0].user.exec.env, [{ name: "AWS_PROFILE", value: "ops" }]);
        assert.deepEqual(document.users[0].user.exec.args, ["eks"]);
        assert.equal(document.users[0].user.exec.provideClusterInfo, true);
    });
});
