// Reading stack configuration: raw values with the declared defaults, and problems collected with
// the exact `pulumi config set` command that fixes each one. Every loader (config/load.ts and the
// per-area loaders beside it) reads through one ConfigReader so all problems are reported at once.
import * as pulumi from "@pulumi/pulumi";
import { ConfigKey, ConfigKeyName, configKeys, projectName } from "./keys";

export interface ConfigProblem {
    key: string;
    message: string;
    fix: string;
}

export class StackConfigError extends pulumi.RunError {
    constructor(
        readonly stack: string,
        readonly problems: ConfigProblem[],
    ) {
        super(
            [
                `Stack "${stack}" has ${problems.length} configuration problem${problems.length === 1 ? "" : "s"}; nothing was deployed:`,
                ...problems.map((p) => `  - ${p.key}: ${p.message}\n      fix: ${p.fix}`),
            ].join("\n"),
        );
        this.name = "StackConfigError";
    }
}

/** The command that sets a secret: the CLI prompts for the value (or reads it from a redirected file). */
export function secretFix(stack: string, fullKey: string): string {
    return `pulumi config set --stack ${stack} --secret ${fullKey}`;
}

/** What is wrong with one element of a list, and whether the corrected list drops it or replaces it. */
export interface ListElementProblem {
    /** The element's index; the list's length for an element missing at its end (added as the placeholder). */
    index: number;
    message: string;
    /** A surplus entry (listed twice, or clashing with an earlier one): dropped rather than replaced. */
    remove?: boolean;
    /** What the operator puts in its place (a placeholder such as <IAM role ARN>); default: the key's example item. */
    placeholder?: string;
}

/** One element of a list as `--path` addresses it. */
function elementPath(fullKey: string, index: number): string {
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
function removeCommand(stack: string, fullKey: string): string {
    return `pulumi config rm --stack ${stack} ${shellWord(fullKey)}`;
}

/** The items of a list written as JSON or YAML flow (["a","b"], [a]): only its own brackets and quotes go. */
function listItems(text: string): string[] {
    return text.replace(/^\["?|"?\]$/g, "").split('","');
}

/** A JSON list of strings as the program reads it, or undefined. */
function stringList(raw: string | undefined): string[] | undefined {
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

/** One value a secret fix writes with --secret: read from `from` (a key, or an element with [i]), else prompted for. */
interface SecretWrite {
    to: string;
    from?: string;
}

/** `pulumi config get`/`set --secret` of a key, or with --path of an element (`k[i]`) or property (`k.p`). */
function pathFlag(keyOrPath: string): string {
    return /[[.]/.test(keyOrPath.slice(keyOrPath.indexOf(":"))) ? " --path" : "";
}

/**
 * Writes secret values without printing them: each value that is kept is first read into a shell
 * variable, then `between` runs (the list's removal), then every value is set with --secret, a kept
 * one from its variable through standard input (which `config set` reads when it is not a terminal),
 * a new one at the CLI's prompt; then `after`. Every read comes before any write, in one && chain, so
 * a failed `config get` changes nothing: a pipe `get | set` would still set an empty value, since
 * bash and zsh do not set pipefail. In a subshell, so no variable outlives the command; printf is a
 * builtin (bash, zsh), so no value is ever an argument of a process.
 */
function secretWrites(stack: string, writes: SecretWrite[], between: string[] = [], after: string[] = []): string {
    const reads = writes.flatMap(({ from }, i) =>
        from === undefined ? [] : [`value${i}=$(pulumi config get --stack ${stack}${pathFlag(from)} ${shellWord(from)})`],
    );
    const sets = writes.map(
        ({ to, from }, i) =>
            `${from === undefined ? "" : `printf %s "$value${i}" | `}pulumi config set --stack ${stack}${pathFlag(to)} --secret ${shellWord(to)}`,
    );
    return `(${[...reads, ...between, ...sets, ...after].join(" && ")})`;
}

/**
 * Where each item of a list set anew comes from in the stored list: the index of an equal stored
 * item (each used once), or undefined for a new one (a placeholder).
 */
function itemSources(fullKey: string, items: string[]): (number | undefined)[] {
    const stored = stringList(pulumi.runtime.allConfig()[fullKey]) ?? [];
    const used = new Set<number>();
    return items.map((item) => {
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
 * set without --secret the CLI would store them in plain text, silently.
 */
function wholeListFix(stack: string, fullKey: string, items: string[], typeString = false): string {
    if (isStoredSecret(fullKey)) {
        const sources = itemSources(fullKey, items);
        const writes = items.map((_, i) => ({ to: elementPath(fullKey, i), from: sources[i] === undefined ? undefined : elementPath(fullKey, sources[i]) }));
        return secretWrites(stack, writes, [removeCommand(stack, fullKey)]);
    }
    const sets = items.map((item, i) => setCommand(stack, elementPath(fullKey, i), item, { path: true, typeString }));
    return [removeCommand(stack, fullKey), ...sets].join(" && ");
}

/** A secret list's fix prints no item: which of its prompts asks for what (the placeholders). */
function secretListNote(fullKey: string, items: string[]): string {
    const asked = itemSources(fullKey, items).flatMap((source, i) => (source === undefined ? [`element ${i} (${items[i]})`] : []));
    return ` The list is a secret: the fix keeps its other elements without showing them${asked.length > 0 ? `, and asks for ${asked.join(", ")}` : ""}.`;
}

/** Sets a whole atlasia list (see wholeListFix). */
export function listFix(stack: string, key: ConfigKeyName, items: string[]): string {
    return wholeListFix(stack, `${projectName}:${key}`, items);
}

/**
 * `message` with the key's stored value (and each item of a stored list) taken out where it is quoted,
 * for a key the stack stores as a secret: error text ends up in CI logs.
 */
function withoutSecretValues(fullKey: string, message: string): string {
    if (!isStoredSecret(fullKey)) return message;
    const raw = pulumi.runtime.allConfig()[fullKey] ?? "";
    const values = [raw, raw.trim(), ...(stringList(raw) ?? [])].filter((value) => value !== "").sort((a, b) => b.length - a.length);
    return values.reduce((text, value) => text.split(JSON.stringify(value)).join("(secret)").split(`"${value}"`).join("(secret)"), message);
}

/** Reads raw config values, applies the declared defaults and records problems with their fixes. */
export class ConfigReader {
    readonly problems: ConfigProblem[] = [];
    private readonly config = new pulumi.Config(projectName);

    constructor(private readonly stack: string) {}

    fix(key: ConfigKeyName, value?: string): string {
        const spec = configKeys[key];
        // A secret's fix carries no value: without one the CLI prompts for it, so it never lands in the
        // shell history (https://www.pulumi.com/docs/iac/cli/commands/pulumi_config_set/).
        if ("secret" in spec) return secretFix(this.stack, `${projectName}:${key}`);
        const shown = value ?? spec.example;
        if (spec.type === "array") return listFix(this.stack, key, listItems(shown));
        return this.scalarFix(`${projectName}:${key}`, shown);
    }

    /**
     * Sets one value; for a key the stack stores as a secret, `--secret` with no value, so the CLI
     * prompts for it: set without --secret it would store it in plain text, silently (CLI 3.274.1).
     */
    private scalarFix(fullKey: string, value: string): string {
        return isStoredSecret(fullKey) ? secretFix(this.stack, fullKey) : setCommand(this.stack, fullKey, value);
    }

    /** Records a problem; a secret key's value never appears in it (withoutSecretValues). */
    private add(fullKey: string, message: string, fix: string): void {
        this.problems.push({ key: fullKey, message: withoutSecretValues(fullKey, message), fix });
    }

    problem(key: ConfigKeyName, message: string, fixValue?: string): void {
        this.add(`${projectName}:${key}`, message, this.fix(key, fixValue));
    }

    /**
     * Problems with single elements of the list `items`. Each is fixed by setting the whole corrected
     * list (wholeListFix): the stack's other items as they are, each bad one replaced by its
     * `placeholder` (else the key's example item) for the operator to fill in, each surplus one
     * dropped, one missing at the end added as its placeholder. Every problem of the list prints that
     * one command, and running it again changes nothing (for a secret list, see wholeListFix).
     *
     * Not by index (`config set --path 'key[i]'`, `config rm --path 'key[i]'`): that is right only for
     * a list stored as a YAML list, the one form the CLI accepts for a list Pulumi.yaml declares
     * (`type: array`; it refuses a list set as one JSON string before the program runs). Another
     * package's list (azure-native:auxiliaryTenantIds) may be set as a JSON string, which has no
     * elements: `rm --path` leaves it as it is and `set --path key[i]` replaces the whole string with a
     * new list [null, ..., value] (sdk/go/common/resource/config/object.go, the COMPAT branch of
     * object.Set), losing the other items. The program cannot tell the two apart: the engine hands it
     * both as the same JSON text (config/map.go Map.Decrypt -> plaintext.go marshalText).
     */
    listElementProblems(key: ConfigKeyName, items: string[], problems: ListElementProblem[]): void {
        const [example] = listItems((configKeys[key] as ConfigKey).example ?? '["<value>"]');
        this.elementProblems(`${projectName}:${key}`, items, problems, example);
    }

    /** listElementProblems for another package's list (azure-native:auxiliaryTenantIds). */
    foreignListElementProblems(fullKey: string, items: string[], problems: ListElementProblem[], placeholder: string): void {
        this.elementProblems(fullKey, items, problems, placeholder);
    }

    private elementProblems(fullKey: string, items: string[], problems: ListElementProblem[], defaultPlaceholder: string): void {
        if (problems.length === 0) return;
        const length = Math.max(items.length, ...problems.map((p) => p.index + 1));
        const corrected = Array.from({ length }, (_, index) => index).flatMap((index) => {
            const found = problems.filter((p) => p.index === index);
            if (found.some((p) => p.remove)) return [];
            if (found.length > 0) return [found[0].placeholder ?? defaultPlaceholder];
            return index < items.length ? [items[index]] : [];
        });
        const fix = wholeListFix(this.stack, fullKey, corrected);
        const note = isStoredSecret(fullKey) ? secretListNote(fullKey, corrected) : "";
        for (const { message } of [...problems].sort((a, b) => a.index - b.index)) this.add(fullKey, `${message}${note}`, fix);
    }

    /** A key this stack must not set: the fix removes it, after `instead` (another key's fix) when given. */
    removalProblem(key: ConfigKeyName, message: string, instead?: string): void {
        const remove = removeCommand(this.stack, `${projectName}:${key}`);
        this.add(`${projectName}:${key}`, message, instead ? `${instead} && ${remove}` : remove);
    }

    /** Another package's key (gcp:zone, azure-native:location) this stack must not set: the fix removes it. */
    foreignRemovalProblem(fullKey: string, message: string): void {
        this.add(fullKey, message, removeCommand(this.stack, fullKey));
    }

    /**
     * A problem with another package's key (gcp:project, azure-native:subscriptionId); the fix sets
     * `value`, or prompts for it when the stack stores the key as a secret (scalarFix).
     */
    foreignProblem(fullKey: string, message: string, value: string): void {
        this.add(fullKey, message, this.scalarFix(fullKey, value));
    }

    /**
     * Another package's key that must be a list: the fix sets it anew to `items` (see wholeListFix),
     * each with `--type string` when the operator fills a placeholder in with digits (account IDs).
     */
    foreignListProblem(fullKey: string, message: string, items: string[], typeString = false): void {
        this.add(fullKey, message, wholeListFix(this.stack, fullKey, items, typeString));
    }

    /**
     * Another package's key that must be an object, or a list of objects (aws:assumeRoles): the fix
     * sets it anew with one property, `path` below the key (`[0].roleArn`, `.roleArn`), to `value`.
     */
    foreignObjectProblem(fullKey: string, message: string, path: string, value: string): void {
        const remove = removeCommand(this.stack, fullKey);
        const property = `${fullKey}${path}`;
        const fix = isStoredSecret(fullKey)
            ? secretWrites(this.stack, [{ to: property }], [remove])
            : `${remove} && ${setCommand(this.stack, property, value, { path: true })}`;
        this.add(fullKey, message, fix);
    }

    isSet(key: ConfigKeyName): boolean {
        return this.config.get(key) !== undefined;
    }

    /**
     * Set to something other than its declared default. Pulumi.yaml's defaults are returned as if the
     * stack set them, so isSet alone cannot tell the stack's own choice from the project's default.
     */
    isOverridden(key: ConfigKeyName): boolean {
        const value = this.config.get(key);
        const spec = configKeys[key] as { default?: unknown };
        const declared = typeof spec.default === "string" ? spec.default : JSON.stringify(spec.default);
        return value !== undefined && value !== declared;
    }

    string(key: ConfigKeyName): string {
        const value = this.config.get(key);
        if (value !== undefined) return value.trim();
        const spec = configKeys[key] as { default?: unknown };
        return typeof spec.default === "string" ? spec.default : "";
    }

    /** One of `allowed`; a misspelling is reported with the closest allowed value (`prod` -> production). */
    oneOf<T extends string>(key: ConfigKeyName, allowed: readonly T[], fallback: T): T {
        const value = this.string(key);
        if ((allowed as readonly string[]).includes(value)) return value as T;
        const suggestion = closestValue(value, allowed, fallback);
        this.problem(key, `"${value}" is not one of ${allowed.join(", ")}${suggestion ? ` (did you mean ${suggestion}?)` : ""}.`, suggestion ?? fallback);
        return fallback;
    }

    /**
     * A whole number; `min` 1 for counts. Returns the default when unset, undefined when invalid. The
     * CLI refuses a stack whose integer key is not one before the program runs (Pulumi.yaml `type:
     * integer`; strconv.Atoi, so "+5" and "05" too: sdk/go/common/workspace/project.go
     * ValidateConfigValue), so only the range is left to refuse there; the offline plan
     * (harness/stack-config.ts) reads stack files without that check, and gets the same refusal here.
     */
    integer(key: ConfigKeyName, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
        const raw = this.config.get(key);
        const spec = configKeys[key] as { default?: unknown };
        if (raw === undefined) return typeof spec.default === "number" ? spec.default : undefined;
        const value = Number(raw);
        if (!/^[+-]?\d+$/.test(raw.trim()) || value < min || value > max) {
            const range = max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`;
            this.problem(key, `"${raw}" is not ${range}.`);
            return undefined;
        }
        return value;
    }

    /** true or false; anything else the CLI refuses first for a declared key (see integer), the offline plan here. */
    boolean(key: ConfigKeyName): boolean {
        const raw = this.config.get(key);
        const spec = configKeys[key] as { default?: unknown };
        if (raw === undefined) return spec.default === true;
        if (raw === "true" || raw === "false") return raw === "true";
        this.problem(key, `"${raw}" is not true or false.`);
        return spec.default === true;
    }

    /**
     * A JSON list of strings; when it is not one, the fix sets `fixValue` (a list) or else the key's
     * example. The CLI refuses anything else for a key Pulumi.yaml declares array<string> (one JSON
     * string too) before the program runs (see integer); the offline plan gets the refusal here.
     */
    stringArray(key: ConfigKeyName, fixValue?: string): string[] {
        const raw = this.config.get(key);
        if (raw === undefined || raw.trim() === "") return [];
        const list = stringList(raw);
        if (list) return list;
        this.problem(key, `must be a list of strings, got ${JSON.stringify(raw)}.`, fixValue);
        return [];
    }

    /** A secret: its Output for the program, its plain value only for validation here. */
    secret(key: ConfigKeyName): { output?: pulumi.Output<string>; value?: string } {
        const value = this.config.get(key);
        if (value === undefined || value === "") return {};
        // `pulumi config set` without --secret stores the value in plain text in the stack file.
        if (!isStoredSecret(`${projectName}:${key}`)) {
            this.problem(key, "is stored in plain text in the stack file; secrets must be encrypted.");
        }
        return { output: this.config.requireSecret(key), value };
    }

    foreign(fullKey: string): string | undefined {
        const [namespace, key] = fullKey.split(":");
        return new pulumi.Config(namespace).get(key)?.trim() || undefined;
    }
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

/** Edit distance, to suggest the key a typo meant. */
function distance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let previous = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const current = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
            previous = current;
        }
    }
    return row[b.length];
}

/**
 * The allowed value a mistyped one most likely meant: a prefix (`prod` -> production) or a value a
 * few edits away (`gpc` -> gcp, `Staging` -> staging); undefined when nothing is close.
 */
export function closestValue<T extends string>(value: string, allowed: readonly T[], preferred?: T): T | undefined {
    const typed = value.toLowerCase();
    if (typed === "") return undefined;
    const score = (candidate: string) => (candidate.toLowerCase().startsWith(typed) ? 0 : distance(typed, candidate));
    // On a tie (`letsencrypt` starts both issuers), the value the stack would use anyway.
    const best = allowed.reduce((a, b) => (score(b) < score(a) || (score(b) === score(a) && b === preferred) ? b : a));
    return score(best) <= Math.max(2, Math.floor(typed.length / 2)) ? best : undefined;
}

/** A misspelled key would otherwise be ignored silently and its default used. */
export function checkUnknownKeys(read: ConfigReader, stack: string): void {
    const known = Object.keys(configKeys);
    for (const fullKey of Object.keys(pulumi.runtime.allConfig())) {
        const [namespace, key] = fullKey.split(":");
        if (namespace !== projectName || key in configKeys) continue;
        const nearest = known.reduce((best, candidate) => (distance(key, candidate) < distance(key, best) ? candidate : best));
        // Nothing close: the fix only removes the key (setting a far-off key would change the stack).
        const suggestion = distance(key, nearest) <= 3 ? nearest : undefined;
        const meant = suggestion as ConfigKeyName | undefined;
        const kept = meant && read.isOverridden(meant) ? ` ${projectName}:${meant} is already set, so the fix only removes this key.` : "";
        read.problems.push({
            key: fullKey,
            message: `is not a setting of this program${meant ? ` (did you mean ${meant}?)` : ""}.${kept}`,
            fix: typoFix(read, stack, fullKey, meant),
        });
    }
}

/**
 * Removes the typo, after moving its value to the key it meant. A key already set keeps its value (the
 * typo's, or an example, would overwrite it). A list key gets a list, element by element (listFix): the
 * CLI refuses a stack whose declared list is one JSON string before the program runs (Pulumi.yaml
 * `type: array`). A secret's value (the typo's, or any value of a secret key) is read with `config get`
 * and set with `config set --secret` (secretWrites), so it never reaches the shell history, and the
 * typo is removed only once every value has moved.
 */
function typoFix(read: ConfigReader, stack: string, fullKey: string, meant: ConfigKeyName | undefined): string {
    const remove = removeCommand(stack, fullKey);
    if (!meant || read.isOverridden(meant)) return remove;
    const target = `${projectName}:${meant}`;
    const raw = pulumi.runtime.allConfig()[fullKey];
    const secret = isStoredSecret(fullKey) || "secret" in configKeys[meant];
    if (configKeys[meant].type !== "array") {
        return secret ? secretWrites(stack, [{ to: target, from: fullKey }], [], [remove]) : `${setCommand(stack, target, raw)} && ${remove}`;
    }
    // A value that is not a JSON list is taken as the list's one item.
    const list = stringList(raw);
    const items = list ?? [raw];
    if (!secret) return `${wholeListFix(stack, target, items)} && ${remove}`;
    const writes = items.map((_, i) => ({ to: elementPath(target, i), from: list ? elementPath(fullKey, i) : fullKey }));
    return secretWrites(stack, writes, [removeCommand(stack, target)], [remove]);
}

/** An IPv4 CIDR; returns its prefix length or undefined. */
export function cidrPrefix(value: string): number | undefined {
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
    if (!match || match.slice(1, 5).some((octet) => Number(octet) > 255) || Number(match[5]) > 32) return undefined;
    return Number(match[5]);
}
