// What a secret written as a literal looks like: a value under a secret-sounding name, or a value in
// a well-known credential format. Secrets belong in Kubernetes Secrets (env valueFrom.secretKeyRef),
// never in ConfigMaps or env literals, which are stored and shown in plain text
// (https://kubernetes.io/docs/concepts/configuration/configmap/: "ConfigMap does not provide secrecy").

/** Names that announce a secret; a name ending in _FILE, _PATH, _REF or _NAME points at one instead. */
const secretName = /(passw(or)?d|passwd|secret|token|api[-_]?key|private[-_]?key|credential)/i;
const pointerName = /[-_](file|path|ref|name)$/i;

/** Credential formats, each with where it is defined. */
const secretFormats: { what: string; pattern: RegExp }[] = [
    // OpenAI-style API keys (platform.openai.com/docs/api-reference/authentication), the LLM key's usual shape.
    { what: "an sk- API key", pattern: /\bsk-[A-Za-z0-9_-]{16,}/ },
    // AWS access key IDs start with AKIA (docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids).
    { what: "an AWS access key ID", pattern: /\bAKIA[0-9A-Z]{16}\b/ },
    // PEM private keys (RFC 7468 section 10 and 11).
    { what: "a PEM private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
    // GitHub tokens (docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats).
    { what: "a GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
    // A signed JWT: base64url header and payload starting with {" (RFC 7519).
    { what: "a JWT", pattern: /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+/ },
    // user:password@host in a URL (RFC 3986 section 3.2.1 deprecates it for this reason).
    { what: "a URL with a password", pattern: /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i },
];

/** Why `value` under `name` looks like a secret literal, or undefined. */
export function secretLiteralReason(name: string, value: unknown): string | undefined {
    if (typeof value !== "string" || value === "") return undefined;
    if (secretName.test(name) && !pointerName.test(name)) return `${name} has a secret-sounding name and a literal value`;
    const format = secretFormats.find((f) => f.pattern.test(value));
    return format ? `${name} holds ${format.what}` : undefined;
}
