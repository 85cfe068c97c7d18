// Control-plane step: the EKS cluster with secrets envelope-encrypted by our KMS key, its log group
// created first with a retention, standard support only, and the API endpoint exposed as the
// access settings decide.
import * as pulumi from "@pulumi/pulumi";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import { StackSettings } from "../../config/settings";
import { projectName } from "../../config/keys";
import { secretOutputsWhenStored, secretWhenStored } from "../../config/stored-secret";
import { Environment } from "../../config/sizing";
import { ArnPrefix, roleWithPolicies, serviceTrustPolicy } from "./identity";
import { EksNetwork } from "./network";

/** Control-plane log types: all five in production; outside it the audit and sign-in trail only (CloudWatch ingestion is billed per GB). */
export const controlPlaneLogTypes: Record<Environment, string[]> = {
    production: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
    staging: ["audit", "authenticator"],
    development: ["audit", "authenticator"],
};
/** Days CloudWatch keeps the control-plane logs (EKS's own log group would keep them forever). */
export const controlPlaneLogRetentionDays: Record<Environment, number> = { production: 90, staging: 14, development: 7 };

/** The log group EKS writes to: https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html */
export function controlPlaneLogGroupName(clusterName: string): string {
    return `/aws/eks/${clusterName}/cluster`;
}

export interface EksControlPlane {
    cluster: eks.Cluster;
    secretsKey: kms.Key;
}

export function eksControlPlane(settings: StackSettings, network: EksNetwork, arnPrefix: ArnPrefix, opts: pulumi.CustomResourceOptions): EksControlPlane {
    const clusterName = settings.clusterName;
    const { access } = settings;
    // Production keeps the key (protect) and its 30-day deletion window; rotation is yearly and automatic.
    const secretsKey = new kms.Key(
        `${clusterName}-secrets`,
        {
            description: `Envelope encryption of Kubernetes secrets in ${clusterName}`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
        },
        { ...opts, protect: settings.protect },
    );
    const clusterRole = roleWithPolicies(`${clusterName}-cluster`, serviceTrustPolicy("eks", opts), ["AmazonEKSClusterPolicy"], arnPrefix, opts);
    // The control plane encrypts and decrypts secrets with the key through its role.
    const secretsKeyAccess = new iam.RolePolicy(
        `${clusterName}-cluster-kms`,
        {
            role: clusterRole.role.name,
            policy: secretsKey.arn.apply((keyArn) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: keyArn }],
                }),
            ),
        },
        opts,
    );
    // Created before the cluster, so EKS writes into it instead of creating one without retention.
    const logGroup = new cloudwatch.LogGroup(
        `${clusterName}-control-plane`,
        {
            name: controlPlaneLogGroupName(clusterName),
            retentionInDays: controlPlaneLogRetentionDays[settings.environment],
        },
        opts,
    );
    const cluster = new eks.Cluster(
        clusterName,
        {
            name: clusterName,
            version: settings.kubernetesVersion,
            roleArn: clusterRole.role.arn,
            vpcConfig: {
                // The control plane's interfaces only: where they sit is where webhook calls come from.
                subnetIds: network.controlPlaneSubnets.map((subnet) => subnet.id),
                endpointPrivateAccess: true,
                // private: no public endpoint; the deployer and CI must run inside the VPC (or a peered network).
                endpointPublicAccess: access.apiEndpointAccess !== "private",
                // Secret when the stack stores the ranges encrypted: the cluster's inputs are kept in state.
                publicAccessCidrs:
                    access.apiEndpointAccess === "authorized" ? secretWhenStored(`${projectName}:apiAuthorizedCidrs`, access.apiAuthorizedCidrs) : undefined,
            },
            encryptionConfig: { provider: { keyArn: secretsKey.arn }, resources: ["secrets"] },
            enabledClusterLogTypes: controlPlaneLogTypes[settings.environment],
            // Extended support costs several times the standard hourly price; STANDARD upgrades the
            // control plane at the end of standard support instead (set kubernetesVersion before then).
            upgradePolicy: { supportType: "STANDARD" },
            // EKS's own deletion protection, lifted only for a teardown (atlasia:allowClusterDeletion).
            deletionProtection: settings.protect && !settings.allowClusterDeletion,
            // Access entries (API mode) instead of the aws-auth ConfigMap; nobody is admin by creating it.
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
        },
        {
            ...opts,
            protect: settings.protect,
            // Nodes and load balancers sit in the other subnets: destroy removes the cluster (and with
            // it the ingress load balancer) before them.
            dependsOn: [...clusterRole.attachments, secretsKeyAccess, logGroup, ...network.routing, ...network.privateSubnets, ...network.publicSubnets],
            additionalSecretOutputs: secretOutputsWhenStored(`${projectName}:apiAuthorizedCidrs`, ["vpcConfig"]),
        },
    );
    return { cluster, secretsKey };
}
