// The README's configuration reference is the page a user reads before `pulumi config set`: it lists
// exactly the keys of config/keys.ts, in its order, with the same type, default and description, and
// says which secrets are required, generated when not set, or optional.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ConfigKey, configKeys } from "../config/keys";

const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");

/** The rows of the table under "## Configuration reference": key (without `atlasia:`), type, default, description. */
function referenceRows(): string[][] {
    const section = readme.slice(readme.indexOf("## Configuration reference"));
    const table = section.slice(section.indexOf("| key | type | default | description |"));
    return table
        .split("\n")
        .slice(2)
        .filter((line, i, lines) => line.startsWith("|") && lines.slice(0, i).every((l) => l.startsWith("|")))
        .map((line) =>
            line
                .slice(1, -1)
                .split(" | ")
                .map((cell) => cell.trim()),
        );
}

/** What the default column says: the default as JSON, or the kind of secret. */
function defaultCell(spec: ConfigKey): string {
    if (spec.secret !== true) return JSON.stringify(spec.default);
    if (spec.required === true) return "**required secret**";
    return /Generated when not set\./.test(spec.description) ? "secret, generated" : "secret, optional";
}

describe("README configuration reference", () => {
    it("lists every key of config/keys.ts, in its order, with its type, default (or kind of secret) and description", () => {
        const rows = referenceRows();
        const specs: [string, ConfigKey][] = Object.entries(configKeys);
        assert.deepEqual(
            rows.map(([key]) => key),
            specs.map(([key]) => `\`atlasia:${key}\``),
        );
        for (const [[, type, defaultValue, description], [key, spec]] of rows.map((row, i) => [row, specs[i]] as const)) {
            assert.deepEqual({ type, defaultValue, description }, { type: spec.type, defaultValue: defaultCell(spec), description: spec.description }, key);
        }
    });

    it("names one secret required, and marks the secrets the program does not generate as optional", () => {
        // Independent of the table: the program reads llmApiKey as required, and vaultToken and imagePullSecret
        // only when set (config/load.ts); every other secret is generated.
        const cells = Object.fromEntries(referenceRows().map(([key, , defaultValue]) => [key, defaultValue]));
        const secrets = Object.entries(cells).filter(([, cell]) => cell.includes("secret"));
        assert.deepEqual(
            secrets.filter(([, cell]) => cell !== "secret, generated"),
            [
                ["`atlasia:llmApiKey`", "**required secret**"],
                ["`atlasia:vaultToken`", "secret, optional"],
                ["`atlasia:imagePullSecret`", "secret, optional"],
            ],
        );
    });
});
