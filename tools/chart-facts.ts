// Rebuilds generated/chart-facts/<chart>.json from each pinned chart's source: the shape of its
// values (every key path, maps it leaves empty, nulls, and whether a leaf is a string, number,
// boolean or list; subcharts' keys under their name or alias, as Helm merges them) and the
// constraints of its values.schema.json (types, properties, additionalProperties, enums; no
// descriptions or defaults). Derived, not copied: no upstream file lands in the repository.
//   npm run chart-facts            rewrite the data after a pin moved
//   npm run chart-facts -- --check fail when the committed data differs from the sources
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { ChartFacts, ChartPin, chartPins, chartSource, ensureHelm, factsDir, projectRoot, ValueShape } from "./chart-sources";

type Tree = Record<string, unknown>;
const isMap = (v: unknown): v is Tree => typeof v === "object" && v !== null && !Array.isArray(v);

/** The value's shape: maps keep their keys, leaves become their kind. */
export function shapeOf(value: unknown): ValueShape {
    if (value === null || value === undefined) return null;
    if (Array.isArray(value)) return "list";
    if (isMap(value))
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((k) => [k, shapeOf(value[k])]),
        );
    return typeof value === "number" ? "number" : typeof value === "boolean" ? "boolean" : "string";
}

/** Both shapes' keys; where both hold a map, merged recursively (b wins on leaves, as Helm's parent values do). */
function mergeShapes(a: ValueShape, b: ValueShape): ValueShape {
    if (!isMap(a) || !isMap(b)) return b ?? a;
    const merged: Record<string, ValueShape> = { ...a };
    for (const [key, value] of Object.entries(b)) merged[key] = key in a ? mergeShapes(a[key], value) : value;
    return Object.fromEntries(
        Object.keys(merged)
            .sort()
            .map((k) => [k, merged[k]]),
    );
}

/** Schema keywords that constrain values; annotations (description, default, examples, title) are dropped. */
const constraintKeywords = new Set([
    "$ref",
    "$defs",
    "definitions",
    "type",
    "properties",
    "additionalProperties",
    "patternProperties",
    "items",
    "required",
    "enum",
    "const",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "oneOf",
    "anyOf",
    "allOf",
    "not",
    "format",
]);
/** Keywords whose value is a map of names to schemas (the names are not keywords). */
const schemaMaps = new Set(["$defs", "definitions", "properties", "patternProperties"]);

export function schemaConstraints(schema: unknown): unknown {
    if (Array.isArray(schema)) return schema.map(schemaConstraints);
    if (!isMap(schema)) return schema;
    const kept: Tree = {};
    for (const key of Object.keys(schema).sort()) {
        if (!constraintKeywords.has(key)) continue;
        const value = schema[key];
        kept[key] =
            schemaMaps.has(key) && isMap(value)
                ? Object.fromEntries(
                      Object.keys(value)
                          .sort()
                          .map((k) => [k, schemaConstraints(value[k])]),
                  )
                : key === "enum" || key === "required" || key === "const"
                  ? value
                  : schemaConstraints(value);
    }
    return kept;
}

function readYaml(file: string): Tree {
    return (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as Tree;
}

interface Dependency {
    name: string;
    alias?: string;
}

/** The values shape of a chart directory with its unpacked subcharts merged in. */
function valuesShape(dir: string): ValueShape {
    let shape = shapeOf(readYaml(path.join(dir, "values.yaml")));
    const deps = (readYaml(path.join(dir, "Chart.yaml")).dependencies ?? []) as Dependency[];
    const subchartsDir = path.join(dir, "charts");
    const unpacked = fs.existsSync(subchartsDir) ? fs.readdirSync(subchartsDir) : [];
    for (const dep of deps) {
        const folder = unpacked.find((f) => readYaml(path.join(subchartsDir, f, "Chart.yaml")).name === dep.name);
        if (!folder) throw new Error(`${dir}: subchart ${dep.name} is not unpacked in charts/`);
        shape = mergeShapes({ [dep.alias ?? dep.name]: valuesShape(path.join(subchartsDir, folder)) }, shape);
    }
    return shape;
}

export function chartFacts(pin: ChartPin, dir: string): ChartFacts {
    const chartYaml = readYaml(path.join(dir, "Chart.yaml"));
    if (chartYaml.name !== pin.chart || chartYaml.version !== pin.version) {
        throw new Error(`${dir}: Chart.yaml is ${JSON.stringify(chartYaml.name)} ${JSON.stringify(chartYaml.version)}, the pin is ${pin.chart} ${pin.version}`);
    }
    const schemaFile = path.join(dir, "values.schema.json");
    const sha = crypto
        .createHash("sha256")
        .update(fs.readFileSync(path.join(dir, "values.yaml")))
        .digest("hex");
    return {
        chart: pin.chart,
        version: pin.version,
        repo: pin.repo,
        derivedFrom: `values.yaml sha256 ${sha}${fs.existsSync(schemaFile) ? " and values.schema.json" : ""}, subcharts merged under their name or alias`,
        values: valuesShape(dir),
        schema: fs.existsSync(schemaFile) ? schemaConstraints(JSON.parse(fs.readFileSync(schemaFile, "utf8"))) : undefined,
    };
}

function main(): void {
    const check = process.argv.includes("--check");
    let helm: string | undefined;
    const lazyHelm = () => (helm ??= ensureHelm());
    const stale: string[] = [];
    fs.mkdirSync(factsDir, { recursive: true });
    for (const pin of chartPins()) {
        const text = `${JSON.stringify(chartFacts(pin, chartSource(pin, lazyHelm)), null, 1)}\n`;
        const file = path.join(factsDir, `${pin.chart}.json`);
        const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
        if (current === text) continue;
        stale.push(path.relative(projectRoot, file));
        if (!check) fs.writeFileSync(file, text);
    }
    if (check && stale.length) {
        console.error(`chart facts differ from the chart sources (run npm run chart-facts): ${stale.join(", ")}`);
        process.exit(1);
    }
    console.log(stale.length ? `chart-facts: rewrote ${stale.join(", ")}` : "chart-facts: up to date");
}

if (require.main === module) main();
