// Whoever runs `pulumi up` becomes a cluster administrator in one of two ways: listed in
// atlasia:clusterAdmins, or given a grant of its own by atlasia:clusterAdminIncludeDeployer. Both at
// once asks the cloud for one principal's grant twice, which it refuses only when the second is
// created. The deployer is known from an invoke, so the check runs on its result; and it gates the
// deployer's own grant, whose principal is the check's output: on a conflict that one resource never
// registers, while the listed grant (which covers the deployer) goes ahead. An error thrown anywhere
// else would fail the program only once every other resource was created, the second grant included:
// CI runs `pulumi up --skip-preview` (pulumi/actions calls the automation API's stack.up(), which
// passes it: @pulumi/pulumi automation/stack.js), and previews run as another identity.
import * as pulumi from "@pulumi/pulumi";
import { projectName } from "../config/keys";

/** How one cloud treats a second administrator grant for the same principal, and where it says so. */
export interface OneGrantPerPrincipal {
    /** What the program creates per administrator, e.g. "an EKS access entry". */
    grant: string;
    /** What the cloud does with a second one for the same principal, and where it says so. */
    refusal: string;
    /** Whether a clusterAdmins entry is the deployer, as the cloud compares principals. */
    samePrincipal(admin: string, deployer: string): boolean;
    /** Why a clusterAdmins entry names the deployer in a form the cloud refuses; undefined when it does not. */
    misnamed?(admin: string, deployer: string): string | undefined;
}

/** The deployer's own grant, with what the fix commands need. */
export interface DeployerGrant {
    stack: string;
    clusterAdmins: string[];
    /** The logical name of the deployer's own grant, as an existing stack's state holds it. */
    ownGrant: string;
}

/** Printed without a stack trace (a RunError); the rest of the stack may well have been deployed. */
export class DeployerAdminError extends pulumi.RunError {
    constructor(message: string) {
        super(message);
        this.name = "DeployerAdminError";
        // Each resource downstream of the failed grant prefixes this same error with the input it was
        // serializing ("error serializing property ...", @pulumi/pulumi runtime/rpc.js), dozens of
        // times over (the Kubernetes provider waits for the administrators): the text stays as written.
        Object.defineProperty(this, "message", { get: () => message, set: () => undefined });
    }
}

const includeKey = `${projectName}:clusterAdminIncludeDeployer`;
const adminsKey = `${projectName}:clusterAdmins`;

/**
 * With clusterAdminIncludeDeployer on, what is wrong with the deployer's own grant, with both ways
 * out, or undefined. Which way depends on the grant the stack already has: Pulumi creates what is
 * new before it deletes what is gone (deletes run last, pulumi/pulumi#9979), so switching from one
 * grant to the other asks for the second while the first exists, which the cloud refuses.
 */
export function deployerGrantProblem({ stack, clusterAdmins, ownGrant }: DeployerGrant, deployer: string, rule: OneGrantPerPrincipal): string | undefined {
    const misnamed = clusterAdmins.flatMap((admin) => {
        const why = rule.misnamed?.(admin, deployer);
        return why ? [`${adminsKey} lists ${admin} but the deployer is ${deployer}: ${why}.`] : [];
    });
    const listed = clusterAdmins.some((admin) => rule.samePrincipal(admin, deployer));
    if (!listed && misnamed.length === 0) return undefined;
    const set = (key: string, value: string) => `pulumi config set --stack ${stack} ${key} ${value}`;
    const list = (admins: string[]) => `'${JSON.stringify([...new Set(admins)])}'`;
    const isDeployer = (admin: string) => rule.samePrincipal(admin, deployer) || rule.misnamed?.(admin, deployer) !== undefined;
    const keepListed = [set(includeKey, "false")];
    if (misnamed.length > 0) keepListed.push(set(adminsKey, list(clusterAdmins.map((admin) => (isDeployer(admin) ? deployer : admin)))));
    return [
        `Stack "${stack}": the deployer ${deployer} would get ${rule.grant} of its own (${includeKey} is true), which this run does not register:`,
        ...(listed ? [`${adminsKey} lists it too: ${rule.refusal}.`] : []),
        ...misnamed,
        "Keep the grant the stack already has (Pulumi creates the new one before it deletes the old, pulumi/pulumi#9979):",
        `  - none of its own yet (a new stack, or ${includeKey} was false until now): ${keepListed.join(" && ")}`,
        `  - its own (${ownGrant}): ${set(adminsKey, list(clusterAdmins.filter((admin) => !isDeployer(admin))))}`,
    ].join("\n");
}

/**
 * The deployer's identity once checked, for the principal of its own grant: on a problem the output
 * fails, and so does that one resource's registration (the error is the run's).
 */
export function checkedDeployer(grant: DeployerGrant, deployer: pulumi.Output<string>, rule: OneGrantPerPrincipal): pulumi.Output<string> {
    return deployer.apply((identity) => {
        const problem = deployerGrantProblem(grant, identity, rule);
        if (problem) throw new DeployerAdminError(problem);
        return identity;
    });
}
