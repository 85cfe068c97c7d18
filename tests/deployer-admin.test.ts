// The deployer as a cluster administrator (clusters/deployer-admin.ts): listed in clusterAdmins and
// also included by clusterAdminIncludeDeployer is one principal granted twice, which EKS and Azure
// refuse only after the cluster is built; the check fails the preview with the fix instead. Here the
// shared rule on its own, the IAM idea of "the same principal", and the harness reporting an error
// thrown in an apply the way Pulumi does. The whole-program runs per cloud are in
// tests/eks-access-entries.test.ts and tests/aks-administrators.test.ts.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { StackConfigError } from "../config/reader";
import { deployerAdminWarning, OneGrantPerPrincipal } from "../clusters/deployer-admin";
import { sameIamPrincipal } from "../clusters/eks/access";
import { runProgram } from "../harness/run";

/** A cloud whose principals are plain names, compared exactly. */
const rule: OneGrantPerPrincipal = {
    grant: "a grant",
    refusal: "the cloud refuses the second",
    source: "https://example.invalid/one-grant",
    unlisted: "it gets no access.",
    samePrincipal: (admin, deployer) => admin === deployer,
};

describe("the deployer as a cluster administrator", () => {
    describe("the shared rule", () => {
        it("listed and included: a configuration error naming both keys, the deployer, the cloud's rule and the exact fix", () => {
            let error: unknown;
            try {
                deployerAdminWarning({ stack: "staging", clusterAdmins: ["ci", "deployer"], included: true }, "deployer", rule);
            } catch (e) {
                error = e;
            }
            // A StackConfigError is a RunError: Pulumi prints its message without a stack trace.
            assert.ok(error instanceof StackConfigError, `expected a configuration error, got ${String(error)}`);
            assert.ok(error instanceof pulumi.RunError);
            assert.deepEqual(error.problems, [
                {
                    key: "atlasia:clusterAdminIncludeDeployer",
                    message:
                        "the deployer deployer is already in atlasia:clusterAdmins (as deployer), and this key set to true would give it a grant a second time: " +
                        "the cloud refuses the second (https://example.invalid/one-grant). Set it to false: the deployer keeps its grant through atlasia:clusterAdmins.",
                    fix: "pulumi config set --stack staging atlasia:clusterAdminIncludeDeployer false",
                },
            ]);
        });

        it("neither listed nor included: a warning, not an error (access may come some other way)", () => {
            assert.equal(
                deployerAdminWarning({ stack: "staging", clusterAdmins: ["ci"], included: false }, "deployer", rule),
                "The deployer deployer is not in clusterAdmins and clusterAdminIncludeDeployer is false: it gets no access.",
            );
        });

        it("listed only, or included only: one grant, nothing to say", () => {
            assert.equal(deployerAdminWarning({ stack: "staging", clusterAdmins: ["deployer"], included: false }, "deployer", rule), undefined);
            assert.equal(deployerAdminWarning({ stack: "staging", clusterAdmins: ["ci"], included: true }, "deployer", rule), undefined);
        });
    });

    describe("one IAM principal, as EKS counts access entries", () => {
        // IAM: "names must be unique within the account. Names are not distinguished by case"
        // (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html, RoleName); a path
        // is not part of the name, and an access entry's role ARN may carry it
        // (https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html).
        const session = "arn:aws:sts::123456789012:assumed-role/platform-deployer/ci-session";

        it("an assumed-role session is its role, with or without the role's path", () => {
            assert.ok(sameIamPrincipal("arn:aws:iam::123456789012:role/platform-deployer", session));
            assert.ok(sameIamPrincipal("arn:aws:iam::123456789012:role/service-role/teams/platform-deployer", session));
            assert.ok(sameIamPrincipal("arn:aws:iam::123456789012:role/Platform-Deployer", session));
        });

        it("another account, partition, name or kind of principal is another principal", () => {
            assert.ok(!sameIamPrincipal("arn:aws:iam::210987654321:role/platform-deployer", session));
            assert.ok(!sameIamPrincipal("arn:aws-us-gov:iam::123456789012:role/platform-deployer", "arn:aws:iam::123456789012:role/platform-deployer"));
            assert.ok(!sameIamPrincipal("arn:aws:iam::123456789012:role/platform-deployer-2", session));
            assert.ok(!sameIamPrincipal("arn:aws:iam::123456789012:user/platform-deployer", session));
        });

        it("an IAM user deploying is compared as the user; anything else is no principal at all", () => {
            assert.ok(sameIamPrincipal("arn:aws:iam::123456789012:user/ops/alice", "arn:aws:iam::123456789012:user/alice"));
            assert.ok(!sameIamPrincipal("arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:root"));
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
