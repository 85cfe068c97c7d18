// Explicit providers for the two packages that reach no cloud: random (generated passwords, name
// suffixes) and time (waits). One of each per stack, created with the cluster so that every layer
// gets them through the Cluster contract, like the Kubernetes provider. Pulumi.yaml lists both in
// `pulumi:disable-default-providers`, so a resource that forgets its provider fails.
//
// Neither gets any configuration. Existing resources moved here from the default provider keep
// their state: since Pulumi 3.151.0 the engine asks the provider's DiffConfig whether a change of
// provider reference replaces (pulumi/pulumi#18509), and a bridged provider answers "replace" only
// for a changed ForcesProviderReplace setting (pulumi/pulumi-terraform-bridge#1683); with no
// settings there is none. tests/provider-switch.test.ts keeps both conditions; docs/operations.md.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random/provider";
import * as time from "@pulumiverse/time/provider";

export interface UtilityProviders {
    random: random.Provider;
    time: time.Provider;
}

export function createUtilityProviders(parent: pulumi.Resource): UtilityProviders {
    return {
        random: new random.Provider("random", {}, { parent }),
        time: new time.Provider("time", {}, { parent }),
    };
}
