// Secrets that reach the Spring Boot orchestrator (its environment, then its properties) must not
// contain "${": Spring resolves placeholders in values from every property source, the environment
// included, and again inside a resolved value (spring-boot
// core/spring-boot/.../context/properties/bind/PropertySourcesPlaceholdersResolver.java; spring-core
// PlaceholderParser resolves nested placeholders). "${PATH}" inside a key would be replaced, so the
// application would use another value than the one set. Generated secrets have no special characters.
import type { ConfigReader } from "./reader";
import type { ConfigKeyName } from "./keys";

export const springPlaceholderRule = {
    holds: (value: string) => !value.includes("${"),
    problem: 'must not contain "${" (Spring Boot would read it as a property placeholder)',
};

/** Records the problem for a secret the orchestrator reads, when its value holds a placeholder. */
export function checkSpringPlaceholder(read: ConfigReader, key: ConfigKeyName, value: string | undefined, fix: string): void {
    if (value !== undefined && !springPlaceholderRule.holds(value)) read.problem(key, `${springPlaceholderRule.problem}; ${fix}`);
}
