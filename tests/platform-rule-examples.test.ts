// Each platform rule against the names its cloud accepts and refuses (tests/support/platform-rule-examples.ts),
// and each rule checked against something the program creates: a rule whose resource type or property
// nothing has would pass every run without judging anything.
import { strict as assert } from "assert";
import { platformRules } from "../clusters/platform-rules";
import { PlatformRule, ruleViolations } from "../clusters/platform-rules/rule";
import { MapExamples, platformRuleExamples, TextExamples } from "./support/platform-rule-examples";
import { platformRuleViolations, valueAt } from "./support/platform-rules";
import { stackOptions, validStackRun } from "./support/runs";

/** Examples whose verdict differs from the expected one. */
function misjudged(rule: PlatformRule, examples: TextExamples, judge: (text: string) => string[]): string[] {
    return [
        ...examples.accepts.filter((text) => judge(text).length > 0).map((text) => `${rule.id} refuses ${JSON.stringify(text)}: ${judge(text).join("; ")}`),
        ...examples.refuses.filter((text) => judge(text).length === 0).map((text) => `${rule.id} accepts ${JSON.stringify(text)}`),
    ];
}

/** A map of `count` entries with keys and values the examples accept. */
function entries(examples: MapExamples, count: number): Record<string, string> {
    const [key] = examples.keys.accepts.filter((k) => k.length < 10);
    return Object.fromEntries(Array.from({ length: count }, (_, i) => [`${key}${i}`, examples.values.accepts[0]]));
}

describe("platform rules against what each platform accepts and refuses", () => {
    it("every rule has examples, and every example names a rule", () => {
        const ids = platformRules.map((rule) => rule.id);
        assert.equal(new Set(ids).size, ids.length, "rule ids are unique");
        assert.deepEqual(
            ids.filter((id) => !(id in platformRuleExamples)),
            [],
            "rules without examples",
        );
        assert.deepEqual(
            Object.keys(platformRuleExamples).filter((id) => !ids.includes(id)),
            [],
            "examples of no rule",
        );
    });

    for (const rule of platformRules) {
        it(`${rule.id}: accepts and refuses what its source says`, () => {
            const examples = platformRuleExamples[rule.id];
            assert.equal(examples.kind, rule.kind);
            if (examples.kind === "name") {
                assert.deepEqual(
                    misjudged(rule, examples, (name) => ruleViolations(rule, name)),
                    [],
                );
                return;
            }
            assert.deepEqual(
                [
                    ...misjudged(rule, examples.keys, (key) => ruleViolations(rule, { [key]: examples.values.accepts[0] })),
                    ...misjudged(rule, examples.values, (value) => ruleViolations(rule, { [examples.keys.accepts[0]]: value })),
                ],
                [],
            );
            const { maxEntries } = examples;
            if (maxEntries === undefined) {
                assert.deepEqual(ruleViolations(rule, entries(examples, 500)), [], "no limit on the number of entries");
                return;
            }
            assert.deepEqual(ruleViolations(rule, entries(examples, maxEntries)), [], `${maxEntries} entries`);
            assert.equal(ruleViolations(rule, entries(examples, maxEntries + 1)).length, 1, `${maxEntries + 1} entries`);
        });
    }

    it("a GUID with a character more, before or after it, is named both too long and not a GUID", () => {
        const rule = platformRules.find((r) => r.id === "azure.roleAssignment.name")!;
        for (const name of ["x09af09af-09af-09af-09af-09af09af09af", "09af09af-09af-09af-09af-09af09af09afx"]) {
            const [problem] = ruleViolations(rule, name);
            assert.match(problem, /37 characters, over the limit of 36; not a GUID/, name);
        }
    });

    it("each rule says what it names, where it comes from, and its pattern in words, for the messages", () => {
        for (const rule of platformRules) {
            assert.match(rule.id, /^(gcp|aws|azure)\.[A-Za-z0-9.]+$/, rule.id);
            assert.match(rule.what, /[A-Za-z]{3}/, `${rule.id}: what`);
            assert.match(rule.source, /^https:\/\/\S+\.\S+/, `${rule.id}: source`);
            assert.match(rule.resourceType, /^[a-z-]+:[A-Za-z0-9/]+:[A-Za-z0-9]+$/, `${rule.id}: a Pulumi type token`);
            assert.match(rule.property, /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/, `${rule.id}: property path`);
            // A tag rule's messages name the kind of resource its id names.
            if (rule.id.includes(".tags.")) assert.ok(rule.what.includes(rule.id.split(".").pop()!), `${rule.id}: ${rule.what}`);
            const texts = rule.kind === "name" ? [rule.text] : [rule.key, rule.value];
            for (const text of texts) assert.match(text.describe, /[a-z]{3,} /i, `${rule.id}: the pattern in words`);
        }
    });

    describe("every rule judges something the program creates", function () {
        this.timeout(120000);
        const clouds = ["gcp", "aws", "azure"] as const;

        it("on the staging and production stacks of its cloud, each rule's resource type is created with its property set (or auto-named), and holds", async () => {
            const unjudged: string[] = [];
            for (const cloud of clouds) {
                const rules = platformRules.filter((rule) => rule.id.startsWith(`${cloud}.`));
                const runs = await Promise.all((["staging", "production"] as const).map((environment) => validStackRun(stackOptions(cloud, environment))));
                for (const run of runs) assert.deepEqual(platformRuleViolations(run, rules), [], cloud);
                for (const rule of rules) {
                    const judged = runs.some((run) =>
                        run.resources.some(
                            (resource) =>
                                resource.type === rule.resourceType &&
                                (valueAt(resource.inputs, rule.property) !== undefined || (rule.kind === "name" && rule.autoNameSuffix !== undefined)),
                        ),
                    );
                    if (!judged) unjudged.push(rule.id);
                }
            }
            assert.deepEqual(unjudged, []);
        });

        it("every tag, label and node label map the program sets has a rule", async () => {
            // Where each cloud keeps them (node pools' labels are Kubernetes labels, the rest the cloud's).
            const maps = [
                "tags",
                "labels",
                "resourceLabels",
                "defaultLabels",
                "defaultTags.tags",
                "tagSpecifications.0.tags",
                "nodeLabels",
                "nodeConfig.labels",
                "nodeConfig.resourceLabels",
            ];
            const unruled = new Set<string>();
            for (const cloud of clouds) {
                for (const environment of ["staging", "production"] as const) {
                    const run = await validStackRun(stackOptions(cloud, environment));
                    for (const resource of run.resources.filter((r) => !r.type.startsWith("kubernetes:"))) {
                        for (const property of maps.filter((p) => valueAt(resource.inputs, p) !== undefined)) {
                            if (!platformRules.some((rule) => rule.resourceType === resource.type && rule.property === property))
                                unruled.add(`${resource.type} ${property}`);
                        }
                    }
                }
            }
            assert.deepEqual([...unruled], []);
        });
    });
});
