// The deployment guide's sizing tables, once, as typed data. Every size in the program is read
// from here (or from a config override of it). Numbers follow
// ../shared/seed/atlasia-kubernetes-deployment.md; where a value is ours, a comment says why.

export type Cloud = "gcp" | "aws" | "azure" | "local";
export type ManagedCloud = Exclude<Cloud, "local">;
export type Environment = "development" | "staging" | "production";

export const clouds: readonly Cloud[] = ["gcp", "aws", "azure", "local"];
export const environments: readonly Environment[] = ["development", "staging", "production"];

/** Seed "Cloud Provider Specifics": the region of each cloud command. */
export const defaultRegions: Record<ManagedCloud, string> = {
    gcp: "us-central1",
    aws: "us-east-1",
    azure: "eastus",
};

export const clusterNamePrefix = "atlasia";
export const environmentShortNames: Record<Environment, string> = {
    development: "dev",
    staging: "staging",
    production: "prod", // the seed's atlasia-prod
};

export interface NodePoolSize {
    machineType: string;
    /** Initial node count. Per zone on GKE (regional cluster), total elsewhere. */
    nodeCount: number;
    minNodes: number;
    maxNodes: number;
}

/**
 * Node pools. Production is the seed's gcloud/eksctl/az command, number for number (GKE's counts
 * are per zone: --num-nodes 2 with --region gives 2 nodes in each of the region's 3 zones).
 * Staging meets the seed's staging minimums (3 nodes, 4 vCPU, 8 GB) on 2-vCPU/8-GiB machines.
 * Development on a cloud is a sandbox: one small node (GKE zonal, see `gkeLocationKinds`), fixed at
 * one so a forgotten stack costs one VM; its 4 vCPU / 16 GiB hold the development workloads with
 * monitoring and tracing (the capacity check proves it on every run).
 */
export const nodePools: Record<ManagedCloud, Record<Environment, NodePoolSize>> = {
    gcp: {
        development: { machineType: "e2-standard-4", nodeCount: 1, minNodes: 1, maxNodes: 1 },
        staging: { machineType: "n2-standard-2", nodeCount: 1, minNodes: 1, maxNodes: 3 },
        production: { machineType: "n2-standard-4", nodeCount: 2, minNodes: 2, maxNodes: 10 },
    },
    aws: {
        development: { machineType: "t3.xlarge", nodeCount: 1, minNodes: 1, maxNodes: 1 },
        staging: { machineType: "t3.large", nodeCount: 3, minNodes: 3, maxNodes: 6 },
        production: { machineType: "t3.xlarge", nodeCount: 3, minNodes: 3, maxNodes: 10 },
    },
    azure: {
        development: { machineType: "Standard_D4s_v3", nodeCount: 1, minNodes: 1, maxNodes: 1 },
        staging: { machineType: "Standard_D2s_v3", nodeCount: 3, minNodes: 3, maxNodes: 6 },
        production: { machineType: "Standard_D4s_v3", nodeCount: 3, minNodes: 3, maxNodes: 10 },
    },
};

/**
 * GKE cluster location per environment: regional clusters run the control plane and the node pool in
 * three zones (counts per zone); a zonal one has one control plane and one zone, and its counts are
 * totals. Zonal development: one node instead of three. The zone is `gkeZone` (default `<region>-b`).
 * https://cloud.google.com/kubernetes-engine/docs/concepts/types-of-clusters#availability
 */
export const gkeLocationKinds: Record<Environment, "zonal" | "regional"> = {
    development: "zonal",
    staging: "regional",
    production: "regional",
};

/** Seed "Cluster Requirements": what a cluster of each environment must at least offer. */
export interface ClusterMinimum {
    nodes: number;
    vcpus: number;
    memoryGb: number;
    storageGb: number;
}
export const clusterMinimums: Record<Exclude<Environment, "development">, ClusterMinimum> = {
    staging: { nodes: 3, vcpus: 4, memoryGb: 8, storageGb: 50 },
    production: { nodes: 5, vcpus: 12, memoryGb: 24, storageGb: 100 },
};

/** Kubernetes quantities exactly as the seed writes them. */
export interface ResourceSpec {
    requests: { cpu: string; memory: string };
    limits: { cpu: string; memory: string };
}

export interface Autoscaling {
    minReplicas: number;
    maxReplicas: number;
    cpuUtilizationPercent: number;
    /**
     * Absent by default: the seed's memory targets (staging 85 %, production 80 %) are not applied.
     * A JVM's heap does not shrink when load falls (G1 rarely returns memory), so a memory target
     * holds the HPA at its maximum. atlasia:orchestratorHpaMemoryPercent turns one on.
     */
    memoryUtilizationPercent?: number;
    /** ai_tasks_queue_depth per pod, through prometheus-adapter. */
    queueDepthPerPod: number;
}

export interface WorkloadSizing {
    orchestrator: { replicas: number; resources: ResourceSpec; autoscaling?: Autoscaling };
    frontend: { replicas: number; resources: ResourceSpec };
    postgresql: { resources: ResourceSpec; storage: string };
}

/** Seed "Resource Sizing" and "HPA Metrics". Development has no HPA ("N/A"). */
export const workloadSizing: Record<Environment, WorkloadSizing> = {
    development: {
        orchestrator: {
            replicas: 1,
            resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
        },
        frontend: {
            replicas: 1,
            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "100m", memory: "128Mi" } },
        },
        postgresql: {
            resources: { requests: { cpu: "125m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
            storage: "10Gi",
        },
    },
    staging: {
        orchestrator: {
            replicas: 2,
            resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1000m", memory: "1Gi" } },
            autoscaling: { minReplicas: 2, maxReplicas: 5, cpuUtilizationPercent: 80, queueDepthPerPod: 50 },
        },
        frontend: {
            replicas: 1,
            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "100m", memory: "128Mi" } },
        },
        postgresql: {
            resources: { requests: { cpu: "125m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
            storage: "20Gi",
        },
    },
    production: {
        orchestrator: {
            replicas: 3,
            resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "2000m", memory: "2Gi" } },
            autoscaling: { minReplicas: 3, maxReplicas: 10, cpuUtilizationPercent: 70, queueDepthPerPod: 50 },
        },
        frontend: {
            replicas: 2,
            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
        },
        postgresql: {
            resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1000m", memory: "2Gi" } },
            storage: "50Gi", // the seed says "50Gi+": 50Gi is the floor; the volume can be expanded later
        },
    },
};

/** Ours: how long Prometheus keeps metrics, per environment (the seed sets none). */
export const prometheusRetention: Record<Environment, string> = {
    development: "24h",
    staging: "7d",
    production: "30d",
};
