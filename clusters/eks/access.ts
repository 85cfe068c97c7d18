// Access step: cluster-admin through EKS access entries for the configured administrators (the CI
// identity and a break-glass role), and for whoever runs `pulumi up` only when asked to, so CI and
// a person alternating do not take the access away from each other.
import * as pulumi from "@pulumi/pulumi";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import { StackSettings } from "../../config/settings";
import { checkedDeployer, OneGrantPerPrincipal } from "../deployer-admin";
import { ArnPrefix } from "./identity";
import { adminEntryName, adminEntryNames } from "../../config/eks-access-entry-names";
import { projectName } from "../../config/keys";
import { secretOutputsWhenStored, secretWhenStored } from "../../config/stored-secret";

const adminsKey = `${projectName}:clusterAdmins`;

/** A role or user ARN, arn:<partition>:iam::<account>:role/<path><name> or user/<path><name>
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns), without its path. */
function iamPrincipalName(arn: string): string | undefined {
    const principal = /^arn:([\w-]+):iam::(\d{12}):(role|user)\/(?:.*\/)?([^/]+)$/.exec(arn);
    // IAM names are unique in an account, "not distinguished by case" (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html, RoleName).
    return principal ? `${principal[1]}:${principal[2]}:${principal[3]}/${principal[4].toLowerCase()}` : undefined;
}

/**
 * "An IAM principal can't be included in more than one access entry"
 * (https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html): the second
 * CreateAccessEntry fails with 409 ResourceInUseException (terraform-aws-modules/terraform-aws-eks#3293).
 * The deployer is compared as EKS receives its entry: the role's ARN from getSessionContext, path
 * included (an assumed-role ARN has none; the data source looks the role up by name,
 * hashicorp/terraform-provider-aws#19957).
 * EKS takes a role by that exact ARN only: the same role without its path (an IAM Identity Center
 * role without aws-reserved/sso.amazonaws.com/, plus <region>/ unless Identity Center is in us-east-1:
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html) is refused,
 * 400 InvalidParameterException "The specified principalArn is invalid: invalid principal"
 * (terraform-aws-modules/terraform-aws-eks#2969); in another case only, EKS may see the same role and
 * refuse a second entry (409). Either way the run fails.
 */
export const eksOneEntryPerPrincipal: OneGrantPerPrincipal = {
    grant: "an EKS access entry",
    resources: "its AccessEntry and its AccessPolicyAssociation (one rename each)",
    refusal:
        "EKS allows one access entry per IAM principal and refuses the second (CreateAccessEntry: 409 ResourceInUseException, " +
        "https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html)",
    samePrincipal: (admin, deployer) => admin === deployer,
    misnamed: (admin, deployer) =>
        admin !== deployer && iamPrincipalName(admin) !== undefined && iamPrincipalName(admin) === iamPrincipalName(deployer)
            ? 'EKS refuses it (400 InvalidParameterException "invalid principal", ' +
              "terraform-aws-modules/terraform-aws-eks#2969) or, where only the case differs, may see the same principal (409 ResourceInUseException): " +
              "either way the run fails"
            : undefined,
    // The deployer's own entry takes the ARN getSessionContext passes through for anything but an assumed role.
    unusableDeployer: (deployer) =>
        iamPrincipalName(deployer)
            ? undefined
            : {
                  why: /^arn:[\w-]+:iam::\d{12}:root$/.test(deployer)
                      ? "EKS accepts the account root's ARN in an access entry but ignores it (kubernetes-sigs/aws-iam-authenticator#797)"
                      : "it is not an IAM role or user, and EKS refuses an STS session principal such as a federated user " +
                        '("You can\'t use the STS session principal type with access entries", https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessEntry.html)',
                  listAs:
                      "the ARN of an IAM role (arn:aws:iam::<account>:role/<name>) and run `pulumi up` as that role " +
                      "(the program's own Kubernetes calls are made as the deployer)",
              },
};

export function eksAccessEntries(
    settings: StackSettings,
    cluster: eks.Cluster,
    arnPrefix: ArnPrefix,
    opts: pulumi.CustomResourceOptions,
): eks.AccessPolicyAssociation[] {
    const clusterName = settings.clusterName;
    const { clusterAdmins, includeDeployerAsAdmin } = settings.access;
    // Two administrators with one entry name are refused at config load (config/cluster-access.ts).
    // Aliases: earlier versions numbered the entries, the deployer's first (admin-0), then the list;
    // and the name of the list's other form, plain or secret. The state keeps no alias (the engine drops
    // them before every save: pulumi/pulumi pkg/resource/deploy/state_builder.go, withUpdatedAliases).
    // A readable name two secret entries share (role/a/b, role/a-b) is no alias: two resources would
    // claim the one old entry (the engine refuses it, pkg/resource/deploy/step_generator.go getOldResource),
    // and a plain list never held both.
    const names = clusterAdmins.map((principalArn) => adminEntryNames(clusterName, principalArn));
    const previous = names.map((n) => n.previous);
    const admins: { name: string; principalArn: pulumi.Input<string>; aliases: pulumi.Alias[] }[] = clusterAdmins.map((principalArn, i) => ({
        name: names[i].name,
        principalArn: secretWhenStored(adminsKey, principalArn),
        aliases: [
            { name: `${clusterName}-admin-${i + 1}` },
            ...(previous.indexOf(previous[i]) === previous.lastIndexOf(previous[i]) ? [{ name: previous[i] }] : []),
        ],
    }));
    if (includeDeployerAsAdmin) {
        // The IAM role behind an assumed-role session, not the session (which changes every run); the
        // lookup needs iam:GetRole on that role (terraform-aws-modules/terraform-aws-eks#2517).
        const caller = getCallerIdentityOutput({}, opts);
        const role = iam.getSessionContextOutput({ arn: caller.arn }, opts).issuerArn;
        const ownGrant = `${clusterName}-admin-deployer`;
        const principalArn = checkedDeployer(
            { stack: settings.stack, clusterAdmins, ownGrant, listedGrant: (deployer) => adminEntryName(clusterName, deployer) },
            role,
            eksOneEntryPerPrincipal,
        );
        admins.push({ name: ownGrant, principalArn, aliases: [{ name: `${clusterName}-admin-0` }] });
    }
    return admins.map(({ name, principalArn, aliases }) => {
        // Both outputs name the principal: the entry's ARN (.../role/<account>/<name>/...) and the
        // Kubernetes user name EKS derives from it (https://docs.aws.amazon.com/eks/latest/userguide/set-custom-username.html).
        const entry = new eks.AccessEntry(
            name,
            { clusterName: cluster.name, principalArn, type: "STANDARD" },
            { ...opts, aliases, additionalSecretOutputs: secretOutputsWhenStored(adminsKey, ["accessEntryArn", "userName"]) },
        );
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
