// Patterns more than one config reader checks values with.

/** A DNS label (RFC 1035): lower-case letters, digits and '-', a letter first, not '-' last. */
export const dnsLabel = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** One field of a cron schedule: '*', numbers, ranges, steps and lists of them, or a three-letter name (MON, JAN). */
export const cronField = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$|^[A-Za-z]{3}$/;
