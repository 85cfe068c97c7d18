// The commands a configuration problem prints as its fix, which operators paste into a shell: each
// value one shell word, lists set element by element, secrets kept encrypted and never printed.
// What the Pulumi CLI does with each form was checked against the CLI 3.274.1 (tests/support/config-cli.ts).
import * as pulumi from "@pulumi/pulumi";
import { ConfigKeyName, configKeys, projectName } from "./keys";

/** The command that sets a secret: the CLI prompts for the value (or reads it from a redirected file). */
export function secretFix(stack: string, fullKey: string): string {
    return `pulumi config set --stack ${stack} --secret ${fullKey}`;
}

/** One element of a list as `--path` addresses it. */
export function elementPath(fullKey: string, index: number): string {
    return `${fullKey}[${index}]`;
}

/**
 * Whether `config set --path` would store `value` as a boolean or number rather than a string
 * (sdk/go/common/resource/config/object.go coerce: "true", "false", and what ParseInt or ParseUint
 * of 64 bits takes, unless it has more than one character and starts with 0; checked with the CLI
 * 3.274.1). `--type string` keeps it a string: a list Pulumi.yaml declares array<string> holding a
 * number is refused before the program runs.
 */
function cliCoerces(value: string): boolean {
    if (value === "true" || value === "false") return true;
    if (!/^[+-]?\d+$/.test(value) || (value.length > 1 && value.startsWith("0"))) return false;
    const n = BigInt(value);
    return (n >= -(2n ** 63n) && n < 2n ** 63n) || (/^\d/.test(value) && n < 2n ** 64n);
}

/**
 * `pulumi config set` of one value, every operand one shell word. A value starting with "-" follows
 * `--`: the CLI would read it as a flag and refuse the command ("unknown shorthand flag", checked
 * against the CLI 3.274.1; its flags are parsed by spf13/pflag, which ends the flags at `--`). An
 * element (`path`) the CLI would store as a number or boolean, or one the operator fills in with
 * digits (`typeString`: an account ID), is set with `--type string`.
 */
export function setCommand(stack: string, fullKey: string, value: string, options: { path?: boolean; typeString?: boolean } = {}): string {
    const operands = `${shellWord(fullKey)} ${shellWord(value)}`;
    const flags = options.path ? ` --path${options.typeString || cliCoerces(value) ? " --type string" : ""}` : "";
    return `pulumi config set --stack ${stack}${flags} ${value.startsWith("-") ? `-- ${operands}` : operands}`;
}

/** `pulumi config rm` of a key. */
export function removeCommand(stack: string, fullKey: string): string {
    return `pulumi config rm --stack ${stack} ${shellWord(fullKey)}`;
}

/** The items of a list written as JSON or YAML flow (["a","b"], [a]): only its own brackets and quotes go. */
export function listItems(text: string): string[] {
    return text.replace(/^\["?|"?\]$/g, "").split('","');
}

/** A JSON list of strings as the program reads it, or undefined. */
export function stringList(raw: string | undefined): string[] | undefined {
    try {
        const parsed: unknown = JSON.parse(raw ?? "");
        return Array.isArray(parsed) && parsed.every((item) => typeof item === "string") ? parsed : undefined;
    } catch {
        return undefined;
    }
}

/** Whether the stack stores this key encrypted (`pulumi config set --secret`); true when the SDK cannot tell. */
export function isStoredSecret(fullKey: string): boolean {
    // A list with one encrypted element is a secret key as a whole (object.go object.Secure, which the
    // engine's ConfigSecretKeys come from; checked with the CLI 3.274.1: `config --json` marks it secret).
    const isSecret = (pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
    return isSecret ? isSecret(fullKey) : true;
}

/**
 * One value a secret fix writes with --secret: read from `from` (a whole key, whose name may hold "["
 * or "." when it was set without --path; with `fromElement`, an element `k[i]` read with --path),
 * else asked for at a prompt naming `asked` (never a value: it is printed to the terminal).
 */
interface SecretWrite {
    to: string;
    from?: string;
    fromElement?: boolean;
    asked?: string;
}

/** `pulumi config set --secret` of a key, or with --path of an element (`k[i]`) or property (`k.p`) the program names. */
function pathFlag(keyOrPath: string): string {
    return /[[.]/.test(keyOrPath.slice(keyOrPath.indexOf(":"))) ? " --path" : "";
}

/** Whether Pulumi.yaml declares the key (only atlasia keys): an undeclared list may be stored as one JSON string. */
function isDeclared(fullKey: string): boolean {
    return fullKey.startsWith(`${projectName}:`) && fullKey.slice(projectName.length + 1) in configKeys;
}

/**
 * Asks for a secret into `variable` on standard error, without echo (`read -s`, bash and zsh alike),
 * and refuses an empty answer: an empty aws:assumeRoles roleArn would leave the provider on the
 * ambient credentials. Ctrl-C or Ctrl-D ends the subshell or fails `read`: nothing is written yet.
 */
function askCommand(variable: string, asked: string): string {
    return [
        `printf '%s: ' ${shellWord(asked)} >&2`,
        `IFS= read -rs ${variable}`,
        "echo >&2",
        `{ [ -n "$${variable}" ] || { echo 'no value given: nothing changed' >&2; false; }; }`,
    ].join(" && ");
}

/**
 * Writes secret values without printing them: each value that is kept is first read into a shell
 * variable, each new one asked for, then `between` runs (the list's removal), then every value is set
 * with --secret from its variable through standard input (which `config set` reads when it is not a
 * terminal, dropping one trailing newline); then `after`. Every read and every answer comes before
 * the first write, in one && chain, so a failed `config get` or an aborted prompt changes nothing: a
 * pipe `get | set` would still set an empty value, since bash and zsh do not set pipefail. `$(...)`
 * drops every trailing newline, so a read ends with "." (dropped again) and the value round-trips
 * exactly. In a subshell, so no variable outlives the command; printf is a builtin (bash, zsh), so no
 * value is ever an argument of a process. Inside `$(...)` the CLI cannot prompt for the passphrase.
 */
export function secretWrites(stack: string, writes: SecretWrite[], between: string[] = [], after: string[] = [], probeKey?: string): string {
    const reads = writes.flatMap(({ from, fromElement }, i) =>
        from === undefined ? [] : [`value${i}=$(pulumi config get --stack ${stack}${fromElement ? " --path" : ""} ${shellWord(from)} && printf .)`],
    );
    const asks = writes.flatMap(({ to, from, asked }, i) => (from === undefined ? [askCommand(`value${i}`, asked ?? to)] : []));
    const sets = writes.map(
        ({ to, from }, i) =>
            `printf %s "${from === undefined ? `$value${i}` : `\${value${i}%.}`}" | pulumi config set --stack ${stack}${pathFlag(to)} --secret ${shellWord(to)}`,
    );
    // With nothing to read, one read of a stored key (`probeKey`, else the key written) first: without the passphrase every `set --secret`
    // fails, and a removal in `between` would otherwise have gone through (checked with the CLI 3.274.1).
    const probe =
        reads.length === 0 && writes.length > 0 ? [`pulumi config get --stack ${stack} ${shellWord(probeKey ?? baseKey(writes[0].to))} >/dev/null`] : [];
    return `(${[...probe, ...reads, ...asks, ...between, ...sets, ...after].join(" && ")})`;
}

/** The key of an element or property path (`aws:assumeRoles[0].roleArn` -> `aws:assumeRoles`). */
function baseKey(path: string): string {
    const colon = path.indexOf(":");
    return path.slice(0, colon) + path.slice(colon).replace(/[[.].*$/, "");
}

/** What a fix reading a secret needs: the passphrase, which the CLI cannot prompt for inside `$(...)`. */
export const passphraseNote =
    " With the passphrase secrets provider, export PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) first: the fix reads secrets inside $(...), where the CLI cannot prompt for it.";

/**
 * Where each item of a list set anew comes from in the stored list: the index of an equal stored
 * item (each used once), or undefined for a new one. A placeholder is always new: one stored
 * literally (from a plain fix run as printed) is the bad value itself, and keeping it would fix nothing.
 */
function itemSources(fullKey: string, items: string[]): (number | undefined)[] {
    const stored = stringList(pulumi.runtime.allConfig()[fullKey]) ?? [];
    const used = new Set<number>();
    return items.map((item) => {
        if (placeholder(item)) return undefined;
        const index = stored.findIndex((candidate, i) => candidate === item && !used.has(i));
        if (index < 0) return undefined;
        used.add(index);
        return index;
    });
}

/**
 * Sets a whole list, one `--path key[i]` command per element. `--path key[i]` overwrites index i
 * only (sdk/go/common/resource/config/map.go, Map.Set), so the stored list is removed first: a longer
 * one would otherwise keep its later elements, and one stored as a JSON string (which the CLI allows
 * for a key Pulumi.yaml does not declare, such as azure-native:auxiliaryTenantIds) would become
 * [null, ..., item] (object.go, object.Set) rather than the list given. So it gives the same YAML
 * list whichever form was stored, and running it twice gives that list again.
 *
 * A list the stack stores as a secret (any element set with --secret) is never printed: its kept
 * items are read from their stored elements and every element is set with --secret (secretWrites);
 * set without --secret the CLI would store them in plain text, silently. A key Pulumi.yaml does not
 * declare may hold the list as one encrypted JSON string, which has no elements to read (`config get
 * --path 'k[0]'`: "not found"), and no POSIX shell splits JSON: every element is asked for.
 */
export function wholeListFix(stack: string, fullKey: string, items: string[], typeString = false): string {
    if (isStoredSecret(fullKey)) return secretWrites(stack, secretListWrites(fullKey, items), [removeCommand(stack, fullKey)]);
    const sets = items.map((item, i) => setCommand(stack, elementPath(fullKey, i), item, { path: true, typeString }));
    return [removeCommand(stack, fullKey), ...sets].join(" && ");
}

/** A placeholder (`<CIDR of ...>`) names what is wanted; any other new item may be the secret itself. */
export const placeholder = (item: string) => /^<.*>$/.test(item);

/** Where each element of a secret list set anew comes from, and what its prompt asks for. */
function secretListWrites(fullKey: string, items: string[]): SecretWrite[] {
    const sources = itemSources(fullKey, items);
    const readable = isDeclared(fullKey);
    return items.map((item, i) => {
        const to = elementPath(fullKey, i);
        const source = sources[i];
        if (source !== undefined && readable) return { to, from: elementPath(fullKey, source), fromElement: true };
        const what = source !== undefined ? `the stored element ${source}` : placeholder(item) ? item : undefined;
        return { to, asked: what ? `${to}, ${what}` : to };
    });
}

/** A secret list's fix prints no item: which of its prompts asks for what, and what it needs to run. */
export function secretListNote(fullKey: string, items: string[]): string {
    if (!isDeclared(fullKey)) {
        return (
            ` The list is a secret, which the stack may store as one encrypted string with no elements to read: the fix asks for every element` +
            ` (each prompt names it; \`pulumi config get ${shellWord(fullKey)}\` shows the stored list), and writes nothing unless every answer is given.${passphraseNote}`
        );
    }
    const asked = itemSources(fullKey, items).flatMap((source, i) =>
        source === undefined ? [`element ${i} (${placeholder(items[i]) ? items[i] : "prompted"})`] : [],
    );
    return (
        ` The list is a secret: the fix keeps its other elements without showing them${asked.length > 0 ? `, and asks for ${asked.join(", ")}` : ""},` +
        ` all before it writes anything.${passphraseNote}`
    );
}

/** Sets a whole atlasia list (see wholeListFix). */
export function listFix(stack: string, key: ConfigKeyName, items: string[]): string {
    return wholeListFix(stack, `${projectName}:${key}`, items);
}

/**
 * `message` with the key's stored value (and each item of a stored list) taken out where it is quoted,
 * for a key the stack stores as a secret: error text ends up in CI logs.
 */
export function withoutSecretValues(fullKey: string, message: string): string {
    if (!isStoredSecret(fullKey)) return message;
    const raw = pulumi.runtime.allConfig()[fullKey] ?? "";
    const values = [raw, raw.trim(), ...(stringList(raw) ?? [])].filter((value) => value !== "").sort((a, b) => b.length - a.length);
    return values.reduce((text, value) => text.split(JSON.stringify(value)).join("(secret)").split(`"${value}"`).join("(secret)"), message);
}

/** A value as one shell word: single-quoted, a single quote inside closed, escaped and reopened. */
function shellQuoted(value: string): string {
    return `'${value.replace(/'/g, "'\\''")}'`;
}

/**
 * A value as one shell word, quoted only when it needs to be: letters, digits and _@%+=:,./- mean
 * nothing to a POSIX shell inside a word, every other character may (POSIX Shell Command Language,
 * 2.2 Quoting: https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_02).
 */
export function shellWord(value: string): string {
    // A leading "=" is quoted too: zsh expands `=word` to the path of the command `word` (EQUALS,
    // on by default: https://zsh.sourceforge.io/Doc/Release/Expansion.html#g_t_0060_003d_0027-expansion).
    // "~" is never left bare: it is not in the set.
    return /^[\w@%+:,./-][\w@%+=:,./-]*$/.test(value) ? value : shellQuoted(value);
}
