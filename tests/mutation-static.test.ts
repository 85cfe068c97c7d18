// `npm run mutate -- --static` (tools/mutation-static.ts): the static mutants a runtime run skipped are
// selected by their exact locations, and their results replace the skipped ones in the scores.
// Locations: the report's lines and columns are 1-based (mutation-testing-report-schema, Position);
// Stryker's `file:line:column-line:column` mutate ranges take 1-based lines and 0-based columns
// (stryker-js core src/fs/project-reader.ts, filterMutatePattern: `line: parseInt(startLine) - 1`,
// `column: parseInt(startColumn)`), and include a mutant whose location lies within the range
// (instrumenter src/util/syntax-helpers.ts, locationIncluded).
import { strict as assert } from "assert";
import { MutationReport, ReportMutant, skippedStatic, staticMutantRanges, staticReportFile, withStaticResults } from "../tools/mutation-static";

const at = (line: number, column: number, endLine: number, endColumn: number) => ({ start: { line, column }, end: { line: endLine, column: endColumn } });
const skipped = (location: ReportMutant["location"], mutatorName = "StringLiteral", replacement = '""'): ReportMutant => ({
    mutatorName,
    replacement,
    status: "Ignored",
    static: true,
    location,
});

describe("mutation testing: static mutants measured apart (tools/mutation-static.ts)", () => {
    it("selects each skipped static mutant by its exact location, once, in Stryker's range syntax", () => {
        const report: MutationReport = {
            files: {
                "config/keys.ts": {
                    mutants: [
                        skipped(at(3, 27, 3, 36)),
                        skipped(at(3, 27, 3, 36), "ConditionalExpression", "true"),
                        { ...skipped(at(5, 1, 9, 2), "ObjectLiteral", "{}"), status: "Killed" },
                        { mutatorName: "StringLiteral", replacement: '""', status: "Survived", static: false, location: at(12, 10, 12, 14) },
                        // Ignored for another reason (a `// Stryker disable` comment): not static, not selected.
                        { mutatorName: "StringLiteral", replacement: '""', status: "Ignored", static: false, location: at(14, 1, 14, 5) },
                    ],
                },
                "clusters/gke/names.ts": { mutants: [skipped(at(20, 5, 22, 1), "ArrayDeclaration", "[]")] },
            },
        };
        assert.deepEqual(staticMutantRanges(report), ["config/keys.ts:3:26-3:35", "clusters/gke/names.ts:20:4-22:0"]);
    });

    it("a selection without skipped static mutants selects nothing", () => {
        assert.deepEqual(staticMutantRanges({ files: { "config/cidr.ts": { mutants: [{ ...skipped(at(1, 1, 1, 2)), status: "Killed" }] } } }), []);
    });

    it("only a static mutant that a runtime run ignored is 'skipped'", () => {
        assert.equal(skippedStatic(skipped(at(1, 1, 1, 2))), true);
        assert.equal(skippedStatic({ ...skipped(at(1, 1, 1, 2)), status: "Survived" }), false);
        assert.equal(skippedStatic({ ...skipped(at(1, 1, 1, 2)), static: false }), false);
        assert.equal(skippedStatic({ ...skipped(at(1, 1, 1, 2)), static: undefined }), false);
    });

    describe("the scores merge both runs", () => {
        const runtime: MutationReport = {
            files: {
                "config/keys.ts": {
                    mutants: [
                        skipped(at(3, 27, 3, 36)),
                        skipped(at(3, 27, 3, 36), "ConditionalExpression", "true"),
                        skipped(at(4, 1, 4, 9)),
                        { mutatorName: "BlockStatement", replacement: "{}", status: "Survived", static: false, location: at(6, 20, 8, 2) },
                    ],
                },
            },
        };
        const staticRun: MutationReport = {
            files: {
                "config/keys.ts": {
                    mutants: [
                        { ...skipped(at(3, 27, 3, 36)), status: "Killed" },
                        { ...skipped(at(3, 27, 3, 36), "ConditionalExpression", "true"), status: "Survived" },
                        // A runtime mutant inside a static range, run again: the runtime run's result stands.
                        { mutatorName: "BlockStatement", replacement: "{}", status: "Killed", static: false, location: at(6, 20, 8, 2) },
                        // Another file, not in the runtime report: not added.
                        { ...skipped(at(1, 1, 1, 2)), status: "Killed" },
                    ],
                },
            },
        };
        const statuses = (report: MutationReport) => report.files["config/keys.ts"].mutants.map((m) => m.status);

        it("each skipped static mutant takes its static run's result, matched by place, mutator and replacement", () => {
            assert.deepEqual(statuses(withStaticResults(runtime, staticRun)), ["Killed", "Survived", "Ignored", "Survived"]);
            assert.deepEqual(Object.keys(withStaticResults(runtime, staticRun).files), ["config/keys.ts"]);
        });

        it("a mutant moved since (another line or column) is not matched: it stays skipped", () => {
            const moved: MutationReport = { files: { "config/keys.ts": { mutants: [{ ...skipped(at(3, 28, 3, 37)), status: "Killed" }] } } };
            assert.deepEqual(statuses(withStaticResults(runtime, moved)), ["Ignored", "Ignored", "Ignored", "Survived"]);
        });

        it("a static mutant the static run skipped too (or did not reach) stays skipped", () => {
            const notRun: MutationReport = { files: { "config/keys.ts": { mutants: [skipped(at(4, 1, 4, 9))] } } };
            assert.deepEqual(statuses(withStaticResults(runtime, notRun)), ["Ignored", "Ignored", "Ignored", "Survived"]);
        });

        it("without a static run the runtime report is the score", () => {
            assert.equal(withStaticResults(runtime, undefined), runtime);
        });
    });

    it("a selection's static results live beside its runtime incremental file", () => {
        assert.equal(staticReportFile("reports/incremental/clusters_eks_.ts.json"), "reports/incremental/clusters_eks_.ts.static.json");
    });
});
