// The one interface every cluster (GKE, EKS, AKS, local) gives the rest of the program, so the
// add-on and workload layers never ask which cloud they are on.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { NodePoolCapacity } from "./capacity";
import { UtilityProviders } from "./utility-providers";

/** How the ingress controller's Service is exposed on this cluster. */
export interface IngressExposure {
    serviceType: "LoadBalancer" | "NodePort";
    /** Cloud load balancer settings for the controller's Service. */
    serviceAnnotations: Record<string, string>;
    /** kind maps host ports 80/443 into the node labelled ingress-ready=true. */
    hostPorts: boolean;
    nodeSelector: Record<string, string>;
}

/** Where pods reach the Kubernetes API (the `kubernetes` Service's endpoints), for egress policies. */
export interface ApiServerEndpoint {
    /** Private address ranges of the API server; empty where it is reached at a public address. */
    cidrs: string[];
    ports: number[];
    /**
     * The `kubernetes` Service's ClusterIP(s), where the CNI evaluates egress policy before the Service
     * address is translated (EKS VPC CNI); empty where policy sees the API server's own address.
     * Reached on kubernetesServicePort (clusters/kubernetes-service.ts).
     */
    serviceClusterIps: string[];
    /**
     * The namespace of the tunnel agent through which the API server reaches in-cluster webhooks
     * (konnectivity-agent in kube-system on AKS and GKE); undefined where it connects from its own
     * addresses (cidrs), so no pod may reach a webhook.
     */
    tunnelNamespace: string | undefined;
}

/** What Cluster Autoscaler needs from a cluster whose node groups do not scale themselves (EKS). */
export interface ClusterAutoscalerNeeds {
    clusterName: string;
    region: string;
    /** IAM role its service account assumes (IRSA), allowed to resize only this cluster's groups. */
    serviceAccountRoleArn: pulumi.Output<string>;
    /** The cluster's Kubernetes version as the cloud reports it, for the matching image. */
    kubernetesVersion: pulumi.Output<string>;
    /** The role's permissions: the autoscaler starts after them, not into access-denied retries. */
    permissions: pulumi.Resource[];
}

/** What the database asks of the cluster for its backups (the backup file in each cloud folder). */
export interface BackupStorageRequest {
    /** The Kubernetes service account that alone gets access: CloudNativePG names it after its Cluster. */
    namespace: string;
    serviceAccount: string;
    /** Backups and WAL older than this are expired by Barman; the storage's lifecycle follows. */
    retentionDays: number;
    /** Production: the bucket or container is protected and cannot be deleted by an update. */
    protect: boolean;
}

/** One bucket or container for one database, reachable by one workload identity, no static key. */
export interface BackupStorage {
    /** Barman's destinationPath: gs://, s3:// or https://<account>.blob.core.windows.net/<container>. */
    destinationPath: pulumi.Output<string>;
    /** The ObjectStore's credentials block (spec.configuration), e.g. { s3Credentials: { inheritFromIAMRole: true } }. */
    credentials: Record<string, unknown>;
    /** Annotations of the database's service account that bind it to the cloud identity. */
    serviceAccountAnnotations: pulumi.Output<Record<string, string>>;
    /** Labels the database pods need for the identity (AKS: azure.workload.identity/use). */
    podLabels: Record<string, string>;
}

export interface Cluster {
    readonly name: string;
    /** Every Kubernetes resource goes through this provider, never the ambient kubeconfig. */
    readonly provider: k8s.Provider;
    /** The stack's random and time providers (each created on first use): every layer's generated values and waits use these. */
    readonly utilityProviders: UtilityProviders;
    /** Kubeconfig of the new cluster (a secret). */
    readonly kubeconfig: pulumi.Output<string>;
    /** StorageClass for persistent volumes. */
    readonly storageClassName: string;
    readonly ingress: IngressExposure;
    readonly capacity: NodePoolCapacity;
    readonly apiServer: ApiServerEndpoint;
    /** What must exist before pods can be scheduled (node pool, networking add-ons). */
    readonly nodesReady: pulumi.Resource[];
    /** What must exist before a PersistentVolumeClaim can bind (CSI driver, StorageClass). */
    readonly storageReady: pulumi.Resource[];
    /** Set where nothing else adds nodes (EKS managed node groups): the add-ons install Cluster Autoscaler. */
    readonly clusterAutoscaler?: ClusterAutoscalerNeeds;
    /** Object storage for database backups; undefined where the cluster has none (local). */
    readonly backupStorage?: (request: BackupStorageRequest) => BackupStorage;
}
