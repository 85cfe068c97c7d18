// Whether the identity running `pulumi up` is a user or a service principal, read from its access
// token. A role assignment must name its principal's type: ARM refuses another
// ("UnmatchedPrincipalType", Azure/modern-web-app-pattern-dotnet#129), and azure-native sends "User"
// when none is given (authorization/roleAssignment.js), which CI service principals are not.
import { EntraPrincipalType } from "../../config/cluster-access";

/**
 * The principal type behind an Entra ID access token (a JWT), from its claims alone
 * (https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference):
 * `idtyp` is "app" in an app-only token, and `scp` is "only included for user tokens". A token
 * without `scp` is an application's: a service principal or a managed identity, which ARM types as
 * ServicePrincipal. azure-native's getClientConfig reads the same claim of its own Microsoft Graph
 * token (pulumi-azure-native provider/pkg/provider/auth_getclientconfig.go: a service principal
 * unless `scp` names openid).
 * Only the type leaves this function: the token is a credential, never logged or stored.
 */
export function tokenPrincipalType(token: string): EntraPrincipalType {
    const claims = jwtClaims(token);
    if (!claims) {
        // Unreachable while azure-native's getClientConfig works: it parses the same credential's token.
        throw new Error("The deployer's access token (azure-native getClientToken) is not a JWT: whether it is a user or a service principal is unknown.");
    }
    return claims.idtyp === "app" || typeof claims.scp !== "string" ? "ServicePrincipal" : "User";
}

/** The payload of a JWT (header.payload.signature, each base64url: RFC 7519 section 3), unverified. */
function jwtClaims(token: string): Record<string, unknown> | undefined {
    const payload = token.split(".")[1];
    try {
        const claims: unknown = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8"));
        return typeof claims === "object" && claims !== null ? (claims as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}
