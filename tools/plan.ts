// npm run plan -- --stack production [--set key=value ...] [--secret key=value ...] [--out dir] [--compare dir]
// Runs the whole program offline (no credentials, no Pulumi CLI) and writes a readable plan.
import * as fs from "fs";
import * as path from "path";
import { StackConfigError } from "../config/reader";
import { renderPlan } from "../harness/plan";
import { readPlanFolder } from "../harness/plan-compare";
import { checkPlanFolder, PlanFolderError, preparePlanFolder, writePlanFiles } from "../harness/plan-folder";
import { runProgram } from "../harness/run";
import { projectRoot } from "../harness/stack-config";

interface PlanArgs {
    stack: string;
    set: Record<string, string>;
    secrets: Record<string, string>;
    out?: string;
    compare?: string;
}

const usage = "usage: npm run plan -- --stack <dev|staging|production> [--set key=value ...] [--secret key=value ...] [--out dir] [--compare earlier-plan-dir]";

/** A mistake of the person running the plan: its message is the whole answer, no stack trace. */
class UsageError extends Error {}

function parseArgs(argv: string[]): PlanArgs {
    const args: PlanArgs = { stack: "dev", set: {}, secrets: {} };
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        const value = argv[++i];
        if (value === undefined) throw new UsageError(`${flag} needs a value\n${usage}`);
        if (flag === "--stack") args.stack = value;
        else if (flag === "--out") args.out = value;
        else if (flag === "--compare") args.compare = value;
        else if (flag === "--set" || flag === "--secret") {
            const at = value.indexOf("=");
            if (at <= 0) throw new UsageError(`${flag} takes key=value, got "${value}"\n${usage}`);
            (flag === "--set" ? args.set : args.secrets)[value.slice(0, at)] = value.slice(at + 1);
        } else {
            throw new UsageError(`unknown argument ${flag}\n${usage}`);
        }
    }
    return args;
}

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2));
    if (args.compare && !fs.existsSync(args.compare)) throw new UsageError(`--compare ${args.compare}: no such plan folder`);
    // Read before writing: --compare may name the folder this plan replaces.
    const earlier = args.compare ? { dir: args.compare, files: readPlanFolder(args.compare) } : undefined;
    const out = path.resolve(args.out ?? path.join(projectRoot, "plan", args.stack));
    checkPlanFolder(out);
    const run = await runProgram({ stack: args.stack, set: args.set, secrets: args.secrets, fillRequiredSecrets: true });
    if (run.error) throw run.error;
    const files = renderPlan(run, { overrides: { set: args.set, secretKeys: Object.keys(args.secrets) }, earlier });
    preparePlanFolder(out);
    writePlanFiles(out, files);
    for (const warning of run.warnings) console.warn(`warning: ${warning}`);
    console.log(`${run.resources.length} resources, ${Object.keys(files).length} files in ${path.relative(process.cwd(), out) || "."}`);
    console.log(`read ${path.relative(process.cwd(), path.join(out, "summary.md"))} first`);
}

const expected = (error: unknown): boolean => error instanceof StackConfigError || error instanceof PlanFolderError || error instanceof UsageError;

// The program's configuration error also rejects the stack's own output promises under the mocks;
// it has been reported once already, so it must not come back as Node's crash dump.
process.on("unhandledRejection", (reason) => {
    if (expected(reason)) return;
    throw reason;
});

main().catch((error: Error) => {
    console.error(expected(error) ? error.message : (error.stack ?? error.message));
    process.exitCode = 1;
});
