// The offline plan cannot decrypt a stack file's encrypted values. For the lists whose checks refuse
// free text (API ranges, cluster administrators, AWS account IDs), an encrypted element or a list
// encrypted whole gets a placeholder of the shape those checks require (harness/stack-config.ts), so
// the plan of a stack that keeps these lists secret goes on, and says it used placeholders.
// Encrypted form in a stack file: a map whose one key is "secure" (pulumi/pulumi
// sdk/go/common/resource/config/object.go, isSecureValue).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { loadStackConfig, projectRoot } from "../harness/stack-config";
import { renderPlan } from "../harness/plan";
import { llmApiKey, validStackRun } from "./support/runs";

const encrypted = { secure: "v1:b2ZmbGluZS1jaXBoZXJ0ZXh0" };

/** The committed production stack on `cloud`, with the operator's names and `extra` settings. */
function productionFile(cloud: string, extra: Record<string, unknown>): string {
    const committed = yaml.load(fs.readFileSync(path.join(projectRoot, "Pulumi.production.yaml"), "utf8")) as { config: Record<string, unknown> };
    return yaml.dump({
        config: {
            ...committed.config,
            "atlasia:cloud": cloud,
            "atlasia:domain": "atlasia.cloud-ops.net",
            "atlasia:acmeEmail": "platform@cloud-ops.net",
            ...extra,
        },
    });
}

describe("offline plan: encrypted access lists get placeholders their checks accept", function () {
    this.timeout(60000);
    const directories: string[] = [];

    /** A directory holding Pulumi.production.yaml with the given content. */
    function stackDirectory(content: string): string {
        const directory = fs.mkdtempSync(path.join(os.tmpdir(), "atlasia-encrypted-lists-"));
        directories.push(directory);
        fs.writeFileSync(path.join(directory, "Pulumi.production.yaml"), content);
        return directory;
    }
    after(() => directories.forEach((directory) => fs.rmSync(directory, { recursive: true, force: true })));

    it("aws: ranges encrypted whole, one encrypted administrator and account ID: planned, with placeholders of the right shape", async () => {
        const directory = stackDirectory(
            productionFile("aws", {
                "atlasia:apiAuthorizedCidrs": encrypted,
                "atlasia:clusterAdmins": ["arn:aws:iam::123456789012:role/platform-deployer", encrypted],
                "aws:allowedAccountIds": [encrypted],
            }),
        );
        const config = loadStackConfig("production", { stackDirectory: directory });
        assert.deepEqual(JSON.parse(config.values["atlasia:apiAuthorizedCidrs"]), ["100.64.0.0/16"]);
        assert.deepEqual(JSON.parse(config.values["atlasia:clusterAdmins"]), [
            "arn:aws:iam::123456789012:role/platform-deployer",
            // The mocked caller's account (harness/mocks.ts); the index keeps two placeholders apart.
            "arn:aws:iam::123456789012:role/offline-placeholder-1",
        ]);
        assert.deepEqual(JSON.parse(config.values["aws:allowedAccountIds"]), ["123456789012"]);
        for (const key of ["atlasia:apiAuthorizedCidrs", "atlasia:clusterAdmins", "aws:allowedAccountIds"]) {
            assert.ok(config.secretKeys.includes(key) && config.placeholders.includes(key), key);
        }

        const run = await validStackRun({ stack: "production", stackDirectory: directory, secrets: { llmApiKey } });
        const summary = renderPlan(run)["summary.md"];
        assert.match(summary, /- Kubernetes API of \S+: the stack's secret ranges\n/);
        assert.match(summary, /atlasia:clusterAdmins \(not readable offline: planned with a placeholder\)/);
    });

    it("azure: an encrypted administrator becomes an Entra ID object ID, which the azure checks accept", async () => {
        const directory = stackDirectory(productionFile("azure", { "atlasia:clusterAdmins": [encrypted] }));
        const config = loadStackConfig("production", { stackDirectory: directory });
        assert.deepEqual(JSON.parse(config.values["atlasia:clusterAdmins"]), ["00000000-0000-4000-8000-000000000000"]);
        const run = await validStackRun({ stack: "production", stackDirectory: directory, secrets: { llmApiKey } });
        assert.equal(run.resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment" && r.name.startsWith("atlasia-prod-admin-")).length, 1);
    });

    it("the cloud set by an override decides the administrator's shape", () => {
        const directory = stackDirectory(productionFile("aws", { "atlasia:clusterAdmins": [encrypted] }));
        const config = loadStackConfig("production", { stackDirectory: directory, set: { cloud: "azure" } });
        assert.deepEqual(JSON.parse(config.values["atlasia:clusterAdmins"]), ["00000000-0000-4000-8000-000000000000"]);
    });

    for (const cloud of ["aws", "azure"]) {
        it(`${cloud}: two encrypted administrators get two placeholders, so the plan reports no duplicate (its fix would drop a real one)`, async () => {
            const directory = stackDirectory(
                productionFile(cloud, { "atlasia:clusterAdmins": [encrypted, encrypted], "atlasia:apiAuthorizedCidrs": [encrypted, encrypted] }),
            );
            const config = loadStackConfig("production", { stackDirectory: directory });
            const admins = JSON.parse(config.values["atlasia:clusterAdmins"]) as string[];
            assert.equal(new Set(admins).size, 2, admins.join(", "));
            assert.equal(new Set(JSON.parse(config.values["atlasia:apiAuthorizedCidrs"]) as string[]).size, 2);
            await validStackRun({ stack: "production", stackDirectory: directory, secrets: { llmApiKey } });
        });
    }

    it("another encrypted list element keeps the free-text placeholder", () => {
        const directory = stackDirectory(productionFile("gcp", { "gcp:scopes": [encrypted] }));
        const config = loadStackConfig("production", { stackDirectory: directory });
        assert.deepEqual(JSON.parse(config.values["gcp:scopes"]), ["offline-placeholder-scopes[0]-0123456789abcdef"]);
    });
});
