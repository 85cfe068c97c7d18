// GKE: the guide's `gcloud container clusters create` as a regional (development: zonal),
// private-node, VPC-native cluster with a separately managed node pool, a least-privilege node
// service account and KMS-encrypted Secrets. Built in named steps, one file each.
import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp/provider";
import * as k8s from "@pulumi/kubernetes";
import { StackSettings } from "../../config/settings";
import { ClusterComponent, loadBalancerExposure } from "../component";
import { ApiServerEndpoint, Cluster, IngressExposure } from "../contract";
import { clusterProvider, execKubeconfig } from "../kubeconfig";
import { enableApis } from "./apis";
import { addressPlan, createNetwork } from "./network";
import { createNodeIdentity } from "./identity";
import { createSecretsEncryption } from "./encryption";
import { createControlPlane } from "./control-plane";
import { createNodePool } from "./node-pool";
import { gcpLabels, gkeNames } from "./names";
import { createBackupBucket } from "./backup-bucket";

export class GkeCluster extends ClusterComponent implements Cluster {
    readonly provider: k8s.Provider;
    readonly kubeconfig: pulumi.Output<string>;
    /** premium-rwo (pd-ssd) for production databases, standard-rwo (pd-balanced) elsewhere. */
    readonly storageClassName: string;
    readonly ingress: IngressExposure = loadBalancerExposure();
    /** The private endpoint of the control plane, which in-cluster clients reach. */
    readonly apiServer: ApiServerEndpoint = { cidrs: [addressPlan.controlPlane], ports: [443], serviceClusterIps: [], tunnelNamespace: "kube-system" };
    readonly nodesReady: pulumi.Resource[];
    readonly storageReady: pulumi.Resource[];
    readonly backupStorage: Cluster["backupStorage"];

    constructor(name: string, settings: StackSettings, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:cluster:GkeCluster", name, settings, opts);
        const production = settings.environment === "production";
        const project = settings.gcp.project;
        const names = gkeNames(settings.clusterName);
        const labels = gcpLabels(settings.tags);
        this.storageClassName = production ? "premium-rwo" : "standard-rwo";

        const gcpProvider = new gcp.Provider(
            "gcp",
            {
                ...settings.gcp.auth,
                project,
                region: settings.region,
                zone: settings.gcp.zone,
                defaultLabels: labels,
            },
            { parent: this },
        );
        const child = { parent: this, provider: gcpProvider };

        const apis = enableApis(project, child);
        const network = createNetwork(names, settings.region, production, { ...child, dependsOn: [apis.compute] });
        const identity = createNodeIdentity(names, project, apis, child);
        const encryption = createSecretsEncryption(
            {
                names,
                project,
                region: settings.region,
                protect: settings.protect,
                labels,
                apis,
                randomProvider: this.utilityProviders.random,
            },
            child,
        );
        const cluster = createControlPlane(
            {
                settings,
                names,
                network,
                identity,
                encryption,
                labels,
                dependsOn: [apis.compute, apis.container],
            },
            child,
        );
        const nodePool = createNodePool(settings, names, cluster, identity, labels, child);

        this.kubeconfig = pulumi.secret(
            pulumi.all([cluster.endpoint, cluster.masterAuth]).apply(([endpoint, auth]) =>
                execKubeconfig({
                    name: names.cluster,
                    server: `https://${endpoint}`,
                    // Always a string once the cluster exists: the provider flattens master_auth with
                    // cluster_ca_certificate set (terraform-provider-google flattenMasterAuth).
                    caData: auth.clusterCaCertificate,
                    exec: {
                        command: "gke-gcloud-auth-plugin",
                        installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
                        provideClusterInfo: true,
                    },
                }),
            ),
        );
        // The cluster's DNS endpoint is unique to each cluster GKE creates (a replaced cluster of the
        // same name gets a new one), so the Kubernetes provider sees a new cluster as new.
        const identifier = cluster.controlPlaneEndpointsConfig.apply((config) => config?.dnsEndpointConfig?.endpoint || names.cluster);
        this.provider = clusterProvider("gke", identifier, this.kubeconfig, { parent: this, dependsOn: [nodePool] });
        this.nodesReady = [nodePool];
        this.storageReady = [nodePool];
        this.backupStorage = (request) =>
            createBackupBucket(
                { project, region: settings.region, clusterName: names.cluster, labels, iamApi: apis.iam, storageApi: apis.storage, opts: child },
                request,
            );
        this.registerOutputs({ clusterName: cluster.name, endpoint: cluster.endpoint });
    }
}
