// The resource names of the EKS access entries of atlasia:clusterAdmins: read by clusters/eks/access.ts
// to name the entries, and by config/cluster-access.ts to refuse two administrators sharing one name
// before any resource is registered.
import { projectName } from "./keys";
import { nameDigest, namesWhenStored } from "./stored-secret";

/** The ARN's role or user path, "/" as "-". */
function principalPath(principalArn: string): string {
    return principalArn.split(":").pop()!.replace(/\//g, "-");
}

/**
 * A stable logical name per principal, so reordering the list replaces nothing: the ARN's role or
 * user path, or a digest of the whole ARN when the stack stores the list encrypted (./stored-secret.ts);
 * `previous`, the other form, serves as an alias.
 */
export function adminEntryNames(clusterName: string, principalArn: string): { name: string; previous: string } {
    return namesWhenStored(
        `${projectName}:clusterAdmins`,
        `${clusterName}-admin-${principalPath(principalArn)}`,
        `${clusterName}-admin-${nameDigest(principalArn)}`,
    );
}

export function adminEntryName(clusterName: string, principalArn: string): string {
    return adminEntryNames(clusterName, principalArn).name;
}

/**
 * The administrators whose entries would share one name, and so one URN, which Pulumi refuses
 * ("Duplicate resource URN"): role/a/b and role/a-b, or one role name in two accounts or partitions.
 * Renaming every entry to tell them apart would need an alias per entry; this names the clash instead.
 */
export function entryNameClashes(clusterName: string, clusterAdmins: string[]): string[][] {
    const byName = new Map<string, string[]>();
    for (const arn of clusterAdmins) {
        const name = adminEntryName(clusterName, arn);
        byName.set(name, [...(byName.get(name) ?? []), arn]);
    }
    return [...byName.values()].filter((arns) => arns.length > 1);
}
