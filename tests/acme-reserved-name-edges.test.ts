// Let's Encrypt's reserved names at their edges (config/acme-names.ts): a fully qualified name with
// its trailing root dot is the same name, and the fix command for a reserved domain is given whole.
import { strict as assert } from "assert";
import { configProblems } from "./support/settings";
import type { RunOptions } from "../harness/run";

const production = (set: Record<string, string>): RunOptions => ({
    stack: "production",
    secrets: { llmApiKey: "sk-test" },
    set: { "gcp:project": "my-project-123", ...set },
});
const reservedDomain = (domain: string, reserved: string) => ({
    key: "atlasia:domain",
    message: `"${domain}" is under ${reserved}, a reserved name: Let's Encrypt (letsencrypt-prod) cannot issue a certificate for it. Set the public host name whose DNS you control (or atlasia:tlsIssuer none).`,
    fix: "pulumi config set --stack production atlasia:domain atlasia.your-company.com",
});

describe("Let's Encrypt reserved names at their edges (config/acme-names.ts)", function () {
    this.timeout(30000);

    it("refuses a reserved domain with the whole command that sets a usable one", async () => {
        assert.deepEqual(await configProblems(production({ domain: "atlasia.example.com" })), [reservedDomain("atlasia.example.com", "example.com")]);
        assert.deepEqual(await configProblems(production({ domain: "atlasia.test" })), [reservedDomain("atlasia.test", ".test")]);
    });

    it("refuses every reserved top-level domain: .invalid and .localhost (RFC 2606 section 2), .local (RFC 6762, mDNS)", async () => {
        for (const tld of ["invalid", "localhost", "local"]) {
            const domain = `atlasia.${tld}`;
            assert.deepEqual(await configProblems(production({ domain })), [reservedDomain(domain, `.${tld}`)], domain);
        }
    });

    it("a trailing root dot does not hide a reserved name: both problems at once", async () => {
        // RFC 1034 section 3.1: "atlasia.example.com." is the absolute form of the same name.
        assert.deepEqual(await configProblems(production({ domain: "atlasia.example.com." })), [
            {
                key: "atlasia:domain",
                message: '"atlasia.example.com." is not a host name such as atlasia.example.com.',
                fix: "pulumi config set --stack production atlasia:domain atlasia.your-company.com",
            },
            reservedDomain("atlasia.example.com.", "example.com"),
        ]);
    });
});
