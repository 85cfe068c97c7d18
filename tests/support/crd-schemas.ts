// CloudNativePG's and the Barman Cloud plugin's custom resources against their CRDs' own
// openAPIV3Schema (tests/fixtures/cnpg-crd-schemas.json, taken from the pinned charts'
// templates/crds/crds.yaml), since kubernetes-models has no classes for them. A CRD schema does
// not forbid unknown fields (the API server prunes them silently), so those are reported here too:
// a misspelled field would otherwise vanish without an error.
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";

type Schema = { properties?: Record<string, Schema>; items?: Schema; additionalProperties?: unknown; "x-kubernetes-preserve-unknown-fields"?: boolean };

const schemas = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "cnpg-crd-schemas.json"), "utf8")) as Record<string, Schema>;
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });

function unknownFields(schema: Schema | undefined, value: unknown, at: string): string[] {
    if (!schema || value === null || typeof value !== "object") return [];
    if (Array.isArray(value)) return value.flatMap((item, i) => unknownFields(schema.items, item, `${at}[${i}]`));
    if (!schema.properties || schema.additionalProperties !== undefined || schema["x-kubernetes-preserve-unknown-fields"]) return [];
    return Object.entries(value).flatMap(([key, child]) =>
        key in schema.properties! ? unknownFields(schema.properties![key], child, `${at}.${key}`) : [`${at}.${key} is not a field of the CRD`],
    );
}

/** Undefined when the kind is not one of these CRDs; otherwise its problems ("" when it validates). */
export function crdSchemaErrors(object: { apiVersion: string; kind: string; metadata?: unknown; spec?: unknown }): string | undefined {
    const schema = schemas[`${object.apiVersion} ${object.kind}`];
    if (!schema) return undefined;
    const validate = ajv.compile(schema);
    const typeErrors = validate(object) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    return [...typeErrors, ...unknownFields(schema.properties?.spec, object.spec, "spec")].join("; ");
}
