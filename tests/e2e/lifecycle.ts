// The program's lifecycle on the real Pulumi engine against a real Kubernetes API server (`npm run e2e`):
// up; preview without changes; an image tag change and a blue-green switch, each applied with up;
// preview without changes; destroy. Pulumi's Automation API drives the CLI with a file backend in a
// temporary directory and the passphrase secrets provider; the program runs inline (in this process),
// so no Node.js language host binary is needed.
// Environment: E2E_KUBECONFIG and E2E_CONTEXT (the cluster), E2E_PULUMI_ROOT (dir with bin/pulumi; else
// `pulumi` on PATH), E2E_KUBERNETES_PROVIDER_DIR (a built provider; else the CLI installs the plugin),
// E2E_CHARTS_DIR (offline: charts from source plus offline-overrides.ts), E2E_CONFIG (JSON of extra
// atlasia:<key> settings), E2E_LOG (engine output file).
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { ConfigMap, LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import atlasia = require("../../index");
import { offlineOverrides, registerOfflineOverrides } from "./offline-overrides";
import { switchOrderProblems } from "./engine-output";
import { ClusterAccess, clusterScopedObjects, leftovers, missingFromCluster, podSecurityNotEnforced, unadmittedOrUnready } from "./cluster";

const repoRoot = path.resolve(__dirname, "../..");
const env = process.env;
const cluster: ClusterAccess = { kubeconfig: required("E2E_KUBECONFIG"), context: required("E2E_CONTEXT") };
const chartsDir = env.E2E_CHARTS_DIR;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "atlasia-e2e-"));
const engineLog = env.E2E_LOG ?? path.join(work, "engine.log");

function required(name: string): string {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set (tools/e2e/run.sh sets it)`);
    return value;
}

/** Secrets set in the stack's config; the state must hold none of them in plain text. */
function secret(length: number): string {
    return randomBytes(length).toString("base64url").replace(/[-_]/g, "x").slice(0, length);
}
const secrets = {
    llmApiKey: `e2e-llm-${secret(40)}`,
    orchestratorToken: secret(48),
    dbPassword: secret(32),
    // With every generated secret set, the local (unprotected) stack registers no random resource,
    // so the run needs only the kubernetes provider plugin (workloads/configured-or-generated.ts).
    postgresSuperuserPassword: secret(32),
    postgresOwnerPassword: secret(32),
    jwtSecret: secret(64),
    encryptionKey: secret(32),
    grafanaAdminPassword: secret(32),
};

/**
 * Plain settings keep their YAML types in the stack file (the CLI checks them against the types
 * Pulumi.yaml declares; `config set` would store "false" as a string); secrets go through the CLI.
 */
function writeStackFile(dir: string): void {
    const plain: Record<string, unknown> = {
        cloud: "local",
        environment: "development",
        localContext: cluster.context,
        localKubeconfig: cluster.kubeconfig,
        localDistribution: "kind",
        domain: "localhost",
        postgresBackupsEnabled: false,
        ...JSON.parse(env.E2E_CONFIG ?? "{}"),
    };
    const config = Object.fromEntries(Object.entries(plain).map(([key, value]) => [`atlasia:${key}`, value]));
    fs.writeFileSync(path.join(dir, "Pulumi.e2e.yaml"), yaml.dump({ config }));
}

function secretConfig(): ConfigMap {
    return Object.fromEntries(Object.entries(secrets).map(([key, value]) => [`atlasia:${key}`, { value, secret: true }]));
}

/** The repository's Pulumi.yaml (its declared config keys), plus the built provider when there is one. */
function writeProject(dir: string): void {
    const project = yaml.load(fs.readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
    if (env.E2E_KUBERNETES_PROVIDER_DIR) {
        project.plugins = { providers: [{ name: "kubernetes", path: env.E2E_KUBERNETES_PROVIDER_DIR }] };
    }
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml.dump(project));
}

async function createStack(): Promise<Stack> {
    const workDir = path.join(work, "project");
    writeProject(workDir);
    writeStackFile(workDir);
    fs.mkdirSync(path.join(work, "state"), { recursive: true });
    const offline = chartsDir !== undefined;
    const pulumiCommand = await PulumiCommand.get({ root: env.E2E_PULUMI_ROOT, skipVersionCheck: false });
    const stack = await LocalWorkspace.createStack(
        {
            stackName: "e2e",
            projectName: "atlasia",
            program: async () => {
                if (offline) registerOfflineOverrides(chartsDir);
                return atlasia();
            },
        },
        {
            workDir,
            pulumiCommand,
            envVars: {
                PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
                PULUMI_CONFIG_PASSPHRASE: secret(24),
                PULUMI_SKIP_UPDATE_CHECK: "true",
                ...(offline ? { PULUMI_HOME: path.join(work, "pulumi-home"), PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true" } : {}),
            },
        },
    );
    await stack.setAllConfig(secretConfig());
    return stack;
}

const log = fs.createWriteStream(engineLog);
const onOutput = (line: string) => log.write(line);

/** Ops of a preview other than "same": what the preview would change. */
function changes(summary: Record<string, number> | undefined): Record<string, number> {
    return Object.fromEntries(Object.entries(summary ?? {}).filter(([op, count]) => op !== "same" && count > 0));
}

function stateFiles(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true, recursive: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every secret, as is and base64-encoded (a Secret's data); the values are alphanumeric, so JSON leaves them as is. */
function plainSecretsIn(dir: string): string[] {
    const found: string[] = [];
    for (const file of stateFiles(dir)) {
        const text = fs.readFileSync(file, "latin1");
        for (const [key, value] of Object.entries(secrets)) {
            for (const form of [value, Buffer.from(value).toString("base64")]) {
                if (text.includes(form)) found.push(`${key} in ${path.relative(dir, file)}`);
            }
        }
    }
    return found;
}

/** kubectl's resource name of a kind: Namespace -> namespaces, StorageClass -> storageclasses. */
function plural(kind: string): string {
    const lower = kind.toLowerCase();
    return lower.endsWith("s") ? `${lower}es` : `${lower}s`;
}

/** Cluster-scoped objects of the state that `destroy` leaves on purpose (retainOnDelete), as kubectl names them. */
function retainedObjects(resources: any[]): Set<string> {
    return new Set(
        resources
            .filter((r) => r.retainOnDelete && r.type.startsWith("kubernetes:") && r.outputs?.metadata?.name && !r.outputs.metadata.namespace)
            .map((r) => `${plural(String(r.outputs.kind))}/${r.outputs.metadata.name}`),
    );
}

interface Step {
    name: string;
    run: () => void | Promise<void>;
    /** Runs even when an earlier step failed (cleanup). */
    always?: boolean;
}

async function main(): Promise<number> {
    console.log(`e2e: work dir ${work}, engine output in ${engineLog}`);
    if (chartsDir) for (const override of offlineOverrides) console.log(`e2e: offline override: ${override}`);
    const stack = await createStack();
    const before = new Set(clusterScopedObjects(cluster).keys());
    let namespaces: string[] = [];
    /** Objects of the state with retainOnDelete (`<kind plural>/<name>`, cluster-scoped), read before destroy. */
    let retained = new Set<string>();

    const up = async (expectChanges: boolean): Promise<string> => {
        const result = await stack.up({ onOutput, color: "never" });
        if (result.summary.result !== "succeeded") throw new Error(`up: ${result.summary.result}`);
        const changed = changes(result.summary.resourceChanges);
        if (expectChanges && Object.keys(changed).length === 0) throw new Error("up changed nothing");
        return result.stdout;
    };
    const previewWithoutChanges = async () => {
        const result = await stack.preview({ onOutput, color: "never" });
        const changed = changes(result.changeSummary);
        if (Object.keys(changed).length > 0) throw new Error(`preview wants changes: ${JSON.stringify(changed)}`);
    };
    const clusterHoldsTheProgram = async () => {
        const state = await stack.exportStack();
        const resources = state.deployment.resources ?? [];
        namespaces = resources.filter((r: any) => r.type === "kubernetes:core/v1:Namespace").map((r: any) => r.outputs.metadata.name);
        const problems = [...missingFromCluster(cluster, resources), ...unadmittedOrUnready(cluster, namespaces)];
        if (problems.length > 0) throw new Error(problems.join("\n"));
    };
    const set = async (values: Record<string, string>) => {
        for (const [key, value] of Object.entries(values)) await stack.setConfig(`atlasia:${key}`, { value });
    };

    const steps: Step[] = [
        {
            name: "up",
            run: async () => {
                await up(true);
            },
        },
        { name: "API server holds every object; every pod admitted (Pod Security) and Ready", run: clusterHoldsTheProgram },
        {
            name: "Pod Security admission enforces our namespaces' labels (a privileged pod refused, server-side dry run)",
            run: () => {
                const problems = podSecurityNotEnforced(cluster, namespaces);
                if (problems.length > 0) throw new Error(problems.join("\n"));
            },
        },
        { name: "preview: no changes", run: previewWithoutChanges },
        {
            name: "up: orchestrator image tag change",
            run: async () => {
                await set({ orchestratorTag: "0.1.1" });
                await up(true);
            },
        },
        {
            name: "up: blue-green switch to green, each Service after its green Deployment is ready",
            run: async () => {
                await set({ greenOrchestratorTag: "0.2.0", greenFrontendTag: "0.2.0", activeColor: "green" });
                const problems = switchOrderProblems(await up(true), ["orchestrator", "frontend"], "green");
                if (problems.length > 0) throw new Error(problems.join("\n"));
            },
        },
        { name: "API server holds every object after the switch", run: clusterHoldsTheProgram },
        { name: "preview: no changes after the updates", run: previewWithoutChanges },
        {
            name: "state holds no secret in plain text",
            run: () => {
                const found = plainSecretsIn(path.join(work, "state"));
                if (found.length > 0) throw new Error(found.join("\n"));
            },
        },
        {
            name: "destroy",
            always: true,
            run: async () => {
                retained = retainedObjects((await stack.exportStack()).deployment.resources ?? []);
                const result = await stack.destroy({ onOutput, color: "never" });
                if (result.summary.result !== "succeeded") throw new Error(`destroy: ${result.summary.result}`);
            },
        },
        {
            name: "nothing of ours left after destroy",
            always: true,
            run: async () => {
                const { kept, leftBehind } = await leftovers(cluster, before, retained, 180);
                for (const [id, rule] of Object.entries(kept)) console.log(`e2e: kept on purpose: ${id}: ${rule}`);
                if (leftBehind.length > 0) throw new Error(`left behind: ${leftBehind.join(", ")}`);
            },
        },
    ];

    let passed = 0,
        failed = 0;
    for (const step of steps) {
        if (failed > 0 && !step.always) {
            console.log(`e2e: SKIP ${step.name} (an earlier step failed)`);
            failed++;
            continue;
        }
        const start = Date.now();
        try {
            await step.run();
            passed++;
            console.log(`e2e: ok   ${step.name} (${((Date.now() - start) / 1000).toFixed(1)} s)`);
        } catch (error) {
            failed++;
            console.log(
                `e2e: FAIL ${step.name} (${((Date.now() - start) / 1000).toFixed(1)} s)\n${String((error as Error).message ?? error).replace(/^/gm, "    ")}`,
            );
        }
    }
    await stack.workspace.removeStack("e2e", { force: true }).catch(() => undefined);
    log.end();
    console.log(`e2e: ${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
}

main().then(
    (code) => process.exit(code),
    (error) => {
        console.error(error);
        console.log("e2e: 0 passed, 1 failed");
        process.exit(1);
    },
);
