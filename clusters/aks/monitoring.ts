// Container Insights (the guide's --enable-addons monitoring), production only: kube-prometheus-stack
// already collects metrics everywhere, so Container Insights adds the container logs, Kubernetes
// events and pod inventory a production incident needs, and only costs ingestion elsewhere.
// The agent authenticates with its managed identity (useAADAuth), which needs a data collection rule
// and its association with the cluster; ARM does not create them as the az CLI does
// (https://learn.microsoft.com/en-us/azure/azure-monitor/containers/kubernetes-monitoring-enable?tabs=arm).
import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import { StackSettings } from "../../config/settings";

/**
 * The "Logs and events" streams, which Azure Monitor recommends beside Prometheus metrics; its default
 * group stream would also ingest Perf and InsightsMetrics, which kube-prometheus-stack already has
 * (https://learn.microsoft.com/en-us/azure/azure-monitor/containers/container-insights-data-collection-configure).
 */
const containerInsightsStreams = ["Microsoft-ContainerLogV2", "Microsoft-KubeEvents", "Microsoft-KubePodInventory"];

export function containerInsightsEnabled(settings: StackSettings): boolean {
    return settings.environment === "production";
}

export interface ContainerInsights {
    workspace: operationalinsights.Workspace;
    /** The addon profile for the cluster. */
    addon: { enabled: true; config: { logAnalyticsWorkspaceResourceID: pulumi.Output<string>; useAADAuth: "true" } };
    /** Associates the rule with the cluster once it exists. */
    associate(clusterId: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): monitor.DataCollectionRuleAssociation;
}

export function containerInsights(settings: StackSettings, resourceGroupName: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): ContainerInsights {
    const name = settings.clusterName;
    const workspace = new operationalinsights.Workspace(
        `${name}-logs`,
        {
            workspaceName: `${name}-logs`,
            resourceGroupName,
            location: settings.region,
            sku: { name: "PerGB2018" },
            retentionInDays: 30,
            tags: settings.tags,
        },
        opts,
    );
    const rule = new monitor.DataCollectionRule(
        `${name}-container-insights`,
        {
            dataCollectionRuleName: `${name}-container-insights`,
            resourceGroupName,
            location: settings.region,
            kind: "Linux",
            dataSources: {
                extensions: [
                    {
                        name: "ContainerInsightsExtension",
                        extensionName: "ContainerInsights",
                        streams: containerInsightsStreams,
                        extensionSettings: { dataCollectionSettings: { interval: "1m", namespaceFilteringMode: "Off", enableContainerLogV2: true } },
                    },
                ],
            },
            destinations: { logAnalytics: [{ name: "ciworkspace", workspaceResourceId: workspace.id }] },
            dataFlows: [{ streams: containerInsightsStreams, destinations: ["ciworkspace"] }],
            tags: settings.tags,
        },
        opts,
    );
    return {
        workspace,
        addon: { enabled: true, config: { logAnalyticsWorkspaceResourceID: workspace.id, useAADAuth: "true" } },
        associate: (clusterId, associationOpts) =>
            new monitor.DataCollectionRuleAssociation(
                `${name}-container-insights`,
                {
                    associationName: "ContainerInsightsExtension",
                    resourceUri: clusterId,
                    dataCollectionRuleId: rule.id,
                },
                associationOpts,
            ),
    };
}
