// What every cluster component shares: its name, node pool capacity from the settings, and the
// random and time providers.
import * as pulumi from "@pulumi/pulumi";
import { StackSettings } from "../config/settings";
import { clusterCapacity, NodePoolCapacity } from "./capacity";
import { IngressExposure } from "./contract";
import { UtilityProviders } from "./utility-providers";

export abstract class ClusterComponent extends pulumi.ComponentResource {
    readonly name: string;
    readonly capacity: NodePoolCapacity;
    readonly utilityProviders: UtilityProviders;

    protected constructor(type: string, name: string, settings: StackSettings, opts?: pulumi.ComponentResourceOptions) {
        super(type, name, {}, opts);
        this.name = settings.cloud === "local" ? settings.local.context : settings.clusterName;
        this.capacity = clusterCapacity(settings);
        this.utilityProviders = new UtilityProviders(this);
    }
}

/** A cloud load balancer in front of the ingress controller, configured by Service annotations. */
export function loadBalancerExposure(serviceAnnotations: Record<string, string> = {}): IngressExposure {
    return { serviceType: "LoadBalancer", serviceAnnotations, hostPorts: false, nodeSelector: {} };
}
