// Which test files run first for a --mutate selection. Stryker runs a mutant's covering tests in
// mocha's file order and stops at the first failure, and nearly every test runs the whole program,
// so it covers nearly every mutant: in alphabetical order a killed workloads/ mutant waited behind a
// median of 600 passing tests, a clusters/eks/ one behind 177 (reports/incremental/, testsCompleted).
// The test files written for the mutated code go first instead, found by the words of their names:
// a file's words are its name's, or its sub-folder's (clusters/eks/access.ts gives "eks"), singular,
// so workloads/network-policies.ts picks tests/network-policy.test.ts and tests/eks-network.test.ts.
import * as path from "path";

/** The top folders name layers, not subjects: every test file would match them. */
const layerWords = new Set(["cluster", "workload", "config", "index"]);

function singular(word: string): string {
    if (word.endsWith("ies")) return `${word.slice(0, -3)}y`;
    return word.length > 4 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word;
}

function words(name: string): string[] {
    return name
        .split(/[-_.]/)
        .map((word) => singular(word.toLowerCase()))
        .filter((word) => word.length > 2 && !layerWords.has(word));
}

/** The subject words of source files: a sub-folder's name below the layer (its tests are named after it), else the file's. */
export function subjectWords(sourceFiles: string[]): Set<string> {
    return new Set(
        sourceFiles.flatMap((file) => {
            const [, ...folders] = path.posix.dirname(file).split("/");
            return folders.length > 0 ? folders.flatMap(words) : words(path.posix.basename(file, ".ts"));
        }),
    );
}

/** The project files a test file imports by relative path (`from "../config/keys"`), as `config/keys.ts`. */
export function relativeImports(testFile: string, text: string): string[] {
    return [...text.matchAll(/\bfrom\s+"(\.{1,2}\/[^"]+)"/g)].map(([, specifier]) => `${path.posix.join(path.posix.dirname(testFile), specifier)}.ts`);
}

/**
 * The test files (paths as given) to run first for the source files, in their order: those that share
 * a subject word with them, then those that import one of them directly. A static mutant runs the
 * whole suite until its first failure: config/keys.ts's table is checked against Pulumi.yaml by
 * tests/project-files.test.ts, which no name picks and which ran after half the suite.
 */
export function testsFirst(sourceFiles: string[], testFiles: string[], readTest: (file: string) => string = () => ""): string[] {
    const subjects = subjectWords(sourceFiles);
    const sources = new Set(sourceFiles);
    const named = testFiles.filter((test) => words(path.posix.basename(test, ".test.ts")).some((word) => subjects.has(word)));
    const importers = testFiles.filter((test) => !named.includes(test) && relativeImports(test, readTest(test)).some((file) => sources.has(file)));
    return [...named, ...importers];
}
