// Builds a stack's configuration the way the Pulumi CLI does: Pulumi.yaml's declared defaults,
// then Pulumi.<stack>.yaml, then --set overrides. Encrypted values cannot be read offline; they
// are replaced by placeholders and stay marked secret.
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { configKeys, projectName } from "../config/keys";
import { mockAccountId } from "./mocks";

export const projectRoot = path.resolve(__dirname, "..");

export interface StackConfig {
    /** Fully qualified keys ("atlasia:cloud", "gcp:project") to their string values. */
    values: Record<string, string>;
    secretKeys: string[];
    /** Secret keys that had no readable value and got a placeholder. */
    placeholders: string[];
}

type YamlConfig = Record<string, unknown>;

function readYaml(file: string): YamlConfig {
    return (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as YamlConfig;
}

function qualify(key: string): string {
    return key.includes(":") ? key : `${projectName}:${key}`;
}

function asConfigString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * An encrypted value as the stack file holds it: a map whose one key is "secure", a string (isSecureValue
 * in pulumi/pulumi sdk/go/common/resource/config/object.go).
 */
function isSecure(value: unknown): boolean {
    if (!value || typeof value !== "object" || Array.isArray(value)) return false;
    const keys = Object.keys(value);
    return keys.length === 1 && keys[0] === "secure" && typeof (value as { secure: unknown }).secure === "string";
}

/**
 * Lists whose checks refuse free text (config/cluster-access.ts, config/aws.ts): an encrypted element
 * becomes an element of the shape they require, on the stack's cloud, one per index (the checks
 * refuse an element listed twice), and a list encrypted whole a list of one element. So the offline
 * plan goes on instead of reporting a malformed entry; the summary names the key as planned with a
 * placeholder, so its count of ranges or administrators is the placeholder's.
 */
const listElementPlaceholders: Record<string, (cloud: string | undefined, index: number) => string> = {
    // RFC 6598 shared address space: valid ranges, and not ones the documentation-range warning names.
    "atlasia:apiAuthorizedCidrs": (_, index) => `100.${64 + (index % 64)}.0.0/16`,
    "atlasia:clusterAdmins": (cloud, index) =>
        cloud === "azure"
            ? `00000000-0000-4000-8000-${index.toString(16).padStart(12, "0")}`
            : `arn:aws:iam::${mockAccountId}:role/offline-placeholder-${index}`,
    // The mocked caller's account is allowed; a forbidden one must be another.
    "aws:allowedAccountIds": (_, index) => (index === 0 ? mockAccountId : String(index).padStart(12, "0")),
    "aws:forbiddenAccountIds": (_, index) => String(index).padStart(12, "0"),
};

/** The placeholder of the encrypted part at `path` (a key, `key[i]` or `key.property`). */
function offlinePlaceholder(path: string, cloud: string | undefined): unknown {
    const element = /^(.*)\[(\d+)\]$/.exec(path);
    if (element && listElementPlaceholders[element[1]]) return listElementPlaceholders[element[1]](cloud, Number(element[2]));
    if (listElementPlaceholders[path]) return [listElementPlaceholders[path](cloud, 0)];
    return placeholderSecret(path);
}

/**
 * A stack file value with each encrypted part (which cannot be decrypted offline) replaced by a
 * placeholder, and whether there was one: a key is secret when any part of it is (object.Secure,
 * object.go), so a list with one encrypted element is a secret list.
 */
function offlineValue(value: unknown, path: string, cloud: string | undefined): { value: unknown; secure: boolean } {
    if (isSecure(value)) return { value: offlinePlaceholder(path, cloud), secure: true };
    if (Array.isArray(value)) {
        const items = value.map((item, index) => offlineValue(item, `${path}[${index}]`, cloud));
        return { value: items.map((item) => item.value), secure: items.some((item) => item.secure) };
    }
    if (value && typeof value === "object") {
        const entries = Object.entries(value).map(([key, item]) => [key, offlineValue(item, `${path}.${key}`, cloud)] as const);
        return { value: Object.fromEntries(entries.map(([key, item]) => [key, item.value])), secure: entries.some(([, item]) => item.secure) };
    }
    return { value, secure: false };
}

/** Placeholder for a secret that is set but encrypted, or required and missing in an offline run. */
export function placeholderSecret(key: string): string {
    const name = key.split(":").pop() as string;
    // Lengths that pass validation (jwtSecret >= 32 bytes, encryptionKey exactly 32 bytes).
    return `offline-placeholder-${name}-0123456789abcdef`.slice(0, name === "encryptionKey" ? 32 : undefined).padEnd(32, "x");
}

export interface StackConfigOptions {
    /** Plain overrides, "key" or "namespace:key" to value. */
    set?: Record<string, string>;
    /** Secret overrides. */
    secrets?: Record<string, string>;
    /** Give required secrets that are missing a placeholder (the offline plan), instead of leaving them unset. */
    fillRequiredSecrets?: boolean;
    /** Where Pulumi.<stack>.yaml is read from; default: the project root. */
    stackDirectory?: string;
}

export function loadStackConfig(stack: string | undefined, options: StackConfigOptions = {}): StackConfig {
    const values: Record<string, string> = {};
    const secretKeys = new Set<string>();
    const placeholders: string[] = [];

    const project = readYaml(path.join(projectRoot, "Pulumi.yaml"));
    for (const [key, declaration] of Object.entries((project.config ?? {}) as Record<string, { default?: unknown }>)) {
        if (declaration && typeof declaration === "object" && "default" in declaration) {
            values[qualify(key)] = asConfigString(declaration.default);
        }
    }

    if (stack) {
        const directory = options.stackDirectory ?? projectRoot;
        const file = path.join(directory, `Pulumi.${stack}.yaml`);
        if (!fs.existsSync(file)) throw new Error(`no stack file ${path.basename(file)} in ${directory}`);
        const stackConfig = (readYaml(file).config ?? {}) as YamlConfig;
        const cloudKey = `${projectName}:cloud`;
        const cloud = Object.entries(options.set ?? {}).find(([key]) => qualify(key) === cloudKey)?.[1] ?? stackConfig[cloudKey] ?? values[cloudKey];
        for (const [key, value] of Object.entries(stackConfig)) {
            const fullKey = qualify(key);
            const offline = offlineValue(value, fullKey, typeof cloud === "string" ? cloud : undefined);
            values[fullKey] = asConfigString(offline.value);
            if (offline.secure) {
                secretKeys.add(fullKey);
                placeholders.push(fullKey);
            }
        }
    }

    for (const [key, value] of Object.entries(options.set ?? {})) values[qualify(key)] = value;
    for (const [key, value] of Object.entries(options.secrets ?? {})) {
        values[qualify(key)] = value;
        secretKeys.add(qualify(key));
    }

    if (options.fillRequiredSecrets) {
        for (const [key, spec] of Object.entries(configKeys)) {
            const fullKey = qualify(key);
            if ("required" in spec && values[fullKey] === undefined) {
                values[fullKey] = placeholderSecret(fullKey);
                secretKeys.add(fullKey);
                placeholders.push(fullKey);
            }
        }
    }
    return { values, secretKeys: [...secretKeys], placeholders };
}
