// Access step: cluster-admin through EKS access entries for the configured administrators (the CI
// identity and a break-glass role), and for whoever runs `pulumi up` only when asked to, so CI and
// a person alternating do not take the access away from each other.
import * as pulumi from "@pulumi/pulumi";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import { StackSettings } from "../../config/settings";
import { ArnPrefix } from "./identity";

/** A stable logical name per principal (its role or user path), so reordering the list replaces nothing. */
export function adminEntryName(clusterName: string, principalArn: string): string {
    return `${clusterName}-admin-${principalArn.split(":").pop()?.replace(/\//g, "-")}`;
}

export function eksAccessEntries(
    settings: StackSettings,
    cluster: eks.Cluster,
    arnPrefix: ArnPrefix,
    opts: pulumi.CustomResourceOptions,
): eks.AccessPolicyAssociation[] {
    const clusterName = settings.clusterName;
    // Aliases: earlier versions numbered the entries, the deployer's first (admin-0), then the list.
    const admins: { name: string; principalArn: pulumi.Input<string>; aliases: pulumi.Alias[] }[] = settings.access.clusterAdmins.map((principalArn, i) => ({
        name: adminEntryName(clusterName, principalArn),
        principalArn,
        aliases: [{ name: `${clusterName}-admin-${i + 1}` }],
    }));
    if (settings.access.includeDeployerAsAdmin) {
        // The IAM role behind an assumed-role session, not the session (which changes every run).
        const caller = getCallerIdentityOutput({}, opts);
        const deployer = iam.getSessionContextOutput({ arn: caller.arn }, opts).issuerArn;
        admins.push({ name: `${clusterName}-admin-deployer`, principalArn: deployer, aliases: [{ name: `${clusterName}-admin-0` }] });
    }
    return admins.map(({ name, principalArn, aliases }) => {
        const entry = new eks.AccessEntry(name, { clusterName: cluster.name, principalArn, type: "STANDARD" }, { ...opts, aliases });
        return new eks.AccessPolicyAssociation(
            name,
            {
                clusterName: cluster.name,
                principalArn: entry.principalArn,
                policyArn: pulumi.interpolate`${arnPrefix}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
                accessScope: { type: "cluster" },
            },
            { ...opts, aliases },
        );
    });
}
