// The Atlasia program: validated settings, then the cluster, the platform add-ons and the Atlasia
// workloads, each a component on the one before. Pulumi calls the exported function; the tests call
// it once per stack configuration under mocks.
import * as pulumi from "@pulumi/pulumi";
import { loadSettings } from "./config/load";
import { requireSupportedCli } from "./config/pulumi-cli";
import { createCluster } from "./clusters";
import { PlatformAddons } from "./clusters/addons";
import { checkCapacity } from "./workloads/capacity";
import { AtlasiaWorkloads } from "./workloads";

export = async function atlasia(): Promise<Record<string, unknown>> {
    // A CLI too old for this program, and everything that can be wrong with the configuration,
    // fail here, before any resource exists.
    await requireSupportedCli();
    const settings = loadSettings();
    const capacityWarnings = checkCapacity(settings);
    for (const warning of [...settings.warnings, ...capacityWarnings]) await pulumi.log.warn(warning);

    const cluster = createCluster(settings);
    const platform = new PlatformAddons("platform", { settings, cluster });
    new AtlasiaWorkloads("atlasia", { settings, cluster, platform: platform.services });

    return {
        cloud: settings.cloud,
        environment: settings.environment,
        region: settings.region,
        clusterName: cluster.name,
        kubeconfig: cluster.kubeconfig,
        storageClass: cluster.storageClassName,
        url: `${settings.addons.tlsIssuer === "none" ? "http" : "https"}://${settings.app.domain}`,
        // A secret: `pulumi stack output grafanaAdminPassword --show-secrets`.
        grafanaAdminPassword: platform.grafanaAdminPassword,
    };
};
