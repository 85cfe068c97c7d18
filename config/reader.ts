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
 * `pulumi config set` of one value, every operand one shell word. A value starting with "-" follows
 * `--`: the CLI would read it as a flag and refuse the command ("unknown shorthand flag", checked
 * against the CLI 3.274.1; its flags are parsed by spf13/pflag, which ends the flags at `--`).
 */
export function setCommand(stack: string, fullKey: string, value: string, path = false): string {
    const operands = `${shellWord(fullKey)} ${shellWord(value)}`;
    return `pulumi config set --stack ${stack}${path ? " --path" : ""} ${value.startsWith("-") ? `-- ${operands}` : operands}`;
}

/** `pulumi config rm` of a key. */
function removeCommand(stack: string, fullKey: string): string {
    return `pulumi config rm --stack ${stack} ${shellWord(fullKey)}`;
}

/** The items of a list written as JSON or YAML flow (["a","b"], [a]): only its own brackets and quotes go. */
function listItems(text: string): string[] {
    return text.replace(/^\["?|"?\]$/g, "").split('","');
}

/**
 * Sets a whole list, one `--path key[i]` command per element. `--path key[i]` overwrites index i
 * only (sdk/go/common/resource/config/map.go, Map.Set), so the stored list is removed first: a longer
 * one would otherwise keep its later elements, and one stored as a JSON string (set without --path)
 * would become [null, ..., item] (object.go, object.Set) rather than the list given. So it gives the
 * same YAML list whichever form was stored, and running it twice gives that list again.
 */
function wholeListFix(stack: string, fullKey: string, items: string[]): string {
    const sets = items.map((item, i) => setCommand(stack, elementPath(fullKey, i), item, true));
    return [removeCommand(stack, fullKey), ...sets].join(" && ");
}

/** Sets a whole atlasia list (see wholeListFix). */
export function listFix(stack: string, key: ConfigKeyName, items: string[]): string {
    return wholeListFix(stack, `${projectName}:${key}`, items);
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
        return setCommand(this.stack, `${projectName}:${key}`, shown);
    }

    problem(key: ConfigKeyName, message: string, fixValue?: string): void {
        this.problems.push({ key: `${projectName}:${key}`, message, fix: this.fix(key, fixValue) });
    }

    /**
     * Problems with single elements of the list `items`. Each is fixed by setting the whole corrected
     * list (wholeListFix): the stack's other items as they are, each bad one replaced by its
     * `placeholder` (else the key's example item) for the operator to fill in, each surplus one
     * dropped, one missing at the end added as its placeholder. Every problem of the list prints that
     * one command, and running it again changes nothing.
     *
     * Not by index (`config set --path 'key[i]'`, `config rm --path 'key[i]'`): that is right only for
     * a list stored as a YAML list. A list set as a JSON string (`config set key '["a","b"]'`, which
     * the program accepts) has no elements: `rm --path` leaves it as it is and `set --path key[i]`
     * replaces the whole string with a new list [null, ..., value] (sdk/go/common/resource/config/
     * object.go, the COMPAT branch of object.Set), losing the other items. The program cannot tell the
     * two apart: the engine hands it both as the same JSON text (config/map.go Map.Decrypt ->
     * plaintext.go marshalText), which pulumi.Config.get returns as it is.
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
        for (const { message } of [...problems].sort((a, b) => a.index - b.index)) this.problems.push({ key: fullKey, message, fix });
    }

    /** A key this stack must not set: the fix removes it, after `instead` (another key's fix) when given. */
    removalProblem(key: ConfigKeyName, message: string, instead?: string): void {
        const remove = removeCommand(this.stack, `${projectName}:${key}`);
        this.problems.push({ key: `${projectName}:${key}`, message, fix: instead ? `${instead} && ${remove}` : remove });
    }

    /** Another package's key (gcp:zone, azure-native:location) this stack must not set: the fix removes it. */
    foreignRemovalProblem(fullKey: string, message: string): void {
        this.problems.push({ key: fullKey, message, fix: removeCommand(this.stack, fullKey) });
    }

    /** A problem with another package's key (gcp:project, azure-native:subscriptionId); the fix sets `value`. */
    foreignProblem(fullKey: string, message: string, value: string): void {
        this.problems.push({ key: fullKey, message, fix: setCommand(this.stack, fullKey, value) });
    }

    /** Another package's key that must be a list: the fix sets it anew to `items` (see wholeListFix). */
    foreignListProblem(fullKey: string, message: string, items: string[]): void {
        this.problems.push({ key: fullKey, message, fix: wholeListFix(this.stack, fullKey, items) });
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

    /** A whole number; `min` 1 for counts. Returns the default when unset, undefined when invalid. */
    integer(key: ConfigKeyName, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
        const raw = this.config.get(key);
        const spec = configKeys[key] as { default?: unknown };
        if (raw === undefined) return typeof spec.default === "number" ? spec.default : undefined;
        const value = Number(raw);
        if (!/^-?\d+$/.test(raw.trim()) || value < min || value > max) {
            const range = max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`;
            this.problem(key, `"${raw}" is not ${range}.`);
            return undefined;
        }
        return value;
    }

    boolean(key: ConfigKeyName): boolean {
        const raw = this.config.get(key);
        const spec = configKeys[key] as { default?: unknown };
        if (raw === undefined) return spec.default === true;
        if (raw === "true" || raw === "false") return raw === "true";
        this.problem(key, `"${raw}" is not true or false.`);
        return spec.default === true;
    }

    /** A JSON list of strings; when it is not one, the fix sets `fixValue` (a list) or else the key's example. */
    stringArray(key: ConfigKeyName, fixValue?: string): string[] {
        const raw = this.config.get(key);
        if (raw === undefined || raw.trim() === "") return [];
        try {
            const parsed: unknown = JSON.parse(raw);
            if (Array.isArray(parsed) && parsed.every((item) => typeof item === "string")) return parsed;
        } catch {
            // reported below
        }
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

/** Whether the stack stores this key encrypted (`pulumi config set --secret`); true when the SDK cannot tell. */
function isStoredSecret(fullKey: string): boolean {
    const isSecret = (pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
    return isSecret ? isSecret(fullKey) : true;
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
    return /^[\w@%+=:,./-]+$/.test(value) ? value : shellQuoted(value);
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
 * typo's, or an example, would overwrite it); a secret's value (the typo's or the meant key's) is piped from `config get` into
 * `config set --secret`, which reads it from standard input when none is given on the command line
 * (https://www.pulumi.com/docs/iac/cli/commands/pulumi_config_set/), so it never reaches the shell history.
 */
function typoFix(read: ConfigReader, stack: string, fullKey: string, meant: ConfigKeyName | undefined): string {
    const remove = removeCommand(stack, fullKey);
    if (!meant || read.isOverridden(meant)) return remove;
    const target = `${projectName}:${meant}`;
    if (isStoredSecret(fullKey) || "secret" in configKeys[meant])
        return `pulumi config get --stack ${stack} ${shellWord(fullKey)} | ${secretFix(stack, target)} && ${remove}`;
    return `${setCommand(stack, target, pulumi.runtime.allConfig()[fullKey])} && ${remove}`;
}

/** An IPv4 CIDR; returns its prefix length or undefined. */
export function cidrPrefix(value: string): number | undefined {
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
    if (!match || match.slice(1, 5).some((octet) => Number(octet) > 255) || Number(match[5]) > 32) return undefined;
    return Number(match[5]);
}
