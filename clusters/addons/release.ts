// Builds an add-on's Helm release from its entry in charts.ts, with the install settings every
// add-on shares, so no release differs from another by accident.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { StackSettings } from "../../config/settings";
import type { Cluster } from "../contract";
import { AddonName, chartReference, charts } from "./charts";

/** What every add-on module receives. */
export interface AddonScope {
    settings: StackSettings;
    cluster: Cluster;
    /** parent (the PlatformAddons component) and provider (the new cluster's) for every resource. */
    opts: pulumi.CustomResourceOptions;
}

export interface AddonReleaseArgs {
    namespace: k8s.core.v1.Namespace;
    values: pulumi.Input<{ [key: string]: pulumi.Input<unknown> }>;
    /** What the release needs besides the node pool (every release waits for that): storage, CRDs, a Secret it mounts. */
    dependsOn: pulumi.Resource[];
}

export function addonRelease(addon: AddonName, args: AddonReleaseArgs, scope: AddonScope): k8s.helm.v3.Release {
    const chart = charts[addon];
    const reference = chartReference(chart);
    return new k8s.helm.v3.Release(
        chart.releaseName,
        {
            name: chart.releaseName,
            // From the Namespace resource, so the release also waits for it.
            namespace: args.namespace.metadata.name,
            chart: reference.chart,
            version: chart.version,
            ...(reference.repo ? { repositoryOpts: { repo: reference.repo } } : {}),
            values: args.values,
            timeout: chart.timeoutSeconds,
            // A failed install or upgrade is rolled back (and what it created removed) instead of
            // leaving a half-applied release that blocks the next `pulumi up`.
            atomic: true,
            cleanupOnFail: true,
            // Ready means ready: Pulumi waits for the pods and jobs before dependants start.
            skipAwait: false,
            waitForJobs: true,
            createNamespace: false, // namespaces.ts owns them
            maxHistory: 10, // bounds the release Secrets Helm keeps per release
        },
        {
            ...scope.opts,
            dependsOn: [...scope.cluster.nodesReady, ...args.dependsOn],
            // The provider does not ask for delete-before-replace, so a replaced release would be
            // installed beside the old one and collide on its cluster-scoped objects (IngressClass,
            // CRDs, webhooks, APIService). The fixed release name makes two copies impossible anyway.
            deleteBeforeReplace: true,
        },
    );
}
