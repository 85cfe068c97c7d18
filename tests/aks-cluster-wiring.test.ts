// How the AKS layer's pieces are wired, through the whole program under mocks: the kubelogin
// kubeconfig and the calls behind it, the registry grant the workloads wait for, the database backups'
// global account name and workload identity issuer, Container Insights' data collection rule, and the
// component's outputs. Expected values are written out by hand from the cited references.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Program, ProgramRun, RunOptions, runProgram } from "../harness/run";
import { mockAksIssuerId, mockAzureTenant } from "../harness/mocks";
import { stackOptions, validStackRun, withConfig, withOperatorNames } from "./support/runs";
import { onlyResource } from "./support/resources";

function azure(stack: "staging" | "production", set: Record<string, string> = {}): RunOptions {
    return withConfig(stackOptions("azure", stack), set);
}

/** The issuer URL the mocked cluster returns (harness/mocks.ts). */
const issuerUrl = `https://eastus.oic.prod-aks.azure.com/${mockAzureTenant}/${mockAksIssuerId}/`;

interface MockMonitor {
    mocks: pulumi.runtime.Mocks;
    getRegisteredResources(): Map<string, { urn: string; state: unknown }>;
}

/** Runs the real program, recording the provider each provider function call was sent to. */
async function runRecordingCalls(options: RunOptions): Promise<{ run: ProgramRun; monitor: MockMonitor; calls: { token: string; provider?: string }[] }> {
    const calls: { token: string; provider?: string }[] = [];
    let monitor: MockMonitor | undefined;
    const run = await runProgram(withOperatorNames(options), () => {
        monitor = pulumi.runtime.getMonitor() as unknown as MockMonitor;
        const original = monitor.mocks;
        monitor.mocks = {
            newResource: (args) => original.newResource(args),
            call: (args) => {
                calls.push({ token: args.token, provider: args.provider });
                return original.call(args);
            },
        };
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return (require("../index") as Program)();
    });
    assert.equal(run.error, undefined, `the program failed: ${run.error?.message}`);
    assert.ok(monitor);
    return { run, monitor, calls };
}

describe("AKS wiring: kubeconfig, ordering, backups, Container Insights and outputs", function () {
    this.timeout(60000);
    let staging: ProgramRun;
    let production: ProgramRun;

    before(async () => {
        staging = await validStackRun(azure("staging"));
        production = await validStackRun(azure("production"));
    });

    describe("kubeconfig", () => {
        const userOf = (run: ProgramRun) => JSON.parse(run.outputs.kubeconfig.value as string).users[0].user.exec;

        it("asks AKS for the exec-format user credentials (kubelogin), not the legacy azure auth-provider", () => {
            // List Cluster User Credentials, query `format`: "'azure' will return azure auth-provider kubeconfig;
            // format 'exec' will return exec format kubeconfig, which requires kubelogin binary in the path"
            // (https://learn.microsoft.com/en-us/rest/api/aks/managed-clusters/list-cluster-user-credentials).
            const lookups = staging.invokes.filter((i) => i.token === "azure-native:containerservice:listManagedClusterUserCredentials");
            assert.deepEqual(
                lookups.map((i) => i.inputs.format),
                ["exec"],
            );
        });

        it("gets tokens with kubelogin from the Azure CLI's login, for the AKS server application", () => {
            // kubelogin get-token --login azurecli --server-id 6dae42f8-4368-4678-94ff-3960e28e3630, the application
            // ID of the AKS AAD server every managed-Entra cluster accepts
            // (https://azure.github.io/kubelogin/concepts/login-modes/azurecli.html).
            assert.deepEqual(userOf(staging).args, ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"]);
        });

        it("tells kubectl how to install kubelogin and sign in when the plugin is missing", () => {
            // `az aks install-cli` installs kubectl and kubelogin (https://learn.microsoft.com/en-us/cli/azure/aks#az-aks-install-cli);
            // client-go prints installHint when the exec command is not found
            // (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#configuration).
            assert.equal(userOf(staging).installHint, "Install kubelogin (az aks install-cli) and sign in with az login.");
        });

        it("sends every Azure lookup (the deployer's identity, the credentials) to the stack's explicit azure-native provider", async () => {
            // Pulumi.yaml disables default providers (pulumi/pulumi#8829): a lookup without the provider fails, or
            // would read another subscription's ambient login. The mock's `provider` is "<urn>::<id>".
            const { run, calls } = await runRecordingCalls(azure("staging"));
            const provider = onlyResource(run, "pulumi:providers:azure-native").urn;
            const azureCalls = calls.filter((c) => c.token.startsWith("azure-native:"));
            assert.deepEqual([...new Set(azureCalls.map((c) => c.token))].sort(), [
                "azure-native:authorization:getClientConfig",
                "azure-native:containerservice:listManagedClusterUserCredentials",
            ]);
            for (const call of azureCalls) assert.ok(call.provider?.startsWith(`${provider}::`), `${call.token} went to "${call.provider}"`);
        });
    });

    it("the workloads' namespace waits for both of the kubelet's pull grants, so no pod pulls from the registry before them", async () => {
        // Without its pull role the kubelet's pull is refused and the pod sits in ImagePullBackOff
        // (https://learn.microsoft.com/en-us/azure/aks/cluster-container-registry-integration); which role counts
        // depends on the registry's permissions mode (AcrPull, or Container Registry Repository Reader with ABAC).
        const registry =
            "/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/registry-rg/providers/Microsoft.ContainerRegistry/registries/atlasiaregistry";
        const run = await validStackRun(azure("staging", { aksAcrResourceId: registry }));
        const namespace = onlyResource(run, "kubernetes:core/v1:Namespace", (r) => r.name === "atlasia");
        for (const name of ["atlasia-staging-acr-pull", "atlasia-staging-acr-repository-reader"]) {
            const grant = onlyResource(run, "azure-native:authorization:RoleAssignment", (r) => r.name === name);
            assert.ok(namespace.dependencies.includes(grant.urn), `the atlasia namespace depends on ${name}`);
        }
    });

    describe("database backups", () => {
        it("federates the backup identity with the cluster's own OIDC issuer", () => {
            // The federated credential's issuer must be the cluster's issuer URL
            // (https://learn.microsoft.com/en-us/azure/aks/workload-identity-deploy-cluster#establish-federated-identity-credential).
            assert.equal(onlyResource(staging, "azure-native:managedidentity:FederatedIdentityCredential").inputs.issuer, issuerUrl);
        });

        it("gives the same cluster name in two stacks two storage account names (account names are global)", async () => {
            // Storage account names are unique across Azure
            // (https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/resource-name-rules#microsoftstorage);
            // without a configured subscription, the project and stack tell the stacks apart.
            const accountName = async (stack: "staging" | "production") =>
                onlyResource(await validStackRun(azure(stack, { clusterName: "atlasia-shared" })), "azure-native:storage:StorageAccount").inputs.accountName;
            assert.notEqual(await accountName("staging"), await accountName("production"));
        });
    });

    describe("Container Insights (production)", () => {
        // The ARM onboarding template for managed identity authentication
        // (https://learn.microsoft.com/en-us/azure/azure-monitor/containers/kubernetes-monitoring-enable?tabs=arm):
        // a Linux data collection rule with the "ContainerInsightsExtension" data source, dataCollectionSettings
        // interval "1m" and namespaceFilteringMode "Off" (its defaults), one Log Analytics destination "ciworkspace"
        // that the data flow names.
        it("the workspace is on the pay-as-you-go tier, PerGB2018", () => {
            // https://learn.microsoft.com/en-us/azure/azure-monitor/logs/cost-logs#pricing-tiers
            assert.deepEqual(onlyResource(production, "azure-native:operationalinsights:Workspace").inputs.sku, { name: "PerGB2018" });
        });

        it("the rule is the Linux Container Insights rule of the onboarding template", () => {
            const rule = onlyResource(production, "azure-native:monitor:DataCollectionRule").inputs;
            assert.equal(rule.kind, "Linux");
            const [extension] = rule.dataSources.extensions;
            assert.equal(extension.name, "ContainerInsightsExtension");
            assert.equal(extension.extensionSettings.dataCollectionSettings.interval, "1m");
            assert.equal(extension.extensionSettings.dataCollectionSettings.namespaceFilteringMode, "Off");
        });

        it("the data flow sends its streams to the workspace destination the rule declares", () => {
            const rule = onlyResource(production, "azure-native:monitor:DataCollectionRule").inputs;
            assert.deepEqual(
                rule.destinations.logAnalytics.map((d: { name: string }) => d.name),
                ["ciworkspace"],
            );
            assert.deepEqual(
                rule.dataFlows.map((f: { destinations: string[] }) => f.destinations),
                [["ciworkspace"]],
            );
        });
    });

    it("the AKS component records the cluster's name, resource group and OIDC issuer as its outputs", async () => {
        const { monitor } = await runRecordingCalls(azure("staging"));
        const component = [...monitor.getRegisteredResources().values()].find((r) => r.urn.endsWith("$atlasia:cluster:AksCluster::cluster"));
        assert.ok(component, "the AksCluster component is registered");
        assert.deepEqual(pulumi.runtime.deserializeProperties(component.state as never), {
            clusterName: "atlasia-staging",
            resourceGroup: "atlasia-staging-rg",
            oidcIssuer: { enabled: true, issuerURL: issuerUrl },
        });
    });
});
