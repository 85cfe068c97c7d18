// AKS administrators are Entra ID objects of three kinds, and an Azure role assignment must name the
// kind: ARM refuses one whose principalType is not the object's own ("UnmatchedPrincipalType: The
// PrincipalId ... has type 'ServicePrincipal', which is different from specified PrincipalType
// 'User'", Azure/modern-web-app-pattern-dotnet#129), and @pulumi/azure-native sends "User" when
// none is given (authorization/roleAssignment.js). So atlasia:clusterAdmins takes `Group:<id>` and
// `ServicePrincipal:<id>`; a bare object ID stays a user, as it always was.
import { strict as assert } from "assert";
import { parseEntraPrincipal } from "../config/cluster-access";
import type { RunOptions } from "../harness/run";
import { configProblems } from "./support/settings";
import { stackOptions, validStackRun, withConfig } from "./support/runs";

const user = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
const group = "5f0c2a7e-8d4b-4c1f-9e3a-2b6d7c8e9f01";
const servicePrincipal = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";

function azureStaging(admins: string[]): RunOptions {
    return withConfig(stackOptions("azure", "staging"), { clusterAdmins: JSON.stringify(admins) });
}

describe("AKS administrators: users, groups and service principals", function () {
    this.timeout(60000);

    it("an entry is a bare object ID (a user) or Group:/ServicePrincipal: and the object ID", () => {
        assert.deepEqual(parseEntraPrincipal(user), { principalType: "User", objectId: user });
        assert.deepEqual(parseEntraPrincipal(`Group:${group}`), { principalType: "Group", objectId: group });
        assert.deepEqual(parseEntraPrincipal(`serviceprincipal:${servicePrincipal}`), { principalType: "ServicePrincipal", objectId: servicePrincipal });
        for (const bad of [`Team:${group}`, `Group:${group}x`, `Group ${group}`, `:${group}`, "Group:"]) assert.equal(parseEntraPrincipal(bad), undefined, bad);
    });

    it("a malformed entry or type is refused, saying which forms are accepted", async () => {
        const problems = await configProblems(azureStaging([`Team:${group}`]));
        assert.deepEqual(
            problems.map((p) => [p.key, p.message]),
            [
                [
                    "atlasia:clusterAdmins",
                    `"Team:${group}" is not an Entra ID object ID (a GUID) of a user, or Group:<object-id> or ServicePrincipal:<object-id> (managed identities too).`,
                ],
            ],
        );
    });

    it("no administrator at all: the fix lists a service principal (CI) and a group (break-glass), typed, as placeholders", async () => {
        const problems = await configProblems(azureStaging([]));
        assert.deepEqual(
            problems.map((p) => [p.key, p.fix]),
            [
                [
                    "atlasia:clusterAdmins",
                    "pulumi config rm --stack staging atlasia:clusterAdmins && " +
                        "pulumi config set --stack staging --path 'atlasia:clusterAdmins[0]' 'ServicePrincipal:<object ID of CI>' && " +
                        "pulumi config set --stack staging --path 'atlasia:clusterAdmins[1]' 'Group:<object ID of the break-glass group>'",
                ],
            ],
        );
        assert.match(problems[0].message, /list the CI identity as ServicePrincipal:<object-id> and a break-glass group as Group:<object-id>/);
    });

    it("the same object listed with and without its type is listed twice", async () => {
        const problems = await configProblems(azureStaging([`Group:${group}`, group.toUpperCase()]));
        assert.deepEqual(
            problems.map((p) => p.key),
            ["atlasia:clusterAdmins"],
        );
        assert.match(problems[0].message, /is listed twice/);
    });

    it("each role assignment names its principal's type and bare object ID; a user's keeps its name (no replacement)", async () => {
        const run = await validStackRun(azureStaging([user, `Group:${group}`, `ServicePrincipal:${servicePrincipal}`]));
        const byName = (name: string) => {
            const found = run.resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment" && r.name === name);
            assert.equal(found.length, 1, name);
            return found[0].inputs;
        };
        assert.deepEqual(
            [user, group, servicePrincipal].map((id) => {
                const inputs = byName(`atlasia-staging-admin-${id}`);
                return [inputs.principalId, inputs.principalType];
            }),
            [
                [user, "User"],
                [group, "Group"],
                [servicePrincipal, "ServicePrincipal"],
            ],
        );
    });
});
