// atlasia:apiAuthorizedCidrs and atlasia:clusterAdmins stored secret stay secret where Pulumi keeps
// them: in the cluster's and the grants' inputs (secret-marked), in resource names (part of the URN,
// which Pulumi never encrypts: a digest instead), and in the offline plan. A plain list keeps its
// readable names. The digests below were computed by hand: `printf %s '<value>' | sha256sum | cut -c1-16`.
// RFC 5737 documentation ranges: https://www.rfc-editor.org/rfc/rfc5737
import { strict as assert } from "assert";
import type { ProgramRun, RecordedResource, RunOptions } from "../harness/run";
import { renderPlan } from "../harness/plan";
import { Cloud, stackOptions, validStackRun, withConfig, withSecrets } from "./support/runs";

const ranges = ["192.0.2.0/24", "198.51.100.0/24"];
const awsAdmins = ["arn:aws:iam::123456789012:role/team/zq8-deployer", "arn:aws:iam::123456789012:role/team-zq8-deployer"];
const azureAdmin = "Group:6F1C2A9E-4B7D-4E3A-9C5F-2D8B1A7E4C60";

/** Production on `cloud` with both lists stored secret (or plain, for the comparison). */
function productionWith(cloud: Exclude<Cloud, "local">, admins: string[], secret: boolean): RunOptions {
    const base = stackOptions(cloud, "production");
    const lists: Record<string, string> = { apiAuthorizedCidrs: JSON.stringify(ranges), clusterAdmins: JSON.stringify(admins) };
    const set = { ...base.set };
    delete set.clusterAdmins;
    const withoutAdmins = { ...base, set };
    return secret ? withSecrets(withoutAdmins, lists) : withConfig(withoutAdmins, lists);
}

const adminsOf: Record<Exclude<Cloud, "local">, string[]> = { aws: awsAdmins, azure: [azureAdmin], gcp: [] };

/** The strings that must not be readable: each range and admin, and each one's parts (an ARN's role path, an object ID). */
function secretStrings(admins: string[]): string[] {
    const parts = admins.flatMap((admin) => [
        admin,
        admin.split(":").pop()!,
        admin.split(":").pop()!.replace(/\//g, "-"),
        admin.split(":").pop()!.toLowerCase(),
    ]);
    return [...ranges, ...ranges.map((range) => range.split("/")[0]), ...parts];
}

/** Everything a run keeps or shows in plain text: names, URNs, masked inputs, plain outputs, warnings, the offline plan. */
function plainText(run: ProgramRun): string {
    return JSON.stringify([
        run.resources.map((r) => [r.name, r.urn, r.maskedInputs]),
        Object.values(run.outputs).filter((output) => !output.secret),
        run.warnings,
        renderPlan(run),
    ]);
}

/** Whether the input at `path` was sent secret, itself or inside a secret parent (the harness records a nested secret on its top-level input). */
function sentSecret(resource: RecordedResource, path: string): boolean {
    return resource.secretPaths.some((secret) => path === secret || path.startsWith(`${secret}.`));
}

function only(run: ProgramRun, type: string): RecordedResource {
    const found = run.resources.filter((r) => r.type === type);
    assert.equal(found.length, 1, `one ${type}`);
    return found[0];
}

/** The cluster resource, the ranges' input path, and the top-level output holding them. */
/** The AKS role assignment of the one listed administrator. */
function adminGrant(run: ProgramRun): RecordedResource {
    const grants = run.resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment" && r.name.startsWith("atlasia-prod-admin-"));
    assert.equal(grants.length, 1);
    return grants[0];
}

const clusterRanges: Record<Exclude<Cloud, "local">, [string, string, string]> = {
    aws: ["aws:eks/cluster:Cluster", "vpcConfig.publicAccessCidrs", "vpcConfig"],
    azure: ["azure-native:containerservice:ManagedCluster", "apiServerAccessProfile.authorizedIPRanges", "apiServerAccessProfile"],
    gcp: ["gcp:container/cluster:Cluster", "masterAuthorizedNetworksConfig.cidrBlocks", "masterAuthorizedNetworksConfig"],
};

describe("secret access lists in state, names and the plan", function () {
    this.timeout(60000);

    for (const cloud of ["aws", "azure", "gcp"] as const) {
        it(`${cloud}: the ranges${cloud === "gcp" ? "" : " and the administrators"} are secret-marked and nowhere in plain text`, async () => {
            const run = await validStackRun(productionWith(cloud, adminsOf[cloud], true));
            const [type, path, output] = clusterRanges[cloud];
            assert.ok(sentSecret(only(run, type), path), `${type} ${path} is secret-marked`);
            // The engine makes an output secret only for a secret top-level input of its name, and
            // keeps the earlier plain outputs when a list is made secret later (pulumi/pulumi#3772).
            assert.ok(only(run, type).additionalSecretOutputs.includes(output), `${output} kept secret in the outputs`);
            const text = plainText(run);
            for (const value of secretStrings(adminsOf[cloud])) assert.ok(!text.includes(value), `${value} readable`);
            // The offline plan says the endpoint is limited without the ranges.
            assert.match(renderPlan(run)["summary.md"], /- Kubernetes API of \S+: the stack's secret ranges\n/);
        });

        it(`${cloud}: plain lists stay readable in the cluster's inputs and the plan`, async () => {
            // One administrator: a plain list refuses role/team/x beside role/team-x (one entry name).
            const run = await validStackRun(productionWith(cloud, adminsOf[cloud].slice(0, 1), false));
            const [type, path, output] = clusterRanges[cloud];
            assert.ok(!sentSecret(only(run, type), path));
            assert.ok(!only(run, type).additionalSecretOutputs.includes(output));
            assert.match(renderPlan(run)["summary.md"], /- Kubernetes API of \S+: 192\.0\.2\.0\/24, 198\.51\.100\.0\/24\n/);
        });
    }

    it("aws: access entries named by a digest of the ARN, aliased to their readable names", async () => {
        const run = await validStackRun(productionWith("aws", [awsAdmins[0], "arn:aws:iam::123456789012:user/ops"], true));
        const entries = run.resources.filter((r) => r.type === "aws:eks/accessEntry:AccessEntry");
        assert.deepEqual(
            entries.map((e) => [e.name, e.secretPaths.includes("principalArn"), e.aliases.map((a) => a.name), e.additionalSecretOutputs]),
            [
                [
                    "atlasia-prod-admin-8bad6b099340667d",
                    true,
                    ["atlasia-prod-admin-1", "atlasia-prod-admin-role-team-zq8-deployer"],
                    ["accessEntryArn", "userName"],
                ],
                ["atlasia-prod-admin-a1abaa720f53d98a", true, ["atlasia-prod-admin-2", "atlasia-prod-admin-user-ops"], ["accessEntryArn", "userName"]],
            ],
        );
    });

    it("aws: role/team/x and role/team-x, refused together in a plain list, are both kept in a secret one; their shared readable name is no alias", async () => {
        const run = await validStackRun(productionWith("aws", awsAdmins, true));
        const entries = run.resources.filter((r) => r.type === "aws:eks/accessEntry:AccessEntry");
        assert.deepEqual(
            entries.map((e) => [e.name, e.aliases.map((a) => a.name)]),
            [
                ["atlasia-prod-admin-8bad6b099340667d", ["atlasia-prod-admin-1"]],
                ["atlasia-prod-admin-0fec45b38a65a3fa", ["atlasia-prod-admin-2"]],
            ],
        );
        // Each entry's association carries the same name and the secret ARN.
        const associations = run.resources.filter((r) => r.type === "aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
        assert.deepEqual(
            associations.map((a) => a.name),
            entries.map((e) => e.name),
        );
        assert.deepEqual(
            entries.map((e) => e.inputs.principalArn),
            awsAdmins,
        );
        // The IDs cannot be secret: the program says so, without an ARN.
        assert.ok(run.warnings.some((w) => w.startsWith("clusterAdmins is stored secret, but EKS puts each principal's ARN in resource IDs")));
    });

    it("aws: a plain list keeps its readable entry names, aliased from the digest names, and gets no warning about IDs", async () => {
        const run = await validStackRun(productionWith("aws", [awsAdmins[0]], false));
        const entries = run.resources.filter((r) => r.type === "aws:eks/accessEntry:AccessEntry");
        assert.deepEqual(
            entries.map((e) => [e.name, e.secretPaths, e.aliases.map((a) => a.name), e.additionalSecretOutputs]),
            [["atlasia-prod-admin-role-team-zq8-deployer", [], ["atlasia-prod-admin-1", "atlasia-prod-admin-8bad6b099340667d"], []]],
        );
        assert.ok(!run.warnings.some((w) => w.startsWith("clusterAdmins is stored secret")));
    });

    it("azure: the role assignment named by a digest of the lower-case object ID, aliased to the readable name", async () => {
        const run = await validStackRun(productionWith("azure", [azureAdmin], true));
        const grant = adminGrant(run);
        assert.equal(grant.name, "atlasia-prod-admin-4bd623f966c99201");
        // Name aliases only: the SDK adds its own type aliases (older API versions).
        assert.deepEqual(
            grant.aliases.filter((a) => a.name).map((a) => a.name),
            ["atlasia-prod-admin-6f1c2a9e-4b7d-4e3a-9c5f-2d8b1a7e4c60"],
        );
        assert.ok(grant.secretPaths.includes("principalId") && grant.secretPaths.includes("roleAssignmentName"));
        assert.equal(grant.inputs.principalId, "6f1c2a9e-4b7d-4e3a-9c5f-2d8b1a7e4c60");
        assert.ok(!run.warnings.some((w) => w.startsWith("clusterAdmins is stored secret")));
    });

    it("azure: a plain list keeps the readable name, aliased from the digest name (a list made plain again is renamed, not recreated)", async () => {
        const run = await validStackRun(productionWith("azure", [azureAdmin], false));
        const grant = adminGrant(run);
        assert.deepEqual(
            [grant.name, grant.aliases.filter((a) => a.name).map((a) => a.name), grant.secretPaths.includes("principalId")],
            ["atlasia-prod-admin-6f1c2a9e-4b7d-4e3a-9c5f-2d8b1a7e4c60", ["atlasia-prod-admin-4bd623f966c99201"], false],
        );
    });

    it("a secret list holding 0.0.0.0/0: the plan says any address (which is all it reveals)", async () => {
        const base = stackOptions("gcp", "production");
        const run = await validStackRun({ ...base, secrets: { ...base.secrets, apiAuthorizedCidrs: '["0.0.0.0/0"]' } });
        assert.match(renderPlan(run)["summary.md"], /- Kubernetes API of \S+: any address\n/);
    });
});
