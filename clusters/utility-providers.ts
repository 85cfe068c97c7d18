// Explicit providers for the two packages that reach no cloud: random (generated passwords, name
// suffixes) and time (waits). At most one of each per stack, parented to the cluster, and created
// on first use: only AKS waits (clusters/aks/access.ts), so a GKE, EKS or local stack gets no time
// provider, no `pulumi:providers:time` in its state and no time plugin process on every run (nor
// a plugin to install where plugin acquisition is off). Layers take them through the Cluster
// contract, like the Kubernetes provider, without asking which cloud they are on. Pulumi.yaml lists
// both packages in `pulumi:disable-default-providers`, so a resource that forgets its provider fails.
//
// Neither gets any configuration. Existing resources moved here from the default provider keep
// their state: since Pulumi 3.151.0 the engine asks the provider's DiffConfig whether a change of
// provider reference replaces (pulumi/pulumi#18509), and a bridged provider answers "replace" only
// for a changed ForcesProviderReplace setting (pulumi/pulumi-terraform-bridge#1683); with no
// settings there is none. Older CLIs are refused (config/pulumi-cli.ts); tests/provider-switch.test.ts
// keeps both conditions; docs/operations.md.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random/provider";
import * as time from "@pulumiverse/time/provider";

export class UtilityProviders {
    private randomProvider?: random.Provider;
    private timeProvider?: time.Provider;

    constructor(private readonly parent: pulumi.Resource) {}

    get random(): random.Provider {
        return (this.randomProvider ??= new random.Provider("random", {}, { parent: this.parent }));
    }

    get time(): time.Provider {
        return (this.timeProvider ??= new time.Provider("time", {}, { parent: this.parent }));
    }
}
