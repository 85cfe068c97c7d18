// Access step: cluster-admin through EKS access entries for the configured administrators (the CI
// identity and a break-glass role), and for whoever runs `pulumi up` only when asked to, so CI and
// a person alternating do not take the access away from each other.
import * as pulumi from "@pulumi/pulumi";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import { StackSettings } from "../../config/settings";
import { checkDeployerAdmin, OneGrantPerPrincipal } from "../deployer-admin";
import { ArnPrefix } from "./identity";

/** A stable logical name per principal (its role or user path), so reordering the list replaces nothing. */
export function adminEntryName(clusterName: string, principalArn: string): string {
    return `${clusterName}-admin-${principalArn.split(":").pop()?.replace(/\//g, "-")}`;
}

/** The IAM principal an ARN names: a role or user ARN (any path), or an assumed-role session of a role. */
export interface IamPrincipal {
    partition: string;
    account: string;
    kind: "role" | "user";
    name: string;
}

export function iamPrincipal(arn: string): IamPrincipal | undefined {
    // arn:<partition>:iam::<account>:role/<path><name> and user/<path><name>;
    // arn:<partition>:sts::<account>:assumed-role/<role name>/<session> (no path)
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
    const principal = /^arn:([\w-]+):iam::(\d{12}):(role|user)\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (principal) return { partition: principal[1], account: principal[2], kind: principal[3] as IamPrincipal["kind"], name: principal[4] };
    const session = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(arn);
    return session ? { partition: session[1], account: session[2], kind: "role", name: session[3] } : undefined;
}

/**
 * Whether two ARNs name the same IAM principal. Role and user names are unique in an account whatever
 * their path, and "Names are not distinguished by case"
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html, RoleName): so the
 * path is ignored and the name compared without case, while partition and account must match.
 */
export function sameIamPrincipal(a: string, b: string): boolean {
    const [x, y] = [iamPrincipal(a), iamPrincipal(b)];
    return !!x && !!y && x.partition === y.partition && x.account === y.account && x.kind === y.kind && x.name.toLowerCase() === y.name.toLowerCase();
}

/**
 * "An IAM principal can't be included in more than one access entry"; a role's ARN may carry its path
 * (https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html). The second
 * CreateAccessEntry fails with 409 ResourceInUseException, "The specified access entry resource is
 * already in use on this cluster" (terraform-aws-modules/terraform-aws-eks#3293).
 */
export const eksOneEntryPerPrincipal: OneGrantPerPrincipal = {
    grant: "an EKS access entry",
    refusal: "EKS allows one access entry per IAM principal and refuses the second after the cluster is built (CreateAccessEntry: 409 ResourceInUseException)",
    source: "https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html",
    // https://repost.aws/knowledge-center/eks-troubleshoot-iam-issues
    unlisted:
        "unless it has an access entry made outside this stack, EKS refuses its Kubernetes calls (Unauthorized), " +
        "this program's own add-on installs included.",
    samePrincipal: sameIamPrincipal,
};

export function eksAccessEntries(
    settings: StackSettings,
    cluster: eks.Cluster,
    arnPrefix: ArnPrefix,
    opts: pulumi.CustomResourceOptions,
): eks.AccessPolicyAssociation[] {
    const clusterName = settings.clusterName;
    const { clusterAdmins, includeDeployerAsAdmin } = settings.access;
    // Aliases: earlier versions numbered the entries, the deployer's first (admin-0), then the list.
    const admins: { name: string; principalArn: pulumi.Input<string>; aliases: pulumi.Alias[] }[] = clusterAdmins.map((principalArn, i) => ({
        name: adminEntryName(clusterName, principalArn),
        principalArn,
        aliases: [{ name: `${clusterName}-admin-${i + 1}` }],
    }));
    const caller = getCallerIdentityOutput({}, opts);
    checkDeployerAdmin({ stack: settings.stack, clusterAdmins, included: includeDeployerAsAdmin }, caller.arn, eksOneEntryPerPrincipal);
    if (includeDeployerAsAdmin) {
        // The IAM role behind an assumed-role session, not the session (which changes every run).
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
