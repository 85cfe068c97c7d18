// The explicit azure-native provider: the stack's region plus every azure-native:* setting the
// stack has (an explicit provider does not read them itself; config/azure.ts checks them).
import * as pulumi from "@pulumi/pulumi";
import * as azure from "@pulumi/azure-native/provider";
import { StackSettings } from "../../config/settings";

export function azureProvider(settings: StackSettings, parent: pulumi.Resource): azure.Provider {
    return new azure.Provider("azure", { ...settings.azure.provider, location: settings.region }, { parent });
}
