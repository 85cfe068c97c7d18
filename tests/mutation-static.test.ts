// `npm run mutate -- --static` (tools/mutation-static.ts): the static mutants a runtime run skipped are
// selected by their exact locations, and their results replace the skipped ones in the scores.
// Locations: the report's lines and columns are 1-based (mutation-testing-report-schema, Position);
// Stryker's `file:line:column-line:column` mutate ranges take 1-based lines and 0-based columns
// (stryker-js core src/fs/project-reader.ts, filterMutatePattern: `line: parseInt(startLine) - 1`,
// `column: parseInt(startColumn)`), and include a mutant whose location lies within the range
// (instrumenter src/util/syntax-helpers.ts, locationIncluded).
import { strict as assert } from "assert";
import {
    changedSince,
    forgetStaticSurvivors,
    MutationReport,
    ReportMutant,
    skippedStatic,
    staleStaticFiles,
    staticMutantRanges,
    staticReportFile,
    testsChangedSince,
    withStaticResults,
} from "../tools/mutation-static";

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

    describe("code or tests changed between runs", () => {
        const keysV1 = 'export const version = "1.31";\n';
        const keysV2 = 'export const version = "1.32";\n';
        const versionLiteral = skipped(at(1, 25, 1, 31));
        const runtimeOn = (source: string): MutationReport => ({ files: { "config/keys.ts": { source, mutants: [versionLiteral] } } });
        const killedOn = (source: string): MutationReport => ({ files: { "config/keys.ts": { source, mutants: [{ ...versionLiteral, status: "Killed" }] } } });

        it("a static result whose file's code changed since is not merged, though the mutant's place, mutator and replacement are the same", () => {
            // "1.31" made "1.32": the same StringLiteral mutant at the same place, on other code.
            assert.deepEqual(staleStaticFiles(runtimeOn(keysV2), killedOn(keysV1)), ["config/keys.ts"]);
            assert.equal(withStaticResults(runtimeOn(keysV2), killedOn(keysV1)).files["config/keys.ts"].mutants[0].status, "Ignored");
            assert.deepEqual(staleStaticFiles(runtimeOn(keysV1), killedOn(keysV1)), []);
            assert.equal(withStaticResults(runtimeOn(keysV1), killedOn(keysV1)).files["config/keys.ts"].mutants[0].status, "Killed");
        });

        it("a static run starts only from a runtime report of the code on disk", () => {
            const disk = (files: Record<string, string>) => (file: string) => files[file];
            assert.deepEqual(changedSince(runtimeOn(keysV1), disk({ "config/keys.ts": keysV1 })), []);
            assert.deepEqual(changedSince(runtimeOn(keysV1), disk({ "config/keys.ts": keysV2 })), ["config/keys.ts"]);
            assert.deepEqual(changedSince(runtimeOn(keysV1), disk({})), ["config/keys.ts"], "a file deleted since");
        });

        it("any test file changed, added or removed since a static run makes the next one start afresh", () => {
            const staticRun: MutationReport = { files: {}, testFiles: { "tests/a.test.ts": { source: "a" }, "tests/b.test.ts": { source: "b" } } };
            const disk = (files: Record<string, string>) => (file: string) => files[file];
            assert.equal(testsChangedSince(staticRun, ["tests/a.test.ts", "tests/b.test.ts"], disk({ "tests/a.test.ts": "a", "tests/b.test.ts": "b" })), false);
            assert.equal(testsChangedSince(staticRun, ["tests/a.test.ts", "tests/b.test.ts"], disk({ "tests/a.test.ts": "a", "tests/b.test.ts": "b2" })), true);
            assert.equal(testsChangedSince(staticRun, ["tests/a.test.ts"], disk({ "tests/a.test.ts": "a" })), true, "removed");
            const withNew = ["tests/a.test.ts", "tests/b.test.ts", "tests/c.test.ts"];
            assert.equal(
                testsChangedSince(staticRun, withNew, disk({ "tests/a.test.ts": "a", "tests/b.test.ts": "b", "tests/c.test.ts": "c" })),
                true,
                "added",
            );
        });
    });

    it("forgets only surviving static mutants, so that the next run tests them against the new tests", () => {
        const report: MutationReport = {
            files: {
                "config/aws.ts": {
                    mutants: [
                        { ...skipped(at(42, 19, 42, 30)), status: "Survived" },
                        { ...skipped(at(43, 1, 43, 5)), status: "Killed" },
                        { ...skipped(at(44, 1, 44, 5)), static: false, status: "Survived" },
                        skipped(at(45, 1, 45, 5)),
                    ],
                },
                "config/azure.ts": { mutants: [{ ...skipped(at(1, 1, 1, 2)), status: "Survived" }] },
            },
        };
        assert.equal(forgetStaticSurvivors(report), 2);
        assert.deepEqual(
            Object.fromEntries(Object.entries(report.files).map(([file, { mutants }]) => [file, mutants.map((m) => `${m.location.start.line} ${m.status}`)])),
            { "config/aws.ts": ["43 Killed", "44 Survived", "45 Ignored"], "config/azure.ts": [] },
        );
    });

    it("a selection's static results live beside its runtime incremental file", () => {
        assert.equal(staticReportFile("reports/incremental/clusters_eks_.ts.json"), "reports/incremental/clusters_eks_.ts.static.json");
    });
});
