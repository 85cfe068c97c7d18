// The Node.js lines the project supports, said once per place that needs it: package.json's
// `engines` admits exactly the majors the pull-request workflow tests (22 and 24, the LTS lines;
// Node 20 reached end of life in April 2026: https://nodejs.org/en/about/previous-releases), and
// never less than the pinned @pulumi/pulumi itself declares (3.249.0 and later: ">=22").
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { projectRoot } from "../harness/stack-config";

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));
const engines: string = readJson(path.join(projectRoot, "package.json")).engines.node;
const sdkEngines: string = readJson(path.join(projectRoot, "node_modules", "@pulumi", "pulumi", "package.json")).engines.node;
const pullRequest = yaml.load(fs.readFileSync(path.join(projectRoot, ".github", "workflows", "pull-request.yml"), "utf8")) as {
    jobs: { offline: { strategy: { matrix: { node: number[] } } } };
};

/** The majors a ">=A <B" range admits (the only form package.json uses). */
function admittedMajors(range: string): { min: number; below: number } {
    const match = /^>=(\d+)(?:\.\d+)* <(\d+)$/.exec(range.trim());
    assert.ok(match, `engines.node "${range}" is not of the form ">=MIN <NEXT"`);
    return { min: Number(match[1]), below: Number(match[2]) };
}

describe("Node.js versions", () => {
    it("engines admits exactly the majors CI tests, from the lowest to the highest", () => {
        const tested = [...pullRequest.jobs.offline.strategy.matrix.node].sort((a, b) => a - b);
        const { min, below } = admittedMajors(engines);
        assert.equal(min, tested[0]);
        assert.equal(below, tested[tested.length - 1] + 1);
        assert.ok(!tested.includes(20), "Node 20 is end of life");
    });

    it("engines asks at least what @pulumi/pulumi asks", () => {
        const sdkMin = Number(/^>=(\d+)/.exec(sdkEngines)?.[1]);
        assert.ok(admittedMajors(engines).min >= sdkMin, `${engines} vs @pulumi/pulumi ${sdkEngines}`);
    });

    it("the range check can fail", () => {
        assert.throws(() => admittedMajors(">=20"));
        assert.deepEqual(admittedMajors(">=20.19 <25"), { min: 20, below: 25 });
    });
});
