// The database's backup bucket on GKE through the whole program under mocks: its global name, where
// and how it stores, how long deleted backups stay recoverable, and what protects it. Expected
// values are derived by hand from Cloud Storage's documented rules, never from the program's tables.
import { strict as assert } from "assert";
import { ProgramRun } from "../harness/run";
import { backupBucketName, backupServiceAccountId } from "../clusters/gke/backup-bucket";
import { platformRuleViolations } from "./support/platform-rules";
import { stackOptions, validStackRun } from "./support/runs";
import { onlyResource } from "./support/resources";

/**
 * Bucket names: 3-63 characters of lower-case letters, digits, '-', '_' and '.', starting and ending
 * with a letter or digit. https://cloud.google.com/storage/docs/buckets#naming
 */
const bucketNamePattern = /^[a-z0-9][a-z0-9_.-]{1,61}[a-z0-9]$/;

const bucketOf = (run: ProgramRun) => onlyResource(run, "gcp:storage/bucket:Bucket");
const backupAccountOf = (run: ProgramRun) => onlyResource(run, "gcp:serviceaccount/account:Account", (r) => String(r.inputs.accountId).endsWith("-db-backup"));

describe("GKE database backup bucket", function () {
    this.timeout(60000);
    let production: ProgramRun;
    let staging: ProgramRun;

    before(async () => {
        production = await validStackRun(stackOptions("gcp", "production"));
        staging = await validStackRun(stackOptions("gcp", "staging"));
    });

    describe("names", () => {
        it("the bucket is named <project>-<cluster>-db-backups: bucket names are global, the project ID keeps stacks apart", () => {
            assert.equal(bucketOf(production).inputs.name, "atlasia-production-atlasia-prod-db-backups");
            assert.equal(bucketOf(staging).inputs.name, "atlasia-staging-atlasia-staging-db-backups");
        });

        it("a 30-character project and a 40-character cluster name are cut to 63 characters without the hyphens the cut leaves", async () => {
            // Project IDs have up to 30 characters (cloud.google.com/resource-manager/docs/creating-managing-projects),
            // GKE cluster names up to 40; both may hold consecutive hyphens. The full name would have
            // 82 characters; its first 63 end in "--", and a bucket name must end in a letter or digit.
            const project = "atlasia-platform-eu-prod-00001";
            const clusterName = "atlasia-payments-eu-west-blue1--canary01";
            const expected = "atlasia-platform-eu-prod-00001-atlasia-payments-eu-west-blue1";
            assert.equal(backupBucketName(project, clusterName), expected);
            const run = await validStackRun({ ...stackOptions("gcp", "production"), set: { cloud: "gcp", "gcp:project": project, clusterName } });
            const name = bucketOf(run).inputs.name as string;
            assert.equal(name, expected);
            assert.match(name, bucketNamePattern);
            assert.deepEqual(platformRuleViolations(run), []);
        });

        it("the backup account's ID is the cluster name cut to 20 characters, trailing hyphens dropped, then -db-backup", () => {
            // Service account IDs: 6-30 characters (cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts/create).
            // The ID cannot be changed once created: these are pinned letter by letter.
            assert.equal(backupAccountOf(production).inputs.accountId, "atlasia-prod-db-backup");
            assert.equal(backupServiceAccountId("atlasia-analytics1--euwest01--b"), "atlasia-analytics1-db-backup");
        });

        it("the backup account says in the console what it is for", () => {
            // The display name is what `gcloud iam service-accounts list` and the IAM page show.
            assert.equal(backupAccountOf(production).inputs.displayName, "PostgreSQL backups of atlasia-prod");
        });
    });

    describe("storage", () => {
        it("a regional bucket in the cluster's region, its location upper case as Cloud Storage returns it", () => {
            // The API reports locations in upper case; a lower-case location showed as a change of a
            // force-new field, replacing the bucket on every apply (terraform-provider-google #115, #117).
            assert.equal(bucketOf(production).inputs.location, "US-CENTRAL1");
        });

        it("Standard storage: no minimum storage duration for backups that expire within days", () => {
            // Nearline, Coldline and Archive bill a minimum of 30, 90 and 365 days for each object
            // deleted earlier (https://cloud.google.com/storage/docs/storage-classes#comparison);
            // noncurrent versions here live 7 days.
            for (const run of [production, staging]) assert.equal(bucketOf(run).inputs.storageClass, "STANDARD");
        });

        it("uniform bucket-level access and public access prevention: only IAM decides, never object ACLs", () => {
            // https://cloud.google.com/storage/docs/uniform-bucket-level-access
            for (const run of [production, staging]) {
                assert.strictEqual(bucketOf(run).inputs.uniformBucketLevelAccess, true);
                assert.equal(bucketOf(run).inputs.publicAccessPrevention, "enforced");
            }
        });
    });

    describe("recovering what was deleted", () => {
        it("versioning on, and soft-deleted objects kept 7 days (604800 seconds, within Cloud Storage's 7-90 days)", () => {
            // https://cloud.google.com/storage/docs/soft-delete: retention 0 (off) or 7 to 90 days,
            // given in seconds (retentionDurationSeconds). 7 days = 7 * 86400 = 604800.
            for (const run of [production, staging]) {
                const bucket = bucketOf(run).inputs;
                assert.deepEqual(bucket.versioning, { enabled: true });
                assert.deepEqual(bucket.softDeletePolicy, { retentionDurationSeconds: 604800 });
            }
        });

        it("lifecycle: backups deleted a week past the retention (live or not), noncurrent versions 7 days after they were replaced", () => {
            // https://cloud.google.com/storage/docs/lifecycle#conditions: age counts from creation;
            // daysSinceNoncurrentTime from when a version became noncurrent. withState ANY: both live and
            // noncurrent objects (pulumi-gcp BucketLifecycleRuleCondition withState: LIVE, ARCHIVED, ANY).
            // Retention: production 30 days, staging 7 (config/database.ts); the margin is 7 days.
            const expected = (age: number) => [
                { action: { type: "Delete" }, condition: { age, withState: "ANY" } },
                { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: 7 } },
            ];
            assert.deepEqual(bucketOf(production).inputs.lifecycleRules, expected(37));
            assert.deepEqual(bucketOf(staging).inputs.lifecycleRules, expected(14));
        });
    });

    describe("protection", () => {
        it("production: the bucket cannot be deleted with backups in it (forceDestroy false), and Pulumi protects and retains it", () => {
            // forceDestroy: "When deleting a bucket, this boolean option will delete all contained
            // objects" (pulumi-gcp storage.Bucket); off, the API refuses to delete a non-empty bucket.
            const bucket = bucketOf(production);
            assert.strictEqual(bucket.inputs.forceDestroy, false);
            assert.equal(bucket.protect, true);
            assert.equal(bucket.retainOnDelete, true);
        });

        it("staging: a stack teardown removes the bucket with its backups", () => {
            const bucket = bucketOf(staging);
            assert.strictEqual(bucket.inputs.forceDestroy, true);
            assert.equal(bucket.protect, false);
        });
    });
});
