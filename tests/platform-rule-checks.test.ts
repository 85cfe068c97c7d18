// The rule checker itself: length with provider suffixes, patterns, and maps of labels.
import { strict as assert } from "assert";
import { ruleViolations, PlatformRule } from "../clusters/platform-rules/rule";
import { gcpRules } from "../clusters/platform-rules/gcp";
import { platformRules } from "../clusters/platform-rules";
import { backupBucketPrefix } from "../clusters/eks/backup-bucket";
import { platformRuleViolations } from "./support/platform-rules";
import { stackOptions, validStackRun } from "./support/runs";

const nodePoolName = gcpRules.find((rule) => rule.id === "gcp.nodePool.name")!;
/** A name prefix the provider extends by 26 characters (terraform-provider-google #8261: GKE allows 40). */
const nodePoolPrefix: PlatformRule = { ...nodePoolName, property: "namePrefix", providerSuffix: 26 } as PlatformRule;
const labels: PlatformRule = {
    id: "test.labels",
    kind: "map",
    what: "label",
    resourceType: "t",
    property: "labels",
    source: "test",
    maxEntries: 2,
    key: { maxLength: 5, pattern: /^[a-z]+$/, describe: "lower-case letters" },
    value: { maxLength: 3, pattern: /^[a-z]*$/, describe: "lower-case letters" },
};

describe("platform rule checks", () => {
    it("counts the provider's suffix against a name prefix's limit (GKE: 14 + 26 = 40 is the longest)", () => {
        assert.deepEqual(ruleViolations(nodePoolPrefix, "a".repeat(14)), []);
        const [problem] = ruleViolations(nodePoolPrefix, "a".repeat(15));
        assert.match(problem, /41 characters \(with 26 appended by the provider\), over the limit of 40/);
        assert.match(problem, /terraform-provider-google\/issues\/8261/);
    });
    it("rejects characters outside the pattern", () => {
        assert.equal(ruleViolations(nodePoolPrefix, "Workers-").length, 1);
        assert.equal(ruleViolations(nodePoolPrefix, "1workers-").length, 1);
    });
    it("checks every key and value of a map, and the number of entries", () => {
        assert.deepEqual(ruleViolations(labels, { ab: "cd" }), []);
        const problems = ruleViolations(labels, { Ab: "cd", abcdef: "x", c: "TOOLONG" });
        assert.equal(problems.length, 4, problems.join("\n"));
    });
});

describe("backup storage names (Cloud Storage, S3, Azure Storage)", function () {
    this.timeout(60000);
    const rule = (id: string) => platformRules.find((r) => r.id === id)!;

    it("each rule refuses what its cloud refuses and accepts what it accepts (examples from the cited pages)", () => {
        const cases: [string, string[], string[]][] = [
            [
                "gcp.storage.bucket.name",
                ["my-project-atlasia-prod-db-backups", "a_b-c"],
                // Dots only with a verified domain, which the program's names never need.
                ["a_b.c", "ab", "My-bucket", "-bucket", "bucket-", "goog-backups", "my-google-bucket", "a".repeat(64)],
            ],
            // 37 characters is the longest prefix: with the provider's 26 the name is 63.
            [
                "aws.s3.bucket.bucketPrefix",
                ["atlasia-prod-db-backups-", "a".repeat(37)],
                ["a".repeat(38), "Atlasia-", "-atlasia", "a..b-", "xn--atlasia-", "sthree-atlasia-", "amzn-s3-demo-atlasia-"],
            ],
            ["azure.storage.account.name", ["atlasiaproddb1a2b3c4d", "abc"], ["ab", "atlasia-prod", "Atlasia", "a".repeat(25)]],
            ["azure.storage.blobContainer.name", ["postgresql", "db-backups"], ["pg", "db--backups", "-db", "db-", "Postgresql", "a".repeat(64)]],
        ];
        for (const [id, good, bad] of cases) {
            for (const name of good) assert.deepEqual(ruleViolations(rule(id), name), [], `${id}: ${name}`);
            for (const name of bad) assert.equal(ruleViolations(rule(id), name).length, 1, `${id} should refuse ${name}`);
        }
    });

    it("Azure storage accounts take tag names of up to 128 characters, other resources 512", () => {
        // https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations
        const tags = (type: string) => rule(`azure.tags.${type}`);
        assert.deepEqual(ruleViolations(tags("StorageAccount"), { ["k".repeat(128)]: "v" }), []);
        assert.equal(ruleViolations(tags("StorageAccount"), { ["k".repeat(129)]: "v" }).length, 1);
        assert.deepEqual(ruleViolations(tags("ManagedCluster"), { ["k".repeat(512)]: "v" }), []);
    });

    it("EKS: the bucket prefix keeps names of up to 25 characters whole (no replacement of existing buckets) and cuts longer ones, never at a hyphen", () => {
        assert.equal(backupBucketPrefix("atlasia-prod"), "atlasia-prod-db-backups-");
        assert.equal(backupBucketPrefix("atlasia-production-east-1"), "atlasia-production-east-1-db-backups-");
        assert.equal(backupBucketPrefix("atlasia-production-east1-west"), "atlasia-production-east1-db-backups-");
        // A cut through a run of hyphens drops the whole run.
        assert.equal(backupBucketPrefix("atlasia-production-east--west"), "atlasia-production-east-db-backups-");
    });

    for (const cloud of ["gcp", "aws", "azure"] as const) {
        it(`${cloud} production with the longest cluster name (40 characters): the backup storage's names hold`, async () => {
            const options = stackOptions(cloud, "production");
            const run = await validStackRun({ ...options, set: { ...options.set, clusterName: `atlasia-${"x".repeat(31)}1` } });
            const storageRules = platformRules.filter((r) => /\.(storage|s3)\./.test(r.id) && r.id.startsWith(cloud === "gcp" ? "gcp" : cloud));
            assert.ok(storageRules.length > 0);
            // A rule whose resource type the program never creates would hold vacuously.
            for (const r of storageRules)
                assert.ok(
                    run.resources.some((resource) => resource.type === r.resourceType),
                    `${r.id}: no ${r.resourceType}`,
                );
            assert.deepEqual(platformRuleViolations(run, storageRules), []);
        });
    }
});
