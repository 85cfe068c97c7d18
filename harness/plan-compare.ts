// Compares two offline plans file by file: which objects appear, disappear or change, and the
// lines that changed, so a review reads what a configuration or code change does to the stack.
import * as fs from "fs";
import * as path from "path";

/** Files that describe the plan itself rather than the stack, never compared. */
const notCompared = new Set(["summary.md", "changes.md", ".atlasia-plan"]);

export interface FileChange {
    file: string;
    removed: string[];
    added: string[];
}

export interface PlanChanges {
    added: string[];
    removed: string[];
    changed: FileChange[];
}

/** Every file of a plan folder, by path relative to it. */
export function readPlanFolder(dir: string): Record<string, string> {
    const files: Record<string, string> = {};
    const walk = (relative: string) => {
        for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
            const file = relative ? `${relative}/${entry.name}` : entry.name;
            if (entry.isDirectory()) walk(file);
            else files[file] = fs.readFileSync(path.join(dir, file), "utf8");
        }
    };
    walk("");
    return files;
}

/** Lines of `a` not matched in `b`, counting repeats (a multiset difference keeps it order-free). */
function missingLines(a: string[], b: string[]): string[] {
    const counts = new Map<string, number>();
    for (const line of b) counts.set(line, (counts.get(line) ?? 0) + 1);
    return a.filter((line) => {
        const left = counts.get(line) ?? 0;
        if (left > 0) counts.set(line, left - 1);
        return left === 0;
    });
}

export function comparePlans(earlier: Record<string, string>, current: Record<string, string>): PlanChanges {
    const compared = (files: Record<string, string>) =>
        Object.keys(files)
            .filter((file) => !notCompared.has(file))
            .sort();
    const before = compared(earlier);
    const after = compared(current);
    const changed = after
        .filter((file) => file in earlier && earlier[file] !== current[file])
        .map((file) => {
            const old = earlier[file].split("\n");
            const now = current[file].split("\n");
            return { file, removed: missingLines(old, now), added: missingLines(now, old) };
        });
    return { added: after.filter((file) => !(file in earlier)), removed: before.filter((file) => !(file in current)), changed };
}

/** Markdown for changes.md; long files are cut so the summary stays readable. */
export function renderChanges(changes: PlanChanges, earlierDir: string, maxLines = 40): string {
    const { added, removed, changed } = changes;
    if (added.length + removed.length + changed.length === 0) return `# Changes since ${earlierDir}\n\nNone: the same plan.\n`;
    const lines = (prefix: string, list: string[]) => [
        ...list.slice(0, maxLines).map((line) => `${prefix} ${line}`),
        ...(list.length > maxLines ? [`${prefix} ... ${list.length - maxLines} more lines`] : []),
    ];
    return [
        `# Changes since ${earlierDir}`,
        "",
        `${added.length} added, ${removed.length} removed, ${changed.length} changed.`,
        "",
        ...(added.length > 0 ? ["## Added", "", ...added.map((f) => `- ${f}`), ""] : []),
        ...(removed.length > 0 ? ["## Removed", "", ...removed.map((f) => `- ${f}`), ""] : []),
        ...(changed.length > 0
            ? ["## Changed", "", ...changed.flatMap((c) => [`### ${c.file}`, "", "```diff", ...lines("-", c.removed), ...lines("+", c.added), "```", ""])]
            : []),
    ].join("\n");
}
