// The patterns several config readers share (config/patterns.ts), at their edges: each end of each
// character range, each anchor (a refused character first and last), each optional part.
import { strict as assert } from "assert";
import { cronField, dnsLabel } from "../config/patterns";

function verdicts(pattern: RegExp, accepts: string[], refuses: string[]): string[] {
    return [
        ...accepts.filter((text) => !pattern.test(text)).map((text) => `refuses ${JSON.stringify(text)}`),
        ...refuses.filter((text) => pattern.test(text)).map((text) => `accepts ${JSON.stringify(text)}`),
    ];
}

describe("config patterns", () => {
    it("a DNS label (RFC 1035): a lower-case letter first, letters, digits and '-', not '-' last", () => {
        assert.deepEqual(
            verdicts(dnsLabel, ["a", "z", "z9", "a0", "az", "aa", "a-az09b", "atlasia-prod"], ["", "1a", "-a", "a-", "Ab", "aB", "a_b", "a.b", "a b", "ab-"]),
            [],
        );
    });

    // crontab(5) and robfig/cron (Kubernetes CronJob, CloudNativePG ScheduledBackup): numbers, ranges,
    // steps and lists, '*', or a month or day name.
    it("a cron field: '*', a number, a range, a step of either, lists of them, or a three-letter name", () => {
        assert.deepEqual(
            verdicts(
                cronField,
                ["*", "0", "59", "1-5", "10-20", "*/15", "0-30/5", "1,15", "1-5,10-15/2", "0,10-50/15", "*/2,5", "0,*", "MON", "jan", "Sun"],
                ["", "**", "1-", "-1", "1/", "/5", "1,", ",1", "1-5-7", "*/*", "1//2", "1 2", "a", "MO", "MONDAY", "1,MON", "MON-FRI", "x1", "1x"],
            ),
            [],
        );
    });
});
