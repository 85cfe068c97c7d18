// Atlasia workloads layer (orchestrator, frontend, PostgreSQL, Ingress, policies).
// Skeleton: the workloads issue replaces this.
import * as pulumi from "@pulumi/pulumi";
import { StackSettings } from "../config/settings";
import { Cluster } from "../clusters/contract";
import { PlatformServices } from "../clusters/addons/contract";

export interface AtlasiaWorkloadsArgs {
    settings: StackSettings;
    cluster: Cluster;
    platform: PlatformServices;
}

export class AtlasiaWorkloads extends pulumi.ComponentResource {
    constructor(name: string, args: AtlasiaWorkloadsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:app:AtlasiaWorkloads", name, {}, opts);
        void args;
        this.registerOutputs({});
    }
}
