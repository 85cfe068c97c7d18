// Which deployer ARNs can hold an EKS access entry of their own, and which clusterAdmins entry names
// the deployer in a refused form: clusters/eks/access.ts reads an IAM principal ARN whole, never a
// piece of a longer string.
//
// An IAM role or user ARN is arn:<partition>:iam::<account-id>:role/<path><name> or user/<path><name>,
// nothing before and nothing after (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html,
// reference_identifiers.html#identifiers-arns); a name is never empty ("1-64 characters",
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html, RoleName). An access entry's
// principal is an IAM role or user, not an STS session principal
// (https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html, creating-access-entries.html).
import { strict as assert } from "assert";
import { eksOneEntryPerPrincipal } from "../clusters/eks/access";

// The whole messages, written out by hand from the rules above.
const stsSessionWhy =
    "it is not an IAM role or user, and EKS refuses an STS session principal such as a federated user " +
    '("You can\'t use the STS session principal type with access entries", https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessEntry.html)';
const rootWhy = "EKS accepts the account root's ARN in an access entry but ignores it (kubernetes-sigs/aws-iam-authenticator#797)";
const listAs =
    "the ARN of an IAM role (arn:aws:iam::<account>:role/<name>) and run `pulumi up` as that role " +
    "(the program's own Kubernetes calls are made as the deployer)";

describe("EKS: a deployer or administrator ARN is read whole", () => {
    const unusable = (deployer: string) => eksOneEntryPerPrincipal.unusableDeployer?.(deployer);

    it("says in full why an STS federated user cannot hold an entry and what to list instead", () => {
        assert.deepEqual(unusable("arn:aws:sts::123456789012:federated-user/jane"), { why: stsSessionWhy, listAs });
    });

    it("says in full why the account root cannot, and what to list instead", () => {
        assert.deepEqual(unusable("arn:aws:iam::123456789012:root"), { why: rootWhy, listAs });
    });

    it("a role or user ARN with anything before arn: or after its name is not a role or user (no entry of its own)", () => {
        for (const notAnArn of [
            "xarn:aws:iam::123456789012:role/platform-deployer",
            " arn:aws:iam::123456789012:user/ops/alice",
            // A trailing slash leaves the name empty: the path role/platform-deployer/ with no name.
            "arn:aws:iam::123456789012:role/platform-deployer/",
        ]) {
            assert.deepEqual(unusable(notAnArn), { why: stsSessionWhy, listAs }, notAnArn);
        }
    });

    it("the root's ARN with anything before arn: or after root is not the root", () => {
        for (const notRoot of ["xarn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:rootx", "arn:aws:iam::123456789012:root/"]) {
            assert.deepEqual(unusable(notRoot), { why: stsSessionWhy, listAs }, notRoot);
        }
    });

    it("an administrator entry that is not a role or user ARN does not name the deployer in another form", () => {
        const deployer = "arn:aws:iam::123456789012:role/platform-deployer";
        for (const admin of ["xarn:aws:iam::123456789012:role/Platform-Deployer", "arn:aws:iam::123456789012:role/platform-deployer/"]) {
            assert.equal(eksOneEntryPerPrincipal.misnamed?.(admin, deployer), undefined, admin);
        }
        // Two ARNs neither of which is a role or user (the root, an STS session) are not one principal in two forms.
        assert.equal(eksOneEntryPerPrincipal.misnamed?.("arn:aws:iam::123456789012:root", "arn:aws:sts::123456789012:federated-user/jane"), undefined);
    });
});
