// The deployer both included (clusterAdminIncludeDeployer) and listed, with atlasia:clusterAdmins stored as a
// secret, through the whole EKS program under mocks: the error never prints a listed entry (error text ends up in
// CI logs), its fix rewrites the list without showing it, and says it needs the passphrase only when the fix reads
// the secret. Messages and fix commands written out by hand from clusters/deployer-admin.ts's rules and the CLI's.
import { strict as assert } from "assert";
import { RunOptions, runProgram } from "../harness/run";
import { DeployerAdminError } from "../clusters/deployer-admin";
import { mockDeployerRoleArn, stackOptions, stackRun } from "./support/runs";

const breakGlass = "arn:aws:iam::123456789012:role/break-glass";
/** The mock deployer's role with a path it does not have: an ARN EKS refuses (terraform-aws-modules/terraform-aws-eks#2969). */
const withPath = "arn:aws:iam::123456789012:role/teams/platform-deployer";

/** EKS staging with the deployer included and clusterAdmins stored secret (`pulumi config set --secret`). */
function stagingWithSecretAdmins(admins: string[]): RunOptions {
    const base = stackOptions("aws", "staging");
    return {
        ...base,
        set: { cloud: "aws", clusterAdminIncludeDeployer: "true" },
        secrets: { ...base.secrets, clusterAdmins: JSON.stringify(admins) },
    };
}

async function deployerError(admins: string[]): Promise<DeployerAdminError> {
    const run = await stackRun(stagingWithSecretAdmins(admins));
    assert.ok(run.error instanceof DeployerAdminError, `expected the deployer's error, got ${run.error}`);
    return run.error;
}

const opening =
    `Stack "staging": the deployer ${mockDeployerRoleArn} would get an EKS access entry of its own ` +
    "(atlasia:clusterAdminIncludeDeployer is true), which this run does not register:";
const coveredLine = "The listed grant covers the deployer; a grant of its own, if the stack has one, is deleted at the end of that run.";
/** The rename line: the listed grant's name is a digest of the ARN while the list is secret (tests/secret-access-lists-in-state.test.ts). */
const renameLine = new RegExp(
    "^Only if the stack's atlasia-staging-admin-deployer already grants this deployer \\(made while it was not listed\\) is the listed grant refused while it exists " +
        "\\(Pulumi creates before it deletes, pulumi/pulumi#2625\\): first give its AccessEntry and its AccessPolicyAssociation \\(one rename each\\) " +
        "the listed grant's name, pulumi state rename --stack staging '<URN of atlasia-staging-admin-deployer>' atlasia-staging-admin-[0-9a-f]{16} " +
        "\\(URNs: pulumi stack --stack staging --show-urns\\); then the fix\\.$",
);

describe("the deployer as a cluster administrator, with clusterAdmins stored secret", function () {
    this.timeout(60000);
    // A run leaves its stack's config in the Pulumi runtime, which deployerGrantProblem reads when called on its own
    // (tests/deployer-admin.test.ts): leave it as a stack whose clusterAdmins is plain, not this file's secret list.
    after(async () => {
        await runProgram(stackOptions("aws", "staging"), () => ({}));
    });

    it("listed under a refused ARN: the entry is not printed, the fix rewrites the list encrypted, and says it needs the passphrase", async () => {
        const lines = (await deployerError([breakGlass, withPath])).message.split("\n");
        assert.deepEqual(lines.slice(0, 5), [
            opening,
            `atlasia:clusterAdmins lists an entry for it but the deployer is ${mockDeployerRoleArn}: EKS refuses it (400 InvalidParameterException "invalid principal", ` +
                "terraform-aws-modules/terraform-aws-eks#2969) or, where only the case differs, may see the same principal (409 ResourceInUseException): either way the run fails.",
            // Element 0 kept by reading it (never printed), element 1 (the deployer, in place of the refused ARN) asked
            // for, both written back with --secret, and only then the key off (config/fix-commands.ts secretWrites).
            "Fix: (value0=$(pulumi config get --stack staging --path 'atlasia:clusterAdmins[0]' && printf .) && " +
                "printf '%s: ' 'atlasia:clusterAdmins[1]' >&2 && IFS= read -rs value1 && echo >&2 && " +
                `{ [ -n "$value1" ] || { echo 'no value given: nothing changed' >&2; false; }; } && ` +
                "pulumi config rm --stack staging atlasia:clusterAdmins && " +
                `printf %s "\${value0%.}" | pulumi config set --stack staging --path --secret 'atlasia:clusterAdmins[0]' && ` +
                `printf %s "$value1" | pulumi config set --stack staging --path --secret 'atlasia:clusterAdmins[1]') && ` +
                "pulumi config set --stack staging atlasia:clusterAdminIncludeDeployer false",
            "atlasia:clusterAdmins is a secret: the fix keeps its other entries without showing them. With the passphrase secrets provider, " +
                "export PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) first: the fix reads secrets inside $(...), where the CLI cannot prompt for it.",
            coveredLine,
        ]);
        assert.match(lines[5], renameLine);
        assert.equal(lines.length, 6);
        for (const line of lines) assert.ok(!line.includes(breakGlass) && !line.includes(withPath), `a listed entry printed: ${line}`);
    });

    it("listed as itself: the fix only turns the key off, reads no secret, and so asks for no passphrase", async () => {
        const lines = (await deployerError([breakGlass, mockDeployerRoleArn])).message.split("\n");
        assert.deepEqual(lines.slice(0, 4), [
            opening,
            "atlasia:clusterAdmins lists it too: EKS allows one access entry per IAM principal and refuses the second " +
                "(CreateAccessEntry: 409 ResourceInUseException, https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html).",
            "Fix: pulumi config set --stack staging atlasia:clusterAdminIncludeDeployer false",
            coveredLine,
        ]);
        assert.match(lines[4], renameLine);
        assert.equal(lines.length, 5);
    });

    it("the error names itself where it is printed with its stack (tools/plan.ts prints error.stack for all but configuration errors)", async () => {
        const error = await deployerError([breakGlass, mockDeployerRoleArn]);
        assert.equal(error.name, "DeployerAdminError");
        assert.ok(error.stack?.startsWith(`DeployerAdminError: ${opening}`), error.stack);
    });
});
