// Who reaches the Kubernetes API (config/cluster-access.ts), asserted whole: production's explicit
// decision, the modes that contradict their ranges, a misspelt mode, the lock-out and documentation-range
// warnings word for word, and administrators in the wrong cloud's form reported once each.
import { strict as assert } from "assert";
import { ConfigProblem } from "../config/reader";
import { configProblems, settingsFor } from "./support/settings";
import type { RunOptions } from "../harness/run";

const secrets = { llmApiKey: "sk-test" };
/** The committed stack (gcp unless `cloud` says otherwise) with extra keys. */
const stack = (name: "staging" | "production", set: Record<string, string> = {}): RunOptions => ({ stack: name, secrets, set });

async function accessWarnings(options: RunOptions): Promise<string[]> {
    return (await settingsFor(options)).warnings.filter((w) => /Kubernetes API|apiAuthorizedCidrs/.test(w));
}

describe("API endpoint access: decisions and contradictions", function () {
    this.timeout(30000);

    it("requires production to choose, with the whole message and the command that chooses", async () => {
        assert.deepEqual(await configProblems(stack("production", { apiAuthorizedCidrs: "[]" })), [
            {
                key: "atlasia:apiEndpointAccess",
                message:
                    "production needs an explicit decision on who can reach the Kubernetes API: " +
                    "list the ranges of your deployers and CI in apiAuthorizedCidrs (authorized), choose private, or accept public.",
                fix: "pulumi config set --stack production atlasia:apiEndpointAccess authorized",
            },
        ]);
    });

    it("does not ask a local production stack to choose: it only gets the local cluster's own problems", async () => {
        const problems = await configProblems(stack("production", { cloud: "local", apiAuthorizedCidrs: "[]" }));
        assert.deepEqual(
            problems.map((p) => p.key),
            ["atlasia:cloud", "atlasia:databaseEngine"],
        );
    });

    it("refuses authorized without ranges, naming a range to list", async () => {
        assert.deepEqual(await configProblems(stack("staging", { apiEndpointAccess: "authorized" })), [
            {
                key: "atlasia:apiAuthorizedCidrs",
                message: "apiEndpointAccess is authorized but no range is listed.",
                fix: "pulumi config rm --stack staging atlasia:apiAuthorizedCidrs && pulumi config set --stack staging --path 'atlasia:apiAuthorizedCidrs[0]' '<CIDR of your deployers and CI>'",
            },
        ]);
    });

    it("refuses ranges that the chosen private mode ignores, with the command that makes them count", async () => {
        assert.deepEqual(await configProblems(stack("staging", { apiEndpointAccess: "private", apiAuthorizedCidrs: '["198.18.0.0/15"]' })), [
            {
                key: "atlasia:apiEndpointAccess",
                message: "apiAuthorizedCidrs is set but apiEndpointAccess is private, which ignores it.",
                fix: "pulumi config set --stack staging atlasia:apiEndpointAccess authorized",
            },
        ]);
    });

    it("reads an unknown mode as authorized, the restrictive one, and reports both problems at once", async () => {
        assert.deepEqual(await configProblems(stack("staging", { apiEndpointAccess: "open" })), [
            {
                key: "atlasia:apiEndpointAccess",
                message: '"open" is not one of public, authorized, private.',
                fix: "pulumi config set --stack staging atlasia:apiEndpointAccess authorized",
            },
            {
                key: "atlasia:apiAuthorizedCidrs",
                message: "apiEndpointAccess is authorized but no range is listed.",
                fix: "pulumi config rm --stack staging atlasia:apiAuthorizedCidrs && pulumi config set --stack staging --path 'atlasia:apiAuthorizedCidrs[0]' '<CIDR of your deployers and CI>'",
            },
        ]);
    });
});

describe("API endpoint access: warnings word for word", function () {
    this.timeout(30000);

    it("names every authorized range in the lock-out warning", async () => {
        assert.deepEqual(await accessWarnings(stack("production", { apiAuthorizedCidrs: '["198.18.0.0/15","100.64.0.0/10"]' })), [
            "The Kubernetes API accepts only 198.18.0.0/15, 100.64.0.0/10: the machine running pulumi up and the CI runners " +
                "must reach it from inside these ranges, or every later update fails to reach the cluster.",
        ]);
    });

    // RFC 5737 reserves 192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24 for documentation:
    // https://www.rfc-editor.org/rfc/rfc5737
    it("warns about each documentation range listed", async () => {
        const warnings = await accessWarnings(stack("production", { apiAuthorizedCidrs: '["192.0.2.0/24","198.18.0.0/15"]' }));
        assert.deepEqual(warnings, [
            "The Kubernetes API accepts only 192.0.2.0/24, 198.18.0.0/15: the machine running pulumi up and the CI runners " +
                "must reach it from inside these ranges, or every later update fails to reach the cluster.",
            "apiAuthorizedCidrs lists 192.0.2.0/24, a documentation range (RFC 5737) that no real client comes from: " +
                "replace it with your deployers' and CI's ranges before deploying.",
        ]);
    });

    it("knows all three documentation ranges", async () => {
        for (const range of ["198.51.100.0/24", "203.0.113.0/24"]) {
            const warnings = await accessWarnings(stack("production", { apiAuthorizedCidrs: JSON.stringify([range]) }));
            assert.ok(
                warnings.includes(
                    `apiAuthorizedCidrs lists ${range}, a documentation range (RFC 5737) that no real client comes from: replace it with your deployers' and CI's ranges before deploying.`,
                ),
                range,
            );
        }
    });

    it("warns about an open endpoint only when production chose public, not private", async () => {
        assert.deepEqual(await accessWarnings(stack("production", { apiAuthorizedCidrs: "[]", apiEndpointAccess: "private" })), []);
        assert.deepEqual(await accessWarnings(stack("production", { apiAuthorizedCidrs: "[]", apiEndpointAccess: "public" })), [
            "The Kubernetes API of production is reachable from any address (apiEndpointAccess=public).",
        ]);
    });
});

describe("cluster administrators in the wrong cloud's form", function () {
    this.timeout(30000);

    it("reports each Entra ID entry on aws as not an ARN, and not also as listed twice", async () => {
        const objectId = "00000000-0000-0000-0000-000000000001";
        const entries = [`Group:${objectId}`, objectId];
        // Both replaced by placeholders in the one whole-list fix every problem of the list prints.
        const notAnArn = (entry: string): ConfigProblem => ({
            key: "atlasia:clusterAdmins",
            message: `"${entry}" is not an IAM role or user ARN.`,
            fix:
                "pulumi config rm --stack staging atlasia:clusterAdmins && " +
                "pulumi config set --stack staging --path 'atlasia:clusterAdmins[0]' '<IAM role ARN>' && " +
                "pulumi config set --stack staging --path 'atlasia:clusterAdmins[1]' '<IAM role ARN>'",
        });
        assert.deepEqual(await configProblems(stack("staging", { cloud: "aws", clusterAdmins: JSON.stringify(entries) })), entries.map(notAnArn));
    });
});
