// Pulumi.yaml documents exactly the keys the program reads; stack files hold no plain secrets.
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import { builtinModules } from "module";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { configKeys } from "../config/keys";
import { resourcePolicies, stackPolicies } from "../policy/policies";
import { projectRoot } from "../harness/stack-config";

type Declaration = { type?: string; description?: string; default?: unknown; value?: unknown; secret?: boolean; items?: { type: string } };
type Declarations = Record<string, Declaration>;

const project = yaml.load(fs.readFileSync(path.join(projectRoot, "Pulumi.yaml"), "utf8")) as { name: string; config: Declarations };
const stackFiles = fs.readdirSync(projectRoot).filter((file) => /^Pulumi\.[\w-]+\.yaml$/.test(file));

describe("project and stack files", () => {
    it("names the project atlasia, so keys read atlasia:<key>", () => {
        assert.equal(project.name, "atlasia");
    });

    const ownKeys = Object.keys(project.config).filter((key) => !key.includes(":"));

    it("declares every non-secret key of config/keys.ts with its type, description and default, and nothing else", () => {
        const expected = Object.entries(configKeys).filter(([, spec]) => !("secret" in spec));
        const declaredPlain = ownKeys.filter((key) => project.config[key].secret !== true);
        assert.deepEqual(declaredPlain.sort(), expected.map(([key]) => key).sort());
        for (const [key, spec] of expected) {
            const declared = project.config[key];
            assert.equal(declared.type, spec.type, key);
            assert.equal(declared.description, spec.description, key);
            assert.deepEqual(declared.default, (spec as { default?: unknown }).default, key);
            if (spec.type === "array") assert.deepEqual(declared.items, { type: "string" }, key);
        }
    });

    // A declared key without a default is required by the CLI, and `secret: true` makes it refuse a
    // plain-text value (https://www.pulumi.com/docs/iac/concepts/projects/project-file/#config-options,
    // schema: pulumi/pulumi sdk/go/common/workspace/project.json, configTypeDeclaration.secret).
    it("declares exactly the required secrets, as secrets without a default, so the CLI enforces them", () => {
        const required = Object.entries(configKeys)
            .filter(([, spec]) => "required" in spec)
            .map(([key]) => key);
        assert.deepEqual(ownKeys.filter((key) => project.config[key].secret === true).sort(), required.sort());
        for (const key of required) {
            const declared = project.config[key];
            assert.equal(declared.type, configKeys[key as keyof typeof configKeys].type, key);
            assert.equal(declared.description, configKeys[key as keyof typeof configKeys].description, key);
            assert.ok(!("default" in declared) && !("value" in declared), `${key} has no default: the CLI then requires it`);
        }
        const optionalSecrets = Object.entries(configKeys)
            .filter(([, spec]) => "secret" in spec && !("required" in spec))
            .map(([key]) => key);
        for (const key of optionalSecrets) assert.ok(!(key in project.config), `${key} is optional: declaring it without a default would make it required`);
    });

    // pulumi/pulumi sdk/go/common/workspace/project.go (ValidateProject): a key outside the project's
    // namespace "should not define a type" nor "a default value" and must set `value`; the CLI
    // refuses to load a Pulumi.yaml that breaks this.
    it("sets keys of other namespaces (pulumi:, providers) by `value` only, as the CLI requires", () => {
        const foreign = Object.keys(project.config).filter((key) => key.includes(":") && !key.startsWith("atlasia:"));
        assert.ok(foreign.includes("pulumi:disable-default-providers"));
        for (const key of foreign) assert.deepEqual(Object.keys(project.config[key]), ["value"], key);
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

    // Its configuration reference, key by key: tests/readme-config-reference.test.ts.
    it("lists exactly the policy pack's policies in its table", () => {
        const section = readme.slice(readme.indexOf("## Policy pack"), readme.indexOf("## CI and deployment"));
        const documented = [...section.matchAll(/^\| `(atlasia-[a-z-]+)` \|/gm)].map((m) => m[1]).sort();
        assert.deepEqual(documented, [...resourcePolicies, ...stackPolicies].map((p) => p.name).sort());
    });

    it("gives npm ci, the test command and the plan command", () => {
        for (const command of ["npm ci", "npm test", "npm run plan -- --stack production", "pulumi up --stack production"]) {
            assert.ok(readme.includes(command), command);
        }
    });
});

describe("tracked files", () => {
    // A package imported but not declared works only while something else pulls it in (npm installs
    // peers: @action-validator/core came with the cli), and breaks when that changes.
    it("import only packages package.json declares (or Node's own modules)", () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
        const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);
        const files = execFileSync("git", ["ls-files", "-z", "*.ts", "*.mjs"], { cwd: projectRoot, encoding: "utf8" }).split("\0").filter(Boolean);
        const undeclared = new Set<string>();
        for (const file of files) {
            const text = fs.readFileSync(path.join(projectRoot, file), "utf8");
            for (const [, specifier] of text.matchAll(/(?:\bfrom\s+|\brequire\(|\bimport\()\s*"([^"./][^"]*)"/g)) {
                if (specifier.startsWith("node:") || builtinModules.includes(specifier)) continue;
                const parts = specifier.split("/");
                const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
                if (!declared.has(name)) undeclared.add(`${name} (${file})`);
            }
        }
        assert.deepEqual([...undeclared], []);
    });

    // `pulumi config set` without a value prompts for it (or reads a redirected file); a value typed on
    // the command line stays in the shell history (https://www.pulumi.com/docs/iac/cli/commands/pulumi_config_set/).
    it("never show a secret set with its value on the command line", () => {
        const valueAfterSecretKey = /pulumi config set\b[^\n`]*--secret\s+(?:--\S+\s+)*[\w-]+:[\w<>-]+[ \t]+(?!<\s|[#(&|)]|$)\S+/m;
        assert.match("pulumi config set --secret atlasia:llmApiKey sk-123", valueAfterSecretKey, "the pattern can fail");
        assert.match("pulumi config set --secret atlasia:llmApiKey <key>", valueAfterSecretKey, "a placeholder asks for the value on the command line");
        assert.doesNotMatch("pulumi config set --secret atlasia:llmApiKey < key.txt", valueAfterSecretKey);
        const files = execFileSync("git", ["ls-files", "-z", "*.md", "*.yaml", "*.yml", "*.sh"], { cwd: projectRoot, encoding: "utf8" })
            .split("\0")
            .filter(Boolean);
        for (const file of files) {
            const text = fs.readFileSync(path.join(projectRoot, file), "utf8");
            assert.doesNotMatch(text, valueAfterSecretKey, file);
        }
    });

    // A rebase once committed README.md with `<<<<<<< HEAD` ... `>>>>>>>` blocks (1d56454).
    it("hold no merge-conflict markers", () => {
        const files = execFileSync("git", ["ls-files", "-z"], { cwd: projectRoot, encoding: "utf8" })
            .split("\0")
            .filter((f) => /\.(ts|md|ya?ml|json|sh)$/.test(f) || f === ".ci/run");
        const marked = files.filter((f) => /^(<{7} |>{7} |={7}$)/m.test(fs.readFileSync(path.join(projectRoot, f), "utf8")));
        assert.deepEqual(marked, []);
    });
});
