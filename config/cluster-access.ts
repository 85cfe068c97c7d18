// Who may reach and administer the Kubernetes API: the endpoint's exposure, the ranges allowed to
// reach it, and the explicit list of cluster administrators. Shared by every cloud; each cluster
// file maps it onto its own API (GKE master authorized networks, EKS endpoint access, AKS API server
// access profile).
import { Cloud, Environment } from "./sizing";
import { ConfigReader, ListElementProblem } from "./reader";
import { cidrPrefix } from "./cidr";
import { adminEntryName, entryNameClashes } from "./eks-access-entry-names";
import { isStoredSecret } from "./fix-commands";
import { projectName } from "./keys";

export const apiEndpointAccessModes = ["public", "authorized", "private"] as const;
/**
 * public: any address may reach the endpoint (authentication still applies);
 * authorized: only `apiAuthorizedCidrs`;
 * private: no public endpoint at all (the deployer and CI must run inside the network).
 */
export type ApiEndpointAccess = (typeof apiEndpointAccessModes)[number];

export interface ClusterAccessSettings {
    apiEndpointAccess: ApiEndpointAccess;
    apiAuthorizedCidrs: string[];
    /** Principals given cluster-admin, in the cloud's own form (IAM ARN; Entra ID object ID, typed unless a user). */
    clusterAdmins: string[];
    /** Also make whoever runs `pulumi up` an administrator (opt-in: CI and people alternating would swap it). */
    includeDeployerAsAdmin: boolean;
}

/** RFC 5737 documentation ranges: examples that no deployer's traffic comes from. */
const documentationRanges = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"];

/**
 * The principal types an Azure role assignment names. ARM refuses an assignment whose principalType
 * is not the object's own ("UnmatchedPrincipalType", e.g. Azure/modern-web-app-pattern-dotnet#129),
 * and azure-native sends "User" when none is given; so a group or service principal must say so.
 */
export const entraPrincipalTypes = ["User", "Group", "ServicePrincipal"] as const;
export type EntraPrincipalType = (typeof entraPrincipalTypes)[number];

/** A GUID, as Entra ID object IDs and Azure subscription, tenant and client IDs are. */
export const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An atlasia:clusterAdmins entry on azure: `<object-id>` (a user) or `<Type>:<object-id>`; undefined when malformed. */
export function parseEntraPrincipal(entry: string): { principalType: EntraPrincipalType; objectId: string } | undefined {
    const colon = entry.indexOf(":");
    const objectId = entry.slice(colon + 1);
    const principalType = colon < 0 ? "User" : entraPrincipalTypes.find((t) => t.toLowerCase() === entry.slice(0, colon).toLowerCase());
    return principalType && guid.test(objectId) ? { principalType, objectId } : undefined;
}

/**
 * An IAM role or user ARN: `arn:<partition>:iam::<account>:role|user/<path/><name>`, the path of
 * printable ASCII and the name 1-64 of `[\w+=,.@-]` (API_CreateRole, API_CreateUser: Path
 * `(\u002F)|(\u002F[\u0021-\u007E]+\u002F)`, RoleName/UserName `[\w+=,.@-]+`, at most 64).
 */
const iamPrincipalArn = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/(?:[\x21-\x7E]*\/)?[\w+=,.@-]{1,64}$/;

/** What an administrator entry is on each cloud, for the operator to fill in (never an example identity). */
const adminPlaceholder: Partial<Record<Cloud, string>> = { aws: "<IAM role ARN>", azure: "<Entra ID object ID>" };

/** Why an administrator entry is not the cloud's principal form; undefined when it is (or the cloud takes any). */
function adminFormatProblem(cloud: Cloud, admin: string): string | undefined {
    if (cloud === "aws" && !iamPrincipalArn.test(admin)) return `"${admin}" is not an IAM role or user ARN.`;
    if (cloud === "azure" && !parseEntraPrincipal(admin)) {
        return `"${admin}" is not an Entra ID object ID (a GUID) of a user, or Group:<object-id> or ServicePrincipal:<object-id> (managed identities too).`;
    }
    return undefined;
}

/**
 * EKS administrators whose access entries would take the resource name of an earlier one's (one URN,
 * which the engine refuses mid-run): dropped, and found here so `pulumi up` stops before any resource.
 * `kept`: the entries the other checks leave as they are, each listed once. A list stored secret names
 * its entries by a digest of the whole ARN (./eks-access-entry-names.ts), so only a plain list clashes.
 */
function entryNameClashProblems(clusterName: string, clusterAdmins: string[], kept: string[]): ListElementProblem[] {
    return entryNameClashes(clusterName, kept).flatMap(([first, ...later]) =>
        later.map((admin) => ({
            index: clusterAdmins.indexOf(admin),
            remove: true,
            message:
                `"${admin}" would have the access entry name ${adminEntryName(clusterName, admin)} of "${first}" ` +
                `(the ARN's role or user path, "/" as "-"), which Pulumi refuses as a duplicate URN; keep one and give the other its access entry outside this stack.`,
        })),
    );
}

/** Reads and checks the access settings; problems go to `read`, warnings are returned. */
export function loadClusterAccess(
    read: ConfigReader,
    cloud: Cloud,
    environment: Environment,
    clusterName: string,
): { access: ClusterAccessSettings; warnings: string[] } {
    const warnings: string[] = [];
    const apiAuthorizedCidrs = read.stringArray("apiAuthorizedCidrs");
    read.listElementProblems(
        "apiAuthorizedCidrs",
        apiAuthorizedCidrs,
        apiAuthorizedCidrs.flatMap((cidr, index) =>
            cidrPrefix(cidr) === undefined ? [{ index, message: `"${cidr}" is not an IPv4 CIDR such as 203.0.113.0/24.` }] : [],
        ),
    );

    const configured = read.string("apiEndpointAccess");
    let apiEndpointAccess: ApiEndpointAccess;
    if (configured) {
        apiEndpointAccess = read.oneOf("apiEndpointAccess", apiEndpointAccessModes, "authorized");
    } else if (apiAuthorizedCidrs.length > 0) {
        apiEndpointAccess = "authorized";
    } else {
        apiEndpointAccess = "public";
        // Production must decide: an open control plane is one leaked credential away from exposure.
        if (environment === "production" && cloud !== "local") {
            read.problem(
                "apiEndpointAccess",
                "production needs an explicit decision on who can reach the Kubernetes API: " +
                    "list the ranges of your deployers and CI in apiAuthorizedCidrs (authorized), choose private, or accept public.",
                "authorized",
            );
        }
    }
    if (apiEndpointAccess === "authorized" && apiAuthorizedCidrs.length === 0) {
        read.problem("apiAuthorizedCidrs", "apiEndpointAccess is authorized but no range is listed.");
    }
    if (apiEndpointAccess !== "authorized" && apiAuthorizedCidrs.length > 0) {
        read.problem("apiEndpointAccess", `apiAuthorizedCidrs is set but apiEndpointAccess is ${apiEndpointAccess}, which ignores it.`, "authorized");
    }
    // Warnings go to the log of every run (CI logs): a secret list's ranges are counted, never printed.
    const secretRanges = isStoredSecret(`${projectName}:apiAuthorizedCidrs`);
    if (apiEndpointAccess === "authorized" && apiAuthorizedCidrs.length > 0) {
        const ranges = secretRanges
            ? `(secret: ${apiAuthorizedCidrs.length} range${apiAuthorizedCidrs.length === 1 ? "" : "s"})`
            : apiAuthorizedCidrs.join(", ");
        warnings.push(
            `The Kubernetes API accepts only ${ranges}: the machine running pulumi up and the CI runners ` +
                "must reach it from inside these ranges, or every later update fails to reach the cluster.",
        );
    }
    const documentationListed = apiAuthorizedCidrs.filter((range) => documentationRanges.includes(range));
    for (const cidr of secretRanges ? documentationListed.slice(0, 1) : documentationListed) {
        warnings.push(
            `apiAuthorizedCidrs lists ${secretRanges ? "a range that is" : `${cidr},`} a documentation range (RFC 5737) that no real client comes from: ` +
                "replace it with your deployers' and CI's ranges before deploying.",
        );
    }
    if (apiEndpointAccess === "public" && environment === "production") {
        warnings.push("The Kubernetes API of production is reachable from any address (apiEndpointAccess=public).");
    }

    const clusterAdmins = read.stringArray("clusterAdmins", adminPlaceholder[cloud] && JSON.stringify([adminPlaceholder[cloud]]));
    const seen = new Set<string>();
    const adminProblems = clusterAdmins.flatMap<ListElementProblem>((admin, index) => {
        // The same object listed with and without its type is still one principal.
        const principal = (cloud === "azure" ? (parseEntraPrincipal(admin)?.objectId ?? admin) : admin).toLowerCase();
        if (seen.has(principal)) {
            return [{ index, remove: true, message: `"${admin}" is listed twice; each principal may have one access entry or role assignment.` }];
        }
        seen.add(principal);
        const wrong = adminFormatProblem(cloud, admin);
        return wrong ? [{ index, message: wrong, placeholder: adminPlaceholder[cloud] }] : [];
    });
    if (cloud === "aws") {
        const kept = clusterAdmins.filter((_, index) => !adminProblems.some((p) => p.index === index));
        adminProblems.push(...entryNameClashProblems(clusterName, clusterAdmins, kept));
    }
    read.listElementProblems("clusterAdmins", clusterAdmins, adminProblems);
    if (cloud === "aws" && clusterAdmins.length > 0 && isStoredSecret(`${projectName}:clusterAdmins`)) {
        // The program keeps the ARNs secret in inputs and names; a resource's ID is never encrypted.
        warnings.push(
            "clusterAdmins is stored secret, but EKS puts each principal's ARN in resource IDs, which Pulumi keeps and shows in plain text " +
                "(state, `pulumi preview --diff`): an access entry's ID is <cluster name>:<principal ARN> and its policy association's " +
                "<cluster name>#<principal ARN>#<policy ARN> (https://www.pulumi.com/registry/packages/aws/api-docs/eks/accessentry/#import, " +
                "https://www.pulumi.com/registry/packages/aws/api-docs/eks/accesspolicyassociation/#import).",
        );
    }
    const includeDeployerAsAdmin = read.boolean("clusterAdminIncludeDeployer");
    return { access: { apiEndpointAccess, apiAuthorizedCidrs, clusterAdmins, includeDeployerAsAdmin }, warnings };
}
