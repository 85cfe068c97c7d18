// npm run bench: prints how long the program takes to evaluate under mocks per stack (target
// < 2 s each), how long the whole `npm test` takes (target < 60 s on 2 cores) and peak memory.
// A benchmark, not a test: it prints numbers and fails nothing.
import { spawnSync } from "child_process";
import * as fs from "fs";
import { runValidProgram } from "../harness/run";
import { projectRoot } from "../harness/stack-config";
import { mockAzureObjectId } from "../harness/mocks";

const stacks: { label: string; stack: string; cloud?: string }[] = [
    { label: "local / dev", stack: "dev" },
    ...["gcp", "aws", "azure"].flatMap((cloud) => ["staging", "production"].map((stack) => ({ label: `${cloud} / ${stack}`, stack, cloud }))),
];

function mib(bytes: number): string {
    return `${(bytes / 1048576).toFixed(0)} MiB`;
}

async function main(): Promise<void> {
    const loadStart = process.hrtime.bigint();
    await runValidProgram({ stack: "dev", secrets: { llmApiKey: "bench" } }); // loads the SDKs once
    console.log(`first run (loads @pulumi/* SDKs): ${(Number(process.hrtime.bigint() - loadStart) / 1e6).toFixed(0)} ms`);

    console.log("\nprogram evaluation under mocks (median of 3, target < 2000 ms):");
    console.log("| stack | resources | ms |\n|---|---|---|");
    for (const { label, stack, cloud } of stacks) {
        const times: number[] = [];
        let resources = 0;
        for (let i = 0; i < 3; i++) {
            const start = process.hrtime.bigint();
            // AKS needs an administrator (local accounts are off): the mocks' deployer.
            const admins: Record<string, string> = cloud === "azure" ? { clusterAdmins: JSON.stringify([mockAzureObjectId]) } : {};
            const run = await runValidProgram({ stack, set: cloud ? { cloud, ...admins } : {}, secrets: { llmApiKey: "bench" } });
            times.push(Number(process.hrtime.bigint() - start) / 1e6);
            resources = run.resources.length;
        }
        times.sort((a, b) => a - b);
        console.log(`| ${label} | ${resources} | ${times[1].toFixed(0)} |`);
    }
    console.log(`\nbench process peak RSS: ${mib(process.resourceUsage().maxRSS * 1024)}`);

    if (process.argv.includes("--skip-test")) return;
    console.log("\nwhole `npm test` (type-check + mocha), target < 60 s:");
    const gnuTime = fs.existsSync("/usr/bin/time");
    const command = gnuTime ? (["/usr/bin/time", ["-f", "%e %M", "npm", "test", "--silent"]] as const) : (["npm", ["test", "--silent"]] as const);
    const start = Date.now();
    const result = spawnSync(command[0], [...command[1]], { cwd: projectRoot, encoding: "utf8" });
    const seconds = (Date.now() - start) / 1000;
    const summary = (result.stdout.match(/\d+ passing.*|\d+ failing.*/g) ?? []).join(", ");
    console.log(`npm test: ${seconds.toFixed(1)} s, exit ${result.status}, ${summary}`);
    if (gnuTime) {
        const [, peakKib] = result.stderr.trim().split("\n").pop()!.split(" ");
        console.log(`npm test peak RSS (largest process: tsc or mocha): ${mib(Number(peakKib) * 1024)}`);
    }
}

main().catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
});
