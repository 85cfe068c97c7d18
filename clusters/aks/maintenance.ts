// When AKS may upgrade: its auto-upgrade and node OS image upgrades run only inside these weekly
// windows (https://learn.microsoft.com/en-us/azure/aks/planned-maintenance). AKS reads them by
// their fixed names; a window lasts at least 4 hours.
import * as pulumi from "@pulumi/pulumi";
import * as containerservice from "@pulumi/azure-native/containerservice";
import { StackSettings } from "../../config/settings";

export const maintenanceWindowHours = 4;

export function maintenanceWindows(
    settings: StackSettings,
    resourceGroupName: pulumi.Input<string>,
    clusterName: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): containerservice.MaintenanceConfiguration[] {
    const { dayOfWeek, startTime } = settings.azure.maintenanceWindow;
    const window = {
        schedule: { weekly: { dayOfWeek, intervalWeeks: 1 } },
        durationHours: maintenanceWindowHours,
        startTime,
        utcOffset: "+00:00",
    };
    const names = ["aksManagedNodeOSUpgradeSchedule", ...(settings.azure.autoUpgradeChannel === "none" ? [] : ["aksManagedAutoUpgradeSchedule"])];
    return names.map(
        (configName) =>
            new containerservice.MaintenanceConfiguration(
                `${settings.clusterName}-${configName}`,
                {
                    configName,
                    resourceGroupName,
                    resourceName: clusterName,
                    maintenanceWindow: window,
                },
                opts,
            ),
    );
}
