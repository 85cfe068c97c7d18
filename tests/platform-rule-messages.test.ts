// The rule checker's verdicts in full, on hand-made rules: each message names what was checked, every
// way it broke (joined by "; "), and the rule's source; limits hold at their exact edges.
import { strict as assert } from "assert";
import { PlatformRule, ruleViolations, textViolation } from "../clusters/platform-rules/rule";

const name = (extra: Partial<PlatformRule> = {}): PlatformRule =>
    ({
        id: "test.name",
        kind: "name",
        what: "bucket",
        resourceType: "t",
        property: "bucket",
        source: "https://example.test/rule",
        text: { maxLength: 10, minLength: 3, pattern: /^[a-z-]+$/, describe: "lower-case letters and '-'" },
        ...extra,
    }) as PlatformRule;

const tags: PlatformRule = {
    id: "test.tags",
    kind: "map",
    what: "tag",
    resourceType: "t",
    property: "tags",
    source: "https://example.test/tags",
    maxEntries: 2,
    key: { maxLength: 5, pattern: /^[a-z]+$/, describe: "lower-case letters" },
    value: { maxLength: 3, pattern: /^[a-z]*$/, describe: "lower-case letters" },
};

describe("platform rule messages", () => {
    it("a name too short, and every problem of one name in one message joined by '; '", () => {
        assert.deepEqual(ruleViolations(name(), "ab"), ['bucket "ab": 2 characters, under the minimum of 3 (https://example.test/rule)']);
        assert.deepEqual(ruleViolations(name(), "abc"), []);
        assert.deepEqual(ruleViolations(name(), "A"), [
            "bucket \"A\": 1 characters, under the minimum of 3; not lower-case letters and '-' (https://example.test/rule)",
        ]);
    });

    it("no minimum when the rule has none: an empty-ish short name is judged by its pattern alone", () => {
        assert.equal(textViolation({ maxLength: 5, pattern: /^a*$/, describe: "a's" }, ""), undefined);
    });

    it("a name left unset is judged as the logical name plus Pulumi's auto-name suffix", () => {
        const autoNamed = name({ autoNameSuffix: 8 });
        // 3 + 8 = 11 characters: over 10.
        assert.deepEqual(ruleViolations(autoNamed, undefined, "abc"), [
            'bucket "abc": 11 characters (with 8 appended by the provider), over the limit of 10 (https://example.test/rule)',
        ]);
        assert.deepEqual(ruleViolations(autoNamed, undefined, "ab"), []);
        // A name that is set is judged as it is, without the suffix.
        assert.deepEqual(ruleViolations(autoNamed, "abcdefghij", "abc"), []);
        // Without a logical name, or without an auto-name rule, nothing is judged.
        assert.deepEqual(ruleViolations(autoNamed, undefined), []);
        assert.deepEqual(ruleViolations(name(), undefined, "abcdefghijkl"), []);
    });

    it("a name that is not a string (an unknown Output in a preview) is not judged", () => {
        assert.deepEqual(ruleViolations(name(), 12345678901234), []);
        assert.deepEqual(ruleViolations(name(), { name: "A" }), []);
    });

    it("a map at its entry limit passes; one more entry is named with the count and the limit", () => {
        assert.deepEqual(ruleViolations(tags, { a: "x", b: "y" }), []);
        assert.deepEqual(ruleViolations(tags, { a: "x", b: "y", c: "z" }), ["tag: 3 entries, over the limit of 2 (https://example.test/tags)"]);
    });

    it("a bad key and a bad value are each named with the rule's source", () => {
        assert.deepEqual(ruleViolations(tags, { Ab: "cd" }), ['tag key "Ab": not lower-case letters (https://example.test/tags)']);
        assert.deepEqual(ruleViolations(tags, { ab: "long" }), ['tag "ab" value "long": 4 characters, over the limit of 3 (https://example.test/tags)']);
    });

    it("a value that is not a string (an unknown Output) is not judged; its key still is", () => {
        assert.deepEqual(ruleViolations(tags, { ab: 12345 }), []);
        assert.deepEqual(ruleViolations(tags, { AB: 12345 }), ['tag key "AB": not lower-case letters (https://example.test/tags)']);
    });

    it("no map (unset, or not an object) is not judged", () => {
        assert.deepEqual(ruleViolations(tags, undefined), []);
        assert.deepEqual(ruleViolations(tags, null), []);
        assert.deepEqual(ruleViolations(tags, "Ab=long"), []);
    });
});
