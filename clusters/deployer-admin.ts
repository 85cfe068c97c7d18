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
import { isStoredSecret, listFix, passphraseNote, setCommand } from "../config/fix-commands";

/** How one cloud treats a second administrator grant for the same principal, and where it says so. */
export interface OneGrantPerPrincipal {
    /** What the program creates per administrator, e.g. "an EKS access entry". */
    grant: string;
    /** What the cloud does with a second one for the same principal, and where it says so. */
    refusal: string;
    /** The grant's resources as `pulumi stack --show-urns` lists them, each renamed on its own. */
    resources: string;
    /** Whether a clusterAdmins entry is the deployer, as the cloud compares principals. */
    samePrincipal(admin: string, deployer: string): boolean;
    /** Why a clusterAdmins entry names the deployer in a form the cloud refuses; undefined when it does not. */
    misnamed?(admin: string, deployer: string): string | undefined;
    /**
     * Why the deployer cannot hold a grant of its own (its identity came back empty, or is a principal
     * the cloud refuses or ignores), and what to list in its place; undefined when it can.
     */
    unusableDeployer?(deployer: string): { why: string; listAs: string } | undefined;
}

/** The deployer's own grant, with what the fix commands need. */
export interface DeployerGrant {
    stack: string;
    clusterAdmins: string[];
    /** The logical name of the deployer's own grant, as an existing stack's state holds it. */
    ownGrant: string;
    /** The logical name the listed grant of this deployer has. */
    listedGrant(deployer: string): string;
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
const adminsFix = (stack: string, admins: string[]) => listFix(stack, "clusterAdmins", [...new Set(admins)]);
const turnOffCommand = (stack: string) => setCommand(stack, includeKey, "false");

/**
 * With clusterAdminIncludeDeployer on, what is wrong with the deployer's own grant, with the way out,
 * or undefined. The way out keeps the listed grant: the own one, if the stack has one, is deleted at
 * the end of the run. The program cannot see which principal the state's own grant holds; only when it
 * is this deployer's already is the listed grant refused, since Pulumi creates what is new before it
 * deletes what is gone (pulumi/pulumi#2625): that own grant first takes the listed grant's name.
 */
export function deployerGrantProblem(grant: DeployerGrant, deployer: string, rule: OneGrantPerPrincipal): string | undefined {
    const { stack, clusterAdmins, ownGrant } = grant;
    const unusable = rule.unusableDeployer?.(deployer);
    if (unusable) return unusableDeployerProblem(grant, deployer, rule, unusable);
    // A secret list's entries are never printed (error text ends up in CI logs).
    const secret = isStoredSecret(adminsKey);
    const misnamed = clusterAdmins.flatMap((admin) => {
        const why = rule.misnamed?.(admin, deployer);
        return why ? [`${adminsKey} lists ${secret ? "an entry for it" : admin} but the deployer is ${deployer}: ${why}.`] : [];
    });
    const listed = clusterAdmins.some((admin) => rule.samePrincipal(admin, deployer));
    if (!listed && misnamed.length === 0) return undefined;
    // The key goes off only after the list is fixed: a failed read (no passphrase exported) would
    // otherwise leave the misnamed entry and no own grant, and the next run delete the deployer's grant.
    const corrected = clusterAdmins.map((admin) => (rule.misnamed?.(admin, deployer) ? deployer : admin));
    const fix = [...(misnamed.length > 0 ? [adminsFix(stack, corrected)] : []), turnOffCommand(stack)];
    const urns = `pulumi stack --stack ${stack} --show-urns`;
    return [
        `Stack "${stack}": the deployer ${deployer} would get ${rule.grant} of its own (${includeKey} is true), which this run does not register:`,
        ...(listed ? [`${adminsKey} lists it too: ${rule.refusal}.`] : []),
        ...misnamed,
        `Fix: ${fix.join(" && ")}`,
        ...(secret && misnamed.length > 0 ? [`${adminsKey} is a secret: the fix keeps its other entries without showing them.${passphraseNote}`] : []),
        `The listed grant covers the deployer; a grant of its own, if the stack has one, is deleted at the end of that run.`,
        `Only if the stack's ${ownGrant} already grants this deployer (made while it was not listed) is the listed grant refused while it exists ` +
            `(Pulumi creates before it deletes, pulumi/pulumi#2625): first give ${rule.resources} the listed grant's name, ` +
            `pulumi state rename --stack ${stack} '<URN of ${ownGrant}>' ${grant.listedGrant(deployer)} (URNs: ${urns}); then the fix.`,
    ].join("\n");
}

/** Why the deployer cannot hold a grant of its own, and the way out: listed instead, the key off. */
export function unusableDeployerProblem(grant: DeployerGrant, deployer: string, rule: OneGrantPerPrincipal, unusable: { why: string; listAs: string }): string {
    const { stack, clusterAdmins } = grant;
    return [
        `Stack "${stack}": the deployer${deployer ? ` ${deployer}` : ""} cannot get ${rule.grant} of its own (${includeKey} is true), which this run does not register: ${unusable.why}.`,
        `List ${unusable.listAs} in ${adminsKey} instead, as <deployer>, and turn the key off: ${adminsFix(stack, [...clusterAdmins, "<deployer>"])} && ${turnOffCommand(stack)}`,
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
