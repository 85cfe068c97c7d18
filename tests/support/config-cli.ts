// Fix commands run the way an operator runs them: pasted into bash, their arguments read the way the
// Pulumi CLI reads them, and applied to a stand-in for the stack file. The CLI's behaviour here was
// checked by hand against the CLI 3.274.1 built from source (a local file backend):
//   flags are read anywhere before `--` (cobra/pflag); any other word starting with "-" ("-x", "-5",
//   "--x", "- x") is refused as an unknown flag, and `--` makes every later word an operand ("-" alone
//   is an operand anyway);
//   set --path 'k[i]' v  overwrites element i, appends when i is the length, fails beyond it;
//   rm --path 'k[i]'     splices element i out (the later ones move up), and does nothing out of range
//   (sdk/go/common/resource/config/map.go Map.Set/Map.Remove, object.go object.Set/Delete);
//   rm k / set k v       removes the key / stores v as a string, JSON text too: `set k '["a","b"]'`
//   stores a list as one string, which has no elements for --path: `rm --path 'k[i]'` leaves it as it is
//   (exit 0) and `set --path 'k[i]' v` replaces it with a new list [null, ..., v] (object.go, COMPAT);
//   set --path stores "true", "false" and whole numbers ("-5", "+05", "0"; not "05") as a boolean or
//   number (object.go coerce);
//   config get k         prints a string as it is and a list as Go's json.Marshal writes it (<, >, &
//   as \u003c, \u003e, \u0026): the text the engine hands the program for k too (config/map.go
//   Map.Decrypt and Value.Value both end in plaintext.go marshalText), so a list stored as JSON text
//   and the same list stored as a YAML list read alike: `["a","b"]` from both.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { mkdtempSync, readdirSync, rmSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import type { ConfigProblem } from "../../config/reader";

/**
 * The argument vectors bash passes to `pulumi` for a printed command line (a chain joined by &&, a
 * pipe). Fails when bash would do anything else: run another command, complain (a stray quote, a
 * redirection from `<placeholder>`), create a file, or expand an unquoted glob (failglob).
 */
export function pulumiCalls(commandLine: string): string[][] {
    // Each call's argument count, then its arguments, NUL-separated on fd 3 (in a pipe, stdout is the
    // next command's stdin); anything else on stdout goes to stderr, which must stay empty. A call
    // reading a pipe waits for its end, so the calls of a pipe are recorded in the order written.
    const stub = `pulumi() { if [ -p /dev/stdin ]; then cat >/dev/null; fi; printf '%s\\0' "$#" "$@" >&3; }`;
    const script = `set -o pipefail; shopt -s failglob; exec 3>&1 1>&2; ${stub}\n${commandLine}\n`;
    const cwd = mkdtempSync(path.join(tmpdir(), "fix-command-"));
    try {
        const run = spawnSync("bash", ["-c", script], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        assert.equal(run.stderr, "", `bash complains about: ${commandLine}`);
        assert.equal(run.status, 0, `bash fails on: ${commandLine}`);
        assert.deepEqual(readdirSync(cwd), [], `running it creates files: ${commandLine}`);
        const fields = run.stdout.split("\0").slice(0, -1);
        const calls: string[][] = [];
        while (fields.length > 0) {
            const count = Number(fields.shift());
            calls.push(fields.splice(0, count));
        }
        return calls;
    } finally {
        rmSync(cwd, { recursive: true, force: true });
    }
}

/** One `pulumi config` call as the CLI reads it. */
export interface ConfigCall {
    verb: "set" | "rm" | "get";
    stack?: string;
    path: boolean;
    secret: boolean;
    /** The key (or `key[i]` with --path), then for set the value unless --secret. */
    operands: string[];
}

/** Reads a call's arguments as the CLI does (file comment); an argument it would refuse fails the test. */
export function configCall(argv: string[]): ConfigCall {
    const [command, verb, ...args] = argv;
    assert.equal(command, "config", argv.join(" "));
    assert.ok(verb === "set" || verb === "rm" || verb === "get", `a config verb: ${argv.join(" ")}`);
    const call: ConfigCall = { verb, path: false, secret: false, operands: [] };
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === "--") {
            call.operands.push(...args.slice(i + 1));
            break;
        }
        if (arg === "-" || !arg.startsWith("-")) call.operands.push(arg);
        else if (arg === "--stack") call.stack = args[++i];
        else if (arg === "--path") call.path = true;
        else if (arg === "--secret" && verb === "set") call.secret = true;
        else assert.fail(`the CLI refuses ${JSON.stringify(arg)} as an unknown flag: ${argv.join(" ")}`);
    }
    return call;
}

/** The `pulumi config` calls of a printed fix, as the CLI reads them. */
export function configCalls(commandLine: string): ConfigCall[] {
    return pulumiCalls(commandLine).map(configCall);
}

export type StackFile = Record<string, unknown>;

/** Applies one `pulumi config` call as the CLI does to a stack file (file comment). */
export function applyConfigCall(stack: StackFile, call: ConfigCall): void {
    const [key, value] = call.operands;
    if (!call.path) {
        if (call.verb === "rm") delete stack[key];
        else if (call.verb === "set") stack[key] = value;
        return;
    }
    const match = /^([^[]+)\[(\d+)\]$/.exec(key);
    assert.ok(match, `an element path: ${key}`);
    const [, name, digits] = match;
    const index = Number(digits);
    const stored = stack[name];
    if (call.verb === "rm") {
        if (Array.isArray(stored) && index < stored.length) stored.splice(index, 1);
        return;
    }
    // A list item the CLI would store as a boolean or number is never the string a fix means.
    assert.ok(!/^(true|false|0|[1-9]\d*|[+-]\d+)$/.test(value), `${key}: the CLI stores ${JSON.stringify(value)} as a boolean or number`);
    // A missing list, or one stored as a string, becomes a new one of index+1 elements (object.go, COMPAT).
    const list = Array.isArray(stored) ? stored : Array.from({ length: index + 1 }, () => null);
    assert.ok(index <= list.length, `${key}: array index out of range`);
    list[index] = value;
    stack[name] = list;
}

/** Runs one printed command line (a chain of `pulumi config` calls) on the stack file. */
export function runCommand(stack: StackFile, commandLine: string): StackFile {
    for (const call of configCalls(commandLine)) applyConfigCall(stack, call);
    return stack;
}

/** Runs the problems' fixes in the order printed, after `edit` (the operator filling in placeholders). */
export function runFixes(stack: StackFile, problems: ConfigProblem[], edit: (fix: string) => string = (fix) => fix): StackFile {
    for (const problem of problems) runCommand(stack, edit(problem.fix));
    return stack;
}

/** What `pulumi config get` prints for a key, and what the program reads for it (file comment). */
export function configGet(stack: StackFile, key: string): string | undefined {
    const stored = stack[key];
    if (stored === undefined || typeof stored === "string") return stored;
    const escapes: Record<string, string> = { "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029" };
    return JSON.stringify(stored).replace(/[<>&\u2028\u2029]/g, (c) => escapes[c]);
}
