// Pulumi.yaml documents exactly the keys the program reads; stack files hold no plain secrets.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { configKeys } from "../config/keys";
import { projectRoot } from "../harness/stack-config";

type Declarations = Record<string, { type: string; description: string; default: unknown; items?: { type: string } }>;

const project = yaml.load(fs.readFileSync(path.join(projectRoot, "Pulumi.yaml"), "utf8")) as { name: string; config: Declarations };
const stackFiles = fs.readdirSync(projectRoot).filter((file) => /^Pulumi\.[\w-]+\.yaml$/.test(file));

describe("project and stack files", () => {
    it("names the project atlasia, so keys read atlasia:<key>", () => {
        assert.equal(project.name, "atlasia");
    });

    it("declares every non-secret key of config/keys.ts with its type, description and default, and nothing else", () => {
        const expected = Object.entries(configKeys).filter(([, spec]) => !("secret" in spec));
        assert.deepEqual(Object.keys(project.config).sort(), expected.map(([key]) => key).sort());
        for (const [key, spec] of expected) {
            const declared = project.config[key];
            assert.equal(declared.type, spec.type, key);
            assert.equal(declared.description, spec.description, key);
            assert.deepEqual(declared.default, (spec as { default?: unknown }).default, key);
            if (spec.type === "array") assert.deepEqual(declared.items, { type: "string" }, key);
        }
    });

    it("has dev, staging and production stacks", () => {
        assert.deepEqual(stackFiles.sort(), ["Pulumi.dev.yaml", "Pulumi.production.yaml", "Pulumi.staging.yaml"]);
    });

    for (const file of stackFiles) {
        it(`${file}: only known keys, no secret in plain text`, () => {
            const config = (yaml.load(fs.readFileSync(path.join(projectRoot, file), "utf8")) as { config: Record<string, unknown> }).config;
            for (const [fullKey, value] of Object.entries(config)) {
                const [namespace, key] = fullKey.split(":");
                if (namespace !== "atlasia") continue;
                const spec = configKeys[key as keyof typeof configKeys];
                assert.ok(spec, `${file}: unknown key ${fullKey}`);
                if ("secret" in spec) {
                    assert.ok(typeof value === "object" && value !== null && "secure" in value, `${file}: ${fullKey} is not encrypted`);
                }
            }
        });
    }
});

describe("README", () => {
    const readme = fs.readFileSync(path.join(projectRoot, "README.md"), "utf8");

    it("documents every config key in its reference table", () => {
        for (const key of Object.keys(configKeys)) {
            assert.match(readme, new RegExp(`^\\| \`atlasia:${key}\` \\|`, "m"), `README lacks atlasia:${key}`);
        }
    });

    it("gives npm ci, the test command and the plan command", () => {
        for (const command of ["npm ci", "npm test", "npm run plan -- --stack production", "pulumi up --stack production"]) {
            assert.ok(readme.includes(command), command);
        }
    });
});
