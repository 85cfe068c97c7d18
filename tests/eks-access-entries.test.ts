// Who administers an EKS cluster, through the whole program under mocks: one access entry and one
// cluster-admin policy association per administrator, named after the principal, keeping the
// numbered names of earlier versions as aliases, and the deployer resolved to its IAM role.
// Expected values are written out by hand from the EKS API reference, never from the program's data.
import { strict as assert } from "assert";
import { ProgramRun } from "../harness/run";
import { adminEntryName } from "../clusters/eks/access";
import { mockDeployerRoleArn, stackOptions, stackRun, validStackRun } from "./support/runs";
import { onlyResource } from "./support/resources";

const entryType = "aws:eks/accessEntry:AccessEntry";
const associationType = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";
const ci = "arn:aws:iam::123456789012:role/ci";
const breakGlass = "arn:aws:iam::123456789012:role/break-glass";

function stagingWith(set: Record<string, string>): Promise<ProgramRun> {
    const base = stackOptions("aws", "staging");
    return validStackRun({ ...base, set: { ...base.set, ...set } });
}

describe("EKS access entries", function () {
    this.timeout(60000);
    let listed: ProgramRun;
    let withDeployer: ProgramRun;

    before(async () => {
        listed = await stagingWith({ clusterAdmins: JSON.stringify([ci, breakGlass]) });
        withDeployer = await stagingWith({ clusterAdmins: JSON.stringify([breakGlass]), clusterAdminIncludeDeployer: "true" });
    });

    it("each entry is a STANDARD entry, the only type access policies can be associated with", () => {
        // "You can assign one or more access policies to access entries of type STANDARD"
        // (https://docs.aws.amazon.com/eks/latest/userguide/access-policies.html); EC2_LINUX and the
        // other types are for nodes and get their permissions from EKS.
        const entries = listed.resources.filter((r) => r.type === entryType);
        assert.equal(entries.length, 2);
        for (const entry of entries) assert.equal(entry.inputs.type, "STANDARD", entry.name);
    });

    it("each administrator gets AmazonEKSClusterAdminPolicy on the whole cluster (access scope type cluster)", () => {
        // AssociateAccessPolicy: policyArn arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy,
        // accessScope {type: "cluster"} or {type: "namespace", namespaces: [...]}
        // (https://docs.aws.amazon.com/eks/latest/APIReference/API_AssociateAccessPolicy.html).
        for (const [name, principal] of [
            ["atlasia-staging-admin-role-ci", ci],
            ["atlasia-staging-admin-role-break-glass", breakGlass],
        ]) {
            const association = onlyResource(listed, associationType, name).inputs;
            assert.equal(association.principalArn, principal);
            assert.equal(association.clusterName, "atlasia-staging");
            assert.equal(association.policyArn, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy");
            assert.deepEqual(association.accessScope, { type: "cluster" });
        }
    });

    it("keeps the numbered names of earlier versions as aliases, so upgrading replaces no entry (no moment without an administrator)", () => {
        // Earlier versions named the listed administrators <cluster>-admin-1, -2, ... in list order
        // (commit fd69b05); a new logical name without an alias is a delete and a create
        // (https://www.pulumi.com/docs/iac/concepts/options/aliases/).
        for (const type of [entryType, associationType]) {
            assert.deepEqual(
                onlyResource(listed, type, "atlasia-staging-admin-role-ci").aliases.map((a) => a.name),
                ["atlasia-staging-admin-1"],
            );
            assert.deepEqual(
                onlyResource(listed, type, "atlasia-staging-admin-role-break-glass").aliases.map((a) => a.name),
                ["atlasia-staging-admin-2"],
            );
        }
    });

    it("the deployer's entry is its IAM role (from the session's context), aliased to its earlier name admin-0", () => {
        // An assumed-role session ARN (arn:aws:sts::...:assumed-role/<role>/<session>) changes with every
        // session; aws.iam.getSessionContext turns it into the role's ARN (pulumi-aws iam.getSessionContext:
        // "arn - (Required) ARN for an assumed role"). The mock caller is the session below.
        const lookups = withDeployer.invokes.filter((i) => i.token === "aws:iam/getSessionContext:getSessionContext");
        assert.deepEqual(
            lookups.map((i) => i.inputs),
            [{ arn: "arn:aws:sts::123456789012:assumed-role/platform-deployer/ci-session" }],
        );
        for (const type of [entryType, associationType]) {
            const deployer = onlyResource(withDeployer, type, "atlasia-staging-admin-deployer");
            assert.equal(deployer.inputs.principalArn, mockDeployerRoleArn);
            assert.deepEqual(
                deployer.aliases.map((a) => a.name),
                ["atlasia-staging-admin-0"],
            );
        }
    });

    it("names an entry after the principal's resource part, for each IAM ARN shape an administrator can have", () => {
        // IAM ARNs: arn:<partition>:iam::<account>:role/<path><name> or user/<path><name>
        // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns);
        // '/' is replaced, the partition does not matter.
        assert.equal(adminEntryName("c", "arn:aws:iam::123456789012:role/ci"), "c-admin-role-ci");
        assert.equal(adminEntryName("c", "arn:aws:iam::123456789012:role/service-role/ci-deployer"), "c-admin-role-service-role-ci-deployer");
        assert.equal(adminEntryName("c", "arn:aws:iam::123456789012:user/alice"), "c-admin-user-alice");
        assert.equal(adminEntryName("c", "arn:aws-us-gov:iam::123456789012:user/ops/alice"), "c-admin-user-ops-alice");
    });

    it("refuses an assumed-role session ARN as an administrator: the session changes, the role stays", async () => {
        // The session ARN is not an IAM principal that can own an access entry; the role behind it is.
        const base = stackOptions("aws", "staging");
        const run = await stackRun({ ...base, set: { ...base.set, clusterAdmins: '["arn:aws:sts::123456789012:assumed-role/platform-deployer/ci-session"]' } });
        assert.match(run.error?.message ?? "", /is not an IAM role or user ARN/);
    });
});
