// Each key's example is the value its fix commands print when the operator's own value is not known
// (config/reader.ts `fix`): it must be a value the program accepts where the key applies, or, for
// a list only the operator can fill (their ranges, principals, zones), a <placeholder> the program
// refuses if it is run as printed.
import { strict as assert } from "assert";
import { ConfigKey, configKeys } from "../config/keys";
import { configProblems } from "./support/settings";
import { stackOptions, withConfig } from "./support/runs";

const stacks = [
    stackOptions("local", "development"),
    stackOptions("gcp", "production"),
    stackOptions("aws", "production"),
    stackOptions("azure", "production"),
];
/** Keys a placeholder example is judged with: the list applies only when its companion is set. */
const companions: Record<string, Record<string, string>> = { vaultCidrs: { vaultAddress: "https://vault.acme-corp.net:8200" } };

/** The messages of the problems a stack reports for `key` set to `value`. */
async function problemsOf(key: string, value: string): Promise<string[][]> {
    return Promise.all(
        stacks.map(async (stack) =>
            (await configProblems(withConfig(stack, { ...companions[key], [key]: value }))).filter((p) => p.key === `atlasia:${key}`).map((p) => p.fix),
        ),
    );
}

describe("config key examples", () => {
    const withExamples = (Object.entries(configKeys) as [string, ConfigKey][]).filter(([, spec]) => spec.example !== undefined);

    it("every key but the secrets has an example (the secrets' fixes prompt for the value instead)", () => {
        assert.deepEqual(
            (Object.entries(configKeys) as [string, ConfigKey][])
                .filter(([, spec]) => (spec.example === undefined) !== (spec.secret === true))
                .map(([key]) => key),
            [],
        );
    });

    for (const [key, spec] of withExamples) {
        const example = spec.example!;
        if (example.includes("<")) {
            it(`${key}: its placeholder example ${example} is refused if run as printed, and the fix asks for the operator's value again`, async () => {
                const fixes = (await problemsOf(key, example)).flat();
                assert.ok(fixes.length > 0, "no stack refuses the placeholder");
                for (const fix of fixes) assert.match(fix, /'[^']*<[^<>']+>[^']*'/, fix);
            });
        } else {
            it(`${key}: its example ${JSON.stringify(example)} is a value, accepted on a stack where the key applies`, async () => {
                assert.ok(example.trim().length > 0, "an empty example");
                const verdicts = await problemsOf(key, example);
                assert.ok(
                    verdicts.some((fixes) => fixes.length === 0),
                    `refused everywhere: ${verdicts.flat().join("; ")}`,
                );
            });
        }
    }
});
