// Runs the whole program under Pulumi's mocks for one stack configuration and records every
// registered resource with its inputs, provider, parent, dependencies and options.
import * as pulumi from "@pulumi/pulumi";
import { offlineMocks } from "./mocks";
import { loadStackConfig, StackConfig, StackConfigOptions } from "./stack-config";
import { projectName } from "../config/keys";

/** How Pulumi's RPC layer marks a secret value. */
const secretSignature = "1b47061264138c4ac30d75fd1eb44270";
const signatureKey = "4dabf18193072939515e22adb298388d";

export interface RecordedResource {
    type: string;
    name: string;
    urn: string;
    custom: boolean;
    /** Inputs with secrets unwrapped. */
    inputs: Record<string, any>;
    /** Dotted paths of inputs that were secret. */
    secretPaths: string[];
    /** Inputs with every secret replaced by "[secret]", for anything shown to people. */
    maskedInputs: Record<string, any>;
    /** The string values found inside secrets, to search for leaks. */
    secretValues: string[];
    /** "<provider urn>::<provider id>", empty for a default provider. */
    provider: string;
    parent: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    protect: boolean;
    ignoreChanges: string[];
    additionalSecretOutputs: string[];
    retainOnDelete: boolean;
    deleteBeforeReplace: boolean;
}

export interface StackOutput {
    value: unknown;
    secret: boolean;
}

export interface ProgramRun {
    stack: string;
    config: StackConfig;
    resources: RecordedResource[];
    outputs: Record<string, StackOutput>;
    /** Provider functions the program called (data sources), with their arguments. */
    invokes: { token: string; inputs: Record<string, any> }[];
    /** Messages the program logged with pulumi.log.warn. */
    warnings: string[];
    /** The error the program threw, if it did. */
    error?: Error;
}

export function isSecretValue(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[signatureKey] === secretSignature;
}

export const secretMask = "[secret]";

/** Unwraps secret markers (or, with `mask`, replaces what they wrap) and collects where they were. */
function unwrapSecrets(value: unknown, path: string, secretPaths: string[], mask = false): unknown {
    if (isSecretValue(value)) {
        secretPaths.push(path);
        return mask ? secretMask : unwrapSecrets(value.value, path, []);
    }
    if (Array.isArray(value)) return value.map((item, i) => unwrapSecrets(item, `${path}[${i}]`, secretPaths, mask));
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v, path ? `${path}.${k}` : k, secretPaths, mask)]));
    }
    return value;
}

function stringLeaves(value: unknown): string[] {
    if (typeof value === "string") return [value];
    if (value && typeof value === "object") return Object.values(value).flatMap(stringLeaves);
    return [];
}

/** Follows a path made by unwrapSecrets; keys may themselves contain dots, so try longest first. */
function valueAt(root: unknown, path: string): unknown {
    if (path === "") return root;
    if (root === null || typeof root !== "object") return undefined;
    const index = /^\[(\d+)\]\.?/.exec(path);
    if (index) return valueAt((root as unknown[])[Number(index[1])], path.slice(index[0].length));
    const keys = Object.keys(root).filter((key) => path === key || path.startsWith(`${key}.`) || path.startsWith(`${key}[`));
    for (const key of keys.sort((a, b) => b.length - a.length)) {
        const rest = path.slice(key.length).replace(/^\./, "");
        const found = valueAt((root as Record<string, unknown>)[key], rest);
        if (found !== undefined) return found;
    }
    return undefined;
}

async function resolveOutput(value: unknown): Promise<StackOutput> {
    if (pulumi.Output.isInstance(value)) {
        const impl = value as unknown as { promise(): Promise<unknown>; isSecret: Promise<boolean> };
        return { value: await impl.promise(), secret: await impl.isSecret };
    }
    return { value, secret: false };
}

export type Program = () => Promise<Record<string, unknown>>;

export interface RunOptions extends StackConfigOptions {
    /** Stack file to load (Pulumi.<stack>.yaml); the stack name Pulumi reports. */
    stack?: string;
}

/** Loads the program lazily so that the SDKs are loaded once per process. */
function loadProgram(): Program {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("../index") as Program;
}

export async function runProgram(options: RunOptions = {}, program: Program = loadProgram()): Promise<ProgramRun> {
    const stack = options.stack ?? "dev";
    const config = loadStackConfig(options.stack, options);
    const invokes: ProgramRun["invokes"] = [];
    await pulumi.runtime.setMocks({
        newResource: offlineMocks.newResource,
        call: (args) => {
            invokes.push({ token: args.token, inputs: args.inputs });
            return offlineMocks.call(args);
        },
    }, projectName, stack, false);
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);

    const resources: RecordedResource[] = [];
    const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource(req: any, callback: (err: any, response: any) => void): Promise<void>;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => register(req, (err, response) => {
        if (!err) {
            const secretPaths: string[] = [];
            const raw = pulumi.runtime.deserializeProperties(req.getObject());
            const inputs = unwrapSecrets(raw, "", secretPaths) as Record<string, any>;
            const maskedInputs = unwrapSecrets(raw, "", [], true) as Record<string, any>;
            const secretValues = secretPaths.flatMap((path) => stringLeaves(valueAt(inputs, path)));
            const propertyDependencies: Record<string, string[]> = {};
            req.getPropertydependenciesMap().forEach((deps: any, key: string) => { propertyDependencies[key] = deps.getUrnsList(); });
            resources.push({
                type: req.getType(),
                name: req.getName(),
                urn: response.getUrn(),
                custom: req.getCustom(),
                inputs,
                secretPaths,
                maskedInputs,
                secretValues,
                provider: req.getProvider(),
                parent: req.getParent(),
                dependencies: req.getDependenciesList(),
                propertyDependencies,
                protect: req.getProtect() === true,
                ignoreChanges: req.getIgnorechangesList(),
                additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
                retainOnDelete: req.getRetainondelete() === true,
                deleteBeforeReplace: req.getDeletebeforereplace() === true,
            });
        }
        callback(err, response);
    });

    const warnings: string[] = [];
    const warn = pulumi.log.warn;
    pulumi.log.warn = async (message: string) => { warnings.push(message); };

    const outputs: Record<string, StackOutput> = {};
    let error: Error | undefined;
    try {
        await pulumi.runtime.runInPulumiStack(async () => {
            const result = await program();
            for (const [key, value] of Object.entries(result ?? {})) outputs[key] = await resolveOutput(value);
            return result;
        });
    } catch (e) {
        error = e as Error;
    } finally {
        // Not in the typings (@internal), but exported: drains outstanding registrations before the next run.
        await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
        pulumi.log.warn = warn;
    }
    return { stack, config, resources, outputs, invokes, warnings, error };
}

/** Runs the program and fails with its error, for tests of valid stacks. */
export async function runValidProgram(options: RunOptions = {}): Promise<ProgramRun> {
    const run = await runProgram(options);
    if (run.error) throw run.error;
    return run;
}
