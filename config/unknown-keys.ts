// Keys of this program's namespace that it does not know: a misspelling would otherwise be ignored
// silently and the key's default used. The fix moves the value to the key it most likely meant.
import * as pulumi from "@pulumi/pulumi";
import { ConfigKeyName, configKeys, projectName } from "./keys";
import type { ConfigReader } from "./reader";
import { elementPath, isStoredSecret, passphraseNote, removeCommand, secretWrites, setCommand, shellWord, stringList, wholeListFix } from "./fix-commands";

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
        const fix = typoFix(read, stack, fullKey, meant);
        // A secret's fix reads it inside $(...), or asks for each element of a list it cannot read.
        const asks = fix.includes("read -rs")
            ? ` The fix asks for each element (\`pulumi config get ${shellWord(fullKey)}\` shows them), then moves them.`
            : "";
        const note = `${asks}${fix.includes("pulumi config get") ? passphraseNote : ""}`;
        read.problems.push({ key: fullKey, message: `is not a setting of this program${meant ? ` (did you mean ${meant}?)` : ""}.${kept}${note}`, fix });
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
    // The typo is undeclared, so its list may be one encrypted JSON string with no elements to read
    // (`config get --path` fails): each element is asked for; a single value moves as it is.
    const writes = items.map((_, i) =>
        list ? { to: elementPath(target, i), asked: `${elementPath(target, i)}, element ${i} of ${fullKey}` } : { to: elementPath(target, i), from: fullKey },
    );
    return secretWrites(stack, writes, [removeCommand(stack, target)], [remove], fullKey);
}
