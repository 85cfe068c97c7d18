// atlasia:clusterAdmins checked as a whole list (config/cluster-access.ts): every problem of the list
// reported at once, in the list's order, with the one command that sets the corrected list; the EKS
// access-entry name clash checked on aws only (GKE has no access entries); a list that is not a list
// fixed with a placeholder on every cloud; and the warning that EKS shows a secret list's ARNs in
// resource IDs, in full.
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { configProblems, settingsFor } from "./support/settings";
import { mockDeployerRoleArn, stackOptions, withConfig, withSecrets } from "./support/runs";

function on(cloud: "aws" | "gcp", set: Record<string, string>, secrets: Record<string, string> = {}): RunOptions {
    return withSecrets(withConfig(stackOptions(cloud, "staging"), set), secrets);
}

const adminProblems = async (options: RunOptions) => (await configProblems(options)).filter((p) => p.key === "atlasia:clusterAdmins");

// role/team/ci and role/team-ci: both would be the access entry atlasia-staging-admin-role-team-ci
// (the ARN's role path, "/" as "-"); an access entry's URN must be unique
// (https://www.pulumi.com/docs/iac/concepts/resources/names/#urns).
const nested = "arn:aws:iam::123456789012:role/team/ci";
const dashed = "arn:aws:iam::123456789012:role/team-ci";

describe("atlasia:clusterAdmins as a whole list", function () {
    this.timeout(30000);

    it("on aws: a name clash and a malformed entry are both reported, in list order, each with the same corrected list", async () => {
        const problems = await adminProblems(on("aws", { clusterAdmins: JSON.stringify([nested, dashed, "alice"]) }));
        // The clash drops the second ARN; "alice" becomes the placeholder for an IAM role ARN.
        const fix =
            "pulumi config rm --stack staging atlasia:clusterAdmins && " +
            `pulumi config set --stack staging --path 'atlasia:clusterAdmins[0]' ${nested} && ` +
            "pulumi config set --stack staging --path 'atlasia:clusterAdmins[1]' '<IAM role ARN>'";
        assert.deepEqual(problems, [
            {
                key: "atlasia:clusterAdmins",
                message:
                    `"${dashed}" would have the access entry name atlasia-staging-admin-role-team-ci of "${nested}" ` +
                    `(the ARN's role or user path, "/" as "-"), which Pulumi refuses as a duplicate URN; keep one and give the other its access entry outside this stack.`,
                fix,
            },
            { key: "atlasia:clusterAdmins", message: '"alice" is not an IAM role or user ARN.', fix },
        ]);
    });

    it("on gcp, which makes no EKS access entries, the same two ARNs are no clash", async () => {
        assert.deepEqual(await adminProblems(on("gcp", { clusterAdmins: JSON.stringify([nested, dashed]) })), []);
    });

    it("on gcp, a value that is not a list is fixed with a placeholder list, never a list of null", async () => {
        assert.deepEqual(await adminProblems(on("gcp", { clusterAdmins: "alice" })), [
            {
                key: "atlasia:clusterAdmins",
                message: 'must be a list of strings, got "alice".',
                fix:
                    "pulumi config rm --stack staging atlasia:clusterAdmins && " +
                    "pulumi config set --stack staging --path 'atlasia:clusterAdmins[0]' '<IAM role ARN on aws, Entra ID object ID on azure>'",
            },
        ]);
    });

    it("on aws, a secret list of administrators warns, in full, that EKS resource IDs show each ARN in plain text", async () => {
        const { warnings } = await settingsFor(on("aws", {}, { clusterAdmins: JSON.stringify([mockDeployerRoleArn]) }));
        // Import IDs: https://www.pulumi.com/registry/packages/aws/api-docs/eks/accessentry/#import and
        // .../eks/accesspolicyassociation/#import (a resource's ID is never encrypted in state).
        assert.ok(
            warnings.includes(
                "clusterAdmins is stored secret, but EKS puts each principal's ARN in resource IDs, which Pulumi keeps and shows in plain text " +
                    "(state, `pulumi preview --diff`): an access entry's ID is <cluster name>:<principal ARN> and its policy association's " +
                    "<cluster name>#<principal ARN>#<policy ARN> (https://www.pulumi.com/registry/packages/aws/api-docs/eks/accessentry/#import, " +
                    "https://www.pulumi.com/registry/packages/aws/api-docs/eks/accesspolicyassociation/#import).",
            ),
            warnings.join("\n"),
        );
    });

    it("on aws, an empty secret list (the deployer its only administrator) has no ARN to show, and no such warning", async () => {
        const { warnings, access } = await settingsFor(on("aws", { clusterAdminIncludeDeployer: "true" }, { clusterAdmins: "[]" }));
        assert.deepEqual(access.clusterAdmins, []);
        assert.deepEqual(
            warnings.filter((w) => w.startsWith("clusterAdmins is stored secret")),
            [],
        );
    });
});
