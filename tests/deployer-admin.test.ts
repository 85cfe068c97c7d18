// The deployer as a cluster administrator (clusters/deployer-admin.ts): listed in clusterAdmins and
// also given its own grant by clusterAdminIncludeDeployer is one principal granted twice, which EKS
// and Azure refuse only when the second is created. Here the shared rule on its own (the message and
// its two ways out), the check as the principal of the deployer's own grant, EKS's idea of "the
// deployer's entry", and the harness reporting an error thrown in an apply the way Pulumi does. The
// whole-program runs per cloud are in tests/eks-access-entries.test.ts and tests/aks-administrators.test.ts.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { StackConfigError } from "../config/reader";
import { checkedDeployer, DeployerAdminError, deployerGrantProblem, OneGrantPerPrincipal } from "../clusters/deployer-admin";
import { eksOneEntryPerPrincipal } from "../clusters/eks/access";
import { runProgram } from "../harness/run";

/** A cloud whose principals are plain names, compared exactly; "/x" after a name is a form it refuses. */
const rule: OneGrantPerPrincipal = {
    grant: "a grant",
    refusal: "the cloud refuses the second (https://example.invalid/one-grant)",
    resources: "its Grant",
    samePrincipal: (admin, deployer) => admin === deployer,
    misnamed: (admin, deployer) => (admin === `${deployer}/x` ? "the cloud refuses that form" : undefined),
};

const staging = (clusterAdmins: string[]) => ({ stack: "staging", clusterAdmins, ownGrant: "c-deployer-admin", listedGrant: (d: string) => `c-admin-${d}` });

/** The expected message: what is wrong, the fix, and the one state in which the fix needs a rename first. */
function expected(problem: string, fix: string): string {
    return [
        'Stack "staging": the deployer deployer would get a grant of its own (atlasia:clusterAdminIncludeDeployer is true), which this run does not register:',
        problem,
        `Fix: ${fix}`,
        "The listed grant covers the deployer; a grant of its own, if the stack has one, is deleted at the end of that run.",
        "Only if the stack's c-deployer-admin already grants this deployer (made while it was not listed) is the listed grant refused while it exists " +
            "(Pulumi creates before it deletes, pulumi/pulumi#2625): first give its Grant the listed grant's name, " +
            "pulumi state rename --stack staging '<URN of c-deployer-admin>' c-admin-deployer (URNs: pulumi stack --stack staging --show-urns); then the fix.",
    ].join("\n");
}

describe("the deployer as a cluster administrator", () => {
    // Whether clusterAdmins is a secret comes from the runtime's config (isStoredSecret), which an
    // earlier test file may have left set: these lists are plain, whatever ran before.
    before(() => pulumi.runtime.setAllConfig({}, []));

    describe("the shared rule, with clusterAdminIncludeDeployer on", () => {
        it("listed too: what is wrong, the key off as the fix, and the rename that must come first when the own grant is already this deployer's", () => {
            // Whatever principal the state's own grant holds (another deployer's, from an earlier run), turning the
            // key off keeps the listed grant and deletes the own one last. Dropping the deployer from the list
            // instead would replace an own grant held by another principal, new before old (pulumi/pulumi#2625):
            // the new own grant is this deployer's, whose listed grant still exists.
            assert.equal(
                deployerGrantProblem(staging(["ci", "deployer"]), "deployer", rule),
                expected(
                    "atlasia:clusterAdmins lists it too: the cloud refuses the second (https://example.invalid/one-grant).",
                    "pulumi config set --stack staging atlasia:clusterAdminIncludeDeployer false",
                ),
            );
        });

        it("never suggests dropping the deployer from the list", () => {
            for (const admins of [["ci", "deployer"], ["deployer/x", "ci"], ["deployer"]]) {
                const problem = deployerGrantProblem(staging(admins), "deployer", rule) ?? "";
                // A fix that rewrites the list sets the deployer in it again.
                const listed = [...problem.matchAll(/--path 'atlasia:clusterAdmins\[\d+\]' (\S+)/g)].map((m) => m[1]);
                if (problem.includes("pulumi config rm --stack staging atlasia:clusterAdmins")) assert.ok(listed.includes("deployer"), problem);
            }
        });

        it("listed in a form the cloud refuses: says so, and the fix lists the deployer as it is", () => {
            assert.equal(
                deployerGrantProblem(staging(["deployer/x", "ci"]), "deployer", rule),
                expected(
                    "atlasia:clusterAdmins lists deployer/x but the deployer is deployer: the cloud refuses that form.",
                    // The key goes off last, as in the "unusable" fix: a list fix that fails leaves it on.
                    `pulumi config rm --stack staging atlasia:clusterAdmins && pulumi config set --stack staging --path 'atlasia:clusterAdmins[0]' deployer && pulumi config set --stack staging --path 'atlasia:clusterAdmins[1]' ci && pulumi config set --stack staging atlasia:clusterAdminIncludeDeployer false`,
                ),
            );
        });

        it("listed both ways: each form reported, the deployer listed once in the fix", () => {
            const problem = deployerGrantProblem(staging(["deployer", "deployer/x"]), "deployer", rule) ?? "";
            assert.match(problem, /clusterAdmins lists it too/);
            assert.match(problem, /clusterAdmins lists deployer\/x but the deployer is deployer/);
            assert.ok(
                problem.includes(
                    `Fix: pulumi config rm --stack staging atlasia:clusterAdmins && pulumi config set --stack staging --path 'atlasia:clusterAdmins[0]' deployer && pulumi config set --stack staging atlasia:clusterAdminIncludeDeployer false\n`,
                ),
                problem,
            );
        });

        it("not listed: one grant, nothing to say", () => {
            assert.equal(deployerGrantProblem(staging(["ci"]), "deployer", rule), undefined);
        });

        /** A cloud that cannot grant an empty identity, nor the principal "root", which it ignores. */
        const refusing: OneGrantPerPrincipal = {
            ...rule,
            unusableDeployer: (d) =>
                d === "" ? { why: "no identity", listAs: "its name" } : d === "root" ? { why: "the cloud ignores root", listAs: "a role's name" } : undefined,
        };

        it("an unknown deployer (an empty identity) cannot have a grant of its own: says why, and to list it instead", () => {
            assert.equal(
                deployerGrantProblem(staging(["ci"]), "", refusing),
                [
                    'Stack "staging": the deployer cannot get a grant of its own (atlasia:clusterAdminIncludeDeployer is true), which this run does not register: no identity.',
                    `List its name in atlasia:clusterAdmins instead, as <deployer>, and turn the key off: pulumi config rm --stack staging atlasia:clusterAdmins && pulumi config set --stack staging --path 'atlasia:clusterAdmins[0]' ci && pulumi config set --stack staging --path 'atlasia:clusterAdmins[1]' '<deployer>' && pulumi config set --stack staging atlasia:clusterAdminIncludeDeployer false`,
                ].join("\n"),
            );
            assert.equal(deployerGrantProblem(staging(["ci"]), "", rule), undefined, "a cloud whose deployer is always known");
        });

        it("a deployer the cloud cannot grant: names it, says why and what to list instead, before any other check", () => {
            assert.equal(
                deployerGrantProblem(staging(["ci", "root"]), "root", refusing),
                [
                    'Stack "staging": the deployer root cannot get a grant of its own (atlasia:clusterAdminIncludeDeployer is true), which this run does not register: the cloud ignores root.',
                    `List a role's name in atlasia:clusterAdmins instead, as <deployer>, and turn the key off: pulumi config rm --stack staging atlasia:clusterAdmins && pulumi config set --stack staging --path 'atlasia:clusterAdmins[0]' ci && pulumi config set --stack staging --path 'atlasia:clusterAdmins[1]' root && pulumi config set --stack staging --path 'atlasia:clusterAdmins[2]' '<deployer>' && pulumi config set --stack staging atlasia:clusterAdminIncludeDeployer false`,
                ].join("\n"),
            );
            assert.equal(deployerGrantProblem(staging(["ci"]), "deployer", refusing), undefined, "any other deployer gets its grant");
        });
    });

    describe("the check as the principal of the deployer's own grant", function () {
        this.timeout(30000);

        /** The checked principal of a program run under mocks, or the run's error. */
        async function checked(clusterAdmins: string[]): Promise<{ value?: unknown; error?: Error }> {
            let value: unknown;
            const run = await runProgram({ stack: "dev", secrets: { llmApiKey: "x" } }, () => {
                checkedDeployer(staging(clusterAdmins), pulumi.output("deployer"), rule).apply((principal) => (value = principal));
                return {};
            });
            return { value, error: run.error };
        }

        it("is the deployer when it gets one grant", async () => {
            assert.deepEqual(await checked(["ci"]), { value: "deployer", error: undefined });
        });

        it("fails with the problem otherwise, as an error that does not claim nothing was deployed (the rest of the stack goes ahead)", async () => {
            const { value, error } = await checked(["deployer"]);
            assert.equal(value, undefined);
            assert.ok(error instanceof DeployerAdminError, `expected the deployer's error, got ${String(error)}`);
            // A RunError: Pulumi prints its message without a stack trace. Not a StackConfigError, whose
            // text says nothing was deployed.
            assert.ok(error instanceof pulumi.RunError);
            assert.ok(!(error instanceof StackConfigError));
            assert.equal(error.message, deployerGrantProblem(staging(["deployer"]), "deployer", rule));
        });
    });

    describe("EKS: the deployer's entry is its role's ARN exactly as getSessionContext returns it", () => {
        const ssoRole = "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef";

        it("only that exact ARN is the deployer's entry", () => {
            assert.ok(eksOneEntryPerPrincipal.samePrincipal(ssoRole, ssoRole));
            assert.ok(!eksOneEntryPerPrincipal.samePrincipal("arn:aws:iam::123456789012:role/AWSReservedSSO_Admin_0123456789abcdef", ssoRole));
            assert.ok(!eksOneEntryPerPrincipal.samePrincipal("arn:aws:iam::123456789012:role/awsreservedsso_admin_0123456789abcdef", ssoRole));
        });

        it("the same role without its path, or in another case, is a refused ARN, not the deployer's entry (400 invalid principal)", () => {
            // CreateAccessEntry with an IAM Identity Center role's ARN without aws-reserved/sso.amazonaws.com/ and its region segment:
            // 400 InvalidParameterException "The specified principalArn is invalid: invalid principal"
            // (terraform-aws-modules/terraform-aws-eks#2969).
            for (const listed of [
                "arn:aws:iam::123456789012:role/AWSReservedSSO_Admin_0123456789abcdef",
                "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/awsreservedsso_admin_0123456789abcdef",
                "arn:aws:iam::123456789012:role/teams/AWSReservedSSO_Admin_0123456789abcdef",
            ]) {
                assert.match(eksOneEntryPerPrincipal.misnamed?.(listed, ssoRole) ?? "", /400 InvalidParameterException "invalid principal".*#2969/, listed);
            }
            assert.equal(eksOneEntryPerPrincipal.misnamed?.(ssoRole, ssoRole), undefined, "the exact ARN is the deployer's, not a misnamed one");
            // Identity Center in us-east-1 puts no region segment in the path
            // (https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html): the same holds.
            const usEast1Role = "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef";
            assert.match(eksOneEntryPerPrincipal.misnamed?.(ssoRole, usEast1Role) ?? "", /400 InvalidParameterException/, "another region segment");
            assert.equal(eksOneEntryPerPrincipal.misnamed?.(usEast1Role, usEast1Role), undefined);
        });

        it("says a case-only difference fails too, as the same principal a second time (409): either way the run fails", () => {
            const lowerCase = "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/awsreservedsso_admin_0123456789abcdef";
            assert.match(
                eksOneEntryPerPrincipal.misnamed?.(lowerCase, ssoRole) ?? "",
                /where only the case differs, may see the same principal \(409 ResourceInUseException\): either way the run fails/,
            );
        });

        it("refuses a deployer that is the account root or an STS session (a federated user): neither can hold an access entry", () => {
            // getSessionContext passes anything but an assumed-role ARN through (pulumi-aws iam/getSessionContext:
            // "For non-role ARNs, this data source simply passes the ARN through"). EKS accepts the root's ARN but
            // ignores it (kubernetes-sigs/aws-iam-authenticator#797), and refuses STS session principals: "You can't use
            // the STS session principal type with access entries" (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessEntry.html).
            const root = eksOneEntryPerPrincipal.unusableDeployer?.("arn:aws:iam::123456789012:root");
            assert.match(root?.why ?? "", /accepts the account root's ARN .* but ignores it \(kubernetes-sigs\/aws-iam-authenticator#797\)/);
            const federated = eksOneEntryPerPrincipal.unusableDeployer?.("arn:aws:sts::123456789012:federated-user/jane");
            assert.match(federated?.why ?? "", /You can't use the STS session principal type with access entries/);
            for (const why of [root, federated]) assert.match(why?.listAs ?? "", /IAM role .* and run `pulumi up` as that role/);
            for (const principal of [ssoRole, "arn:aws:iam::123456789012:user/ops/alice", "arn:aws-us-gov:iam::123456789012:role/ci"]) {
                assert.equal(eksOneEntryPerPrincipal.unusableDeployer?.(principal), undefined, principal);
            }
        });

        it("another account, partition, kind or name is another principal altogether", () => {
            const role = "arn:aws:iam::123456789012:role/platform-deployer";
            for (const other of [
                "arn:aws:iam::210987654321:role/platform-deployer",
                "arn:aws-us-gov:iam::123456789012:role/platform-deployer",
                "arn:aws:iam::123456789012:user/platform-deployer",
                "arn:aws:iam::123456789012:role/platform-deployer-2",
            ]) {
                assert.ok(!eksOneEntryPerPrincipal.samePrincipal(other, role), other);
                assert.equal(eksOneEntryPerPrincipal.misnamed?.(other, role), undefined, other);
            }
        });
    });

    describe("the harness reports an error thrown in an apply as the run's error", function () {
        this.timeout(30000);

        it("as Pulumi's language host does, so a check on an invoke's result fails the run", async () => {
            // An apply's error reaches Node only as an unhandled rejection; Pulumi fails the program with
            // it (@pulumi/pulumi cmd/run/run.js: process.on("unhandledRejection", uncaughtHandler)).
            const run = await runProgram({ stack: "dev", secrets: { llmApiKey: "x" } }, () => {
                pulumi.output("deployer").apply((who) => {
                    throw new Error(`refused: ${who}`);
                });
                return {};
            });
            assert.equal(run.error?.message, "refused: deployer");
        });
    });
});
