// Who administers an EKS cluster, through the whole program under mocks: one access entry and one
// cluster-admin policy association per administrator, named after the principal, keeping the
// numbered names of earlier versions as aliases, and the deployer resolved to its IAM role.
// Expected values are written out by hand from the EKS API reference, never from the program's data.
import { strict as assert } from "assert";
import { ProgramRun, RunOptions } from "../harness/run";
import { StackConfigError } from "../config/reader";
import { adminEntryName } from "../clusters/eks/access";
import { mockDeployerRoleArn, stackOptions, stackRun, validStackRun } from "./support/runs";
import { onlyResource } from "./support/resources";

const entryType = "aws:eks/accessEntry:AccessEntry";
const associationType = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";
const ci = "arn:aws:iam::123456789012:role/ci";
const breakGlass = "arn:aws:iam::123456789012:role/break-glass";

/** The mock caller (harness/mocks.ts getCallerIdentity): a session of the role platform-deployer. */
const deployerSession = "arn:aws:sts::123456789012:assumed-role/platform-deployer/ci-session";

function staging(set: Record<string, string>): RunOptions {
    const base = stackOptions("aws", "staging");
    return { ...base, set: { ...base.set, ...set } };
}

function stagingWith(set: Record<string, string>): Promise<ProgramRun> {
    return validStackRun(staging(set));
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

    it("warns when the deployer is neither listed nor included: EKS would refuse its calls, the add-on installs included", () => {
        // No access entry, no access: kubectl gets "You must be logged in to the server (Unauthorized)"
        // (https://repost.aws/knowledge-center/eks-troubleshoot-iam-issues); bootstrapClusterCreatorAdminPermissions is off.
        assert.deepEqual(
            listed.warnings.filter((w) => w.includes(deployerSession)),
            [
                `The deployer ${deployerSession} is not in clusterAdmins and clusterAdminIncludeDeployer is false: ` +
                    "unless it has an access entry made outside this stack, EKS refuses its Kubernetes calls (Unauthorized), this program's own add-on installs included.",
            ],
        );
        assert.deepEqual(
            withDeployer.warnings.filter((w) => w.includes(deployerSession)),
            [],
        );
    });

    describe("the deployer both listed in clusterAdmins and included", () => {
        // "An IAM principal can't be included in more than one access entry"
        // (https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html): the second
        // CreateAccessEntry fails with 409 ResourceInUseException after the cluster is built
        // (terraform-aws-modules/terraform-aws-eks#3293). The caller identity is an invoke, known in
        // preview: the run fails there, with the fix.
        async function refusal(listedAs: string): Promise<StackConfigError> {
            const run = await stackRun(staging({ clusterAdmins: JSON.stringify([breakGlass, listedAs]), clusterAdminIncludeDeployer: "true" }));
            assert.ok(run.error instanceof StackConfigError, `expected a configuration error, got ${run.error}`);
            return run.error;
        }

        it("fails the run with a configuration error naming both keys, the deployer, EKS's rule and the exact fix", async () => {
            const error = await refusal(mockDeployerRoleArn);
            assert.deepEqual(
                error.problems.map((p) => [p.key, p.fix]),
                [["atlasia:clusterAdminIncludeDeployer", "pulumi config set --stack staging atlasia:clusterAdminIncludeDeployer false"]],
            );
            const { message } = error.problems[0];
            assert.ok(message.startsWith(`the deployer ${deployerSession} is already in atlasia:clusterAdmins (as ${mockDeployerRoleArn})`), message);
            assert.match(message, /an EKS access entry a second time/);
            assert.match(message, /ResourceInUseException/);
            assert.match(message, /https:\/\/docs\.aws\.amazon\.com\/eks\/latest\/userguide\/creating-access-entries\.html/);
            assert.match(message, /keeps its grant through atlasia:clusterAdmins/);
        });

        it("recognises the deployer's role listed with a path or in another case (IAM role names are unique per account, whatever the case)", async () => {
            // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (RoleName): "Names are not distinguished by case".
            for (const listedAs of ["arn:aws:iam::123456789012:role/teams/platform-deployer", "arn:aws:iam::123456789012:role/Platform-Deployer"]) {
                assert.ok((await refusal(listedAs)).problems[0].message.includes(`(as ${listedAs})`), listedAs);
            }
        });

        it("a role of the same name in another account is another principal: both entries, no error", async () => {
            const elsewhere = "arn:aws:iam::210987654321:role/platform-deployer";
            const run = await stagingWith({ clusterAdmins: JSON.stringify([elsewhere]), clusterAdminIncludeDeployer: "true" });
            assert.deepEqual(
                run.resources
                    .filter((r) => r.type === entryType)
                    .map((e) => e.inputs.principalArn)
                    .sort(),
                [mockDeployerRoleArn, elsewhere],
            );
        });
    });

    it("refuses an assumed-role session ARN as an administrator: the session changes, the role stays", async () => {
        // The session ARN is not an IAM principal that can own an access entry; the role behind it is.
        const base = stackOptions("aws", "staging");
        const run = await stackRun({ ...base, set: { ...base.set, clusterAdmins: '["arn:aws:sts::123456789012:assumed-role/platform-deployer/ci-session"]' } });
        assert.match(run.error?.message ?? "", /is not an IAM role or user ARN/);
    });
});
