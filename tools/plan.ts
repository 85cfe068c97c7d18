// npm run plan -- --stack production [--set key=value ...] [--secret key=value ...] [--out dir]
// Runs the whole program offline (no credentials, no Pulumi CLI) and writes a readable plan.
import * as fs from "fs";
import * as path from "path";
import { renderPlan } from "../harness/plan";
import { runProgram } from "../harness/run";
import { projectRoot } from "../harness/stack-config";

interface PlanArgs {
    stack: string;
    set: Record<string, string>;
    secrets: Record<string, string>;
    out?: string;
}

const usage = "usage: npm run plan -- --stack <dev|staging|production> [--set key=value ...] [--secret key=value ...] [--out dir]";

function parseArgs(argv: string[]): PlanArgs {
    const args: PlanArgs = { stack: "dev", set: {}, secrets: {} };
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        const value = argv[++i];
        if (value === undefined) throw new Error(`${flag} needs a value\n${usage}`);
        if (flag === "--stack") args.stack = value;
        else if (flag === "--out") args.out = value;
        else if (flag === "--set" || flag === "--secret") {
            const at = value.indexOf("=");
            if (at <= 0) throw new Error(`${flag} takes key=value, got "${value}"\n${usage}`);
            (flag === "--set" ? args.set : args.secrets)[value.slice(0, at)] = value.slice(at + 1);
        } else {
            throw new Error(`unknown argument ${flag}\n${usage}`);
        }
    }
    return args;
}

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2));
    const run = await runProgram({ stack: args.stack, set: args.set, secrets: args.secrets, fillRequiredSecrets: true });
    if (run.error) {
        console.error(run.error.message);
        process.exitCode = 1;
        return;
    }
    const out = path.resolve(args.out ?? path.join(projectRoot, "plan", args.stack));
    fs.rmSync(out, { recursive: true, force: true });
    const files = renderPlan(run);
    for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
        fs.writeFileSync(path.join(out, file), content);
    }
    for (const warning of run.warnings) console.warn(`warning: ${warning}`);
    console.log(`${run.resources.length} resources, ${Object.keys(files).length} files in ${path.relative(process.cwd(), out) || "."}`);
    console.log(`read ${path.relative(process.cwd(), path.join(out, "summary.md"))} first`);
}

main().catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
});
