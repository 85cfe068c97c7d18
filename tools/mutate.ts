// `npm run mutate [-- <stryker options>]`: StrykerJS over the program (stryker.config.json), then the
// per-file and per-folder scores (tools/mutation-summary.ts). One file or folder at a time:
// `npm run mutate -- --mutate config/load.ts`; `-- --readme` also writes the scores into README.md.
// Stryker's incremental file holds only the files of its last run, so each --mutate selection keeps
// its own (reports/incremental/<selection>.json) and a subset never wipes another's results.
// stryker.config.json lists the focused test files first: Stryker stops at a mutant's first failing test, in
// file order, so a validation mutant dies in a config test before any whole-program run (mocha loads a file
// matched twice once).
import { spawnSync } from "child_process";
import * as path from "path";
import { printSummary } from "./mutation-summary";

const args = process.argv.slice(2);
const writeReadme = args.includes("--readme");
const strykerArgs = args.filter((a) => a !== "--readme");
const selection = strykerArgs[strykerArgs.indexOf("--mutate") + 1];
if (strykerArgs.includes("--mutate") && selection && !strykerArgs.includes("--incrementalFile")) {
    strykerArgs.push("--incrementalFile", `reports/incremental/${selection.replace(/[^A-Za-z0-9.-]+/g, "_")}.json`);
}
const stryker = path.join(path.dirname(require.resolve("@stryker-mutator/core/package.json")), "bin/stryker.js");
const run = spawnSync(process.execPath, [stryker, "run", ...strykerArgs], { stdio: "inherit", cwd: path.join(__dirname, "..") });
if (run.status !== 0) process.exit(run.status ?? 1);
printSummary(writeReadme);
