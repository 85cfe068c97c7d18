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
 * Output properties to keep secret when the stack stores `fullKey` encrypted. The engine copies an
 * input's secrecy to the output of the same name only for a secret top-level input; an object that
 * holds a secret (a cluster's endpoint settings) keeps a plain output, and a list made secret later
 * keeps its earlier, plain outputs until the resource really changes (pulumi/pulumi#3772; engine
 * pkg/resource/deploy/step_executor.go). `additionalSecretOutputs` applies on every step, diffs none.
 */
export function secretOutputsWhenStored(fullKey: string, outputs: string[]): string[] {
    return isStoredSecret(fullKey) ? outputs : [];
}

/** 16 hex digits of the SHA-256 of `identity`: stable, so a reordered list replaces nothing. */
export function nameDigest(identity: string): string {
    return createHash("sha256").update(identity).digest("hex").slice(0, 16);
}

/**
 * The two names a resource may take from a config value: `readable`, or `digested` when the stack
 * stores `fullKey` encrypted (a name is part of the URN, which Pulumi never encrypts: state, previews,
 * CI logs), and the other one as an alias, so storing the key encrypted or plain later renames the
 * resource instead of recreating it. A digest hides a value from readers of the state, not from
 * someone who guesses it.
 */
export function namesWhenStored(fullKey: string, readable: string, digested: string): { name: string; previous: string } {
    return isStoredSecret(fullKey) ? { name: digested, previous: readable } : { name: readable, previous: digested };
}
