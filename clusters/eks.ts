// EKS: the guide's `eksctl create cluster --managed` as explicit resources: a three-AZ VPC with
// private nodes behind NAT, KMS-encrypted secrets, control-plane logs, access entries, IRSA and the
// EKS managed add-ons, plus an encrypted gp3 default StorageClass.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws/provider";
import { getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import * as ec2 from "@pulumi/aws/ec2";
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import * as k8s from "@pulumi/kubernetes";
import { NodePoolSettings, StackSettings } from "../config/settings";
import { ClusterComponent, loadBalancerExposure } from "./component";
import { ApiServerEndpoint, Cluster, IngressExposure } from "./contract";
import { eksDefaultKubernetesServiceIps } from "./kubernetes-service";
import { clusterProvider, execKubeconfig } from "./kubeconfig";

const zoneCount = 3;
/** Zone IDs where EKS cannot place a control plane (eksctl skips them too). */
const eksUnsupportedZoneIds = ["use1-az3", "usw1-az2", "cac1-az3"];

/** Splits an IPv4 CIDR into `count` consecutive subnets `bits` longer (10.0.0.0/16, 4 -> /20s). */
export function carveSubnets(cidr: string, bits: number, count: number): string[] {
    const [address, prefix] = cidr.split("/");
    const base = address.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
    const newPrefix = Number(prefix) + bits;
    const size = 2 ** (32 - newPrefix);
    return Array.from({ length: count }, (_, i) => {
        const start = base + i * size;
        return `${[24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256).join(".")}/${newPrefix}`;
    });
}

function assumeRolePolicy(principal: Record<string, string>): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }],
    });
}

/** An IAM role with AWS-managed policies attached; dependents wait for the attachments. */
function roleWithPolicies(
    name: string,
    assumeRolePolicy: pulumi.Input<string>,
    policies: string[],
    opts: pulumi.CustomResourceOptions,
): { role: iam.Role; attachments: iam.RolePolicyAttachment[] } {
    const role = new iam.Role(name, { assumeRolePolicy }, opts);
    const attachments = policies.map((policy) => new iam.RolePolicyAttachment(`${name}-${policy.split("/").pop()}`, {
        role: role.name,
        policyArn: `arn:aws:iam::aws:policy/${policy}`,
    }, opts));
    return { role, attachments };
}

export class EksCluster extends ClusterComponent implements Cluster {
    readonly provider: k8s.Provider;
    readonly kubeconfig: pulumi.Output<string>;
    readonly storageClassName = "gp3";
    /** The in-tree AWS cloud provider builds an NLB from these (no extra controller needed). */
    readonly ingress: IngressExposure = loadBalancerExposure({
        "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
        "service.beta.kubernetes.io/aws-load-balancer-backend-protocol": "tcp",
        "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled": "true",
    });
    readonly apiServer: ApiServerEndpoint;
    readonly nodesReady: pulumi.Resource[];
    readonly storageReady: pulumi.Resource[];

    constructor(name: string, settings: StackSettings, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:cluster:EksCluster", name, settings, opts);
        const pool = settings.nodePool as NodePoolSettings;
        const clusterName = settings.clusterName;
        // The control plane's network interfaces sit in the VPC's subnets.
        this.apiServer = { cidrs: [settings.aws.vpcCidr], ports: [443], serviceClusterIps: eksDefaultKubernetesServiceIps };

        const awsProvider = new aws.Provider("aws", {
            region: settings.region as aws.ProviderArgs["region"],
            defaultTags: { tags: settings.tags },
        }, { parent: this });
        const child = { parent: this, provider: awsProvider };
        const invoke = { parent: this, provider: awsProvider };

        // --- Network: public subnets for load balancers, private subnets (behind NAT) for nodes.
        const zones = getAvailabilityZonesOutput({
            state: "available",
            excludeZoneIds: eksUnsupportedZoneIds,
            filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }], // no Local or Wavelength zones
        }, invoke).names.apply((names) => names.slice(0, zoneCount));
        const vpc = new ec2.Vpc(`${clusterName}-vpc`, {
            cidrBlock: settings.aws.vpcCidr,
            enableDnsHostnames: true,
            enableDnsSupport: true,
            tags: { Name: `${clusterName}-vpc` },
        }, child);
        const internetGateway = new ec2.InternetGateway(`${clusterName}-igw`, { vpcId: vpc.id }, child);
        const publicRoutes = new ec2.RouteTable(`${clusterName}-public`, {
            vpcId: vpc.id,
            routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: internetGateway.id }],
        }, child);
        // The VPC in eighths: the first three (/19s of a /16) are the private subnets, large because
        // pods take VPC addresses with the VPC CNI; the fourth is cut in quarters for the public ones.
        const eighths = carveSubnets(settings.aws.vpcCidr, 3, zoneCount + 1);
        const privateCidrs = eighths.slice(0, zoneCount);
        const publicCidrs = carveSubnets(eighths[zoneCount], 2, zoneCount);
        const clusterTag = `kubernetes.io/cluster/${clusterName}`;
        // One NAT gateway per zone in production (a zone outage keeps egress); one in total elsewhere.
        const natCount = settings.environment === "production" ? zoneCount : 1;
        const publicSubnets: ec2.Subnet[] = [];
        const natGateways: ec2.NatGateway[] = [];
        const privateSubnets: ec2.Subnet[] = [];
        for (let i = 0; i < zoneCount; i++) {
            const zone = zones.apply((names) => names[i]);
            const publicSubnet = new ec2.Subnet(`${clusterName}-public-${i}`, {
                vpcId: vpc.id,
                availabilityZone: zone,
                cidrBlock: publicCidrs[i],
                mapPublicIpOnLaunch: false,
                tags: { Name: `${clusterName}-public-${i}`, "kubernetes.io/role/elb": "1", [clusterTag]: "shared" },
            }, child);
            new ec2.RouteTableAssociation(`${clusterName}-public-${i}`, { subnetId: publicSubnet.id, routeTableId: publicRoutes.id }, child);
            publicSubnets.push(publicSubnet);
            if (i < natCount) {
                const address = new ec2.Eip(`${clusterName}-nat-${i}`, { domain: "vpc", tags: { Name: `${clusterName}-nat-${i}` } }, child);
                natGateways.push(new ec2.NatGateway(`${clusterName}-nat-${i}`, {
                    allocationId: address.id,
                    subnetId: publicSubnet.id,
                    tags: { Name: `${clusterName}-nat-${i}` },
                }, { ...child, dependsOn: [internetGateway] }));
            }
            const privateSubnet = new ec2.Subnet(`${clusterName}-private-${i}`, {
                vpcId: vpc.id,
                availabilityZone: zone,
                cidrBlock: privateCidrs[i],
                tags: { Name: `${clusterName}-private-${i}`, "kubernetes.io/role/internal-elb": "1", [clusterTag]: "shared" },
            }, child);
            const privateRoutes = new ec2.RouteTable(`${clusterName}-private-${i}`, {
                vpcId: vpc.id,
                routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: natGateways[Math.min(i, natCount - 1)].id }],
            }, child);
            new ec2.RouteTableAssociation(`${clusterName}-private-${i}`, { subnetId: privateSubnet.id, routeTableId: privateRoutes.id }, child);
            privateSubnets.push(privateSubnet);
        }

        // --- Control plane: secrets envelope-encrypted with our KMS key, every log type on.
        const secretsKey = new kms.Key(`${clusterName}-secrets`, {
            description: `Envelope encryption of Kubernetes secrets in ${clusterName}`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
        }, { ...child, protect: settings.protect });
        const clusterRole = roleWithPolicies(`${clusterName}-cluster`, assumeRolePolicy({ Service: "eks.amazonaws.com" }),
            ["AmazonEKSClusterPolicy"], child);
        // The control plane encrypts and decrypts secrets with the key through its role.
        const secretsKeyAccess = new iam.RolePolicy(`${clusterName}-cluster-kms`, {
            role: clusterRole.role.name,
            policy: secretsKey.arn.apply((keyArn) => JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: keyArn }],
            })),
        }, child);
        const cluster = new eks.Cluster(clusterName, {
            name: clusterName,
            version: settings.kubernetesVersion,
            roleArn: clusterRole.role.arn,
            vpcConfig: {
                subnetIds: [...privateSubnets, ...publicSubnets].map((subnet) => subnet.id),
                endpointPrivateAccess: true,
                endpointPublicAccess: true,
                publicAccessCidrs: settings.access.apiAuthorizedCidrs.length > 0 ? settings.access.apiAuthorizedCidrs : undefined,
            },
            encryptionConfig: { provider: { keyArn: secretsKey.arn }, resources: ["secrets"] },
            enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
            // Access entries (API mode) instead of the aws-auth ConfigMap.
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
        }, { ...child, protect: settings.protect, dependsOn: [...clusterRole.attachments, secretsKeyAccess] });

        // --- Access: whoever runs `pulumi up` (the IAM role behind an assumed-role session) and
        // the configured admins get cluster-admin through access entries.
        const caller = getCallerIdentityOutput({}, invoke);
        const deployer = iam.getSessionContextOutput({ arn: caller.arn }, invoke).issuerArn;
        const admins: pulumi.Input<string>[] = [deployer, ...settings.access.clusterAdmins.filter((arn) => arn !== "")];
        const accessPolicies = admins.map((principalArn, i) => {
            const entry = new eks.AccessEntry(`${clusterName}-admin-${i}`, {
                clusterName: cluster.name,
                principalArn,
                type: "STANDARD",
            }, child);
            return new eks.AccessPolicyAssociation(`${clusterName}-admin-${i}`, {
                clusterName: cluster.name,
                principalArn: entry.principalArn,
                policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                accessScope: { type: "cluster" },
            }, child);
        });

        // --- IRSA: the cluster's OIDC issuer as an IAM identity provider.
        const issuer = cluster.identities.apply((identities) => identities[0].oidcs?.[0].issuer ?? "");
        const oidcProvider = new iam.OpenIdConnectProvider(`${clusterName}-oidc`, {
            url: issuer,
            clientIdLists: ["sts.amazonaws.com"],
        }, child);

        // --- Nodes: the guide's managed node group, in private subnets, IMDSv2 only.
        const nodeRole = roleWithPolicies(`${clusterName}-nodes`, assumeRolePolicy({ Service: "ec2.amazonaws.com" }), [
            "AmazonEKSWorkerNodePolicy",
            "AmazonEKS_CNI_Policy",
            "AmazonEC2ContainerRegistryReadOnly",
            "AmazonSSMManagedInstanceCore", // shell access through SSM, no SSH keys
        ], child);
        const launchTemplate = new ec2.LaunchTemplate(`${clusterName}-nodes`, {
            description: `Nodes of ${clusterName}`,
            updateDefaultVersion: true,
            // Hop limit 1: pods cannot reach the node's instance credentials; they use IRSA.
            metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
            blockDeviceMappings: [{
                deviceName: "/dev/xvda",
                ebs: { volumeSize: pool.diskSizeGb, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
            }],
            tagSpecifications: [{ resourceType: "instance", tags: { ...settings.tags, Name: `${clusterName}-node` } }],
        }, child);
        const nodeGroup = new eks.NodeGroup(`${clusterName}-workers`, {
            clusterName: cluster.name,
            // A prefix, not a name: a new instance type replaces the group, created before the old one goes.
            nodeGroupNamePrefix: "standard-workers-",
            nodeRoleArn: nodeRole.role.arn,
            subnetIds: privateSubnets.map((subnet) => subnet.id),
            instanceTypes: [pool.machineType],
            amiType: "AL2023_x86_64_STANDARD",
            capacityType: "ON_DEMAND",
            scalingConfig: { desiredSize: pool.nodeCount, minSize: pool.minNodes, maxSize: pool.maxNodes },
            updateConfig: { maxUnavailable: 1 },
            launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
            labels: { "atlasia.io/pool": "standard-workers" },
        }, {
            ...child,
            dependsOn: nodeRole.attachments,
            // The cluster autoscaler owns the live size.
            ignoreChanges: ["scalingConfig.desiredSize"],
        });

        // --- EKS managed add-ons. coredns and the EBS CSI controller need nodes to run on.
        const addon = (addonName: string, extra: Partial<eks.AddonArgs> = {}, dependsOn: pulumi.Resource[] = []) =>
            new eks.Addon(`${clusterName}-${addonName}`, {
                clusterName: cluster.name,
                addonName,
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "PRESERVE",
                ...extra,
            }, { ...child, dependsOn });
        const vpcCni = addon("vpc-cni", { configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }) });
        const kubeProxy = addon("kube-proxy");
        const coreDns = addon("coredns", {}, [nodeGroup]);
        // EKS has no metrics-server of its own: without it the HPA's CPU and memory targets never read.
        const metricsServer = addon("metrics-server", {}, [nodeGroup]);
        const ebsCsiRole = roleWithPolicies(`${clusterName}-ebs-csi`, pulumi.all([oidcProvider.arn, oidcProvider.url]).apply(([arn, url]) => JSON.stringify({
                Version: "2012-10-17",
                Statement: [{
                    Effect: "Allow",
                    Principal: { Federated: arn },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringEquals: {
                            [`${url.replace(/^https:\/\//, "")}:sub`]: "system:serviceaccount:kube-system:ebs-csi-controller-sa",
                            [`${url.replace(/^https:\/\//, "")}:aud`]: "sts.amazonaws.com",
                        },
                    },
                }],
            })), ["service-role/AmazonEBSCSIDriverPolicy"], child);
        const ebsCsi = addon("aws-ebs-csi-driver", { serviceAccountRoleArn: ebsCsiRole.role.arn }, [nodeGroup, ...ebsCsiRole.attachments]);

        this.kubeconfig = pulumi.secret(pulumi.all([cluster.endpoint, cluster.certificateAuthority]).apply(([endpoint, ca]) => execKubeconfig({
            name: clusterName,
            server: endpoint,
            caData: ca.data ?? "",
            exec: {
                command: "aws",
                args: ["eks", "get-token", "--cluster-name", clusterName, "--region", settings.region, "--output", "json"],
                installHint: "Install the AWS CLI v2 and sign in (aws sso login, or credentials in the environment).",
            },
        })));
        this.provider = clusterProvider("eks", clusterName, this.kubeconfig, { parent: this, dependsOn: accessPolicies });

        // PVCs stay Pending on EKS without the EBS CSI driver; gp3 is encrypted and expandable.
        const gp3 = new k8s.storage.v1.StorageClass("gp3", {
            metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
            provisioner: "ebs.csi.aws.com",
            parameters: { type: "gp3", encrypted: "true", fsType: "ext4" },
            reclaimPolicy: "Delete",
            volumeBindingMode: "WaitForFirstConsumer",
            allowVolumeExpansion: true,
        }, { parent: this, provider: this.provider, dependsOn: [ebsCsi] });

        this.nodesReady = [nodeGroup, vpcCni, kubeProxy, coreDns, metricsServer];
        this.storageReady = [ebsCsi, gp3];
        this.registerOutputs({ clusterName: cluster.name, endpoint: cluster.endpoint, oidcProviderArn: oidcProvider.arn });
    }
}
