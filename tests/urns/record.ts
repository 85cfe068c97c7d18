// Regenerates tests/urns/recorded.json from the current program: `npm run urns:record`.
// Run it only after checking that every URN that disappeared has an alias (tests/urns.test.ts).
import * as fs from "fs";
import * as path from "path";
import { engineUrns, recordedStacks, recordedUrnsFile } from "../support/urns";
import { validStackRun } from "../support/runs";

async function main(): Promise<void> {
    const recorded: Record<string, string[]> = {};
    for (const stack of recordedStacks) {
        const run = await validStackRun(stack.options);
        recorded[stack.label] = engineUrns(run).urns;
    }
    fs.writeFileSync(path.resolve(__dirname, "../..", recordedUrnsFile), `${JSON.stringify(recorded, null, 2)}\n`);
    console.log(`${recordedUrnsFile}: ${Object.values(recorded).reduce((n, urns) => n + urns.length, 0)} URNs in ${Object.keys(recorded).length} stacks`);
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
