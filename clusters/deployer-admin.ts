// Whoever runs `pulumi up` becomes a cluster administrator in one of two ways: listed in
// atlasia:clusterAdmins, or added by atlasia:clusterAdminIncludeDeployer. Both at once asks the cloud
// for the same grant twice, which it refuses only when the second is created, after the cluster is
// built. The deployer is known from an invoke, which resolves in `pulumi preview` too, so the check
// runs on its result and fails the preview with the fix.
import * as pulumi from "@pulumi/pulumi";
import { ConfigReader, StackConfigError } from "../config/reader";

/** How one cloud treats a second administrator grant for the same principal, and where it says so. */
export interface OneGrantPerPrincipal {
    /** What the program creates per administrator, e.g. "an EKS access entry". */
    grant: string;
    /** What the cloud does with a second one for the same principal. */
    refusal: string;
    /** The platform's own statement of the rule. */
    source: string;
    /** What happens to a deployer that is neither listed nor included. */
    unlisted: string;
    /** Whether a clusterAdmins entry and the deployer are one principal, by the cloud's rules. */
    samePrincipal(admin: string, deployer: string): boolean;
}

export interface DeployerAdmin {
    stack: string;
    clusterAdmins: string[];
    /** atlasia:clusterAdminIncludeDeployer. */
    included: boolean;
}

/**
 * For a known deployer: throws a StackConfigError when it would get its grant twice; returns a
 * warning when it gets none here (it may have access some other way, so that is not an error).
 */
export function deployerAdminWarning({ stack, clusterAdmins, included }: DeployerAdmin, deployer: string, rule: OneGrantPerPrincipal): string | undefined {
    const listedAs = clusterAdmins.find((admin) => rule.samePrincipal(admin, deployer));
    if (listedAs !== undefined && included) {
        const read = new ConfigReader(stack);
        read.problem(
            "clusterAdminIncludeDeployer",
            `the deployer ${deployer} is already in atlasia:clusterAdmins (as ${listedAs}), and this key set to true would give it ${rule.grant} a second time: ` +
                `${rule.refusal} (${rule.source}). Set it to false: the deployer keeps its grant through atlasia:clusterAdmins.`,
            "false",
        );
        throw new StackConfigError(stack, read.problems);
    }
    if (listedAs === undefined && !included) {
        return `The deployer ${deployer} is not in clusterAdmins and clusterAdminIncludeDeployer is false: ${rule.unlisted}`;
    }
    return undefined;
}

/**
 * Checks the deployer once its identity resolves. The error is thrown from the apply: Pulumi's
 * language host fails the program with it (@pulumi/pulumi cmd/run/run.js, unhandledRejection).
 */
export function checkDeployerAdmin(admins: DeployerAdmin, deployer: pulumi.Output<string>, rule: OneGrantPerPrincipal): void {
    deployer.apply((identity) => {
        const warning = deployerAdminWarning(admins, identity, rule);
        if (warning) void pulumi.log.warn(warning);
    });
}
