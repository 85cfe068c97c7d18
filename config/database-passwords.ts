// The PostgreSQL passwords when set by hand (atlasia:postgresSuperuserPassword, atlasia:postgresOwnerPassword,
// atlasia:dbPassword): each value must survive every place it goes, so the rules below name where that is.
import * as pulumi from "@pulumi/pulumi";
import type { ConfigReader } from "./reader";
import { checkSpringPlaceholder, springPlaceholderRule } from "./spring-placeholders";

export const rolePasswordKeys = ["postgresSuperuserPassword", "postgresOwnerPassword"] as const;
type RolePasswordKey = (typeof rolePasswordKeys)[number];

/** What a hand-set role password must be, each rule with the consumer that needs it. */
export const rolePasswordRules: { holds: (value: string) => boolean; problem: string }[] = [
    // Project choice: 16 characters of this alphabet are over 100 bits; the generated ones have 32.
    { holds: (value) => value.length >= 16, problem: "is shorter than 16 characters (generated ones have 32)" },
    // The postgres image's entrypoint gives initdb the superuser password as the first line of
    // --pwfile (docker-library/postgres docker-entrypoint.sh, docker_init_database_dir): a line break
    // cuts it. SCRAM-SHA-256 normalises non-ASCII passwords with SASLprep (RFC 4013; PostgreSQL docs,
    // "Password Authentication"), so only printable ASCII is the same on every client.
    {
        holds: (value) => /^[\x21-\x7e]+$/.test(value),
        problem: "must be printable ASCII without spaces or line breaks (initdb reads the first line of its password file; SCRAM normalises non-ASCII)",
    },
    // The owner password reaches Flyway as SPRING_FLYWAY_PASSWORD (config/spring-placeholders.ts).
    springPlaceholderRule,
];

/** The problems of one value (empty when it is fine). */
export function rolePasswordProblems(value: string): string[] {
    return rolePasswordRules.filter((rule) => !rule.holds(value)).map((rule) => rule.problem);
}

export function loadRolePasswords(read: ConfigReader): Partial<Record<RolePasswordKey, pulumi.Output<string>>> {
    const passwords: Partial<Record<RolePasswordKey, pulumi.Output<string>>> = {};
    for (const key of rolePasswordKeys) {
        const { output, value } = read.secret(key);
        const problems = value === undefined ? [] : rolePasswordProblems(value);
        if (problems.length > 0) read.problem(key, `${problems.join("; ")}; leave it unset to have one generated.`);
        if (output) passwords[key] = output;
    }
    return passwords;
}

/**
 * atlasia:dbPassword (role `ai`, created by the roles Job, never by initdb; SPRING_DATASOURCE_PASSWORD):
 * only Spring's rule applies.
 */
export function loadAppPassword(read: ConfigReader): pulumi.Output<string> | undefined {
    const { output, value } = read.secret("dbPassword");
    checkSpringPlaceholder(read, "dbPassword", value, "leave it unset to have one generated.");
    return output;
}
