// Reading stack configuration: raw values with the declared defaults, and problems collected with
// the exact `pulumi config set` command that fixes each one. Every loader (config/load.ts and the
// per-area loaders beside it) reads through one ConfigReader so all problems are reported at once.
import * as pulumi from "@pulumi/pulumi";
import { ConfigKey, ConfigKeyName, configKeys, projectName } from "./keys";
import {
    isStoredSecret,
    listFix,
    listItems,
    placeholder,
    removeCommand,
    secretFix,
    secretListNote,
    secretWrites,
    setCommand,
    stringList,
    wholeListFix,
    withoutSecretValues,
} from "./fix-commands";
import { closestValue } from "./unknown-keys";

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
        const note = isStoredSecret(fullKey) ? secretListNote(fullKey, items) : "";
        this.add(fullKey, `${message}${note}`, wholeListFix(this.stack, fullKey, items, typeString));
    }

    /**
     * Another package's key that must be an object, or a list of objects (aws:assumeRoles): the fix
     * sets it anew with one property, `path` below the key (`[0].roleArn`, `.roleArn`), to `value`.
     */
    foreignObjectProblem(fullKey: string, message: string, path: string, value: string): void {
        const remove = removeCommand(this.stack, fullKey);
        const property = `${fullKey}${path}`;
        const fix = isStoredSecret(fullKey)
            ? secretWrites(this.stack, [{ to: property, asked: placeholder(value) ? `${property}, ${value}` : property }], [remove])
            : `${remove} && ${setCommand(this.stack, property, value, { path: true })}`;
        this.add(fullKey, message, fix);
    }

    /** One property of another package's object (`[1].roleArn`) set, the rest of it kept; asked for when the key is a secret. */
    foreignPropertyProblem(fullKey: string, message: string, path: string, value: string): void {
        const property = `${fullKey}${path}`;
        const fix = isStoredSecret(fullKey)
            ? secretWrites(this.stack, [{ to: property, asked: `${property}, ${value}` }])
            : setCommand(this.stack, property, value, { path: true });
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
