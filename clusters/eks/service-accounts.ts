// IAM roles for service accounts (IRSA): the cluster's OIDC issuer as an IAM identity provider, and
// one role per controller that calls AWS, each trusting only its own service account.
import * as pulumi from "@pulumi/pulumi";
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import { clusterAutoscalerServiceAccount } from "../addons/cluster-autoscaler";
import { ArnPrefix, roleWithPolicies, ServiceAccountIssuer, serviceAccountTrustPolicy } from "./identity";

export interface ServiceAccountRoles {
    issuer: ServiceAccountIssuer;
    /** The issuer URL: new for every cluster created, so it identifies this cluster incarnation. */
    issuerUrl: pulumi.Output<string>;
    vpcCni: { role: iam.Role; attachments: iam.RolePolicyAttachment[] };
    ebsCsi: { role: iam.Role; attachments: iam.RolePolicyAttachment[] };
    clusterAutoscaler: { role: iam.Role; attachments: pulumi.Resource[] };
}

/**
 * Least privilege for Cluster Autoscaler with auto-discovery: reads anywhere, but it may resize or
 * terminate only Auto Scaling groups tagged as this cluster's (EKS tags its managed node groups'
 * groups k8s.io/cluster-autoscaler/<cluster>=owned and k8s.io/cluster-autoscaler/enabled=true).
 * https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md#iam-policy,
 * https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html
 */
export function clusterAutoscalerPolicy(clusterName: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "Discover",
                Effect: "Allow",
                Action: [
                    "autoscaling:DescribeAutoScalingGroups",
                    "autoscaling:DescribeAutoScalingInstances",
                    "autoscaling:DescribeLaunchConfigurations",
                    "autoscaling:DescribeScalingActivities",
                    "autoscaling:DescribeTags",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplateVersions",
                    "ec2:GetInstanceTypesFromInstanceRequirements",
                    "eks:DescribeNodegroup",
                ],
                Resource: "*",
            },
            {
                Sid: "ResizeOwnGroupsOnly",
                Effect: "Allow",
                Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
                Resource: "*",
                Condition: {
                    StringEquals: {
                        [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned",
                        "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true",
                    },
                },
            },
        ],
    });
}

export function serviceAccountRoles(clusterName: string, cluster: eks.Cluster, arnPrefix: ArnPrefix, opts: pulumi.CustomResourceOptions): ServiceAccountRoles {
    const issuerUrl = cluster.identities.apply((identities) => identities[0].oidcs[0].issuer);
    const oidcProvider = new iam.OpenIdConnectProvider(
        `${clusterName}-oidc`,
        {
            url: issuerUrl,
            clientIdLists: ["sts.amazonaws.com"],
        },
        opts,
    );
    const issuer: ServiceAccountIssuer = { arn: oidcProvider.arn, host: oidcProvider.url.apply((url) => url.replace(/^https:\/\//, "")) };
    const irsaRole = (name: string, namespace: string, serviceAccount: string, policies: string[]) =>
        roleWithPolicies(`${clusterName}-${name}`, serviceAccountTrustPolicy(issuer, namespace, serviceAccount), policies, arnPrefix, opts);

    // AWS recommends the CNI's permissions on its own role, not on every node's instance role:
    // https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html
    const vpcCni = irsaRole("vpc-cni", "kube-system", "aws-node", ["AmazonEKS_CNI_Policy"]);
    const ebsCsi = irsaRole("ebs-csi", "kube-system", "ebs-csi-controller-sa", ["service-role/AmazonEBSCSIDriverPolicy"]);
    // "autoscaler", not "cluster-autoscaler": the auto-named role must fit IAM's 64 characters after a 40-character cluster name.
    const autoscaler = irsaRole("autoscaler", clusterAutoscalerServiceAccount.namespace, clusterAutoscalerServiceAccount.name, []);
    const autoscalerPolicy = new iam.RolePolicy(
        `${clusterName}-autoscaler`,
        {
            role: autoscaler.role.name,
            policy: clusterAutoscalerPolicy(clusterName),
        },
        opts,
    );
    return { issuer, issuerUrl, vpcCni, ebsCsi, clusterAutoscaler: { role: autoscaler.role, attachments: [autoscalerPolicy] } };
}
