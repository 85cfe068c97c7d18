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
    /** Messages the program logged with pulumi.log.warn. */
    warnings: string[];
    /** The error the program threw, if it did. */
    error?: Error;
}

export function isSecretValue(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[signatureKey] === secretSignature;
}

/** Unwraps secret markers and collects the paths where they were. */
function unwrapSecrets(value: unknown, path: string, secretPaths: string[]): unknown {
    if (isSecretValue(value)) {
        secretPaths.push(path);
        return unwrapSecrets(value.value, path, []);
    }
    if (Array.isArray(value)) return value.map((item, i) => unwrapSecrets(item, `${path}[${i}]`, secretPaths));
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v, path ? `${path}.${k}` : k, secretPaths)]));
    }
    return value;
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
    await pulumi.runtime.setMocks(offlineMocks, projectName, stack, false);
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);

    const resources: RecordedResource[] = [];
    const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource(req: any, callback: (err: any, response: any) => void): Promise<void>;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => register(req, (err, response) => {
        if (!err) {
            const secretPaths: string[] = [];
            const inputs = unwrapSecrets(pulumi.runtime.deserializeProperties(req.getObject()), "", secretPaths) as Record<string, any>;
            const propertyDependencies: Record<string, string[]> = {};
            req.getPropertydependenciesMap().forEach((deps: any, key: string) => { propertyDependencies[key] = deps.getUrnsList(); });
            resources.push({
                type: req.getType(),
                name: req.getName(),
                urn: response.getUrn(),
                custom: req.getCustom(),
                inputs,
                secretPaths,
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
    return { stack, config, resources, outputs, warnings, error };
}

/** Runs the program and fails with its error, for tests of valid stacks. */
export async function runValidProgram(options: RunOptions = {}): Promise<ProgramRun> {
    const run = await runProgram(options);
    if (run.error) throw run.error;
    return run;
}
