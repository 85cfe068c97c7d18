// What the LocalCluster component leaves in the stack: the kubeconfig output holds the configured
// context's contents or nothing (never a made-up kubeconfig), and the component keeps its context in
// its state (`pulumi stack export`).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runProgram } from "../harness/run";
import { llmApiKey } from "./support/runs";

describe("local cluster component", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "atlasia-local-component-"));
    const absent = path.join(dir, "no-such-kubeconfig");

    it("outputs an empty, secret kubeconfig when no file holds the context, and records its context", async () => {
        const run = await runProgram({ stack: "dev", set: { localKubeconfig: absent, localContext: "kind-other" }, secrets: { llmApiKey } });
        assert.equal(run.error, undefined);
        assert.deepEqual(run.outputs.kubeconfig, { value: "", secret: true });
        const components = run.resources.filter((r) => r.type === "atlasia:cluster:LocalCluster" && !r.custom);
        assert.equal(components.length, 1);
        assert.deepEqual(run.componentOutputs[components[0].urn], { context: "kind-other" });
    });
});
