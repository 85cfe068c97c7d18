// Which optional add-ons a stack installs: the one rule that both the releases (index.ts) and the
// capacity check (requests.ts) read, so the check counts exactly the releases the program creates.
import type { StackSettings } from "../../config/settings";

/** The CloudNativePG operator and its Barman Cloud plugin: whenever the database engine uses the operator. */
export function cloudNativePgInstalled(settings: Pick<StackSettings, "database">): boolean {
    return settings.database.engine !== "statefulset";
}

/**
 * cert-manager issues the ingress certificates (tlsIssuer) and, when CloudNativePG runs, the Barman
 * Cloud plugin's certificates (its chart's Issuer and Certificates): so it is installed for either.
 */
export function certManagerInstalled(settings: Pick<StackSettings, "addons" | "database">): boolean {
    return settings.addons.tlsIssuer !== "none" || cloudNativePgInstalled(settings);
}
