// atlasia:allowClusterDeletion, the one setting a production teardown needs
// (docs/operations.md#tearing-production-down). Pulumi's `protect` is not lifted by it: that stays
// an explicit `pulumi state unprotect` per resource, so one config flip cannot expose the data.
import type { Environment } from "./sizing";
import type { ConfigReader } from "./reader";

export interface TeardownSettings {
    allowClusterDeletion: boolean;
    warnings: string[];
}

export function loadTeardown(read: ConfigReader, stack: string, environment: Environment): TeardownSettings {
    const allowClusterDeletion = read.boolean("allowClusterDeletion");
    const warnings: string[] = [];
    if (allowClusterDeletion && environment === "production") {
        warnings.push(
            `atlasia:allowClusterDeletion is true: the production cluster's deletion protection is lifted by this update. Only for a teardown (docs/operations.md#tearing-production-down); otherwise: pulumi config rm --stack ${stack} atlasia:allowClusterDeletion`,
        );
    } else if (allowClusterDeletion) {
        warnings.push(`atlasia:allowClusterDeletion has no effect in ${environment}: only production clusters carry deletion protection.`);
    }
    return { allowClusterDeletion, warnings };
}
