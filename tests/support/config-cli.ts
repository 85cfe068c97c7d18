// Fix commands run the way an operator runs them: pasted into bash (no pipefail, its default), their
// arguments read the way the Pulumi CLI reads them, applied to a stand-in for the stack file, and the
// result checked against Pulumi.yaml's declared types as the CLI checks them before `pulumi up` runs
// the program. The CLI's behaviour here was checked by hand against the CLI 3.274.1 built from source
// (a local file backend, a copy of this repository's Pulumi.yaml):
//   flags are read anywhere before `--` (cobra/pflag); any other word starting with "-" ("-x", "-5",
//   "--x", "- x") is refused as an unknown flag, and `--` makes every later word an operand ("-" alone
//   is an operand anyway); --secret and --type cannot be combined;
//   set --path 'k[i]' v  overwrites element i, appends when i is the length, fails beyond it;
//   set --path 'k[i].p' v / 'k.p' v  sets a property of an object (element);
//   rm --path 'k[i]'     splices element i out (the later ones move up), and does nothing out of range
//   (sdk/go/common/resource/config/map.go Map.Set/Map.Remove, object.go object.Set/Delete);
//   rm k / set k v       removes the key (exit 0 when it is not set) / stores v as a string, JSON text
//   too: `set k '["a","b"]'` stores one string, which has no elements for --path: `rm --path 'k[i]'`
//   leaves it as it is, `set --path 'k[i]' v` replaces it with a new list [null, ..., v] (object.go,
//   COMPAT) and `get --path 'k[i]'` fails;
//   set --path stores "true" and "false" as booleans and whole numbers as numbers, unless --type string
//   (object.go coerce: ParseInt or ParseUint of 64 bits, "0" too, never a number of more than one
//   character starting with 0; 99999999999999999999 stays a string);
//   set --secret [--path] stores the value encrypted (a list with one such element is a secret key:
//   object.go Secure, engine ConfigSecretKeys); set without --secret stores it in plain text even
//   where the key was a secret, silently; set without a value reads standard input when it is not a
//   terminal (one trailing newline dropped) and prompts for it otherwise;
//   config get [--path] k  prints a string as it is, a secret decrypted, and a list as Go's json.Marshal
//   writes it (<, >, & as \u003c, \u003e, \u0026; secret elements decrypted): the text the engine hands
//   the program for k too (config/map.go Map.Decrypt, plaintext.go marshalText); exit 1 when not set;
//   `pulumi preview`/`up` first checks every key Pulumi.yaml declares with a type
//   (pkg/workspace/config.go validateStackConfigValue, sdk/go/common/workspace/project.go
//   ValidateConfigValue): "Stack 's' with configuration key 'k' must be of type 'array<string>'" for a
//   list stored as one JSON string, a list with a number, "yes" for a boolean, "5.5" for an integer.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import type { ConfigProblem } from "../../config/reader";

/** The shells an operator pastes a fix into. */
export type Shell = "bash" | "zsh";

/** A value as one single-quoted shell word. */
const quoted = (value: string) => `'${value.replace(/'/g, "'\\''")}'`;

/** One `pulumi` call as bash made it: its arguments, and what it read from a pipe. */
interface Recorded {
    argv: string[];
    stdin?: string;
}

/** What the stand-in answers a call: its exit status and what it prints. */
interface Answer {
    status: number;
    stdout: string;
}

/**
 * Runs a printed command line in bash with `pulumi` stubbed: the calls it makes, in order, each
 * answered with `answers[n]` (exit 0, printing nothing, past their end). Fails when bash would do
 * anything else: complain (a stray quote, a redirection from `<placeholder>`), create a file, or
 * expand an unquoted glob (failglob). Pipefail stays off, as in an operator's shell.
 */
function bashRun(
    commandLine: string,
    answers: Answer[],
    typed: string[] = [],
    shell: Shell = "bash",
): { recorded: Recorded[]; status: number | null; asked: string[] } {
    const cwd = mkdtempSync(path.join(tmpdir(), "fix-command-"));
    const counter = mkdtempSync(path.join(tmpdir(), "fix-command-counter-"));
    try {
        const counterFile = path.join(counter, "n");
        writeFileSync(counterFile, "0\n");
        // What the operator types at the fix's own prompts (`read`), one line each; its stdin is a file, not a pipe.
        const typedFile = path.join(counter, "typed");
        writeFileSync(typedFile, typed.map((line) => `${line}\n`).join(""));
        // Each call numbered in the order it runs (a call reading a pipe waits for its end), then its
        // arguments and piped input, NUL-separated on fd 3; anything else on stdout goes to stderr,
        // which must stay empty.
        const stub = [
            `__status=(${answers.map((a) => a.status).join(" ")}); __stdout=(${answers.map((a) => quoted(a.stdout)).join(" ")})`,
            `pulumi() {`,
            `  local input= piped=0 n`,
            `  if [ -p /dev/stdin ]; then input=$(cat; printf .); input=\${input%.}; piped=1; fi`,
            `  read -r n < ${quoted(counterFile)}; echo $((n + 1)) > ${quoted(counterFile)}`,
            `  printf '%s\\0' "$n" "$piped" "$input" "$#" "$@" >&3`,
            `  if [ "$n" -lt "\${#__status[@]}" ]; then printf '%s' "\${__stdout[$n]}"; return "\${__status[$n]}"; fi`,
            `}`,
        ].join("\n");
        // ksharrays: the stub's arrays count from 0 in zsh too (the fixes use none).
        const options = shell === "bash" ? "shopt -s failglob" : "setopt nomatch ksharrays";
        const script = `${options}; exec 3>&1 1>&2 0<${quoted(typedFile)}\n${stub}\n${commandLine}\n`;
        const run = spawnSync(shell, shell === "bash" ? ["-c", script] : ["-f", "-c", script], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        // Only the fix's prompts ("<what>: ", a newline once answered) and its refusal of an empty answer.
        const prompts = /^((?:[^\n]+: \n)*)(?:([^\n]+): |no value given: nothing changed\n)?$/.exec(run.stderr);
        assert.ok(prompts, `${shell} complains about: ${commandLine}\n${run.stderr}`);
        const asked = [...prompts[1].matchAll(/([^\n]+): \n/g)].map((m) => m[1]).concat(prompts[2] === undefined ? [] : [prompts[2]]);
        assert.deepEqual(readdirSync(cwd), [], `running it creates files: ${commandLine}`);
        const fields = run.stdout.split("\0").slice(0, -1);
        const recorded: Recorded[] = [];
        while (fields.length > 0) {
            const [n, piped, stdin, count] = fields.splice(0, 4);
            recorded[Number(n)] = { argv: fields.splice(0, Number(count)), ...(piped === "1" ? { stdin } : {}) };
        }
        return { recorded, status: run.status, asked };
    } finally {
        rmSync(cwd, { recursive: true, force: true });
        rmSync(counter, { recursive: true, force: true });
    }
}

/**
 * The argument vectors bash passes to `pulumi` for a printed command line (a chain joined by &&, a
 * pipe, a subshell), every call succeeding; fails as bashRun does, or when the line fails.
 */
export function pulumiCalls(commandLine: string): string[][] {
    const run = bashRun(commandLine, []);
    assert.equal(run.status, 0, `bash fails on: ${commandLine}`);
    return run.recorded.map((call) => call.argv);
}

/** One `pulumi config` call as the CLI reads it. */
export interface ConfigCall {
    verb: "set" | "rm" | "get";
    stack?: string;
    path: boolean;
    secret: boolean;
    /** --type string: an element stored as a string, never coerced. */
    typeString?: boolean;
    /** The key (or its path with --path), then for set the value when one is given. */
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
        else if (arg === "--type" && verb === "set" && args[i + 1] === "string") call.typeString = Boolean(++i);
        else assert.fail(`the CLI refuses ${JSON.stringify(arg)} as an unknown flag: ${argv.join(" ")}`);
    }
    assert.ok(!(call.secret && call.typeString), `the CLI refuses --secret with --type: ${argv.join(" ")}`);
    return call;
}

/** The `pulumi config` calls of a printed fix, as the CLI reads them (every call succeeding). */
export function configCalls(commandLine: string): ConfigCall[] {
    return pulumiCalls(commandLine).map(configCall);
}

/** A value stored encrypted (`secure:` in the stack file). */
export interface Secure {
    secure: string;
}
export type StackFile = Record<string, unknown>;

const isSecure = (value: unknown): value is Secure => typeof value === "object" && value !== null && "secure" in value;

/** Whether the CLI's coerce (file comment) stores this value of `set --path` as a boolean or number. */
function coerced(value: string): boolean {
    if (value === "true" || value === "false") return true;
    if (value.length > 1 && value.startsWith("0")) return false;
    if (!/^[+-]?\d+$/.test(value)) return false;
    const n = BigInt(value);
    return (n >= -(2n ** 63n) && n < 2n ** 63n) || (/^\d+$/.test(value) && n < 2n ** 64n);
}

/** `ns:name[0].prop` as its top-level key and the steps below it. */
function parsePath(keyPath: string): { name: string; steps: (number | string)[] } {
    const match = /^([^[.]+:[^[.]+)((?:\[\d+\]|\.[^[.]+)*)$/.exec(keyPath);
    assert.ok(match, `a config path: ${keyPath}`);
    const steps = [...match[2].matchAll(/\[(\d+)\]|\.([^[.]+)/g)].map((m) => (m[1] !== undefined ? Number(m[1]) : m[2]));
    return { name: match[1], steps };
}

/** The value decrypted, as `config get` and the program see it. */
function plain(value: unknown): unknown {
    if (isSecure(value)) return value.secure;
    if (Array.isArray(value)) return value.map(plain);
    if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
    return value;
}

/** What `config get` prints for a stored value (file comment), without the newline. */
function printed(value: unknown): string {
    const shown = plain(value);
    if (typeof shown === "string") return shown;
    const escapes: Record<string, string> = { "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029" };
    return JSON.stringify(shown).replace(/[<>&\u2028\u2029]/g, (c) => escapes[c]);
}

/** The stored value at `steps` below `root`, or undefined. */
function lookup(root: unknown, steps: (number | string)[]): unknown {
    let at = root;
    for (const step of steps) {
        if (typeof step === "number") at = Array.isArray(at) ? at[step] : undefined;
        else at = typeof at === "object" && at !== null && !Array.isArray(at) && !isSecure(at) ? (at as Record<string, unknown>)[step] : undefined;
    }
    return at;
}

/**
 * What the operator types at a prompt: the CLI's for `key` (set with no value and no pipe), or the
 * fix's own, which names what it wants. undefined: Ctrl-C or Ctrl-D (the CLI: "error: EOF").
 */
export type Prompt = (asked: string) => string | undefined;
const noPrompt: Prompt = (key) => assert.fail(`the CLI would prompt for ${key}`);

/** Applies one `pulumi config` call as the CLI does to a stack file (file comment); returns its answer. */
function applyCall(stack: StackFile, call: ConfigCall, stdin: string | undefined, prompt: Prompt): Answer {
    const [keyPath, given] = call.operands;
    const { name, steps } = call.path ? parsePath(keyPath) : { name: keyPath, steps: [] };
    if (call.verb === "get") {
        const found = lookup(stack[name], steps);
        return found === undefined ? { status: 1, stdout: "" } : { status: 0, stdout: `${printed(found)}\n` };
    }
    if (call.verb === "rm") {
        if (steps.length === 0) delete stack[name];
        else {
            const parent = lookup(stack[name], steps.slice(0, -1));
            const last = steps[steps.length - 1];
            if (typeof last === "number" && Array.isArray(parent) && last < parent.length) parent.splice(last, 1);
            else if (typeof last === "string" && typeof parent === "object" && parent !== null) delete (parent as Record<string, unknown>)[last];
        }
        return { status: 0, stdout: "" };
    }
    // The CLI drops exactly one "\n" from standard input ("a\r\n" stays "a\r"; checked with the CLI 3.274.1).
    const text = given ?? (stdin !== undefined ? stdin.replace(/\n$/, "") : prompt(keyPath));
    if (text === undefined) return { status: 255, stdout: "" };
    if (call.path && !call.secret && !call.typeString) {
        // A list item the CLI would store as a boolean or number is never the string a fix means.
        assert.ok(!coerced(text), `${keyPath}: the CLI stores ${JSON.stringify(text)} as a boolean or number`);
    }
    const value: unknown = call.secret ? { secure: text } : text;
    if (steps.length === 0) {
        stack[name] = value;
        return { status: 0, stdout: "" };
    }
    // A missing list or object, or one stored as a string, becomes a new one (object.go, COMPAT).
    const container = (step: number | string, existing: unknown): unknown[] | Record<string, unknown> => {
        if (typeof step === "number") return Array.isArray(existing) ? existing : Array.from({ length: step + 1 }, () => null);
        return typeof existing === "object" && existing !== null && !Array.isArray(existing) && !isSecure(existing)
            ? (existing as Record<string, unknown>)
            : {};
    };
    const root = container(steps[0], stack[name]);
    stack[name] = root;
    let at: unknown[] | Record<string, unknown> = root;
    steps.forEach((step, i) => {
        const last = i === steps.length - 1;
        if (typeof step === "number") {
            const list = at as unknown[];
            assert.ok(step <= list.length, `${keyPath}: array index out of range`);
            if (last) list[step] = value;
            else at = list[step] = container(steps[i + 1], list[step]);
        } else {
            const object = at as Record<string, unknown>;
            if (last) object[step] = value;
            else at = object[step] = container(steps[i + 1], object[step]);
        }
    });
    return { status: 0, stdout: "" };
}

/**
 * Runs one printed command line on the stack file as bash and the CLI would, call by call: each call's
 * answer (a failed get's exit 1, what get prints into a pipe or a variable) decides what bash runs next.
 * Returns the line's exit status.
 */
export function runLine(stack: StackFile, commandLine: string, prompt: Prompt = noPrompt, shell: Shell = "bash"): number {
    const answers: Answer[] = [];
    const typed: string[] = [];
    for (;;) {
        const run = bashRun(commandLine, answers, typed, shell);
        const next = run.recorded[answers.length];
        if (next) answers.push(applyCall(stack, configCall(next.argv), next.stdin, prompt));
        else if (run.asked.length <= typed.length) return run.status ?? -1;
        else {
            // The fix asked one more question than was answered: the operator answers it, or aborts.
            const answer = prompt(run.asked[typed.length]);
            if (answer === undefined) return run.status ?? -1;
            typed.push(answer);
        }
    }
}

/** Runs one printed command line on the stack file, which must succeed. */
export function runCommand(stack: StackFile, commandLine: string, prompt: Prompt = noPrompt, shell: Shell = "bash"): StackFile {
    assert.equal(runLine(stack, commandLine, prompt, shell), 0, `the command fails: ${commandLine}`);
    return stack;
}

/**
 * Runs the problems' fixes in the order printed, after `edit` (the operator filling in placeholders);
 * the stack must then pass the CLI's check of Pulumi.yaml's types, as `pulumi up` needs.
 */
export function runFixes(
    stack: StackFile,
    problems: ConfigProblem[],
    edit: (fix: string) => string = (fix) => fix,
    prompt: Prompt = noPrompt,
    shell: Shell = "bash",
): StackFile {
    for (const problem of problems) runCommand(stack, edit(problem.fix), prompt, shell);
    assert.deepEqual(declaredTypeErrors(stack), [], "the CLI refuses the fixed stack");
    return stack;
}

/** What `pulumi config get` prints for a key, and what the program reads for it (file comment). */
export function configGet(stack: StackFile, key: string): string | undefined {
    return stack[key] === undefined ? undefined : printed(stack[key]);
}

/** Whether the stack stores any part of the key encrypted: the program's config marks it secret. */
export function isSecretKey(stack: StackFile, key: string): boolean {
    const secret = (value: unknown): boolean => isSecure(value) || (typeof value === "object" && value !== null && Object.values(value).some((v) => secret(v)));
    return secret(stack[key]);
}

interface DeclaredType {
    type?: string;
    items?: DeclaredType;
    secret?: boolean;
}

const declared = (yaml.load(readFileSync(path.resolve(__dirname, "../../Pulumi.yaml"), "utf8")) as { name: string; config: Record<string, DeclaredType> })
    .config;

/** ValidateConfigValue (file comment) of one value, decrypted, as the stack file holds it. */
function hasType(type: DeclaredType, value: unknown): boolean {
    switch (type.type) {
        case "string":
            return typeof value === "string";
        case "integer":
            // A whole number, or a string strconv.Atoi takes (64 bits).
            if (typeof value === "number") return Number.isInteger(value);
            return typeof value === "string" && /^[+-]?\d+$/.test(value) && BigInt(value) >= -(2n ** 63n) && BigInt(value) < 2n ** 63n;
        case "boolean":
            return value === true || value === false || value === "true" || value === "false";
        case "array":
            return Array.isArray(value) && type.items !== undefined && value.every((item) => hasType(type.items as DeclaredType, item));
        default:
            return true;
    }
}

/** The CLI's refusals of a stack file by Pulumi.yaml's declared types, as `pulumi preview` prints them. */
export function declaredTypeErrors(stack: StackFile, stackName = "s"): string[] {
    return Object.entries(declared).flatMap(([key, type]) => {
        const fullKey = key.includes(":") ? key : `atlasia:${key}`;
        const stored = stack[fullKey];
        if (stored === undefined || type?.type === undefined) return [];
        if (type.secret && !isSecretKey(stack, fullKey)) return [`Stack '${stackName}' with configuration key '${key}' must be encrypted as it's secret`];
        if (hasType(type, plain(stored))) return [];
        const typeName = (t: DeclaredType): string => (t.items ? `array<${typeName(t.items)}>` : (t.type ?? ""));
        return [`Stack '${stackName}' with configuration key '${key}' must be of type '${typeName(type)}'`];
    });
}
