// The rule checker itself: length with provider suffixes, patterns, and maps of labels.
import { strict as assert } from "assert";
import { ruleViolations, PlatformRule } from "../clusters/platform-rules/rule";
import { gcpRules } from "../clusters/platform-rules/gcp";

const nodePoolName = gcpRules.find((rule) => rule.id === "gcp.nodePool.name")!;
/** A name prefix the provider extends by 26 characters (terraform-provider-google #8261: GKE allows 40). */
const nodePoolPrefix: PlatformRule = { ...nodePoolName, property: "namePrefix", providerSuffix: 26 } as PlatformRule;
const labels: PlatformRule = {
    id: "test.labels",
    kind: "map",
    what: "label",
    resourceType: "t",
    property: "labels",
    source: "test",
    maxEntries: 2,
    key: { maxLength: 5, pattern: /^[a-z]+$/, describe: "lower-case letters" },
    value: { maxLength: 3, pattern: /^[a-z]*$/, describe: "lower-case letters" },
};

describe("platform rule checks", () => {
    it("counts the provider's suffix against a name prefix's limit (GKE: 14 + 26 = 40 is the longest)", () => {
        assert.deepEqual(ruleViolations(nodePoolPrefix, "a".repeat(14)), []);
        const [problem] = ruleViolations(nodePoolPrefix, "a".repeat(15));
        assert.match(problem, /41 characters \(with 26 appended by the provider\), over the limit of 40/);
        assert.match(problem, /terraform-provider-google\/issues\/8261/);
    });
    it("rejects characters outside the pattern", () => {
        assert.equal(ruleViolations(nodePoolPrefix, "Workers-").length, 1);
        assert.equal(ruleViolations(nodePoolPrefix, "1workers-").length, 1);
    });
    it("checks every key and value of a map, and the number of entries", () => {
        assert.deepEqual(ruleViolations(labels, { ab: "cd" }), []);
        const problems = ruleViolations(labels, { Ab: "cd", abcdef: "x", c: "TOOLONG" });
        assert.equal(problems.length, 4, problems.join("\n"));
    });
});
