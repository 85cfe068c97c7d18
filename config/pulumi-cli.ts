// The Pulumi CLI this program needs, declared twice because each check misses some CLIs:
// - Pulumi.yaml `requiredPulumiVersion`: the CLI refuses the project before running it, but only
//   from 3.219.0 on (pulumi/pulumi#21627); older CLIs ignore the key, since the project schema
//   admits unknown keys (sdk/go/common/workspace/project.json, "additionalProperties": true);
// - the program's own `pulumi.runtime.requirePulumiVersion` (pulumi/pulumi#21337): an engine that
//   lacks that RPC makes it fail ("does not support the `RequirePulumiVersion` RPC"), so every older
//   CLI is refused, before any resource is registered.
// Why a floor at all: before 3.151.0 the engine replaced every resource moved from a default to an
// explicit provider (pulumi/pulumi#18395, #8959; fixed by #18509), which for the random resources
// moved in clusters/utility-providers.ts means new database passwords, keys and key-ring names.
// The floor is the first CLI with both checks, so both agree on every CLI that passes.
import * as pulumi from "@pulumi/pulumi";

/** Kept equal to `requiredPulumiVersion` in Pulumi.yaml (tests/pulumi-cli.test.ts). */
export const requiredPulumiVersion = ">=3.219.0";

/** Fails the run, before any resource exists, on a CLI outside `requiredPulumiVersion`. */
export async function requireSupportedCli(check = pulumi.runtime.requirePulumiVersion): Promise<void> {
    try {
        await check(requiredPulumiVersion);
    } catch (e) {
        throw new Error(
            `This program needs the Pulumi CLI ${requiredPulumiVersion}: ${(e as Error).message}\n` +
                "  Older CLIs replace the generated passwords and keys (docs/operations.md). Install the version in .pulumi-version:\n" +
                "  curl -fsSL https://get.pulumi.com | sh -s -- --version $(cat .pulumi-version)",
            { cause: e },
        );
    }
}
