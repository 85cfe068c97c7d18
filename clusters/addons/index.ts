// Platform add-ons layer (cert-manager, ingress-nginx, kube-prometheus-stack, prometheus-adapter,
// Jaeger). Skeleton: the add-ons issue replaces this with the Helm releases.
import * as pulumi from "@pulumi/pulumi";
import { StackSettings } from "../../config/settings";
import { Cluster } from "../contract";
import { PlatformServices } from "./contract";

export interface PlatformAddonsArgs {
    settings: StackSettings;
    cluster: Cluster;
}

export class PlatformAddons extends pulumi.ComponentResource {
    readonly services: PlatformServices;

    constructor(name: string, args: PlatformAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:platform:PlatformAddons", name, {}, opts);
        void args;
        this.services = {
            ingress: {
                className: "nginx",
                ready: this,
                controller: { namespace: "ingress-nginx", podLabels: { "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller" } },
            },
        };
        this.registerOutputs({});
    }
}
