// A secret from stack config, else a generated one. The generator (a RandomPassword) is registered
// when the key is unset, and also when the stack protects its resources: the engine refuses to delete
// a protected resource ("cannot be deleted because it is protected", pulumi/pulumi
// pkg/resource/deploy/step_generator.go), so setting the key by hand there must keep it registered and
// unsetting it brings the generated value back. On an unprotected stack a set key registers nothing, so
// a stack with every generated secret set needs no `random` provider plugin (the e2e run, docs/e2e.md).
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { WorkloadContext } from "./context";

/** The generator of one secret: its logical name and length (letters and digits only). */
export interface GeneratedSecret {
    name: string;
    length: number;
}

export function configuredOrGenerated(
    configured: pulumi.Output<string> | undefined,
    generator: GeneratedSecret,
    parent: pulumi.Resource,
    ctx: WorkloadContext,
): pulumi.Output<string> {
    const generate = () =>
        new random.RandomPassword(
            generator.name,
            { length: generator.length, special: false },
            {
                parent,
                provider: ctx.cluster.utilityProviders.random,
                // A new password or key would lock the application (or the schema owner) out of its data.
                protect: ctx.settings.protect,
                // No additionalSecretOutputs: @pulumi/random marks `result` secret itself (randomPassword.js).
            },
        ).result;
    if (configured === undefined) return generate();
    if (ctx.settings.protect) generate();
    return configured;
}
