// mutation/equivalent.md lists the survivors reviewed as equivalent, each row starting with the
// places it covers: `config/azure.ts:172, :176 (…)` or `config/aws.ts:242, config/gcp.ts:93 (…)`.
// Re-testing those after new tests only costs time (a static mutant runs the whole suite, ~3 min), so
// `--retest-static-survivors` keeps their verdict (tools/mutate.ts); they still count as survived.

/** For each file, the lines mutation/equivalent.md lists; a `:N` without a file is in the last file named. */
export function listedEquivalentLines(markdown: string): Map<string, Set<number>> {
    const listed = new Map<string, Set<number>>();
    for (const row of markdown.split("\n").filter((line) => line.startsWith("| "))) {
        // The first cell, without its parenthesised notes (which may hold `a ? b : c`).
        const places = row.split("|")[1].replace(/\([^)]*\)/g, "");
        let file: string | undefined;
        for (const [, named, line] of places.matchAll(/([\w./-]+\.ts)?:(\d+)/g)) {
            file = named ?? file;
            if (!file) continue;
            if (!listed.has(file)) listed.set(file, new Set());
            listed.get(file)!.add(Number(line));
        }
    }
    return listed;
}
