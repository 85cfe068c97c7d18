// Item 14 of issue 12: a resource whose URN changes is, for the engine, a new resource plus a
// deleted one (create, AlreadyExists on the cluster, then a delete). Every URN recorded in
// tests/urns/recorded.json must still be answered for: by a resource with that URN, or by an alias
// (`aliases` option; children inherit their parent's). New resources may be added freely.
// After an intended change with aliases: `npm run urns:record` and commit the file.
// Sources: https://www.pulumi.com/docs/iac/concepts/options/aliases/ ; pulumi/pulumi
// sdk/nodejs/runtime/resource.ts (aliases sent as specs, parent aliases inherited by children).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { validStackRun } from "./support/runs";
import { engineUrns, recordedStacks, recordedUrnsFile } from "./support/urns";
import { runProgram } from "../harness/run";
import * as pulumi from "@pulumi/pulumi";

const recorded = JSON.parse(fs.readFileSync(path.resolve(__dirname, "..", recordedUrnsFile), "utf8")) as Record<string, string[]>;

describe("URNs: no resource changes its URN without an alias (issue 12 item 14)", () => {
    for (const stack of recordedStacks) {
        it(`${stack.label}: every recorded URN is still answered for`, async () => {
            const run = await validStackRun(stack.options);
            const { answered } = engineUrns(run);
            const lost = (recorded[stack.label] ?? []).filter((urn) => !answered.has(urn));
            assert.deepEqual(lost, [], `URNs changed without an alias (add \`aliases\`, then \`npm run urns:record\`):\n${lost.join("\n")}`);
        });
    }

    it("records every stack of the matrix", () => {
        assert.deepEqual(Object.keys(recorded).sort(), recordedStacks.map((s) => s.label).sort());
    });
});

describe("URNs: the alias check itself", () => {
    class Thing extends pulumi.CustomResource {
        constructor(name: string, opts: pulumi.CustomResourceOptions) {
            super("test:index:Thing", name, {}, opts);
        }
    }
    class Moved extends pulumi.ComponentResource {
        constructor(name: string, type: string, opts?: pulumi.ComponentResourceOptions) {
            super(type, name, {}, opts);
            new Thing(`child-of-${name}`, { parent: this });
        }
    }

    it("accepts a renamed component with an alias, for it and its children, and rejects one without", async () => {
        const program = () => {
            new Moved("renamed", "atlasia:test:New", { aliases: [{ name: "old", type: "atlasia:test:Old" }] });
            new Moved("unaliased", "atlasia:test:New");
            return {};
        };
        const run = await runProgram({ stack: "dev", secrets: { llmApiKey: "x" } }, program);
        const { answered } = engineUrns(run);
        assert.ok(answered.has("urn:pulumi:dev::atlasia::atlasia:test:Old::old"));
        assert.ok(answered.has("urn:pulumi:dev::atlasia::atlasia:test:Old$test:index:Thing::child-of-renamed"));
        assert.ok(answered.has("urn:pulumi:dev::atlasia::atlasia:test:New$test:index:Thing::child-of-renamed"));
        assert.ok(!answered.has("urn:pulumi:dev::atlasia::atlasia:test:Old::unaliased"));
        assert.ok(!answered.has("urn:pulumi:dev::atlasia::atlasia:test:Old$test:index:Thing::child-of-unaliased"));
    });
});
