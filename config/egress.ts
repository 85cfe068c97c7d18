// Where the orchestrator may connect outside the cluster (issue 11 items 18-20): the LLM provider,
// an optional Vault, and the node-local DNS cache where the cluster runs one.
import { ConfigReader, ListElementProblem } from "./reader";
import { cidrPrefix } from "./cidr";

/** Link-local: the clouds' instance metadata services (169.254.169.254) live here. */
export const linkLocal = "169.254.0.0/16";

export interface EgressSettings {
    /** LLM API destinations; empty: any public address (not private, not link-local) on 443. */
    llmCidrs: string[];
    vault?: { address: string; port: number; cidrs: string[] };
    /** NodeLocal DNSCache's link-local listen address, where the cluster runs it. */
    nodeLocalDns?: string;
}

function toNumber(ip: string): number {
    return ip.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** Whether two IPv4 CIDRs share any address: equal networks under the shorter prefix. */
export function overlaps(a: string, b: string): boolean {
    const [ipA, bitsA] = a.split("/");
    const [ipB, bitsB] = b.split("/");
    const block = 2 ** (32 - Math.min(Number(bitsA), Number(bitsB)));
    return Math.floor(toNumber(ipA) / block) === Math.floor(toNumber(ipB) / block);
}

function cidrList(read: ConfigReader, key: "llmEgressCidrs" | "vaultCidrs"): string[] {
    const cidrs = read.stringArray(key);
    read.listElementProblems(
        key,
        cidrs,
        cidrs.flatMap<ListElementProblem>((cidr, index) => {
            const wrong =
                cidrPrefix(cidr) === undefined
                    ? `"${cidr}" is not an IPv4 CIDR such as 203.0.113.0/24.`
                    : overlaps(cidr, linkLocal)
                      ? `"${cidr}" reaches the link-local range ${linkLocal}, where the cloud's instance metadata service answers; it is never allowed.`
                      : undefined;
            return wrong ? [{ index, message: wrong }] : [];
        }),
    );
    return cidrs;
}

export function loadEgress(read: ConfigReader, vaultTokenSet: boolean): EgressSettings {
    const llmCidrs = cidrList(read, "llmEgressCidrs");
    const vaultAddress = read.string("vaultAddress");
    let vault: EgressSettings["vault"];
    if (vaultAddress) {
        const match = /^https:\/\/[a-z0-9.-]+(:(\d+))?\/?$/i.exec(vaultAddress);
        if (!match) read.problem("vaultAddress", `"${vaultAddress}" is not an https URL such as https://vault.example.net:8200.`);
        const cidrs = cidrList(read, "vaultCidrs");
        if (cidrs.length === 0)
            read.problem("vaultCidrs", "the addresses of the Vault at atlasia:vaultAddress are needed for the orchestrator's egress policy.");
        vault = { address: vaultAddress, port: Number(match?.[2] ?? 443), cidrs };
    } else if (vaultTokenSet) {
        read.problem(
            "vaultAddress",
            "atlasia:vaultToken is set, but there is no Vault to use it with; set the Vault's address (or remove the token).",
            "https://vault.your-company.com:8200",
        );
    }
    const nodeLocalDns = read.string("nodeLocalDnsAddress") || undefined;
    if (nodeLocalDns && !(cidrPrefix(`${nodeLocalDns}/32`) !== undefined && overlaps(`${nodeLocalDns}/32`, linkLocal))) {
        read.problem("nodeLocalDnsAddress", `"${nodeLocalDns}" is not a link-local IPv4 address such as 169.254.20.10.`, "169.254.20.10");
    }
    return { llmCidrs, vault, nodeLocalDns };
}
