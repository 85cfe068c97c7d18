// Pods read secrets as environment variables, which only change when a pod starts; a hash of the
// values in the pod template rolls the pods when any of them changes (issue 11 item 8).
//
// The hash is not marked secret, on purpose. It is a one-way SHA-256 digest whose inputs always
// include the LLM provider's key and generated passwords of at least 190 bits, so it can be neither
// reversed nor guessed; it only tells whether the set of values changed. It sits in the cluster's
// Deployment in plain text anyway (annotations are readable by anyone who can read Deployments), and
// a secret-marked annotation would make Pulumi store and show the whole Deployment spec as [secret].
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";

export const secretChecksumAnnotation = "checksum/secrets";

export function secretChecksum(values: Record<string, pulumi.Input<string>>): pulumi.Output<string> {
    return pulumi.unsecret(
        pulumi.all(values).apply((resolved) => {
            const canonical = JSON.stringify(
                Object.keys(resolved)
                    .sort()
                    .map((key) => [key, resolved[key]]),
            );
            return crypto.createHash("sha256").update(canonical).digest("hex");
        }),
    );
}
