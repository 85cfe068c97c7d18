// The application's login under CloudNativePG (Secret atlasia-db-app, the managed role `ai`'s
// passwordSecret) carries atlasia:dbPassword, the password the orchestrator connects with, and a
// preview shows it known. A Secret's stringData is write-only: @pulumi/kubernetes stores it as data
// (provider/pkg/clients, normalizeSecret: "encodes stringData to data", StringData = nil), and in a
// preview the SDK takes no input in place of a missing output (@pulumi/pulumi runtime/resource.js,
// resolveOutputs: inputs fill in only when not a dry run). A login read from atlasia-secrets'
// stringData *output* was therefore unknown in every preview, so atlasia-db-app showed as changing.
// The offline mocks echo inputs back; the second run returns Secrets as the provider does.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { offlineMocks } from "../harness/mocks";
import { isSecretValue, runProgram, type ProgramRun, type RunOptions } from "../harness/run";
import { stackOptions, withDatabaseEngine, withOperatorNames } from "./support/runs";

const dbPassword = "supplied-db-password-Qa2Ws4Ed6Rf8";
const base = withDatabaseEngine(stackOptions("gcp", "production"), "cloudnativepg");
const options: RunOptions = withOperatorNames({ ...base, secrets: { ...base.secrets, dbPassword } });

/** A preview with Secrets' outputs as @pulumi/kubernetes returns them: data (base64), no stringData. */
async function previewWithProviderSecrets(): Promise<ProgramRun> {
    const original = Object.getOwnPropertyDescriptor(offlineMocks, "newResource")!;
    const echo = offlineMocks.newResource.bind(offlineMocks);
    offlineMocks.newResource = async (args: pulumi.runtime.MockResourceArgs) => {
        const result = await echo(args);
        if (args.type !== "kubernetes:core/v1:Secret") return result;
        const { stringData, ...state } = result.state as { stringData?: unknown; data?: Record<string, string> };
        // The SDK sends stringData wrapped as a secret (the Secret resource marks it so).
        const plain = (isSecretValue(stringData) ? stringData.value : stringData) ?? {};
        const known = Object.entries(plain).filter((entry): entry is [string, string] => typeof entry[1] === "string");
        const encoded = Object.fromEntries(known.map(([k, v]) => [k, Buffer.from(v).toString("base64")]));
        return { ...result, state: { ...state, data: { ...(state.data ?? {}), ...encoded } } };
    };
    try {
        return await runProgram({ ...options, preview: true });
    } finally {
        Object.defineProperty(offlineMocks, "newResource", original);
    }
}

const appLogin = (run: ProgramRun) => {
    if (run.error) throw run.error;
    const found = run.resources.filter((r) => r.type === "kubernetes:core/v1:Secret" && r.inputs.metadata?.name === "atlasia-db-app");
    assert.equal(found.length, 1, "one Secret atlasia-db-app");
    return found[0];
};

describe("CloudNativePG: the application's login Secret carries atlasia:dbPassword", function () {
    this.timeout(120000);

    it("with the offline mocks as they are", async () => {
        const login = appLogin(await runProgram(options));
        assert.deepEqual(login.inputs.stringData, { username: "ai", password: dbPassword });
        assert.deepEqual(login.secretPaths, ["stringData"], "the password stays secret");
    });

    it("in a preview, where the provider returns Secrets without stringData as @pulumi/kubernetes does", async () => {
        const login = appLogin(await previewWithProviderSecrets());
        assert.deepEqual(login.inputs.stringData, { username: "ai", password: dbPassword });
        assert.deepEqual(login.secretPaths, ["stringData"], "the password stays secret");
    });
});
