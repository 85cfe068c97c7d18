// The random and time resources moved from default providers to the stack's explicit ones
// (clusters/utility-providers.ts). A replaced RandomPassword is a new password: a new database
// password, encryption key or JWT secret locks the application out of its data. `aliases` do not
// cover a change of provider (pulumi/pulumi#10897); what keeps the resources is the engine:
// - since Pulumi 3.151.0 a changed provider reference is a replacement only if the provider's
//   DiffConfig says so, for explicit providers too (pulumi/pulumi#18509, CHANGELOG 3.151.0; before,
//   moving to an explicit provider always replaced: pulumi/pulumi#18395, #8959);
// - random and time are bridged providers, whose DiffConfig replaces only when a setting marked
//   ForcesProviderReplace changes (pulumi/pulumi-terraform-bridge#1683): ours carry no settings;
// - the resources keep their URNs (same name, type and parent), so they are the same resources;
// - no older CLI runs the program: tests/pulumi-cli.test.ts.
// docs/operations.md says what the first `pulumi up` after the switch shows.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { projectRoot } from "../harness/stack-config";
import { engineUrns, recordedStacks, recordedUrnsFile } from "./support/urns";
import { validStackRun } from "./support/runs";

const recorded = JSON.parse(fs.readFileSync(path.join(projectRoot, recordedUrnsFile), "utf8")) as Record<string, string[]>;
const movedPackages = ["random", "time"];

describe("random and time resources survive the move to explicit providers", () => {
    for (const stack of recordedStacks) {
        it(`${stack.label}: the random and time providers carry no settings (nothing for DiffConfig to replace on)`, async () => {
            const run = await validStackRun(stack.options);
            const providers = run.resources.filter((r) => movedPackages.some((pkg) => r.type === `pulumi:providers:${pkg}`));
            assert.ok(
                providers.some((p) => p.type === "pulumi:providers:random"),
                "every stack generates passwords",
            );
            for (const provider of providers) assert.deepEqual(provider.inputs, {}, provider.urn);
        });

        it(`${stack.label}: every random and time resource keeps its recorded URN, without an alias`, async () => {
            const run = await validStackRun(stack.options);
            const { byMockUrn } = engineUrns(run);
            const moved = run.resources.filter((r) => r.custom && movedPackages.includes(r.type.split(":")[0]));
            assert.ok(moved.some((r) => r.type === "random:index/randomPassword:RandomPassword"));
            for (const r of moved) {
                const urn = byMockUrn.get(r.urn)!;
                assert.ok(recorded[stack.label].includes(urn), `${urn} is not in ${recordedUrnsFile}`);
                assert.deepEqual(r.aliases, [], r.urn);
            }
        });
    }
});
