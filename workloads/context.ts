// What every workloads component receives: the settings, the cluster and platform contracts and
// the namespace, plus the resource options that pin each object to the cluster's provider.
import * as pulumi from "@pulumi/pulumi";
import { StackSettings } from "../config/settings";
import { Cluster } from "../clusters/contract";
import { PlatformServices } from "../clusters/addons/contract";

export interface WorkloadContext {
    settings: StackSettings;
    cluster: Cluster;
    platform: PlatformServices;
    /** The namespace's name as an Output, so that every object waits for the Namespace. */
    namespace: pulumi.Output<string>;
}

/** Options of a Kubernetes object: the explicit cluster provider, never the ambient kubeconfig. */
export function k8sOptions(ctx: WorkloadContext, parent: pulumi.Resource, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
    return { ...extra, parent, provider: ctx.cluster.provider };
}
