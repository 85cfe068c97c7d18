// The database's backups on GKE: one GCS bucket and one Google service account that alone may
// write it, reached from the database pods' Kubernetes service account by Workload Identity
// (no key anywhere). https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity
import * as pulumi from "@pulumi/pulumi";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as storage from "@pulumi/gcp/storage";
import { BackupStorage, BackupStorageRequest } from "../contract";
import { backupLifecycleDays, noncurrentVersionDays } from "../backup-lifecycle";
import { storageBucketNameRule } from "../platform-rules/gcp";

/**
 * roles/storage.objectAdmin on the bucket only: Barman writes, lists, reads (restore) and deletes
 * expired backups; no other bucket and no project role.
 * https://cloud.google.com/storage/docs/access-control/iam-roles
 */
export const backupBucketRole = "roles/storage.objectAdmin";

export interface GkeBackupContext {
    project: string;
    region: string;
    clusterName: string;
    labels: Record<string, string>;
    /** The IAM API: a service account cannot be created before it is enabled. */
    iamApi: pulumi.Resource;
    /** The Cloud Storage API: the bucket cannot be created before it is enabled. */
    storageApi: pulumi.Resource;
    opts: pulumi.CustomResourceOptions;
}

/** GCS bucket names are global: the project ID keeps them apart (3-63 characters). */
export function backupBucketName(project: string, clusterName: string): string {
    return `${project}-${clusterName}-db-backups`.slice(0, storageBucketNameRule.text.maxLength).replace(/-+$/, "");
}

export const backupServiceAccountSuffix = "-db-backup";

/**
 * Service account IDs have 6-30 characters. The cluster name is cut, never the suffix: a cut
 * suffix could leave the node account's ID (atlasia-development-cluster-x + "-" cut at 30).
 */
export function backupServiceAccountId(clusterName: string): string {
    return `${clusterName.slice(0, 30 - backupServiceAccountSuffix.length).replace(/-+$/, "")}${backupServiceAccountSuffix}`;
}

export function createBackupBucket(ctx: GkeBackupContext, request: BackupStorageRequest): BackupStorage {
    const { project, opts } = ctx;
    const bucket = new storage.Bucket(
        `${ctx.clusterName}-db-backups`,
        {
            name: backupBucketName(project, ctx.clusterName),
            project,
            location: ctx.region.toUpperCase(),
            storageClass: "STANDARD",
            uniformBucketLevelAccess: true,
            publicAccessPrevention: "enforced",
            // Encrypted at rest by Google-managed keys (always on); versions keep what is overwritten or deleted.
            versioning: { enabled: true },
            softDeletePolicy: { retentionDurationSeconds: noncurrentVersionDays * 24 * 3600 },
            lifecycleRules: [
                { action: { type: "Delete" }, condition: { age: backupLifecycleDays(request.retentionDays), withState: "ANY" } },
                { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: noncurrentVersionDays } },
            ],
            forceDestroy: !request.protect,
            labels: ctx.labels,
        },
        { ...opts, dependsOn: [ctx.storageApi], protect: request.protect, retainOnDelete: request.protect },
    );

    const account = new serviceaccount.Account(
        `${ctx.clusterName}-db-backup`,
        {
            accountId: backupServiceAccountId(ctx.clusterName),
            displayName: `PostgreSQL backups of ${ctx.clusterName}`,
            project,
        },
        { ...opts, dependsOn: [ctx.iamApi] },
    );
    new storage.BucketIAMMember(
        `${ctx.clusterName}-db-backup-writer`,
        {
            bucket: bucket.name,
            role: backupBucketRole,
            member: pulumi.interpolate`serviceAccount:${account.email}`,
        },
        opts,
    );
    // Only this Kubernetes service account may act as the Google one.
    new serviceaccount.IAMMember(
        `${ctx.clusterName}-db-backup-workload-identity`,
        {
            serviceAccountId: account.name,
            role: "roles/iam.workloadIdentityUser",
            member: `serviceAccount:${project}.svc.id.goog[${request.namespace}/${request.serviceAccount}]`,
        },
        opts,
    );

    return {
        destinationPath: pulumi.interpolate`gs://${bucket.name}`,
        credentials: { googleCredentials: { gkeEnvironment: true } },
        serviceAccountAnnotations: account.email.apply((email): Record<string, string> => ({ "iam.gke.io/gcp-service-account": email })),
        podLabels: {},
    };
}
