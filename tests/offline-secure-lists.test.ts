// The offline plan reads Pulumi.<stack>.yaml itself (harness/stack-config.ts) and must read it as the
// CLI does: an encrypted value is a map whose one key is "secure" (isSecureValue), and a key is secret
// when any part of it is, such as one element of a list (object.Secure), both in pulumi/pulumi
// sdk/go/common/resource/config/object.go. Nothing encrypted can be decrypted offline: each encrypted
// part becomes a placeholder, as an encrypted scalar does, and the key is listed as planned with one.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { loadStackConfig, projectRoot } from "../harness/stack-config";
import { llmApiKey, validStackRun } from "./support/runs";

const userinfo = "https://www.googleapis.com/auth/userinfo.email";

/** The committed staging stack (GKE) with encrypted parts inside a list and inside a list's object. */
function stagingWithSecureParts(): Record<string, unknown> {
    const committed = yaml.load(fs.readFileSync(path.join(projectRoot, "Pulumi.staging.yaml"), "utf8")) as { config: Record<string, unknown> };
    return {
        config: {
            ...committed.config,
            "atlasia:domain": "staging.atlasia.cloud-ops.net",
            "atlasia:acmeEmail": "platform@cloud-ops.net",
            "gcp:scopes": [{ secure: "v1:c2NvcGUtY2lwaGVydGV4dA==" }, userinfo],
            "aws:assumeRoles": [{ roleArn: "arn:aws:iam::123456789012:role/deployer", externalId: { secure: "v1:ZXh0LWlk" } }],
            // Not the encrypted form (two keys): a plain map, as the CLI reads it.
            "aws:ignoreTags": { secure: "not-encrypted", keys: ["team"] },
        },
    };
}

describe("offline plan: encrypted parts of a list or object in the stack file", function () {
    this.timeout(60000);
    let directory: string;

    before(() => {
        directory = fs.mkdtempSync(path.join(os.tmpdir(), "atlasia-secure-lists-"));
        fs.writeFileSync(path.join(directory, "Pulumi.staging.yaml"), yaml.dump(stagingWithSecureParts()));
    });
    after(() => fs.rmSync(directory, { recursive: true, force: true }));

    it("a list with one encrypted element is a secret key, that element a placeholder, the others as written", () => {
        const config = loadStackConfig("staging", { stackDirectory: directory });
        assert.ok(config.secretKeys.includes("gcp:scopes"));
        assert.ok(config.placeholders.includes("gcp:scopes"));
        assert.deepEqual(JSON.parse(config.values["gcp:scopes"]), ["offline-placeholder-scopes[0]-0123456789abcdef", userinfo]);
    });

    it("an encrypted property inside a list's object makes the key secret, the property a placeholder", () => {
        const config = loadStackConfig("staging", { stackDirectory: directory });
        assert.ok(config.secretKeys.includes("aws:assumeRoles"));
        assert.deepEqual(JSON.parse(config.values["aws:assumeRoles"]), [
            { roleArn: "arn:aws:iam::123456789012:role/deployer", externalId: "offline-placeholder-assumeRoles[0].externalId-0123456789abcdef" },
        ]);
    });

    it("a map with a secure key among others is plain, as the CLI reads it", () => {
        const config = loadStackConfig("staging", { stackDirectory: directory });
        assert.ok(!config.secretKeys.includes("aws:ignoreTags"));
        assert.deepEqual(JSON.parse(config.values["aws:ignoreTags"]), { secure: "not-encrypted", keys: ["team"] });
    });

    it("the whole program plans it: gcp:scopes reaches the provider as a list, secret-marked, with no problem", async () => {
        const run = await validStackRun({ stack: "staging", stackDirectory: directory, secrets: { llmApiKey } });
        const provider = run.resources.find((r) => r.type === "pulumi:providers:gcp" && r.custom);
        assert.ok(provider, "the explicit gcp provider");
        // The generated provider resource sends a list input as JSON text (@pulumi/gcp provider.js).
        assert.deepEqual(JSON.parse(provider.inputs.scopes as string), ["offline-placeholder-scopes[0]-0123456789abcdef", userinfo]);
        assert.ok(provider.secretPaths.includes("scopes"), `scopes secret-marked (secretPaths ${JSON.stringify(provider.secretPaths)})`);
    });
});
