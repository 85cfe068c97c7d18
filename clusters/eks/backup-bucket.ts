// The database's backups on EKS: one S3 bucket (encrypted, versioned, private, TLS only) and one
// IAM role that may use only that bucket, assumed by the database pods' Kubernetes service account
// through IRSA (no access key anywhere).
// https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
import * as pulumi from "@pulumi/pulumi";
import * as iam from "@pulumi/aws/iam";
import * as s3 from "@pulumi/aws/s3";
import { BackupStorage, BackupStorageRequest } from "../contract";
import { backupLifecycleDays, noncurrentVersionDays } from "../backup-lifecycle";
import { ServiceAccountIssuer, serviceAccountTrustPolicy } from "./identity";
import { s3BucketPrefixRule } from "../platform-rules/aws";

/** What Barman does with the bucket: write, read (restore), list, and delete expired backups. */
export const backupObjectActions = ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"];
export const backupBucketActions = ["s3:ListBucket", "s3:GetBucketLocation"];

export interface EksBackupContext {
    clusterName: string;
    issuer: ServiceAccountIssuer;
    opts: pulumi.CustomResourceOptions;
}

const prefixSuffix = "-db-backups-";

/** The longest bucket_prefix: S3's name limit less the provider's unique suffix (37). */
const prefixLimit = s3BucketPrefixRule.text.maxLength - (s3BucketPrefixRule.providerSuffix ?? 0);

/**
 * Bucket names are global, so a prefix the provider completes. The cluster name is cut, never the
 * suffix; names of up to 25 characters are whole, as before.
 */
export function backupBucketPrefix(clusterName: string): string {
    return `${clusterName.slice(0, prefixLimit - prefixSuffix.length).replace(/-+$/, "")}${prefixSuffix}`;
}

export function createBackupBucket(ctx: EksBackupContext, request: BackupStorageRequest): BackupStorage {
    const { clusterName, opts } = ctx;
    const name = `${clusterName}-db-backups`;
    const bucket = new s3.Bucket(
        name,
        { bucketPrefix: backupBucketPrefix(clusterName), forceDestroy: !request.protect },
        { ...opts, protect: request.protect, retainOnDelete: request.protect },
    );
    new s3.BucketPublicAccessBlock(
        name,
        {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        },
        opts,
    );
    new s3.BucketServerSideEncryptionConfiguration(
        name,
        {
            bucket: bucket.id,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true }],
        },
        opts,
    );
    const versioning = new s3.BucketVersioning(name, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, opts);
    new s3.BucketLifecycleConfiguration(
        name,
        {
            bucket: bucket.id,
            rules: [
                {
                    id: "backup-retention",
                    status: "Enabled",
                    filter: { prefix: "" },
                    expiration: { days: backupLifecycleDays(request.retentionDays) },
                    noncurrentVersionExpiration: { noncurrentDays: noncurrentVersionDays },
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
                },
            ],
        },
        { ...opts, dependsOn: [versioning] },
    );
    new s3.BucketPolicy(
        name,
        {
            bucket: bucket.id,
            policy: bucket.arn.apply((arn) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "TlsOnly",
                            Effect: "Deny",
                            Principal: "*",
                            Action: "s3:*",
                            Resource: [arn, `${arn}/*`],
                            Condition: { Bool: { "aws:SecureTransport": "false" } },
                        },
                    ],
                }),
            ),
        },
        opts,
    );

    const role = new iam.Role(
        `${clusterName}-db-backup`,
        {
            assumeRolePolicy: serviceAccountTrustPolicy(ctx.issuer, request.namespace, request.serviceAccount),
        },
        opts,
    );
    new iam.RolePolicy(
        `${clusterName}-db-backup`,
        {
            role: role.name,
            policy: bucket.arn.apply((arn) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        { Effect: "Allow", Action: backupBucketActions, Resource: arn },
                        { Effect: "Allow", Action: backupObjectActions, Resource: `${arn}/*` },
                    ],
                }),
            ),
        },
        opts,
    );

    return {
        destinationPath: pulumi.interpolate`s3://${bucket.bucket}`,
        credentials: { s3Credentials: { inheritFromIAMRole: true } },
        serviceAccountAnnotations: role.arn.apply((arn): Record<string, string> => ({ "eks.amazonaws.com/role-arn": arn })),
        podLabels: {},
    };
}
