// Node step: the guide's managed node pool as one managed node group per zone of the private
// subnets (development: its one group over all of them), IMDSv2 only, on the cluster's Kubernetes
// version and the AMI type of the instance's architecture.
import * as pulumi from "@pulumi/pulumi";
import * as ec2 from "@pulumi/aws/ec2";
import * as eks from "@pulumi/aws/eks";
import { NodePoolSettings, StackSettings } from "../../config/settings";
import { ArnPrefix, roleWithPolicies, serviceTrustPolicy } from "./identity";
import { EksNetwork } from "./network";
import { eksNodeGroupLayout } from "./zonal-node-groups";

/**
 * Graviton (ARM) instance families carry a "g" right after the generation digit (m7g, c6gn, t4g,
 * r8g, g5g, is4gen): https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html
 */
const gravitonFamily = /^[a-z]+\d+g[a-z]*\./;
/** Burstable families (t2, t3, t3a, t4g) launch in "unlimited" credit mode unless told otherwise. */
const burstableFamily = /^t\d[a-z]*\./;

/** The AMI type must match the instance's architecture, or nodes never join (AMI types: https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html). */
export function eksAmiType(machineType: string): "AL2023_ARM_64_STANDARD" | "AL2023_x86_64_STANDARD" {
    return gravitonFamily.test(machineType) ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD";
}

/**
 * Unlimited mode bills surplus credits when a burstable node runs hot for long; production pins
 * "standard" so a busy node is throttled to its baseline instead of billed (the capacity check
 * already sizes for the load).
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/burstable-performance-instances-unlimited-mode.html
 */
export function creditSpecification(settings: StackSettings, machineType: string): { cpuCredits: string } | undefined {
    return settings.environment === "production" && burstableFamily.test(machineType) ? { cpuCredits: "standard" } : undefined;
}

/** The role nodes run as: join the cluster, pull from ECR (read-only), shell through SSM. The VPC CNI has its own IRSA role. */
export const nodeRolePolicies = [
    "AmazonEKSWorkerNodePolicy",
    "AmazonEC2ContainerRegistryReadOnly", // the account's own ECR, read-only (issue 11 item 26)
    "AmazonSSMManagedInstanceCore", // shell access through SSM, no SSH keys
];

/** The launch template every zonal group starts its nodes from: IMDSv2 only, the encrypted gp3 root volume, instance tags. */
function nodeLaunchTemplate(settings: StackSettings, pool: NodePoolSettings, opts: pulumi.CustomResourceOptions): ec2.LaunchTemplate {
    const clusterName = settings.clusterName;
    return new ec2.LaunchTemplate(
        `${clusterName}-nodes`,
        {
            description: `Nodes of ${clusterName}`,
            updateDefaultVersion: true,
            // Hop limit 1: pods cannot reach the node's instance credentials; they use IRSA.
            metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
            blockDeviceMappings: [
                {
                    deviceName: "/dev/xvda",
                    ebs: { volumeSize: pool.diskSizeGb, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
                },
            ],
            creditSpecification: creditSpecification(settings, pool.machineType),
            tagSpecifications: [{ resourceType: "instance", tags: { ...settings.tags, Name: `${clusterName}-node` } }],
        },
        opts,
    );
}

/**
 * The managed node groups of clusters/eks/zonal-node-groups.ts: one per zone in staging and
 * production (group i in private subnet i, the pool's counts split), development's single group as
 * before. Every group has the same shape and labels, so Cluster Autoscaler treats them as similar and
 * balances them (clusters/addons/cluster-autoscaler.ts); EKS tags each group's Auto Scaling group for
 * its auto-discovery.
 */
export function eksNodeGroups(
    settings: StackSettings,
    cluster: eks.Cluster,
    network: EksNetwork,
    /** The VPC CNI and kube-proxy add-ons, which nodes need before they can become Ready. */
    networkAddons: pulumi.Resource[],
    arnPrefix: ArnPrefix,
    opts: pulumi.CustomResourceOptions,
): eks.NodeGroup[] {
    const pool = settings.nodePool as NodePoolSettings;
    const clusterName = settings.clusterName;
    const nodeRole = roleWithPolicies(`${clusterName}-nodes`, serviceTrustPolicy("ec2", opts), nodeRolePolicies, arnPrefix, opts);
    const launchTemplate = nodeLaunchTemplate(settings, pool, opts);
    const groups: eks.NodeGroup[] = [];
    for (const layout of eksNodeGroupLayout(settings.environment, pool)) {
        // Each group waits for the one before it: a version or launch-template change then rolls one
        // zone at a time. In parallel (maxUnavailable 1 each) a node of every zone would drain at
        // once, and with one CloudNativePG instance per zone the PodDisruptionBudgets would block
        // the drains until EKS fails the update (PodEvictionFailure after 15 minutes,
        // https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html).
        const previous = groups.slice(-1);
        groups.push(
            // New names in staging and production, no alias to the old single `${clusterName}-workers`:
            // each group is created from its own inputs (README, "Upgrading an EKS stack").
            new eks.NodeGroup(
                `${clusterName}-workers${layout.nameSuffix}`,
                {
                    clusterName: cluster.name,
                    // A version change of the cluster moves the nodes too (EKS upgrades them in a rolling update).
                    version: cluster.version,
                    // A prefix, not a name: a new instance type replaces the group, created before the old one goes.
                    nodeGroupNamePrefix: layout.nodeGroupNamePrefix,
                    nodeRoleArn: nodeRole.role.arn,
                    // One subnet, so one zone, outside development: the group's new nodes come up where its volumes are.
                    subnetIds: layout.subnetIndexes.map((i) => network.privateSubnets[i].id),
                    instanceTypes: [pool.machineType],
                    amiType: eksAmiType(pool.machineType),
                    capacityType: "ON_DEMAND",
                    scalingConfig: layout.scalingConfig,
                    updateConfig: { maxUnavailable: 1 },
                    launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
                    // The same on every group: a label that differed per group would make Cluster Autoscaler see them as dissimilar.
                    labels: { "atlasia.io/pool": "standard-workers" },
                },
                {
                    ...opts,
                    dependsOn: [...nodeRole.attachments, ...networkAddons, ...previous],
                    // Cluster Autoscaler owns the live size, so desiredSize is only the size at creation.
                    ignoreChanges: ["scalingConfig.desiredSize"],
                    // EKS refuses a minimum above (or a maximum below) the live desired size, which the ignored
                    // desiredSize cannot follow ("Minimum capacity 4 can't be greater than desired size 3",
                    // terraform-aws-modules/terraform-aws-eks#835, aws/containers-roadmap#1637). A new range
                    // therefore rolls a new group, created at its share of nodeCount (inside the range) before the old one goes.
                    replaceOnChanges: ["scalingConfig.minSize", "scalingConfig.maxSize"],
                },
            ),
        );
    }
    return groups;
}
