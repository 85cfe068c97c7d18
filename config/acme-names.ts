// Names Let's Encrypt refuses (issue 11 item 22). Its CA software, Boulder, rejects a contact e-mail
// at example.com, example.net or example.org ("contact email has forbidden domain", policy/pa.go
// forbiddenMailDomains, after RFC 2606 section 3) and a certificate name that does not end in a public
// suffix (WellFormedIdentifiers: the reserved TLDs of RFC 2606 section 2 and RFC 6761/6762 are not);
// names under the example domains cannot pass an HTTP-01 challenge either. Refused before anything
// is created, so `pulumi up` cannot report success while every certificate stays pending.
import type { ConfigReader } from "./reader";
import type { TlsIssuer } from "./settings";

export const reservedExampleDomains = ["example.com", "example.net", "example.org"];
export const reservedTopLevelDomains = ["test", "example", "invalid", "localhost", "local"];

/** The reserved name `host` is, or falls under; undefined for a usable name. */
export function reservedName(host: string): string | undefined {
    const name = host.toLowerCase().replace(/\.$/, "");
    const exampleDomain = reservedExampleDomains.find((d) => name === d || name.endsWith(`.${d}`));
    if (exampleDomain) return exampleDomain;
    const tld = name.split(".").pop() ?? "";
    return reservedTopLevelDomains.includes(tld) ? `.${tld}` : undefined;
}

/** Only where a real certificate is requested: tlsIssuer none (local development) keeps any name. */
export function checkAcmeNames(read: ConfigReader, tlsIssuer: TlsIssuer, domain: string, acmeEmail: string | undefined): void {
    if (tlsIssuer === "none") return;
    const emailDomain = acmeEmail?.split("@").pop();
    const emailReserved = emailDomain ? reservedName(emailDomain) : undefined;
    if (emailReserved) {
        read.problem(
            "acmeEmail",
            `"${acmeEmail}" is at ${emailReserved}, a reserved example domain: Let's Encrypt (${tlsIssuer}) refuses it and no certificate would be issued. Set an address that receives your expiry notices.`,
            "platform@your-company.com",
        );
    }
    const domainReserved = reservedName(domain);
    if (domainReserved) {
        read.problem(
            "domain",
            `"${domain}" is under ${domainReserved}, a reserved name: Let's Encrypt (${tlsIssuer}) cannot issue a certificate for it. Set the public host name whose DNS you control (or atlasia:tlsIssuer none).`,
            "atlasia.your-company.com",
        );
    }
}
