// IAM for the EKS cluster: roles with AWS-managed policies and IRSA roles for service accounts,
// every ARN built from the provider's partition (aws, aws-cn, aws-us-gov) instead of `arn:aws:`.
import * as pulumi from "@pulumi/pulumi";
import { getServicePrincipalOutput } from "@pulumi/aws/getServicePrincipal";
import * as iam from "@pulumi/aws/iam";

/** The partition's ARN prefix, e.g. "arn:aws-us-gov". */
export type ArnPrefix = pulumi.Output<string>;

export function awsManagedPolicyArn(arnPrefix: ArnPrefix, policy: string): pulumi.Output<string> {
    return pulumi.interpolate`${arnPrefix}:iam::aws:policy/${policy}`;
}

/**
 * A trust policy letting an AWS service ("eks", "ec2") assume the role. The principal's name comes
 * from the provider (aws.getServicePrincipal): some partitions name it differently (aws-cn's EC2 is
 * ec2.amazonaws.com.cn).
 */
export function serviceTrustPolicy(serviceName: string, opts: pulumi.InvokeOutputOptions): pulumi.Output<string> {
    return getServicePrincipalOutput({ serviceName }, opts).name.apply((service) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
        }),
    );
}

/** The cluster's OIDC issuer as an IAM identity provider, for IAM roles for service accounts. */
export interface ServiceAccountIssuer {
    arn: pulumi.Output<string>;
    /** Issuer URL without https://, as IAM condition keys want it. */
    host: pulumi.Output<string>;
}

/**
 * IRSA trust: only the named service account, only with the STS audience.
 * https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
export function serviceAccountTrustPolicy(issuer: ServiceAccountIssuer, namespace: string, serviceAccount: string): pulumi.Output<string> {
    return pulumi.all([issuer.arn, issuer.host]).apply(([arn, host]) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Federated: arn },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringEquals: {
                            [`${host}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
                            [`${host}:aud`]: "sts.amazonaws.com",
                        },
                    },
                },
            ],
        }),
    );
}

/** An IAM role with AWS-managed policies attached; dependents wait for the attachments. */
export function roleWithPolicies(
    name: string,
    assumeRolePolicy: pulumi.Input<string>,
    policies: string[],
    arnPrefix: ArnPrefix,
    opts: pulumi.CustomResourceOptions,
): { role: iam.Role; attachments: iam.RolePolicyAttachment[] } {
    const role = new iam.Role(name, { assumeRolePolicy }, opts);
    const attachments = policies.map(
        (policy) =>
            new iam.RolePolicyAttachment(
                `${name}-${policy.split("/").pop()}`,
                {
                    role: role.name,
                    policyArn: awsManagedPolicyArn(arnPrefix, policy),
                },
                opts,
            ),
    );
    return { role, attachments };
}
