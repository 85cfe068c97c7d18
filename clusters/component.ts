// What every cluster component shares: its name and node pool capacity from the settings.
import * as pulumi from "@pulumi/pulumi";
import { StackSettings } from "../config/settings";
import { clusterCapacity, NodePoolCapacity } from "./capacity";
import { IngressExposure } from "./contract";

export abstract class ClusterComponent extends pulumi.ComponentResource {
    readonly name: string;
    readonly capacity: NodePoolCapacity;

    protected constructor(type: string, name: string, settings: StackSettings, opts?: pulumi.ComponentResourceOptions) {
        super(type, name, {}, opts);
        this.name = settings.cloud === "local" ? settings.local.context : settings.clusterName;
        this.capacity = clusterCapacity(settings);
    }
}

/** A cloud load balancer in front of the ingress controller, configured by Service annotations. */
export function loadBalancerExposure(serviceAnnotations: Record<string, string> = {}): IngressExposure {
    return { serviceType: "LoadBalancer", serviceAnnotations, hostPorts: false, nodeSelector: {} };
}
