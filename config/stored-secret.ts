// A value read from stack config stays a secret when the stack stores its key encrypted: a provider
// input is kept in state and shown in every diff, so a plain copy of a secret setting would leak it.
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { isStoredSecret } from "./fix-commands";

/** `value` (plain data parsed from config) as a secret when the stack stores `fullKey` encrypted, else as it is. */
export function secretWhenStored<T>(fullKey: string, value: T): T | pulumi.Output<T> {
    // Plain data holds no Outputs, so unwrapping it changes nothing.
    return isStoredSecret(fullKey) ? (pulumi.secret(value) as pulumi.Output<T>) : value;
}

/**
 * The part of a resource's name taken from a config value: `readable` as it is, or a digest of
 * `identity` when the stack stores `fullKey` encrypted. A name is part of the URN, which Pulumi never
 * encrypts (state, `pulumi preview`, CI logs). The digest is stable, so a reordered list replaces
 * nothing; it hides the value from readers of the state, not from someone who guesses it and hashes.
 */
export function namePartWhenStored(fullKey: string, readable: string, identity: string = readable): string {
    return isStoredSecret(fullKey) ? createHash("sha256").update(identity).digest("hex").slice(0, 16) : readable;
}
