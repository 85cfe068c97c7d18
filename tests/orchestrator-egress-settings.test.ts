// The orchestrator's egress settings at their edges (config/egress.ts): every CIDR must be an IPv4
// CIDR, the Vault address an https base URL (its port, or https's 443), a Vault needs its
// addresses, and the NodeLocal DNSCache address must be link-local. Each refusal carries the exact
// command that fixes it, and all are reported at once.
import { strict as assert } from "assert";
import { configProblems, settingsFor } from "./support/settings";
import type { RunOptions } from "../harness/run";

const secrets = { llmApiKey: "sk-test" };
const gcpProduction = (set: Record<string, string> = {}): RunOptions => ({ stack: "production", secrets, set: { "gcp:project": "my-project-123", ...set } });
const vaultCidrs = '["203.0.113.10/32"]';

describe("orchestrator egress settings at their edges (config/egress.ts)", function () {
    this.timeout(30000);

    describe("atlasia:llmEgressCidrs: IPv4 CIDRs only", () => {
        const notACidr = (cidr: string) => ({
            key: "atlasia:llmEgressCidrs",
            message: `"${cidr}" is not an IPv4 CIDR such as 203.0.113.0/24.`,
            fix: "pulumi config rm --stack production atlasia:llmEgressCidrs && pulumi config set --stack production --path 'atlasia:llmEgressCidrs[0]' '<CIDR of the LLM API>'",
        });

        it("accepts prefixes from /1 to /32 (a /0 would reach link-local)", async () => {
            const settings = await settingsFor(gcpProduction({ llmEgressCidrs: '["198.51.100.7/32", "0.0.0.0/1"]' }));
            assert.deepEqual(settings.app.egress.llmCidrs, ["198.51.100.7/32", "0.0.0.0/1"]);
        });

        it("refuses a prefix over 32, an octet over 255 and an address without a prefix", async () => {
            for (const cidr of ["198.51.100.0/33", "198.51.256.0/24", "198.51.100.7"]) {
                assert.deepEqual(await configProblems(gcpProduction({ llmEgressCidrs: JSON.stringify([cidr]) })), [notACidr(cidr)], cidr);
            }
        });
    });

    describe("atlasia:vaultAddress: an https base URL", () => {
        it("takes the port from the URL, or https's default 443 without one", async () => {
            // RFC 9110 section 4.2.2: the https scheme's default port is 443.
            const withPort = await settingsFor(gcpProduction({ vaultAddress: "https://vault.example.net:8200/", vaultCidrs }));
            assert.deepEqual(withPort.app.egress.vault, { address: "https://vault.example.net:8200/", port: 8200, cidrs: ["203.0.113.10/32"] });
            const withoutPort = await settingsFor(gcpProduction({ vaultAddress: "https://vault.example.net", vaultCidrs }));
            assert.deepEqual(withoutPort.app.egress.vault, { address: "https://vault.example.net", port: 443, cidrs: ["203.0.113.10/32"] });
        });

        it("refuses plain http, a path after the host, and anything before the scheme", async () => {
            for (const address of ["http://vault.example.net:8200", "https://vault.example.net:8200/v1", "xhttps://vault.example.net:8200"]) {
                assert.deepEqual(
                    await configProblems(gcpProduction({ vaultAddress: address, vaultCidrs })),
                    [
                        {
                            key: "atlasia:vaultAddress",
                            message: `"${address}" is not an https URL such as https://vault.example.net:8200.`,
                            fix: "pulumi config set --stack production atlasia:vaultAddress https://vault.your-company.com:8200",
                        },
                    ],
                    address,
                );
            }
        });

        it("asks for the Vault's addresses when only its URL is set", async () => {
            assert.deepEqual(await configProblems(gcpProduction({ vaultAddress: "https://vault.example.net:8200" })), [
                {
                    key: "atlasia:vaultCidrs",
                    message: "the addresses of the Vault at atlasia:vaultAddress are needed for the orchestrator's egress policy.",
                    fix: "pulumi config rm --stack production atlasia:vaultCidrs && pulumi config set --stack production --path 'atlasia:vaultCidrs[0]' '<CIDR of the Vault>'",
                },
            ]);
        });

        it("asks for the Vault's URL when only a Vault token is set", async () => {
            const problems = await configProblems({ ...gcpProduction(), secrets: { ...secrets, vaultToken: "hvs.token-without-a-vault" } });
            assert.deepEqual(problems, [
                {
                    key: "atlasia:vaultAddress",
                    message: "atlasia:vaultToken is set, but there is no Vault to use it with; set the Vault's address (or remove the token).",
                    fix: "pulumi config set --stack production atlasia:vaultAddress https://vault.your-company.com:8200",
                },
            ]);
        });
    });

    describe("atlasia:nodeLocalDnsAddress: a link-local IPv4 address", () => {
        // https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/: NodeLocal DNSCache listens on a
        // link-local address (169.254.20.10 in the example); link-local is 169.254.0.0/16 (RFC 3927).
        const notLinkLocal = (address: string) => ({
            key: "atlasia:nodeLocalDnsAddress",
            message: `"${address}" is not a link-local IPv4 address such as 169.254.20.10.`,
            fix: "pulumi config set --stack production atlasia:nodeLocalDnsAddress 169.254.20.10",
        });

        it("accepts link-local addresses at both ends of 169.254.0.0/16", async () => {
            for (const address of ["169.254.0.1", "169.254.255.254"]) {
                assert.equal((await settingsFor(gcpProduction({ nodeLocalDnsAddress: address }))).app.egress.nodeLocalDns, address);
            }
        });

        it("refuses a private address, the first address past link-local, an octet over 255 and a CIDR", async () => {
            for (const address of ["10.0.0.10", "169.255.0.1", "169.254.20.300", "169.254.20.10/32"]) {
                assert.deepEqual(await configProblems(gcpProduction({ nodeLocalDnsAddress: address })), [notLinkLocal(address)], address);
            }
        });
    });

    it("reports every wrong egress setting at once", async () => {
        const problems = await configProblems(
            gcpProduction({
                llmEgressCidrs: '["198.51.100.0/33", "169.254.169.254/32"]',
                vaultAddress: "https://vault.example.net:8200/v1",
                nodeLocalDnsAddress: "10.0.0.10",
            }),
        );
        assert.deepEqual(
            problems.map((p) => p.key),
            ["atlasia:llmEgressCidrs", "atlasia:llmEgressCidrs", "atlasia:vaultAddress", "atlasia:vaultCidrs", "atlasia:nodeLocalDnsAddress"],
        );
    });
});
