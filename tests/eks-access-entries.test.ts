// Who administers an EKS cluster, through the whole program under mocks: one access entry and one
// cluster-admin policy association per administrator, named after the principal, keeping the
// numbered names of earlier versions as aliases, and the deployer resolved to its IAM role.
// Expected values are written out by hand from the EKS API reference, never from the program's data.
import { strict as assert } from "assert";
import { ProgramRun, RunOptions, runProgram } from "../harness/run";
import { offlineMocks } from "../harness/mocks";
import { StackConfigError } from "../config/reader";
import { DeployerAdminError } from "../clusters/deployer-admin";
import { adminEntryName, entryNameClashes } from "../config/eks-access-entry-names";
import { mockDeployerRoleArn, stackOptions, stackRun, validStackRun, withConfig, withOperatorNames } from "./support/runs";
import { onlyResource } from "./support/resources";

const entryType = "aws:eks/accessEntry:AccessEntry";
const associationType = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";
const ci = "arn:aws:iam::123456789012:role/ci";
const breakGlass = "arn:aws:iam::123456789012:role/break-glass";

function staging(set: Record<string, string>): RunOptions {
    return withConfig(stackOptions("aws", "staging"), set);
}

function stagingWith(set: Record<string, string>): Promise<ProgramRun> {
    return validStackRun(staging(set));
}

/**
 * The program run as a caller whose getCallerIdentity ARN is `callerArn`, and whose getSessionContext
 * gives `issuerArn` (the ARN itself for anything but an assumed role, as the data source does).
 */
async function runAsCaller(options: RunOptions, callerArn: string, issuerArn = callerArn): Promise<ProgramRun> {
    const original = offlineMocks.call.bind(offlineMocks);
    const answers: Record<string, () => Record<string, unknown>> = {
        "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: "123456789012", arn: callerArn, userId: "AIDAMOCK" }),
        "aws:iam/getSessionContext:getSessionContext": () => ({ arn: callerArn, issuerArn, issuerName: issuerArn.split("/").pop() }),
    };
    offlineMocks.call = (args) => answers[args.token]?.() ?? original(args);
    try {
        return await runProgram(withOperatorNames(options));
    } finally {
        offlineMocks.call = original;
    }
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
                // Then the name the entry has while the list is stored secret (tests/secret-access-lists-in-state.test.ts).
                ["atlasia-staging-admin-1", "atlasia-staging-admin-fe6c5c0898528ae7"],
            );
            assert.deepEqual(
                onlyResource(listed, type, "atlasia-staging-admin-role-break-glass").aliases.map((a) => a.name),
                ["atlasia-staging-admin-2", "atlasia-staging-admin-3ab5c546fb76b9cb"],
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

    it("says nothing of a deployer neither listed nor included, and does not look it up: its entry may come from elsewhere", () => {
        // A CI preview runs as the stack's preview role, whose access entry is made outside clusterAdmins
        // (README, Permissions); a warning there would fire on every pull request. Not included, the
        // deployer's role path is unknown (an assumed-role ARN has none), so a listed ARN cannot be checked either.
        assert.deepEqual(
            listed.warnings.filter((w) => w.includes("platform-deployer")),
            [],
        );
        assert.deepEqual(
            listed.invokes.filter((i) => i.token === "aws:index/getCallerIdentity:getCallerIdentity"),
            [],
        );
    });

    describe("the deployer both listed in clusterAdmins and included", () => {
        // "An IAM principal can't be included in more than one access entry"
        // (https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html): the second
        // CreateAccessEntry fails with 409 ResourceInUseException (terraform-aws-modules/terraform-aws-eks#3293).
        // CI runs `pulumi up --skip-preview`, where an error would fail the program only after every
        // other resource was created: the deployer's own entry must not be registered at all.
        const ownEntry = "atlasia-staging-admin-deployer";
        let run: ProgramRun;
        let message: string;

        before(async () => {
            run = await stackRun(staging({ clusterAdmins: JSON.stringify([breakGlass, mockDeployerRoleArn]), clusterAdminIncludeDeployer: "true" }));
            assert.ok(run.error instanceof DeployerAdminError, `expected the deployer's error, got ${run.error}`);
            message = run.error.message;
        });

        it("does not register the deployer's own entry or its policy association; the listed ones go ahead", () => {
            for (const type of [entryType, associationType]) {
                assert.deepEqual(
                    run.resources
                        .filter((r) => r.type === type)
                        .map((r) => r.name)
                        .sort(),
                    ["atlasia-staging-admin-role-break-glass", "atlasia-staging-admin-role-platform-deployer"],
                    type,
                );
            }
            assert.equal(onlyResource(run, entryType, "atlasia-staging-admin-role-platform-deployer").inputs.principalArn, mockDeployerRoleArn);
        });

        it("fails the run with EKS's rule and a fix for each state of the stack, not a claim that nothing was deployed", () => {
            assert.ok(!(run.error instanceof StackConfigError));
            assert.ok(!message.includes("nothing was deployed"), message);
            // As written: not buried under the "error serializing property" prefixes each dependent resource adds.
            assert.ok(
                message.startsWith(
                    `Stack "staging": the deployer ${mockDeployerRoleArn} would get an EKS access entry of its own (atlasia:clusterAdminIncludeDeployer is true)`,
                ),
                message,
            );
            assert.match(message, /atlasia:clusterAdmins lists it too: EKS allows one access entry per IAM principal .*409 ResourceInUseException/);
            assert.match(message, /https:\/\/docs\.aws\.amazon\.com\/eks\/latest\/userguide\/creating-access-entries\.html/);
            // The fix keeps the listed entry whatever principal the state's own entry holds (it is deleted last).
            assert.ok(message.includes("\nFix: pulumi config set --stack staging atlasia:clusterAdminIncludeDeployer false\n"), message);
            assert.ok(
                !message.includes("pulumi config rm --stack staging atlasia:clusterAdmins"),
                "dropping the deployer would replace an own entry held by another principal",
            );
        });

        it("when the stack's own entry is already this deployer's: rename both its resources to the listed entry's name first", () => {
            // Pulumi creates the listed entry before it deletes the own one (pulumi/pulumi#2625), and EKS refuses a
            // second entry for the principal (409): the state's own entry and its association take the listed name
            // (`pulumi state rename <urn> <new name>`, URNs from `pulumi stack --show-urns`:
            // https://www.pulumi.com/docs/iac/cli/commands/pulumi_state_rename/); their inputs are the listed ones.
            assert.ok(
                message.endsWith(
                    `Only if the stack's ${ownEntry} already grants this deployer (made while it was not listed) is the listed grant refused while it exists ` +
                        "(Pulumi creates before it deletes, pulumi/pulumi#2625): first give its AccessEntry and its AccessPolicyAssociation (one rename each) " +
                        `the listed grant's name, pulumi state rename --stack staging '<URN of ${ownEntry}>' atlasia-staging-admin-role-platform-deployer ` +
                        "(URNs: pulumi stack --stack staging --show-urns); then the fix.",
                ),
                message,
            );
            assert.equal(onlyResource(run, entryType, "atlasia-staging-admin-role-platform-deployer").inputs.principalArn, mockDeployerRoleArn);
        });

        it("every rejection of the run is that one error object, unwrapped (each resource downstream rejects with it)", () => {
            // The harness records every unhandled rejection, as Pulumi's language host fails on the first
            // (@pulumi/pulumi cmd/run/run.js). An SDK that started wrapping the error per resource would
            // print the wrapper's text, or a stack trace, instead of the fix.
            assert.ok(run.rejections.length > 0, "the check's error reaches the run as a rejection");
            for (const rejection of run.rejections) assert.equal(rejection, run.error, String(rejection));
        });

        it("names the deployer's role, not its session (a session name can be a person's and changes every run)", () => {
            assert.ok(!message.includes("assumed-role"), message);
            assert.ok(!message.includes("ci-session"), message);
        });

        it("a role of the same name in another account is another principal: both entries, no error", async () => {
            const elsewhere = "arn:aws:iam::210987654321:role/platform-deployer";
            const other = await stagingWith({ clusterAdmins: JSON.stringify([elsewhere]), clusterAdminIncludeDeployer: "true" });
            assert.deepEqual(
                other.resources
                    .filter((r) => r.type === entryType)
                    .map((e) => e.inputs.principalArn)
                    .sort(),
                [mockDeployerRoleArn, elsewhere],
            );
        });
    });

    describe("the deployer's role listed by another ARN than its own, and included", () => {
        // EKS takes a role only by its exact ARN: an IAM Identity Center role without its path
        // aws-reserved/sso.amazonaws.com/ (and <region>/ outside us-east-1) gets 400 InvalidParameterException "The specified
        // principalArn is invalid: invalid principal" (terraform-aws-modules/terraform-aws-eks#2969).
        // getSessionContext gives the role's ARN with its path (an assumed-role ARN has none).
        const ssoRole = "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef";
        const withoutPath = "arn:aws:iam::123456789012:role/AWSReservedSSO_Admin_0123456789abcdef";

        /** The staging run as a person signed in through IAM Identity Center. */
        function runAsSsoUser(set: Record<string, string>): Promise<ProgramRun> {
            return runAsCaller(staging(set), "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/jane.doe@example.com", ssoRole);
        }

        it("is not the deployer's entry but an ARN EKS refuses: the error says which ARN to list, never asks to turn the key off alone", async () => {
            const run = await runAsSsoUser({ clusterAdmins: JSON.stringify([breakGlass, withoutPath]), clusterAdminIncludeDeployer: "true" });
            assert.ok(run.error instanceof DeployerAdminError, `expected the deployer's error, got ${run.error}`);
            const { message } = run.error;
            assert.ok(message.includes(`atlasia:clusterAdmins lists ${withoutPath} but the deployer is ${ssoRole}: EKS refuses`), message);
            assert.match(message, /400 InvalidParameterException "invalid principal", terraform-aws-modules\/terraform-aws-eks#2969/);
            assert.ok(!message.includes("lists it too"), "not a second entry for the deployer: another ARN");
            assert.ok(
                message.includes(
                    `pulumi config rm --stack staging atlasia:clusterAdmins && pulumi config set --stack staging --path 'atlasia:clusterAdmins[0]' ${breakGlass} && pulumi config set --stack staging --path 'atlasia:clusterAdmins[1]' ${ssoRole} && ` +
                        "pulumi config set --stack staging atlasia:clusterAdminIncludeDeployer false\n",
                ),
                message,
            );
            assert.match(message, /or, where only the case differs, may see the same principal \(409 ResourceInUseException\): either way the run fails/);
            assert.ok(
                message.includes(`' atlasia-staging-admin-role-aws-reserved-sso.amazonaws.com-eu-west-1-AWSReservedSSO_Admin_0123456789abcdef (URNs`),
                message,
            );
            assert.ok(!message.includes("jane.doe"), "the role, not the person's session");
            assert.equal(run.resources.filter((r) => r.name === "atlasia-staging-admin-deployer").length, 0);
        });

        it("the role listed with its path is the deployer's own entry: the listed-too error", async () => {
            const run = await runAsSsoUser({ clusterAdmins: JSON.stringify([ssoRole]), clusterAdminIncludeDeployer: "true" });
            assert.ok(run.error instanceof DeployerAdminError, `expected the deployer's error, got ${run.error}`);
            assert.match(run.error.message, /lists it too/);
        });

        it("a role listed with a path it does not have, or in another case, is refused the same way", async () => {
            // The mock deployer's role is arn:aws:iam::123456789012:role/platform-deployer, without a path.
            for (const listedAs of ["arn:aws:iam::123456789012:role/teams/platform-deployer", "arn:aws:iam::123456789012:role/Platform-Deployer"]) {
                const run = await stackRun(staging({ clusterAdmins: JSON.stringify([breakGlass, listedAs]), clusterAdminIncludeDeployer: "true" }));
                assert.ok(run.error instanceof DeployerAdminError, `${listedAs}: expected the deployer's error, got ${run.error}`);
                assert.ok(run.error.message.includes(`lists ${listedAs} but the deployer is ${mockDeployerRoleArn}: EKS refuses`), run.error.message);
            }
        });
    });

    describe("a deployer that cannot hold an access entry, included", () => {
        // getSessionContext passes anything but an assumed-role ARN through (pulumi-aws iam/getSessionContext). EKS
        // accepts the account root's ARN in an entry but ignores it (kubernetes-sigs/aws-iam-authenticator#797), and
        // refuses an STS session principal such as a federated user: "You can't use the STS session principal type with
        // access entries" (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessEntry.html). Refused through
        // the deployer's checked principal, preview and `up --skip-preview` alike stop before that entry is registered.
        const included = { clusterAdmins: JSON.stringify([breakGlass]), clusterAdminIncludeDeployer: "true" };

        for (const [who, arn, why] of [
            ["the account root", "arn:aws:iam::123456789012:root", /ignores it \(kubernetes-sigs\/aws-iam-authenticator#797\)/],
            ["a federated user (an STS session)", "arn:aws:sts::123456789012:federated-user/jane", /You can't use the STS session principal type/],
        ] as const) {
            for (const preview of [false, true]) {
                it(`${who}, in ${preview ? "a preview" : "an update"}: refused with the fix, its entry never registered, the listed one goes ahead`, async () => {
                    const run = await runAsCaller({ ...staging(included), preview }, arn);
                    assert.ok(run.error instanceof DeployerAdminError, `expected the deployer's error, got ${run.error}`);
                    const { message } = run.error;
                    assert.ok(message.startsWith(`Stack "staging": the deployer ${arn} cannot get an EKS access entry of its own`), message);
                    assert.match(message, why);
                    assert.ok(
                        message.endsWith(
                            `pulumi config rm --stack staging atlasia:clusterAdmins && pulumi config set --stack staging --path 'atlasia:clusterAdmins[0]' ${breakGlass} && pulumi config set --stack staging --path 'atlasia:clusterAdmins[1]' '<deployer>' && ` +
                                "pulumi config set --stack staging atlasia:clusterAdminIncludeDeployer false",
                        ),
                        message,
                    );
                    assert.match(message, /the ARN of an IAM role .* and run `pulumi up` as that role/);
                    for (const type of [entryType, associationType]) {
                        assert.deepEqual(
                            run.resources.filter((r) => r.type === type).map((r) => r.name),
                            ["atlasia-staging-admin-role-break-glass"],
                            type,
                        );
                    }
                });
            }
        }

        it("an IAM user deployer is an IAM principal: its own entry, no error", async () => {
            const user = "arn:aws:iam::123456789012:user/ops/alice";
            const run = await runAsCaller(staging(included), user);
            assert.equal(run.error, undefined, run.error?.message);
            assert.equal(onlyResource(run, entryType, "atlasia-staging-admin-deployer").inputs.principalArn, user);
        });
    });

    describe("administrators whose entries would have one resource name", () => {
        // adminEntryName keeps the ARN's role or user path with "/" as "-", without account or partition: two
        // resources of one type and name have one URN, which the engine refuses mid-run ("Duplicate resource URN
        // '...'; try giving it a unique name", pulumi/pulumi pkg/diag errors.go, GetDuplicateResourceURNError).
        // Pulumi's mocks do not check URNs, so without the program's own check these runs would pass here.
        for (const [what, first, second, name] of [
            ["a path against a dash", "arn:aws:iam::123456789012:role/team/ci", "arn:aws:iam::123456789012:role/team-ci", "atlasia-staging-admin-role-team-ci"],
            ["one role name in two accounts", ci, "arn:aws:iam::210987654321:role/ci", "atlasia-staging-admin-role-ci"],
        ] as const) {
            it(`${what}: a configuration problem naming both ARNs, fixed by the list without the second; nothing registered`, async () => {
                const run = await stackRun(staging({ clusterAdmins: JSON.stringify([first, breakGlass, second]) }));
                // Refused at config load, before any cloud resource: not by the EKS component mid-run.
                assert.ok(run.error instanceof StackConfigError, `expected a StackConfigError, got ${run.error}`);
                assert.deepEqual(run.error.problems, [
                    {
                        key: "atlasia:clusterAdmins",
                        message:
                            `"${second}" would have the access entry name ${name} of "${first}" (the ARN's role or user path, "/" as "-"), ` +
                            "which Pulumi refuses as a duplicate URN; keep one and give the other its access entry outside this stack.",
                        fix:
                            "pulumi config rm --stack staging atlasia:clusterAdmins && " +
                            `pulumi config set --stack staging --path 'atlasia:clusterAdmins[0]' ${first} && ` +
                            `pulumi config set --stack staging --path 'atlasia:clusterAdmins[1]' ${breakGlass}`,
                    },
                ]);
                assert.deepEqual(
                    run.resources.map((r) => r.type),
                    ["pulumi:pulumi:Stack"],
                    "nothing registered",
                );
            });
        }

        it("finds each clash once, and none among distinct names", () => {
            assert.deepEqual(entryNameClashes("c", [ci, breakGlass, "arn:aws:iam::123456789012:user/ci"]), []);
            assert.deepEqual(entryNameClashes("c", ["arn:aws:iam::1:role/a/b", ci, "arn:aws:iam::1:role/a-b", "arn:aws:iam::2:role/a/b"]), [
                ["arn:aws:iam::1:role/a/b", "arn:aws:iam::1:role/a-b", "arn:aws:iam::2:role/a/b"],
            ]);
        });
    });

    it("refuses an assumed-role session ARN as an administrator: the session changes, the role stays", async () => {
        // The session ARN is not an IAM principal that can own an access entry; the role behind it is.
        const base = stackOptions("aws", "staging");
        const run = await stackRun({ ...base, set: { ...base.set, clusterAdmins: '["arn:aws:sts::123456789012:assumed-role/platform-deployer/ci-session"]' } });
        assert.match(run.error?.message ?? "", /is not an IAM role or user ARN/);
    });
});
