// Checks every recorded resource of a program run against the platform naming rules.
import { platformRules } from "../../clusters/platform-rules";
import { PlatformRule, ruleViolations } from "../../clusters/platform-rules/rule";
import type { ProgramRun } from "../../harness/run";

/** Providers receive their non-string inputs JSON-encoded (e.g. gcp defaultLabels). */
function decoded(value: unknown): unknown {
    if (typeof value !== "string" || !value.startsWith("{")) return value;
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/** The value at a rule's dotted property path of a resource's inputs, each step JSON-decoded. */
export function valueAt(inputs: Record<string, unknown>, path: string): unknown {
    return path.split(".").reduce<unknown>((node, key) => {
        const value = decoded(node);
        return value && typeof value === "object" ? decoded((value as Record<string, unknown>)[key]) : undefined;
    }, inputs);
}

/** Every rule broken by any resource of the run, as messages naming the resource. */
export function platformRuleViolations(run: Pick<ProgramRun, "resources">, rules: PlatformRule[] = platformRules): string[] {
    return run.resources.flatMap((resource) =>
        rules
            .filter((rule) => rule.resourceType === resource.type)
            .flatMap((rule) => ruleViolations(rule, valueAt(resource.inputs, rule.property), resource.name).map((problem) => `${resource.name}: ${problem}`)),
    );
}
