// Where the offline plan writes: a folder it creates and marks as its own. A rerun replaces only a
// marked folder (or fills an empty one); any other existing path is refused, so `--out .` or
// `--out ~` can never delete what the plan did not write.
import * as fs from "fs";
import * as path from "path";

export const planMarker = ".atlasia-plan";

export class PlanFolderError extends Error {}

/** Fails unless `dir` is missing, empty, or a plan folder; returns what it holds now. */
export function checkPlanFolder(dir: string): string[] {
    const out = path.resolve(dir);
    if (!fs.existsSync(out)) return [];
    if (!fs.statSync(out).isDirectory()) throw new PlanFolderError(`refusing to write the plan to ${dir}: it is a file, not a folder.`);
    const entries = fs.readdirSync(out);
    if (entries.length > 0 && !entries.includes(planMarker)) {
        throw new PlanFolderError(
            `refusing to write the plan to ${dir}: the folder exists and was not written by npm run plan (no ${planMarker} file in it), ` +
                "so its contents are not ours to delete. Choose a new or empty folder with --out.",
        );
    }
    return entries;
}

/** Empties (or creates) `dir` for a new plan, after checking that the plan owns it. */
export function preparePlanFolder(dir: string): void {
    const out = path.resolve(dir);
    for (const entry of checkPlanFolder(out)) fs.rmSync(path.join(out, entry), { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, planMarker), "Written by `npm run plan`; the next plan into this folder replaces everything in it.\n");
}

/** Writes the plan's files into a prepared folder. */
export function writePlanFiles(dir: string, files: Record<string, string>): void {
    for (const [file, content] of Object.entries(files)) {
        const target = path.join(dir, file);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, content);
    }
}
