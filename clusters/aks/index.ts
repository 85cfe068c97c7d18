// AKS: the guide's `az group create` + `az aks create`, in named steps: provider, resource group,
// identity, etcd encryption, monitoring, cluster with its system pool, the workloads' user pool,
// maintenance windows, access (administrators, registry pull) and the Kubernetes provider.
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as resources from "@pulumi/azure-native/resources";
import * as k8s from "@pulumi/kubernetes";
import { StackSettings } from "../../config/settings";
import { ClusterComponent, loadBalancerExposure } from "../component";
import { ApiServerEndpoint, Cluster, IngressExposure } from "../contract";
import { clusterProvider } from "../kubeconfig";
import { clusterAdministrators, rbacPropagation, registryPull } from "./access";
import { managedCluster } from "./cluster";
import { aksKubeconfig, clusterIdentity } from "./credentials";
import { etcdEncryption } from "./encryption";
import { controlPlaneIdentity } from "./identity";
import { maintenanceWindows } from "./maintenance";
import { containerInsights, containerInsightsEnabled } from "./monitoring";
import { hasDedicatedSystemPool, userPool } from "./node-pools";
import { azureProvider } from "./provider";
import { createBackupContainer } from "./backup-container";

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
    readonly apiServer: ApiServerEndpoint = { cidrs: [], ports: [443], serviceClusterIps: [], tunnelNamespace: "kube-system" };
    readonly nodesReady: pulumi.Resource[];
    readonly storageReady: pulumi.Resource[];
    readonly backupStorage: Cluster["backupStorage"];

    constructor(name: string, settings: StackSettings, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:cluster:AksCluster", name, settings, opts);
        const clusterName = settings.clusterName;
        const provider = azureProvider(settings, this);
        const child = { parent: this, provider };
        const deployer = authorization.getClientConfigOutput({ parent: this, provider });

        const group = new resources.ResourceGroup(
            `${clusterName}-rg`,
            {
                resourceGroupName: `${clusterName}-rg`,
                location: settings.region,
                tags: settings.tags,
            },
            { ...child, protect: settings.protect },
        );
        const identity = controlPlaneIdentity(settings, group.name, child);
        const encryption = etcdEncryption(
            {
                settings,
                resourceGroupName: group.name,
                tenantId: deployer.tenantId,
                subscriptionId: deployer.subscriptionId,
                identity,
                randomProvider: this.utilityProviders.random,
            },
            child,
        );
        const insights = containerInsightsEnabled(settings) ? containerInsights(settings, group.name, child) : undefined;

        const cluster = managedCluster(
            { settings, resourceGroupName: group.name, identity, kmsKeyId: encryption.keyId, insights },
            { ...child, dependsOn: [encryption.keyAccess] },
        );
        insights?.associate(cluster.id, child);
        const workers = hasDedicatedSystemPool(settings) ? [userPool({ settings, resourceGroupName: group.name, clusterName: cluster.name }, child)] : [];
        maintenanceWindows(settings, group.name, cluster.name, child);

        const admins = clusterAdministrators(settings, cluster, deployer, child);
        const registry = registryPull(settings, cluster, child);
        const propagation = rbacPropagation(settings, admins, { parent: this, provider: this.utilityProviders.time });

        this.kubeconfig = aksKubeconfig(clusterName, group.name, cluster, this, provider);
        this.provider = clusterProvider("aks", clusterIdentity(cluster), this.kubeconfig, { parent: this, dependsOn: [propagation] });
        this.nodesReady = [cluster, ...workers, ...registry];
        this.storageReady = [cluster];
        this.backupStorage = (request) =>
            createBackupContainer(
                {
                    clusterName,
                    location: settings.region,
                    nameSeed: settings.azure.subscriptionId ?? `${settings.project}/${settings.stack}`,
                    resourceGroupName: group.name,
                    subscriptionId: deployer.subscriptionId,
                    oidcIssuerUrl: cluster.oidcIssuerProfile.apply((profile) => profile?.issuerURL ?? ""),
                    tags: settings.tags,
                    opts: child,
                },
                request,
            );
        this.registerOutputs({ clusterName: cluster.name, resourceGroup: group.name, oidcIssuer: cluster.oidcIssuerProfile });
    }
}
