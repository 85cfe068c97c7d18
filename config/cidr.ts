// IPv4 CIDR notation, as the config keys that list address ranges take it.

/** An IPv4 CIDR; returns its prefix length or undefined. */
export function cidrPrefix(value: string): number | undefined {
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
    if (!match || match.slice(1, 5).some((octet) => Number(octet) > 255) || Number(match[5]) > 32) return undefined;
    return Number(match[5]);
}
