// A value read from stack config stays a secret when the stack stores its key encrypted: a provider
// input is kept in state and shown in every diff, so a plain copy of a secret setting would leak it.
import * as pulumi from "@pulumi/pulumi";
import { isStoredSecret } from "./fix-commands";

/** `value` (plain data parsed from config) as a secret when the stack stores `fullKey` encrypted, else as it is. */
export function secretWhenStored<T>(fullKey: string, value: T): T | pulumi.Output<T> {
    // Plain data holds no Outputs, so unwrapping it changes nothing.
    return isStoredSecret(fullKey) ? (pulumi.secret(value) as pulumi.Output<T>) : value;
}
