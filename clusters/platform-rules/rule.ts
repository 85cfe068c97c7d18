// The shape of a platform naming rule: what a cloud (or Kubernetes) accepts for one physical name,
// label or tag the program creates. Each rule cites where it comes from, so a reviewer can check it.

/** Length and character rules for one string. */
export interface TextRule {
    maxLength: number;
    minLength?: number;
    pattern: RegExp;
    /** The pattern in words, for messages ("lower-case letters, digits and '-', starting with a letter"). */
    describe: string;
}

interface RuleBase {
    /** Stable identifier, e.g. "gcp.nodePool.name". */
    id: string;
    /** What is named, in words. */
    what: string;
    /** Pulumi type token of the resource that carries the name, e.g. "gcp:container/nodePool:NodePool". */
    resourceType: string;
    /** Dotted input path of the name (or of the map of labels/tags). */
    property: string;
    /** Doc URL or issue that states the rule. */
    source: string;
}

/** One name. `providerSuffix` counts the characters a provider appends to a `namePrefix`. */
export interface NameRule extends RuleBase {
    kind: "name";
    text: TextRule;
    providerSuffix?: number;
    /** When the name is left unset, Pulumi derives it from the logical name plus this many characters. */
    autoNameSuffix?: number;
}

/** A map of labels or tags: rules for every key and every value. */
export interface MapRule extends RuleBase {
    kind: "map";
    key: TextRule;
    value: TextRule;
    maxEntries?: number;
}

export type PlatformRule = NameRule | MapRule;

/** Why `text` breaks `rule`, or undefined when it holds. */
export function textViolation(rule: TextRule, text: string, extraLength = 0): string | undefined {
    const length = text.length + extraLength;
    const problems: string[] = [];
    if (length > rule.maxLength)
        problems.push(`${length} characters${extraLength ? ` (with ${extraLength} appended by the provider)` : ""}, over the limit of ${rule.maxLength}`);
    if (rule.minLength !== undefined && length < rule.minLength) problems.push(`${length} characters, under the minimum of ${rule.minLength}`);
    if (!rule.pattern.test(text)) problems.push(`not ${rule.describe}`);
    return problems.length ? problems.join("; ") : undefined;
}

/**
 * Every way `value` (the rule's property of one resource) breaks `rule`; `logicalName` stands in for
 * a name left unset where the rule says Pulumi auto-names it.
 */
export function ruleViolations(rule: PlatformRule, value: unknown, logicalName?: string): string[] {
    if (rule.kind === "name") {
        // Without a logical name the recursion sees undefined again, which is not judged.
        const autoNamed = value === undefined && rule.autoNameSuffix !== undefined;
        if (autoNamed) return ruleViolations({ ...rule, autoNameSuffix: undefined, providerSuffix: rule.autoNameSuffix }, logicalName);
        if (typeof value !== "string") return [];
        const problem = textViolation(rule.text, value, rule.providerSuffix ?? 0);
        return problem ? [`${rule.what} "${value}": ${problem} (${rule.source})`] : [];
    }
    if (!value || typeof value !== "object") return [];
    const entries = Object.entries(value as Record<string, unknown>);
    const problems: string[] = [];
    if (rule.maxEntries !== undefined && entries.length > rule.maxEntries) {
        problems.push(`${rule.what}: ${entries.length} entries, over the limit of ${rule.maxEntries} (${rule.source})`);
    }
    for (const [key, entry] of entries) {
        const keyProblem = textViolation(rule.key, key);
        if (keyProblem) problems.push(`${rule.what} key "${key}": ${keyProblem} (${rule.source})`);
        if (typeof entry === "string") {
            const valueProblem = textViolation(rule.value, entry);
            if (valueProblem) problems.push(`${rule.what} "${key}" value "${entry}": ${valueProblem} (${rule.source})`);
        }
    }
    return problems;
}
