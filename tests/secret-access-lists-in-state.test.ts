// atlasia:apiAuthorizedCidrs and atlasia:clusterAdmins stored secret stay secret where Pulumi keeps
// them: in the cluster's and the grants' inputs (secret-marked), in resource names (part of the URN,
// which Pulumi never encrypts: a digest instead), and in the offline plan. A plain list keeps its
// readable names. The digests below were computed by hand: `printf %s '<value>' | sha256sum | cut -c1-16`.
// RFC 5737 documentation ranges: https://www.rfc-editor.org/rfc/rfc5737
import { strict as assert } from "assert";
import type { ProgramRun, RecordedResource, RunOptions } from "../harness/run";
import { renderPlan } from "../harness/plan";
import { Cloud, stackOptions, validStackRun } from "./support/runs";

const ranges = ["192.0.2.0/24", "198.51.100.0/24"];
const awsAdmins = ["arn:aws:iam::123456789012:role/team/zq8-deployer", "arn:aws:iam::123456789012:role/team-zq8-deployer"];
const azureAdmin = "Group:6F1C2A9E-4B7D-4E3A-9C5F-2D8B1A7E4C60";

/** Production on `cloud` with both lists stored secret (or plain, for the comparison). */
function productionWith(cloud: Exclude<Cloud, "local">, admins: string[], secret: boolean): RunOptions {
    const base = stackOptions(cloud, "production");
    const lists: Record<string, string> = { apiAuthorizedCidrs: JSON.stringify(ranges), clusterAdmins: JSON.stringify(admins) };
    const set = { ...base.set };
    delete set.clusterAdmins;
    return secret ? { ...base, set, secrets: { ...base.secrets, ...lists } } : { ...base, set: { ...set, ...lists } };
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

/** Whether the input at `path` was sent secret, itself or inside a secret parent (the SDK marks the whole top-level input). */
function sentSecret(resource: RecordedResource, path: string): boolean {
    return resource.secretPaths.some((secret) => path === secret || path.startsWith(`${secret}.`));
}

function only(run: ProgramRun, type: string): RecordedResource {
    const found = run.resources.filter((r) => r.type === type);
    assert.equal(found.length, 1, `one ${type}`);
    return found[0];
}

const clusterRanges: Record<Exclude<Cloud, "local">, [string, string]> = {
    aws: ["aws:eks/cluster:Cluster", "vpcConfig.publicAccessCidrs"],
    azure: ["azure-native:containerservice:ManagedCluster", "apiServerAccessProfile.authorizedIPRanges"],
    gcp: ["gcp:container/cluster:Cluster", "masterAuthorizedNetworksConfig.cidrBlocks"],
};

describe("secret access lists in state, names and the plan", function () {
    this.timeout(60000);

    for (const cloud of ["aws", "azure", "gcp"] as const) {
        it(`${cloud}: the ranges${cloud === "gcp" ? "" : " and the administrators"} are secret-marked and nowhere in plain text`, async () => {
            const run = await validStackRun(productionWith(cloud, adminsOf[cloud], true));
            const [type, path] = clusterRanges[cloud];
            assert.ok(sentSecret(only(run, type), path), `${type} ${path} is secret-marked`);
            const text = plainText(run);
            for (const value of secretStrings(adminsOf[cloud])) assert.ok(!text.includes(value), `${value} readable`);
            // The offline plan says the endpoint is limited without the ranges.
            assert.match(renderPlan(run)["summary.md"], /- Kubernetes API of \S+: the stack's secret ranges\n/);
        });

        it(`${cloud}: plain lists stay readable in the cluster's inputs and the plan`, async () => {
            // One administrator: a plain list refuses role/team/x beside role/team-x (one entry name).
            const run = await validStackRun(productionWith(cloud, adminsOf[cloud].slice(0, 1), false));
            const [type, path] = clusterRanges[cloud];
            assert.ok(!sentSecret(only(run, type), path));
            assert.match(renderPlan(run)["summary.md"], /- Kubernetes API of \S+: 192\.0\.2\.0\/24, 198\.51\.100\.0\/24\n/);
        });
    }

    it("aws: access entries named by a digest of the ARN, aliased to their readable names", async () => {
        const run = await validStackRun(productionWith("aws", [awsAdmins[0], "arn:aws:iam::123456789012:user/ops"], true));
        const entries = run.resources.filter((r) => r.type === "aws:eks/accessEntry:AccessEntry");
        assert.deepEqual(
            entries.map((e) => [e.name, e.secretPaths.includes("principalArn"), e.aliases.map((a) => a.name)]),
            [
                ["atlasia-prod-admin-8bad6b099340667d", true, ["atlasia-prod-admin-1", "atlasia-prod-admin-role-team-zq8-deployer"]],
                ["atlasia-prod-admin-a1abaa720f53d98a", true, ["atlasia-prod-admin-2", "atlasia-prod-admin-user-ops"]],
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
        assert.ok(
            run.warnings.some((w) => w.startsWith("clusterAdmins is stored secret, but the ID of each EKS access entry and access policy association holds")),
        );
    });

    it("aws: a plain list keeps its readable entry names and gets no warning about IDs", async () => {
        const run = await validStackRun(productionWith("aws", [awsAdmins[0]], false));
        const entries = run.resources.filter((r) => r.type === "aws:eks/accessEntry:AccessEntry");
        assert.deepEqual(
            entries.map((e) => [e.name, e.secretPaths, e.aliases.map((a) => a.name)]),
            [["atlasia-prod-admin-role-team-zq8-deployer", [], ["atlasia-prod-admin-1"]]],
        );
        assert.ok(!run.warnings.some((w) => w.startsWith("clusterAdmins is stored secret")));
    });

    it("azure: the role assignment named by a digest of the lower-case object ID, aliased to the readable name", async () => {
        const run = await validStackRun(productionWith("azure", [azureAdmin], true));
        const [grant] = run.resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment" && r.name.startsWith("atlasia-prod-admin-"));
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

    it("azure: a plain list keeps the readable name, with no alias", async () => {
        const run = await validStackRun(productionWith("azure", [azureAdmin], false));
        const [grant] = run.resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment" && r.name.startsWith("atlasia-prod-admin-"));
        assert.deepEqual(
            [grant.name, grant.aliases.filter((a) => a.name), grant.secretPaths.includes("principalId")],
            ["atlasia-prod-admin-6f1c2a9e-4b7d-4e3a-9c5f-2d8b1a7e4c60", [], false],
        );
    });
});
