// GKE: the guide's `gcloud container clusters create` as a regional, private-node, VPC-native
// cluster with a separately managed node pool and a least-privilege node service account.
import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp/provider";
import * as compute from "@pulumi/gcp/compute";
import * as container from "@pulumi/gcp/container";
import * as projects from "@pulumi/gcp/projects";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as k8s from "@pulumi/kubernetes";
import { StackSettings, NodePoolSettings } from "../config/settings";
import { ClusterComponent, loadBalancerExposure } from "./component";
import { ApiServerEndpoint, Cluster, IngressExposure } from "./contract";
import { clusterProvider, execKubeconfig } from "./kubeconfig";

/** What GKE nodes need to ship logs and metrics and pull images; nothing more. */
const nodeServiceAccountRoles = [
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/stackdriver.resourceMetadata.writer",
    "roles/artifactregistry.reader",
];

/** Address plan of the cluster's own VPC (pods and services are secondary ranges: VPC-native). */
const addressPlan = {
    nodes: "10.10.0.0/20",
    pods: "10.16.0.0/14",
    services: "10.20.0.0/20",
    controlPlane: "172.16.0.0/28",
};

/** Ports the control plane must reach on nodes besides GKE's own 443/10250. */
export const webhookPorts = ["6443", "8443", "9443"];

export class GkeCluster extends ClusterComponent implements Cluster {
    readonly provider: k8s.Provider;
    readonly kubeconfig: pulumi.Output<string>;
    /** premium-rwo (pd-ssd) for production databases, standard-rwo (pd-balanced) elsewhere. */
    readonly storageClassName: string;
    readonly ingress: IngressExposure = loadBalancerExposure();
    /** The private endpoint of the control plane, which in-cluster clients reach. */
    readonly apiServer: ApiServerEndpoint = { cidrs: [addressPlan.controlPlane], ports: [443] };
    readonly nodesReady: pulumi.Resource[];
    readonly storageReady: pulumi.Resource[];

    constructor(name: string, settings: StackSettings, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:cluster:GkeCluster", name, settings, opts);
        const pool = settings.nodePool as NodePoolSettings;
        const clusterName = settings.clusterName;
        const project = settings.gcp.project;
        this.storageClassName = settings.environment === "production" ? "premium-rwo" : "standard-rwo";

        const gcpProvider = new gcp.Provider("gcp", {
            project,
            region: settings.region,
            defaultLabels: settings.tags,
        }, { parent: this });
        const child = { parent: this, provider: gcpProvider };

        // A fresh project has neither API enabled; disabling them on destroy would break other users.
        const apis = ["compute.googleapis.com", "container.googleapis.com"].map((service) => new projects.Service(service.split(".")[0], {
            project,
            service,
            disableOnDestroy: false,
        }, child));
        const network = new compute.Network(`${clusterName}-vpc`, {
            name: `${clusterName}-vpc`,
            autoCreateSubnetworks: false,
            routingMode: "REGIONAL",
        }, { ...child, dependsOn: apis });
        const subnet = new compute.Subnetwork(`${clusterName}-nodes`, {
            name: `${clusterName}-nodes`,
            network: network.id,
            region: settings.region,
            ipCidrRange: addressPlan.nodes,
            privateIpGoogleAccess: true,
            secondaryIpRanges: [
                { rangeName: "pods", ipCidrRange: addressPlan.pods },
                { rangeName: "services", ipCidrRange: addressPlan.services },
            ],
            logConfig: { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" },
        }, child);
        // Private nodes have no public IPs: Cloud NAT gives them egress (image pulls, the LLM API).
        const router = new compute.Router(`${clusterName}-router`, {
            name: `${clusterName}-router`,
            network: network.id,
            region: settings.region,
        }, child);
        new compute.RouterNat(`${clusterName}-nat`, {
            name: `${clusterName}-nat`,
            router: router.name,
            region: settings.region,
            natIpAllocateOption: "AUTO_ONLY",
            sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
            logConfig: { enable: true, filter: "ERRORS_ONLY" },
        }, child);

        // GKE opens only 443 and 10250 from the control plane to private nodes; admission webhooks
        // and aggregated APIs on other ports (ingress-nginx 8443, prometheus-adapter 6443, 9443 for
        // controller-runtime webhooks) would time out without this rule.
        new compute.Firewall(`${clusterName}-webhooks`, {
            name: `${clusterName}-control-plane-webhooks`,
            network: network.id,
            direction: "INGRESS",
            sourceRanges: [addressPlan.controlPlane],
            allows: [{ protocol: "tcp", ports: webhookPorts }],
            description: "Control plane to admission webhooks and aggregated APIs on the nodes",
        }, child);

        const nodeAccount = new serviceaccount.Account(`${clusterName}-nodes`, {
            accountId: `${clusterName}-nodes`.slice(0, 30),
            displayName: `GKE nodes of ${clusterName}`,
            project,
        }, child);
        const roleBindings = nodeServiceAccountRoles.map((role) => new projects.IAMMember(`${clusterName}-nodes-${role.split("/")[1]}`, {
            project,
            role,
            member: pulumi.interpolate`serviceAccount:${nodeAccount.email}`,
        }, child));

        const cluster = new container.Cluster(clusterName, {
            name: clusterName,
            location: settings.region, // regional: control plane and nodes in three zones
            removeDefaultNodePool: true, // the node pool below is managed on its own
            initialNodeCount: 1,
            network: network.id,
            subnetwork: subnet.id,
            networkingMode: "VPC_NATIVE",
            ipAllocationPolicy: { clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services" },
            minMasterVersion: settings.kubernetesVersion,
            releaseChannel: { channel: settings.gcp.releaseChannel },
            workloadIdentityConfig: { workloadPool: `${project}.svc.id.goog` },
            networkPolicy: { enabled: true, provider: "CALICO" },
            addonsConfig: {
                httpLoadBalancing: { disabled: false },
                horizontalPodAutoscaling: { disabled: false },
                networkPolicyConfig: { disabled: false },
            },
            privateClusterConfig: {
                enablePrivateNodes: true,
                enablePrivateEndpoint: false,
                masterIpv4CidrBlock: addressPlan.controlPlane,
            },
            masterAuthorizedNetworksConfig: settings.access.apiAuthorizedCidrs.length > 0
                ? { cidrBlocks: settings.access.apiAuthorizedCidrs.map((cidrBlock) => ({ cidrBlock, displayName: cidrBlock })) }
                : undefined,
            enableShieldedNodes: true,
            enableIntranodeVisibility: true,
            securityPostureConfig: { mode: "BASIC" }, // workload configuration audit
            loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "WORKLOADS"] },
            maintenancePolicy: { dailyMaintenanceWindow: { startTime: "03:00" } },
            resourceLabels: settings.tags,
            deletionProtection: settings.protect,
        }, { ...child, protect: settings.protect, dependsOn: apis });

        // gcloud's --num-nodes/--min-nodes/--max-nodes with --region count per zone, and so do
        // these fields: production's 2 (2-10) is 6 nodes (6-30) over the region's 3 zones.
        const nodePool = new container.NodePool(`${clusterName}-pool`, {
            // A prefix, not a name: a new machine type replaces the pool, and the new one is
            // created (under a new name) before the old one is drained and deleted.
            namePrefix: "standard-workers-",
            cluster: cluster.id,
            location: settings.region,
            initialNodeCount: pool.nodeCount,
            autoscaling: { minNodeCount: pool.minNodes, maxNodeCount: pool.maxNodes, locationPolicy: "BALANCED" },
            management: { autoRepair: true, autoUpgrade: true },
            upgradeSettings: { maxSurge: 1, maxUnavailable: 0 },
            nodeConfig: {
                machineType: pool.machineType,
                diskSizeGb: pool.diskSizeGb,
                diskType: "pd-balanced",
                imageType: "COS_CONTAINERD",
                serviceAccount: nodeAccount.email,
                oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"], // IAM roles above do the limiting
                workloadMetadataConfig: { mode: "GKE_METADATA" },
                shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
                metadata: { "disable-legacy-endpoints": "true" },
                labels: { "atlasia.io/pool": "standard-workers" },
                resourceLabels: settings.tags,
            },
        }, {
            ...child,
            dependsOn: roleBindings,
            // The autoscaler owns the live node count; initialNodeCount only applies at creation.
            ignoreChanges: ["initialNodeCount", "nodeCount"],
        });

        this.kubeconfig = pulumi.secret(pulumi.all([cluster.endpoint, cluster.masterAuth]).apply(([endpoint, auth]) => execKubeconfig({
            name: clusterName,
            server: `https://${endpoint}`,
            caData: auth.clusterCaCertificate ?? "",
            exec: {
                command: "gke-gcloud-auth-plugin",
                installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
                provideClusterInfo: true,
            },
        })));
        this.provider = clusterProvider("gke", clusterName, this.kubeconfig, { parent: this, dependsOn: [nodePool] });
        this.nodesReady = [nodePool];
        this.storageReady = [nodePool];
        this.registerOutputs({ clusterName: cluster.name, endpoint: cluster.endpoint });
    }
}
