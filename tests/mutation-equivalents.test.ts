// `--retest-static-survivors` keeps the verdict of the survivors mutation/equivalent.md lists
// (tools/mutation-equivalents.ts): its rows name their places as `file:line`, more lines of the same
// file as `:line`, and notes in parentheses.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { listedEquivalentLines } from "../tools/mutation-equivalents";
import { archivedReports } from "../tools/mutation-archive";
import { forgetStaticSurvivors, MutationReport, ReportMutant } from "../tools/mutation-static";

const asObject = (listed: Map<string, Set<number>>) => Object.fromEntries([...listed].map(([file, lines]) => [file, [...lines].sort((a, b) => a - b)]));

describe("mutation testing: the reviewed equivalents keep their verdict (tools/mutation-equivalents.ts)", () => {
    it("reads each row's files and lines, a bare `:N` belonging to the last file named, notes left out", () => {
        const markdown = [
            "| file:line | mutant | why |",
            "| --- | --- | --- |",
            "| config/azure.ts:172, :176 (`auxiliaryTenantIds`) | `list ?? []` | unreachable |",
            "| config/aws.ts:242, config/gcp.ts:93 (settings of a cloud not chosen, `a ? b :1`) | x | y |",
            "| config/azure.ts:198 (`readMaintenanceWindow`) | x | y |",
            "Prose with config/load.ts:76 outside the table.",
        ].join("\n");
        assert.deepEqual(asObject(listedEquivalentLines(markdown)), {
            "config/azure.ts": [172, 176, 198],
            "config/aws.ts": [242],
            "config/gcp.ts": [93],
        });
    });

    it("the project's own list is read: every row names at least one place, in a file that exists", () => {
        const markdown = fs.readFileSync(path.join(__dirname, "..", "mutation", "equivalent.md"), "utf8");
        const rows = markdown.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| file:line") && !line.startsWith("| ---"));
        for (const row of rows) assert.notEqual(listedEquivalentLines(row).size, 0, `no file:line in ${row.slice(0, 80)}`);
        const missing = [...listedEquivalentLines(markdown).keys()].filter((file) => !fs.existsSync(path.join(__dirname, "..", file)));
        assert.deepEqual(missing, [], "files listed in mutation/equivalent.md that do not exist");
    });

    it("a surviving static mutant on a listed line is kept; one on another line is dropped for re-testing", () => {
        const survivor = (line: number): ReportMutant => ({
            mutatorName: "StringLiteral",
            replacement: '""',
            status: "Survived",
            static: true,
            location: { start: { line, column: 1 }, end: { line, column: 5 } },
        });
        const report: MutationReport = {
            files: { "config/azure.ts": { mutants: [survivor(77), survivor(78)] }, "config/aws.ts": { mutants: [survivor(77)] } },
        };
        assert.equal(forgetStaticSurvivors(report, new Map([["config/azure.ts", new Set([77])]])), 2);
        assert.deepEqual(Object.fromEntries(Object.entries(report.files).map(([file, { mutants }]) => [file, mutants.map((m) => m.location.start.line)])), {
            "config/azure.ts": [77],
            "config/aws.ts": [],
        });
    });

    it("each listed line of a file measured as it is now holds a survivor there: the list has not drifted from the code", function () {
        // Lines move when code above them changes; a stale line would keep the wrong mutant's verdict.
        // Under Stryker the program's files are instrumented copies, which match no report: this runs in `npm test`.
        if ((globalThis as { __stryker__?: unknown }).__stryker__) this.skip();
        const root = path.join(__dirname, "..");
        const listed = listedEquivalentLines(fs.readFileSync(path.join(root, "mutation", "equivalent.md"), "utf8"));
        const survivorLines = new Map<string, Set<number>>();
        for (const report of archivedReports(root)) {
            for (const [file, { mutants, source }] of Object.entries(report.files)) {
                if (source !== fs.readFileSync(path.join(root, file), "utf8")) continue;
                const lines = mutants.filter((m) => m.status === "Survived" || m.status === "NoCoverage").map((m) => m.location.start.line);
                survivorLines.set(file, new Set(lines));
            }
        }
        const drifted = [...listed].flatMap(([file, lines]) =>
            survivorLines.has(file) ? [...lines].filter((line) => !survivorLines.get(file)!.has(line)).map((line) => `${file}:${line}`) : [],
        );
        assert.ok(survivorLines.size > 0, "no archived report matches the code: nothing was checked");
        assert.deepEqual(drifted, []);
    });
});
