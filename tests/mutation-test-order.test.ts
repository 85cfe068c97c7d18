// tools/mutation-test-order.ts: the test files `npm run mutate` runs first for a selection.
import { strict as assert } from "assert";
import { relativeImports, subjectWords, testsFirst } from "../tools/mutation-test-order";

const testFiles = [
    "tests/addon-network-policy.test.ts",
    "tests/addons.test.ts",
    "tests/config-edges.test.ts",
    "tests/config-load-details.test.ts",
    "tests/eks-access-entries.test.ts",
    "tests/eks-network.test.ts",
    "tests/gke.test.ts",
    "tests/network-policy.test.ts",
    "tests/workloads.test.ts",
];

describe("mutation testing: the test files that run first", () => {
    it("takes a source file's words in the singular, or its sub-folder's, but not the layer's", () => {
        assert.deepEqual([...subjectWords(["workloads/network-policies.ts"])], ["network", "policy"]);
        assert.deepEqual([...subjectWords(["clusters/eks/node-group.ts", "config/load.ts"])], ["eks", "load"]);
        assert.deepEqual([...subjectWords(["clusters/addons/index.ts", "workloads/labels.ts", "config/access.ts"])], ["addon", "label", "access"]);
    });

    it("picks the test files named after the mutated code, in their own order", () => {
        assert.deepEqual(testsFirst(["workloads/network-policies.ts"], testFiles), [
            "tests/addon-network-policy.test.ts",
            "tests/eks-network.test.ts",
            "tests/network-policy.test.ts",
        ]);
        assert.deepEqual(testsFirst(["config/load.ts"], testFiles), ["tests/config-load-details.test.ts"]);
        assert.deepEqual(testsFirst(["clusters/eks/access.ts"], testFiles), ["tests/eks-access-entries.test.ts", "tests/eks-network.test.ts"]);
        assert.deepEqual(testsFirst(["clusters/addons/network-policies.ts"], testFiles), ["tests/addon-network-policy.test.ts", "tests/addons.test.ts"]);
        assert.deepEqual(testsFirst(["clusters/addons/jaeger.ts"], testFiles), ["tests/addon-network-policy.test.ts", "tests/addons.test.ts"]);
    });

    it("then the test files that import a mutated file directly, in their order", () => {
        const texts: Record<string, string> = {
            "tests/gke.test.ts": 'import { configKeys } from "../config/keys";\nimport { x } from "./support/runs";',
            "tests/workloads.test.ts": 'import { configKeys } from "../config/keys-extra";',
            "tests/config-edges.test.ts": 'import type { ConfigKey } from "../config/keys";',
            "tests/network-policy.test.ts": 'import * as pulumi from "@pulumi/pulumi";',
        };
        const readTest = (file: string) => texts[file] ?? "";
        assert.deepEqual(testsFirst(["config/keys.ts"], testFiles, readTest), ["tests/config-edges.test.ts", "tests/gke.test.ts"]);
        assert.deepEqual(testsFirst(["config/load.ts", "config/keys.ts"], testFiles, readTest), [
            "tests/config-load-details.test.ts",
            "tests/config-edges.test.ts",
            "tests/gke.test.ts",
        ]);
        assert.deepEqual(relativeImports("tests/support/runs.ts", 'import { a } from "../../config/keys";\nimport "../x";'), ["config/keys.ts"]);
    });

    it("picks none for a layer's own name: every test is about a layer", () => {
        assert.deepEqual(testsFirst(["workloads/index.ts", "clusters/index.ts", "config/index.ts"], testFiles), []);
    });
});
