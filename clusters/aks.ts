// AKS: the guide's `az group create` + `az aks create` with Entra ID authentication and Azure RBAC
// (local accounts disabled), Container Insights on a Log Analytics workspace, OIDC issuer and
// workload identity, zone-spread autoscaling nodes and an auto-upgrade channel.
import * as pulumi from "@pulumi/pulumi";
import * as azure from "@pulumi/azure-native/provider";
import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as resources from "@pulumi/azure-native/resources";
import * as k8s from "@pulumi/kubernetes";
import { Sleep } from "@pulumiverse/time/sleep";
import * as yaml from "js-yaml";
import { NodePoolSettings, StackSettings } from "../config/settings";
import { aksMaxPods } from "./capacity";
import { ClusterComponent, loadBalancerExposure } from "./component";
import { ApiServerEndpoint, Cluster, IngressExposure } from "./contract";
import { clusterProvider, execKubeconfig } from "./kubeconfig";

/** Built-in role "Azure Kubernetes Service RBAC Cluster Admin". */
const aksRbacClusterAdminRole = "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b";
/** The Entra ID application every AKS cluster's API server accepts tokens for. */
const aksServerAppId = "6dae42f8-4368-4678-94ff-3960e28e3630";

interface CredentialsKubeconfig {
    clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
}

export class AksCluster extends ClusterComponent implements Cluster {
    readonly provider: k8s.Provider;
    readonly kubeconfig: pulumi.Output<string>;
    /** The CSI premium SSD class; the guide's `managed-premium` is its legacy in-tree name. */
    readonly storageClassName = "managed-csi-premium";
    /** Without the probe path the Azure LB probes `/`, gets 404 from the controller and drops all traffic. */
    readonly ingress: IngressExposure = loadBalancerExposure({
        "service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path": "/healthz",
    });
    /** The API server has a public address: reached through the pods' internet egress. */
    readonly apiServer: ApiServerEndpoint = { cidrs: [], ports: [443], serviceClusterIps: [] };
    readonly nodesReady: pulumi.Resource[];
    readonly storageReady: pulumi.Resource[];

    constructor(name: string, settings: StackSettings, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:cluster:AksCluster", name, settings, opts);
        const pool = settings.nodePool as NodePoolSettings;
        const clusterName = settings.clusterName;

        const azureProvider = new azure.Provider("azure", {
            location: settings.region,
            subscriptionId: settings.azure.subscriptionId,
        }, { parent: this });
        const child = { parent: this, provider: azureProvider };

        const group = new resources.ResourceGroup(`${clusterName}-rg`, {
            resourceGroupName: `${clusterName}-rg`,
            location: settings.region,
            tags: settings.tags,
        }, { ...child, protect: settings.protect });
        const workspace = new operationalinsights.Workspace(`${clusterName}-logs`, {
            workspaceName: `${clusterName}-logs`,
            resourceGroupName: group.name,
            location: settings.region,
            sku: { name: "PerGB2018" },
            retentionInDays: 30,
            tags: settings.tags,
        }, child);

        const autoUpgrade = settings.azure.autoUpgradeChannel;
        const cluster = new containerservice.ManagedCluster(clusterName, {
            resourceName: clusterName,
            resourceGroupName: group.name,
            location: settings.region,
            dnsPrefix: clusterName,
            kubernetesVersion: settings.kubernetesVersion,
            identity: { type: "SystemAssigned" },
            sku: { name: "Base", tier: settings.environment === "production" ? "Standard" : "Free" }, // Standard: the API server SLA
            agentPoolProfiles: [{
                name: "workers",
                mode: "System",
                type: "VirtualMachineScaleSets",
                osType: "Linux",
                osSKU: "AzureLinux",
                vmSize: pool.machineType,
                osDiskSizeGB: pool.diskSizeGb,
                count: pool.nodeCount,
                enableAutoScaling: true,
                minCount: pool.minNodes,
                maxCount: pool.maxNodes,
                maxPods: aksMaxPods,
                availabilityZones: ["1", "2", "3"],
                upgradeSettings: { maxSurge: "33%" },
                nodeLabels: { "atlasia.io/pool": "standard-workers" },
            }],
            networkProfile: {
                networkPlugin: "azure",
                networkPolicy: "azure", // the guide's --network-policy azure
                loadBalancerSku: "standard",
            },
            addonProfiles: {
                // The guide's --enable-addons monitoring: Container Insights into our workspace.
                omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: workspace.id } },
                azurepolicy: { enabled: true },
            },
            aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: settings.access.clusterAdmins },
            disableLocalAccounts: true,
            enableRBAC: true,
            oidcIssuerProfile: { enabled: true },
            securityProfile: { workloadIdentity: { enabled: true } },
            autoUpgradeProfile: { upgradeChannel: autoUpgrade, nodeOSUpgradeChannel: "NodeImage" },
            apiServerAccessProfile: settings.access.apiAuthorizedCidrs.length > 0 ? { authorizedIPRanges: settings.access.apiAuthorizedCidrs } : undefined,
            tags: settings.tags,
        }, {
            ...child,
            protect: settings.protect,
            // The autoscaler owns the live node count; the upgrade channel moves the version.
            ignoreChanges: ["agentPoolProfiles[0].count", ...(autoUpgrade === "none" ? [] : ["kubernetesVersion", "agentPoolProfiles[0].orchestratorVersion"])],
        });

        // Whoever runs `pulumi up` becomes cluster admin through Azure RBAC (local accounts are off).
        const deployer = authorization.getClientConfigOutput({ parent: this, provider: azureProvider });
        const deployerAdmin = new authorization.RoleAssignment(`${clusterName}-deployer-admin`, {
            scope: cluster.id,
            principalId: deployer.objectId,
            roleDefinitionId: pulumi.interpolate`/subscriptions/${deployer.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${aksRbacClusterAdminRole}`,
        }, child);

        // The user credentials carry the API server address and CA; authentication is kubelogin's
        // Entra ID token (`--login azurecli`: `az login` first, or set AAD_LOGIN_METHOD in CI).
        const credentials = containerservice.listManagedClusterUserCredentialsOutput({
            resourceGroupName: group.name,
            resourceName: cluster.name,
            format: "exec",
        }, { parent: this, provider: azureProvider });
        this.kubeconfig = pulumi.secret(credentials.kubeconfigs.apply((kubeconfigs) => {
            const parsed = yaml.load(Buffer.from(kubeconfigs[0].value, "base64").toString("utf8")) as CredentialsKubeconfig;
            const { server, "certificate-authority-data": caData } = parsed.clusters[0].cluster;
            return execKubeconfig({
                name: clusterName,
                server,
                caData,
                exec: {
                    command: "kubelogin",
                    args: ["get-token", "--login", "azurecli", "--server-id", aksServerAppId],
                    installHint: "Install kubelogin (az aks install-cli) and sign in with az login.",
                },
            });
        }));
        // Azure RBAC takes minutes to reach the cluster's API server; without the pause the first
        // Kubernetes call of a new stack is refused (403). Only on create.
        const rbacPropagation = new Sleep(`${clusterName}-rbac-propagation`, {
            createDuration: "180s",
            triggers: { roleAssignment: deployerAdmin.id },
        }, { parent: this, dependsOn: [deployerAdmin] });
        this.provider = clusterProvider("aks", clusterName, this.kubeconfig, { parent: this, dependsOn: [rbacPropagation] });
        this.nodesReady = [cluster];
        this.storageReady = [cluster];
        this.registerOutputs({ clusterName: cluster.name, resourceGroup: group.name, oidcIssuer: cluster.oidcIssuerProfile });
    }
}
