// A secret from stack config, else a generated one. The generator (a RandomPassword) is registered
// when the key is unset, and also when the stack protects its resources: the engine refuses to delete
// a protected resource ("cannot be deleted because it is protected", pulumi/pulumi
// pkg/resource/deploy/step_generator.go), so setting the key by hand there must keep it registered and
// unsetting it brings the generated value back. On an unprotected stack a set key registers nothing, so
// a stack with every generated secret set needs no `random` provider plugin (the e2e run, docs/e2e.md).
import * as pulumi from "@pulumi/pulumi";

export function configuredOrGenerated(
    configured: pulumi.Output<string> | undefined,
    protect: boolean,
    generate: () => pulumi.Output<string>,
): pulumi.Output<string> {
    if (configured === undefined) return generate();
    if (protect) generate();
    return configured;
}
