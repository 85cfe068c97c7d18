// Whole-program runs shared by every test file of one mocha process: each configuration runs
// once (about 0.3 s each), observed so that tests also see what the add-ons handed the workloads.
import * as pulumi from "@pulumi/pulumi";
import { Program, ProgramRun, RunOptions, runProgram } from "../../harness/run";
import type { PlatformServices } from "../../clusters/addons/contract";
import { mockAccountId, mockAzureObjectId } from "../../harness/mocks";
import { sharedRun } from "./shared-runs";

/** The role behind the mock caller identity (harness/mocks.ts getSessionContext). */
export const mockDeployerRoleArn = `arn:aws:iam::${mockAccountId}:role/platform-deployer`;

/** A distinctive LLM key, so a leak of it can be searched for. */
export const llmApiKey = "sk-test-llm-Zq8Xw3Vb7Np2Lm5Kj9Hg4Fd6";

export type Cloud = "gcp" | "aws" | "azure" | "local";
export type Env = "development" | "staging" | "production";

export interface StackCase {
    label: string;
    cloud: Cloud;
    environment: Env;
    options: RunOptions;
}

/**
 * The public names an operator sets on staging and production before the first `pulumi up`: the
 * committed stack files leave them out, since Let's Encrypt refuses the reserved example domains.
 * Runs of those stacks get them unless the options set their own.
 */
export const operatorNames: Record<string, { domain: string; acmeEmail: string }> = {
    staging: { domain: "staging.atlasia.cloud-ops.net", acmeEmail: "platform@cloud-ops.net" },
    production: { domain: "atlasia.cloud-ops.net", acmeEmail: "platform@cloud-ops.net" },
};

export function withOperatorNames(options: RunOptions): RunOptions {
    const names = operatorNames[options.stack ?? ""];
    return names ? { ...options, set: { ...names, ...options.set } } : options;
}

/** The committed stack file of an environment, on the given cloud. */
export function stackOptions(cloud: Cloud, environment: Env): RunOptions {
    if (cloud === "local") return { stack: "dev", secrets: { llmApiKey } };
    // EKS and AKS need an administrator (config/aws.ts, config/azure.ts): the mock deployer, as CI would list itself.
    const admins: Partial<Record<Cloud, string>> = { aws: mockDeployerRoleArn, azure: mockAzureObjectId };
    const admin = admins[cloud];
    const set: Record<string, string> = admin ? { cloud, clusterAdmins: JSON.stringify([admin]) } : { cloud };
    return { stack: environment === "development" ? "dev" : environment, set, secrets: { llmApiKey } };
}

/** A stack's options with more config keys set (over its own). */
export function withConfig(options: RunOptions, set: Record<string, string>): RunOptions {
    return { ...options, set: { ...options.set, ...set } };
}

/** A stack's options with more secrets set (over its own). */
export function withSecrets(options: RunOptions, secrets: Record<string, string>): RunOptions {
    return { ...options, secrets: { ...options.secrets, ...secrets } };
}

export type DatabaseEngine = "statefulset" | "cloudnativepg" | "migrating";

/**
 * The same stack with its database engine chosen explicitly. The committed staging and production
 * stacks run CloudNativePG (config/database.ts); a test about the StatefulSet (pg_dump, its volume,
 * probes and policies) asks for it, so it still runs on staging- and production-sized stacks.
 */
export function withDatabaseEngine(options: RunOptions, databaseEngine: DatabaseEngine): RunOptions {
    return { ...options, set: { ...options.set, databaseEngine } };
}

/** Every cloud x environment the brief names, plus local development. */
export const matrix: StackCase[] = [
    { label: "local/development", cloud: "local", environment: "development", options: stackOptions("local", "development") },
    ...(["gcp", "aws", "azure"] as const).flatMap((cloud) =>
        (["staging", "production"] as const).map((environment) => ({
            label: `${cloud}/${environment}`,
            cloud,
            environment,
            options: stackOptions(cloud, environment),
        })),
    ),
];

/**
 * The matrix on the StatefulSet: local development as committed (already on it), every cloud stack
 * with `databaseEngine statefulset`. The label says so.
 */
export const statefulSetMatrix: StackCase[] = matrix.map((c) =>
    c.cloud === "local" ? c : { ...c, label: `${c.label} on the StatefulSet`, options: withDatabaseEngine(c.options, "statefulset") },
);

/** Resources the platform hands the workloads, with the URNs of its readiness resources. */
export interface CapturedPlatform {
    services: PlatformServices;
    urns: { ingressReady: string; tlsReady?: string; crdsReady?: string };
}

export interface ObservedRun extends ProgramRun {
    platform?: CapturedPlatform;
}

async function urnOf(resource: pulumi.Resource): Promise<string> {
    return (resource.urn as unknown as { promise(): Promise<string> }).promise();
}

/**
 * Runs the real program (index.ts) unchanged; a stack transformation only observes the
 * PlatformAddons component, so tests know the exact PodPeers, issuer and readiness resources
 * the workloads were given.
 */
async function runObserved(options: RunOptions): Promise<ObservedRun> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require("../../index") as Program;
    let addons: { services?: PlatformServices } | undefined;
    let urns: CapturedPlatform["urns"] | undefined;
    const run = await runProgram(withOperatorNames(options), async () => {
        pulumi.runtime.registerStackTransformation((args) => {
            if (args.type === "atlasia:platform:PlatformAddons") addons = args.resource as unknown as { services?: PlatformServices };
            return undefined;
        });
        const outputs = await program();
        const services = addons?.services;
        if (services) {
            urns = {
                ingressReady: await urnOf(services.ingress.ready),
                tlsReady: services.tls ? await urnOf(services.tls.ready) : undefined,
                crdsReady: services.monitoring ? await urnOf(services.monitoring.crdsReady) : undefined,
            };
        }
        return outputs;
    });
    return { ...run, platform: addons?.services && urns ? { services: addons.services, urns } : undefined };
}

/** The run of one configuration (failed or not), shared by every test file. */
export function stackRun(options: RunOptions): Promise<ObservedRun> {
    return sharedRun(`stack ${JSON.stringify(options)}`, () => runObserved(options));
}

/** The run of a configuration that must be valid. */
export async function validStackRun(options: RunOptions): Promise<ObservedRun> {
    const run = await stackRun(options);
    if (run.error) throw run.error;
    return run;
}
