// EKS: the guide's `eksctl create cluster --managed` as explicit resources, in named steps:
// network (three-AZ VPC, private nodes behind NAT, control-plane subnets of their own), control plane (KMS-encrypted secrets, log group,
// standard support), identity (IRSA roles), nodes (one managed node group per zone), managed add-ons and access entries, plus an
// encrypted gp3 default StorageClass and what Cluster Autoscaler needs.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws/provider";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import * as k8s from "@pulumi/kubernetes";
import { StackSettings } from "../../config/settings";
import { ClusterComponent, loadBalancerExposure } from "../component";
import { ApiServerEndpoint, Cluster, ClusterAutoscalerNeeds, IngressExposure } from "../contract";
import { clusterProvider, execKubeconfig } from "../kubeconfig";
import { eksDefaultKubernetesServiceIps } from "../kubernetes-service";
import { eksAccessEntries } from "./access";
import { eksControlPlane } from "./control-plane";
import { eksNodeNetworkAddons, eksNodeWorkloadAddons } from "./managed-addons";
import { eksNetwork } from "./network";
import { eksNodeGroups } from "./node-group";
import { serviceAccountRoles } from "./service-accounts";
import { createBackupBucket } from "./backup-bucket";

export { carveSubnets } from "./network";

/** The `aws eks get-token` call of the kubeconfig, as the same identity as the program's provider. */
export function getTokenArgs(settings: StackSettings): string[] {
    const { roleArn } = settings.aws.kubeconfigAuth;
    return [
        "eks",
        "get-token",
        "--cluster-name",
        settings.clusterName,
        "--region",
        settings.region,
        ...(roleArn ? ["--role-arn", roleArn] : []),
        "--output",
        "json",
    ];
}

export class EksCluster extends ClusterComponent implements Cluster {
    readonly provider: k8s.Provider;
    readonly kubeconfig: pulumi.Output<string>;
    readonly storageClassName = "gp3";
    /** The in-tree AWS cloud provider builds an NLB from these (no extra controller needed). */
    readonly ingress: IngressExposure = loadBalancerExposure({
        "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
        "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled": "true",
    });
    readonly apiServer: ApiServerEndpoint;
    readonly nodesReady: pulumi.Resource[];
    readonly storageReady: pulumi.Resource[];
    readonly clusterAutoscaler: ClusterAutoscalerNeeds;
    readonly backupStorage: Cluster["backupStorage"];

    constructor(name: string, settings: StackSettings, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:cluster:EksCluster", name, settings, opts);
        const clusterName = settings.clusterName;

        const awsProvider = new aws.Provider(
            "aws",
            {
                ...settings.aws.provider,
                region: settings.region as aws.ProviderArgs["region"],
                defaultTags: { tags: settings.tags },
            },
            { parent: this },
        );
        const child = { parent: this, provider: awsProvider };
        // arn:aws, arn:aws-cn or arn:aws-us-gov, from the region the provider is in.
        const arnPrefix = pulumi.interpolate`arn:${getPartitionOutput({}, child).partition}`;

        const network = eksNetwork(settings, child);
        // The control plane's network interfaces sit in their own subnets, apart from every node and pod.
        this.apiServer = { cidrs: network.controlPlaneCidrs, ports: [443], serviceClusterIps: eksDefaultKubernetesServiceIps, tunnelNamespace: undefined };
        const { cluster } = eksControlPlane(settings, network, arnPrefix, child);
        const accessPolicies = eksAccessEntries(settings, cluster, arnPrefix, child);
        const roles = serviceAccountRoles(clusterName, cluster, arnPrefix, child);
        const networkAddons = eksNodeNetworkAddons(clusterName, cluster, roles, child);
        const nodeGroups = eksNodeGroups(settings, cluster, network, networkAddons, arnPrefix, child);
        const addons = eksNodeWorkloadAddons(clusterName, cluster, nodeGroups, roles, child);

        const { profile } = settings.aws.kubeconfigAuth;
        this.kubeconfig = pulumi.secret(
            pulumi.all([cluster.endpoint, cluster.certificateAuthority]).apply(([endpoint, ca]) =>
                execKubeconfig({
                    name: clusterName,
                    server: endpoint,
                    caData: ca.data,
                    exec: {
                        command: "aws",
                        args: getTokenArgs(settings),
                        env: profile ? { AWS_PROFILE: profile } : undefined,
                        installHint: "Install the AWS CLI v2 and sign in (aws sso login, or credentials in the environment).",
                    },
                }),
            ),
        );
        // The OIDC issuer URL is new with every cluster created: a replaced cluster of the same name
        // gets a new provider identity, so nothing is believed to exist on the new, empty cluster.
        this.provider = clusterProvider("eks", roles.issuerUrl, this.kubeconfig, { parent: this, dependsOn: accessPolicies });

        // PVCs stay Pending on EKS without the EBS CSI driver; gp3 is encrypted and expandable.
        // Outside production a deleted claim takes its volume with it; production keeps the volume.
        const gp3 = new k8s.storage.v1.StorageClass(
            "gp3",
            {
                metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
                provisioner: "ebs.csi.aws.com",
                parameters: { type: "gp3", encrypted: "true", fsType: "ext4" },
                reclaimPolicy: settings.protect ? "Retain" : "Delete",
                volumeBindingMode: "WaitForFirstConsumer",
                allowVolumeExpansion: true,
                // A StorageClass is immutable and its name fixed: a change replaces it by deleting it first
                // (existing volumes keep their own reclaim policy).
            },
            { parent: this, provider: this.provider, dependsOn: addons.storageReady, deleteBeforeReplace: true },
        );

        this.nodesReady = [...nodeGroups, ...networkAddons, ...addons.nodesReady];
        this.storageReady = [...addons.storageReady, gp3];
        this.backupStorage = (request) => createBackupBucket({ clusterName, issuer: roles.issuer, opts: child }, request);
        this.clusterAutoscaler = {
            clusterName,
            region: settings.region,
            serviceAccountRoleArn: roles.clusterAutoscaler.role.arn,
            kubernetesVersion: cluster.version,
            permissions: roles.clusterAutoscaler.attachments,
        };
        this.registerOutputs({ clusterName: cluster.name, endpoint: cluster.endpoint, oidcProviderArn: roles.issuer.arn });
    }
}
