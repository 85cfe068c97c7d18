// Runs the whole program under Pulumi's mocks for one stack configuration and records every
// registered resource with its inputs, provider, parent, dependencies and options.
import * as pulumi from "@pulumi/pulumi";
import type { Alias } from "@pulumi/pulumi/proto/alias_pb";
import type { RegisterResourceOutputsRequest, RegisterResourceRequest, RegisterResourceResponse } from "@pulumi/pulumi/proto/resource_pb";
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
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any resource type's inputs; tests read them by path
    inputs: Record<string, any>;
    /** Dotted paths of inputs that were secret. */
    secretPaths: string[];
    /** Inputs with every secret replaced by "[secret]", for anything shown to people. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any resource type's inputs; tests read them by path
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
    replaceOnChanges: string[];
    additionalSecretOutputs: string[];
    retainOnDelete: boolean;
    deleteBeforeReplace: boolean;
    /** The `customTimeouts` option ("" where unset). */
    customTimeouts: { create: string; update: string; delete: string };
    /** The resource's `aliases` option as sent to the engine: old URNs, or specs of old name/type/parent. */
    aliases: AliasRecord[];
}

/** One alias: a full URN, or the parts that differ from the resource (the engine fills in the rest). */
export interface AliasRecord {
    urn?: string;
    name?: string;
    type?: string;
    parentUrn?: string;
    noParent?: boolean;
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
    /**
     * What each component registered with registerOutputs (secrets unwrapped), by URN: the outputs
     * the engine keeps in the component's state (`pulumi stack export`).
     */
    componentOutputs: Record<string, Record<string, unknown>>;
    /** Provider functions the program called (data sources), with their arguments. */
    invokes: { token: string; inputs: Record<string, unknown> }[];
    /** Messages the program logged with pulumi.log.warn. */
    warnings: string[];
    /** The error the program threw, if it did. */
    error?: Error;
    /** Every unhandled rejection of the run, in order (the first is the run's error when the program threw none). */
    rejections: Error[];
}

export function isSecretValue(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[signatureKey] === secretSignature;
}

export const secretMask = "[secret]";

/** Where the secrets of a resource's inputs were, and the strings inside them. */
interface SecretsFound {
    paths: string[];
    values: string[];
}

function stringLeaves(value: unknown): string[] {
    if (typeof value === "string") return [value];
    if (value && typeof value === "object") return Object.values(value).flatMap(stringLeaves);
    return [];
}

/** Unwraps secret markers (or, with `mask`, replaces what they wrap) and records what they held. */
function unwrapSecrets(value: unknown, path: string, found: SecretsFound, mask = false): unknown {
    if (isSecretValue(value)) {
        found.paths.push(path);
        const inner = unwrapSecrets(value.value, path, { paths: [], values: [] });
        found.values.push(...stringLeaves(inner));
        return mask ? secretMask : inner;
    }
    if (Array.isArray(value)) return value.map((item, i) => unwrapSecrets(item, `${path}[${i}]`, found, mask));
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v, path ? `${path}.${k}` : k, found, mask)]));
    }
    return value;
}

function aliasRecord(alias: Alias): AliasRecord {
    if (alias.getUrn()) return { urn: alias.getUrn() };
    const spec = alias.getSpec();
    return {
        name: spec?.getName() || undefined,
        type: spec?.getType() || undefined,
        parentUrn: spec?.getParenturn() || undefined,
        noParent: spec?.getNoparent() || undefined,
    };
}

async function resolveOutput(value: unknown): Promise<StackOutput> {
    if (pulumi.Output.isInstance(value)) {
        const impl = value as unknown as { promise(): Promise<unknown>; isSecret: Promise<boolean> };
        return { value: await impl.promise(), secret: await impl.isSecret };
    }
    return { value, secret: false };
}

export type Program = () => Record<string, unknown> | Promise<Record<string, unknown>>;

export interface RunOptions extends StackConfigOptions {
    /** Stack file to load (Pulumi.<stack>.yaml); the stack name Pulumi reports. */
    stack?: string;
    /** Keep stack traces in errors (about 3x slower); for diagnosing a crash. */
    stackTraces?: boolean;
    /** Run as `pulumi preview` does (pulumi.runtime.isDryRun() is true). */
    preview?: boolean;
}

/** Loads the program lazily so that the SDKs are loaded once per process. */
function loadProgram(): Program {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("../index") as Program;
}

/** The run in progress: Pulumi's runtime (mocks, config, stack transformations) is one per process. */
let running: Promise<unknown> = Promise.resolve();

/** Runs the program under the mocks; a run asked for while another is in progress waits its turn. */
export function runProgram(options: RunOptions = {}, program: Program = loadProgram()): Promise<ProgramRun> {
    const run = running.then(() => runProgramNow(options, program));
    running = run.catch(() => undefined);
    return run;
}

async function runProgramNow(options: RunOptions, program: Program): Promise<ProgramRun> {
    const stack = options.stack ?? "dev";
    const config = loadStackConfig(options.stack, options);
    const invokes: ProgramRun["invokes"] = [];
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => offlineMocks.newResource(args),
            call: (args) => {
                invokes.push({ token: args.token, inputs: args.inputs as Record<string, unknown> });
                return offlineMocks.call(args);
            },
        },
        projectName,
        stack,
        options.preview ?? false,
    );
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);

    const resources: RecordedResource[] = [];
    const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource(req: RegisterResourceRequest, callback: (err: Error | null, response: RegisterResourceResponse) => void): Promise<void>;
        registerResourceOutputs(req: RegisterResourceOutputsRequest, callback: (err: Error | null, response: unknown) => void): void;
    };
    const componentOutputs: ProgramRun["componentOutputs"] = {};
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, callback) => {
        const outputs = req.getOutputs();
        const raw = outputs ? pulumi.runtime.deserializeProperties(outputs) : {};
        componentOutputs[req.getUrn()] = unwrapSecrets(raw, "", { paths: [], values: [] }) as Record<string, unknown>;
        registerOutputs(req, callback);
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) =>
        register(req, (err, response) => {
            if (!err) {
                const secrets: SecretsFound = { paths: [], values: [] };
                const object = req.getObject();
                const raw = object ? pulumi.runtime.deserializeProperties(object) : {};
                const inputs = unwrapSecrets(raw, "", secrets) as RecordedResource["inputs"];
                const maskedInputs = unwrapSecrets(raw, "", { paths: [], values: [] }, true) as RecordedResource["maskedInputs"];
                const propertyDependencies: Record<string, string[]> = {};
                req.getPropertydependenciesMap().forEach((deps, key) => {
                    propertyDependencies[key] = deps.getUrnsList();
                });
                resources.push({
                    type: req.getType(),
                    name: req.getName(),
                    urn: response.getUrn(),
                    custom: req.getCustom(),
                    inputs,
                    secretPaths: secrets.paths,
                    maskedInputs,
                    secretValues: secrets.values,
                    provider: req.getProvider(),
                    parent: req.getParent(),
                    dependencies: req.getDependenciesList(),
                    propertyDependencies,
                    protect: req.getProtect() === true,
                    ignoreChanges: req.getIgnorechangesList(),
                    replaceOnChanges: req.getReplaceonchangesList(),
                    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
                    retainOnDelete: req.getRetainondelete() === true,
                    deleteBeforeReplace: req.getDeletebeforereplace() === true,
                    aliases: req.getAliasesList().map(aliasRecord),
                    customTimeouts: {
                        create: req.getCustomtimeouts()?.getCreate() ?? "",
                        update: req.getCustomtimeouts()?.getUpdate() ?? "",
                        delete: req.getCustomtimeouts()?.getDelete() ?? "",
                    },
                });
            }
            callback(err, response);
        });

    const warnings: string[] = [];
    const warn = pulumi.log.warn;
    pulumi.log.warn = (message: string) => {
        warnings.push(message);
        return Promise.resolve();
    };

    const outputs: Record<string, StackOutput> = {};
    let error: Error | undefined;
    // An error thrown in an apply, or in registering a resource, reaches Node only as an unhandled
    // rejection; Pulumi's language host fails the program with it (@pulumi/pulumi cmd/run/run.js,
    // process.on("unhandledRejection", uncaughtHandler)), so the run records it too.
    const rejections: Error[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason instanceof Error ? reason : new Error(String(reason)));
    process.on("unhandledRejection", onRejection);
    // The SDK captures a stack trace for every promise and resource (debug context, source position);
    // formatting them is most of an offline run's time. Runs keep full traces only when asked.
    const stackTraceLimit = Error.stackTraceLimit;
    if (!options.stackTraces) Error.stackTraceLimit = 0;
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
        // Node reports a rejection as unhandled after the microtasks of its turn: one more turn.
        await new Promise((resolve) => setImmediate(resolve));
        process.off("unhandledRejection", onRejection);
        error ??= rejections[0];
        pulumi.log.warn = warn;
        Error.stackTraceLimit = stackTraceLimit;
    }
    return { stack, config, resources, outputs, componentOutputs, invokes, warnings, error, rejections };
}

/** Runs the program and fails with its error, for tests of valid stacks. */
export async function runValidProgram(options: RunOptions = {}): Promise<ProgramRun> {
    const run = await runProgram(options);
    if (run.error) throw run.error;
    return run;
}
