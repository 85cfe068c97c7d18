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
 * unless `scp` names openid). Undefined when the token is not a JWT: Entra issues ARM tokens as
 * signed JWTs, but Microsoft documents access tokens as opaque to clients
 * (https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens).
 * Only the type leaves this function: the token is a credential, never logged or stored.
 */
export function tokenPrincipalType(token: string): EntraPrincipalType | undefined {
    const claims = jwtClaims(token);
    if (claims === undefined) return undefined;
    return claims.idtyp === "app" || typeof claims.scp !== "string" ? "ServicePrincipal" : "User";
}

/**
 * The claims of a signed JWT, unverified: three base64url parts, header.payload.signature (RFC 7515
 * section 7.1), whose payload is a JSON object (RFC 7519 section 7.2, steps 1 and 10).
 */
function jwtClaims(token: string): Record<string, unknown> | undefined {
    const parts = token.split(".");
    if (parts.length !== 3) return undefined;
    const claims = parsedJson(Buffer.from(parts[1], "base64url").toString("utf8"));
    return typeof claims === "object" && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
}

function parsedJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}
