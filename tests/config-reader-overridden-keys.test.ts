// ConfigReader.isOverridden (config/reader.ts): a key counts as the stack's own choice only when it is
// set to something other than its declared default. The CLI hands the program Pulumi.yaml's defaults
// as if the stack set them (project-level config: https://www.pulumi.com/docs/reference/pulumi-yaml/), so
// a value equal to the default is no choice; a key left unset, with or without a default, is none either.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { offlineMocks } from "../harness/mocks";
import { projectName } from "../config/keys";
import { ConfigReader } from "../config/reader";

/** A reader of exactly these atlasia values: no Pulumi.yaml default filled in. */
async function readerOf(values: Record<string, string>): Promise<ConfigReader> {
    await pulumi.runtime.setMocks(offlineMocks, projectName, "dev", false);
    pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(values).map(([key, value]) => [`${projectName}:${key}`, value])), []);
    return new ConfigReader("dev");
}

describe("ConfigReader.isOverridden", () => {
    it("is false for keys left unset, whether they declare a default (0, false, []) or not", async () => {
        const read = await readerOf({});
        assert.equal(read.isOverridden("orchestratorHpaMinReplicas"), false);
        assert.equal(read.isOverridden("clusterAdminIncludeDeployer"), false);
        assert.equal(read.isOverridden("clusterAdmins"), false);
        assert.equal(read.isOverridden("llmApiKey"), false);
    });

    it("is false for a value equal to the declared default, and true for any other", async () => {
        const read = await readerOf({ orchestratorHpaMinReplicas: "0", clusterAdmins: "[]", orchestratorReplicas: "3" });
        assert.equal(read.isOverridden("orchestratorHpaMinReplicas"), false);
        assert.equal(read.isOverridden("clusterAdmins"), false);
        assert.equal(read.isOverridden("orchestratorReplicas"), true);
    });
});
