// The database's backup bucket on EKS through the whole program under mocks: its name, what keeps
// it private and encrypted, how long backups and their old versions stay, TLS only, what protects
// it, and the one role allowed to use it. Expected values are written out by hand from the S3 and
// IAM documentation cited beside them, never from the program's tables.
import { strict as assert } from "assert";
import { ProgramRun, RecordedResource } from "../harness/run";
import { backupBucketPrefix } from "../clusters/eks/backup-bucket";
import { stackOptions, validStackRun } from "./support/runs";

/** The provider appends a 26-character unique suffix to bucketPrefix (pulumi-aws s3.Bucket: prefix "less than or equal to 37 characters"). */
const providerSuffixLength = 26;
/**
 * General purpose bucket names: 3-63 characters of lower-case letters, digits, '.' and '-', starting
 * and ending with a letter or digit (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 * A prefix ends in the '-' before the suffix.
 */
const bucketPrefixPattern = /^[a-z0-9][a-z0-9.-]*-$/;

type Env = "production" | "staging";
const runs = new Map<Env, ProgramRun>();

/** The one resource of `type` (and `name`) in the committed stack of `env`. */
function resourceOf(env: Env, type: string, name?: string): RecordedResource {
    const found = runs.get(env)?.resources.filter((r) => r.type === type && (name === undefined || r.name === name)) ?? [];
    assert.equal(found.length, 1, `${env}: expected one ${type}, found ${found.length}`);
    return found[0];
}

const bucketOf = (env: Env) => resourceOf(env, "aws:s3/bucket:Bucket");
const s3Config = (env: Env, kind: string) => resourceOf(env, `aws:s3/${kind[0].toLowerCase()}${kind.slice(1)}:${kind}`);
/** The mock's bucket name is the prefix plus "mock" (harness/mocks.ts). */
const prodBucketArn = "arn:aws:s3:::atlasia-prod-db-backups-mock";

describe("EKS database backup bucket", function () {
    this.timeout(60000);

    before(async () => {
        for (const env of ["production", "staging"] as const) runs.set(env, await validStackRun(stackOptions("aws", env)));
    });

    describe("name", () => {
        it("is <cluster>-db-backups- plus the provider's unique suffix: bucket names are global", () => {
            assert.equal(bucketOf("production").inputs.bucketPrefix, "atlasia-prod-db-backups-");
            assert.equal(bucketOf("staging").inputs.bucketPrefix, "atlasia-staging-db-backups-");
        });

        it("a 40-character cluster name (the longest accepted) is cut so the prefix keeps to 37 characters", async () => {
            // "atlasia-payments-eu-west-blue1-canary001" + "-db-backups-" would be 52 characters: the
            // provider refuses a prefix over 37 (37 + 26 = 63, S3's maximum). Cut at 25 characters the
            // name ends in '-', which is dropped.
            const clusterName = "atlasia-payments-eu-west-blue1-canary001";
            const expected = "atlasia-payments-eu-west-db-backups-";
            assert.equal(backupBucketPrefix(clusterName), expected);
            const base = stackOptions("aws", "staging");
            const run = await validStackRun({ ...base, set: { ...base.set, clusterName } });
            const prefix = run.resources.find((r) => r.type === "aws:s3/bucket:Bucket")?.inputs.bucketPrefix as string;
            assert.equal(prefix, expected);
            assert.ok(prefix.length + providerSuffixLength <= 63, `${prefix} leaves no room for the suffix`);
            assert.match(prefix, bucketPrefixPattern);
        });
    });

    describe("private and encrypted", () => {
        it("blocks every form of public access (all four settings of the public access block)", () => {
            // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
            const block = s3Config("production", "BucketPublicAccessBlock").inputs;
            for (const setting of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) {
                assert.strictEqual(block[setting], true, setting);
            }
        });

        it("encrypts with KMS (aws:kms) and an S3 Bucket Key, which cuts the KMS requests of many small WAL files", () => {
            // sseAlgorithm: AES256, aws:kms or aws:kms:dsse (pulumi-aws s3.BucketServerSideEncryptionConfiguration);
            // Bucket Keys: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
            assert.deepEqual(s3Config("production", "BucketServerSideEncryptionConfiguration").inputs.rules, [
                { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true },
            ]);
        });

        it("denies every request not made over TLS (aws:SecureTransport false), on the bucket and its objects", () => {
            // https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html (enforce
            // encryption of data in transit); CIS AWS Foundations 2.1.1. Resource names the bucket (ListBucket)
            // and its objects (Get/PutObject).
            assert.deepEqual(JSON.parse(s3Config("production", "BucketPolicy").inputs.policy), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "TlsOnly",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: [prodBucketArn, `${prodBucketArn}/*`],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ],
            });
        });
    });

    describe("retention", () => {
        it("one rule for every object: backups expire a week past the retention, old versions after 7 days, broken uploads after 1", () => {
            // https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html. filter
            // {prefix: ""} is every object; an empty filter {} is not kept by AWS when the rule is edited
            // (terraform-aws-modules/terraform-aws-s3-bucket#262) and was refused by some provider versions
            // (hashicorp/terraform-provider-aws#42112, fixed by #42624). Retention: production 30 days,
            // staging 7 (config/database.ts), plus a 7-day margin.
            const rule = (days: number) => ({
                id: "backup-retention",
                status: "Enabled",
                filter: { prefix: "" },
                expiration: { days },
                noncurrentVersionExpiration: { noncurrentDays: 7 },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
            });
            assert.deepEqual(s3Config("production", "BucketLifecycleConfiguration").inputs.rules, [rule(37)]);
            assert.deepEqual(s3Config("staging", "BucketLifecycleConfiguration").inputs.rules, [rule(14)]);
        });

        it("the lifecycle configuration waits for versioning, whose noncurrent versions it expires", () => {
            // pulumi-aws s3.BucketLifecycleConfiguration, "Creating a Lifecycle Configuration for a bucket
            // with versioning": `dependsOn: [versioning]`.
            const versioning = s3Config("production", "BucketVersioning");
            assert.deepEqual(versioning.inputs.versioningConfiguration, { status: "Enabled" });
            assert.ok(s3Config("production", "BucketLifecycleConfiguration").dependencies.includes(versioning.urn));
        });
    });

    describe("protection", () => {
        it("production: a bucket with backups in it cannot be deleted (forceDestroy false), and Pulumi protects and retains it", () => {
            // forceDestroy: "all objects (including any locked objects) should be deleted from the bucket
            // when the bucket is destroyed" (pulumi-aws s3.Bucket); off, S3 refuses to delete a non-empty bucket.
            const bucket = bucketOf("production");
            assert.strictEqual(bucket.inputs.forceDestroy, false);
            assert.equal(bucket.protect, true);
            assert.equal(bucket.retainOnDelete, true);
        });

        it("staging: a stack teardown removes the bucket with its backups", () => {
            const bucket = bucketOf("staging");
            assert.strictEqual(bucket.inputs.forceDestroy, true);
            assert.equal(bucket.protect, false);
        });
    });

    it("the backup role may list this bucket and read, write and delete its objects, nothing else", () => {
        // Bucket-level actions take the bucket ARN, object actions the object ARN
        // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html).
        const policy = resourceOf("production", "aws:iam/rolePolicy:RolePolicy", "atlasia-prod-db-backup").inputs.policy;
        assert.deepEqual(JSON.parse(policy), {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: prodBucketArn },
                { Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"], Resource: `${prodBucketArn}/*` },
            ],
        });
    });
});
