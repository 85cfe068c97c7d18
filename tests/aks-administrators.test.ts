// Who administers an AKS cluster, through the whole program under mocks: Azure RBAC role assignments
// named after their principal whatever the case of its object ID, the deployer recognised in
// clusterAdmins, the pause for Azure RBAC to reach the API server, and role assignment names that
// stay the same from one version of the program to the next. Expected values are written by hand.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Program, ProgramRun, RecordedResource, RunOptions, runProgram } from "../harness/run";
import { mockAccessToken, mockAzureObjectId, mockAzureSubscription, mockAzureTenant } from "../harness/mocks";
import { stableGuid } from "../clusters/aks/role-assignments";
import { tokenPrincipalType } from "../clusters/aks/token-principal-type";
import { StackConfigError } from "../config/reader";
import { DeployerAdminError } from "../clusters/deployer-admin";
import { stackOptions, validStackRun, withConfig, withOperatorNames } from "./support/runs";
import { onlyResource } from "./support/resources";

const assignmentType = "azure-native:authorization:RoleAssignment";
/** "Azure Kubernetes Service RBAC Cluster Admin" (https://learn.microsoft.com/en-us/azure/role-based-access-control/built-in-roles/containers). */
const aksClusterAdminRole = "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b";
const breakGlassGroup = "5f0c2a7e-8d4b-4c1f-9e3a-2b6d7c8e9f01";
/** A deployer whose object ID has letters: Entra ID returns object IDs in lower case. */
const lettersDeployer = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

function staging(set: Record<string, string>): RunOptions {
    return withConfig(stackOptions("azure", "staging"), set);
}

/** The mocks' ARM ID of a resource (harness/mocks.ts). */
function armId(kind: string, name: string): string {
    return `/subscriptions/${mockAzureSubscription}/resourceGroups/mock-rg/providers/${kind}/${name}`;
}

function assignments(run: ProgramRun): RecordedResource[] {
    return run.resources.filter((r) => r.type === assignmentType && String(r.inputs.roleDefinitionId).endsWith(`/${aksClusterAdminRole}`));
}

/** A user's ARM token: delegated tokens carry scp, "only included for user tokens" (access token claims reference). */
const userToken = (oid: string) => mockAccessToken({ oid, tid: mockAzureTenant, scp: "user_impersonation" });

/**
 * The program, run as a deployer whose getClientConfig object ID is `objectId` and whose
 * getClientToken access token is `token` (failed or not).
 */
function runWithDeployer(options: RunOptions, objectId: string, token = userToken(objectId)): Promise<ProgramRun> {
    const answers: Record<string, Record<string, unknown>> = {
        "azure-native:authorization:getClientConfig": { objectId },
        "azure-native:authorization:getClientToken": { token },
    };
    return runProgram(withOperatorNames(options), () => {
        const monitor = pulumi.runtime.getMonitor() as unknown as { mocks: pulumi.runtime.Mocks };
        const original = monitor.mocks;
        monitor.mocks = {
            newResource: (args) => original.newResource(args),
            call: async (args) => ({ ...(await original.call(args)), ...answers[args.token] }),
        };
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return (require("../index") as Program)();
    });
}

/** The same, for a configuration that must be valid. */
async function runAsDeployer(options: RunOptions, objectId: string, token?: string): Promise<ProgramRun> {
    const run = await runWithDeployer(options, objectId, token);
    assert.equal(run.error, undefined, `the program failed: ${run.error?.message}`);
    return run;
}

describe("AKS administrators", function () {
    this.timeout(60000);

    describe("an object ID listed in another case than Entra ID returns it", () => {
        // Object IDs are GUIDs, which compare case-insensitively (RFC 4122 section 3: "case insensitive
        // on input"); Entra ID and `az ad signed-in-user show` return them in lower case.
        const upperCase = lettersDeployer.toUpperCase();
        let listed: ProgramRun;
        let listedAndIncluded: ProgramRun;

        before(async () => {
            listed = await runAsDeployer(staging({ clusterAdmins: JSON.stringify([breakGlassGroup, upperCase]) }), lettersDeployer);
            listedAndIncluded = await runWithDeployer(
                staging({ clusterAdmins: JSON.stringify([upperCase]), clusterAdminIncludeDeployer: "true" }),
                lettersDeployer,
            );
        });

        it("names the resource after the lower-case object ID, and sends the object ID in lower case too", () => {
            // This test used to pin the principal as listed (upper case): a case-only edit of the config then changed
            // principalId, which azure-native compares as written and replaces the assignment for
            // (pulumi/pulumi-azure-native#1010), under the same GUID name, new before old: refused ("already exists").
            // Entra ID and ARM return object IDs in lower case; sent so, a change of case changes nothing.
            const admin = onlyResource(listed, assignmentType, `atlasia-staging-admin-${lettersDeployer}`);
            assert.equal(admin.inputs.principalId, lettersDeployer);
        });

        it("deletes an administrator's assignment before replacing it: the replacement has the same GUID name", () => {
            // An assignment's name is its identity ("You can't create two role assignments with the same name",
            // https://learn.microsoft.com/en-us/azure/role-based-access-control/troubleshooting), and Pulumi creates a
            // replacement before it deletes the old one unless told otherwise (pulumi/pulumi#2625). A stack whose state
            // holds an upper-case principalId is replaced once by this version.
            for (const run of [listed, listedAndIncluded]) {
                for (const admin of assignments(run)) assert.equal(admin.deleteBeforeReplace, true, admin.name);
            }
        });

        it("recognises the deployer among several administrators: no warning that its calls would be refused", () => {
            assert.deepEqual(
                listed.warnings.filter((w) => w.includes(lettersDeployer)),
                [],
            );
        });

        it("refuses the deployer both listed and included by not registering its own assignment; the listed one goes ahead", () => {
            // Azure keeps one role assignment per scope, role and principal, and both resources derive the same
            // assignment name from them (clusters/aks/role-assignments.ts): azure-native refuses to create the
            // second ("cannot create already existing resource", pulumi-azure-native provider.go;
            // https://learn.microsoft.com/en-us/azure/role-based-access-control/troubleshooting). CI runs
            // `pulumi up --skip-preview`: an error that let the deployer's own register would come too late.
            assert.deepEqual(
                assignments(listedAndIncluded).map((a) => a.name),
                [`atlasia-staging-admin-${lettersDeployer}`],
            );
            const error = listedAndIncluded.error;
            assert.ok(error instanceof DeployerAdminError, `expected the deployer's error, got ${error}`);
            assert.ok(!(error instanceof StackConfigError), "not a configuration error: the rest of the stack may have been deployed");
            // Recognised whatever the case it is listed in.
            assert.ok(
                error.message.startsWith(
                    `Stack "staging": the deployer ${lettersDeployer} would get the Azure Kubernetes Service RBAC Cluster Admin role assignment of its own ` +
                        "(atlasia:clusterAdminIncludeDeployer is true), which this run does not register:\natlasia:clusterAdmins lists it too: ",
                ),
                error.message,
            );
            assert.match(error.message, /https:\/\/learn\.microsoft\.com\/en-us\/azure\/role-based-access-control\/troubleshooting/);
        });

        it("the fix turns the key off (the own assignment, if any, is deleted last), never drops the deployer from the list", () => {
            const { message } = listedAndIncluded.error!;
            assert.ok(message.includes("\nFix: pulumi config set --stack staging atlasia:clusterAdminIncludeDeployer false\n"), message);
            assert.ok(
                !message.includes("pulumi config rm --stack staging atlasia:clusterAdmins"),
                "dropping the deployer would replace an own assignment held by another principal",
            );
        });

        it("when the stack's own assignment is already this deployer's: rename it to the listed one's name first, whatever the listed case", () => {
            // Pulumi creates the listed assignment before it deletes the own one (pulumi/pulumi#2625), and both are the
            // one Azure keeps. Renamed (`pulumi state rename <urn> <new name>`), the own assignment has the listed one's
            // name, scope and role; azure-native replaces a RoleAssignment only for a new principalId or scope
            // (pulumi-azure-native forceNewMap, pulumi/pulumi-azure-native#1010), and both send the object ID in lower
            // case: listed in upper case, it still matches.
            const { message } = listedAndIncluded.error!;
            assert.ok(
                message.endsWith(
                    "first give its RoleAssignment the listed grant's name, " +
                        `pulumi state rename --stack staging '<URN of atlasia-staging-deployer-admin>' atlasia-staging-admin-${lettersDeployer} ` +
                        "(URNs: pulumi stack --stack staging --show-urns); then the fix.",
                ),
                message,
            );
            assert.equal(onlyResource(listedAndIncluded, assignmentType, `atlasia-staging-admin-${lettersDeployer}`).inputs.principalId, lettersDeployer);
        });

        it("every rejection of the run is that one error object, unwrapped", () => {
            assert.ok(listedAndIncluded.rejections.length > 0);
            for (const rejection of listedAndIncluded.rejections) assert.equal(rejection, listedAndIncluded.error, String(rejection));
        });

        it("a deployer listed as a service principal and included is refused the same way", async () => {
            const run = await runWithDeployer(
                staging({ clusterAdmins: JSON.stringify([breakGlassGroup, `ServicePrincipal:${lettersDeployer}`]), clusterAdminIncludeDeployer: "true" }),
                lettersDeployer,
            );
            assert.ok(run.error instanceof DeployerAdminError, `expected the deployer's error, got ${run.error}`);
            // ARM keeps one assignment per scope, role and principal: a second is refused with RoleAssignmentExists
            // (https://learn.microsoft.com/en-us/azure/role-based-access-control/troubleshooting).
            assert.ok(
                run.error.message.includes(
                    "\natlasia:clusterAdmins lists it too: Azure keeps one assignment per scope, role and principal and both resources name that one, " +
                        "so azure-native refuses to create the second (https://learn.microsoft.com/en-us/azure/role-based-access-control/troubleshooting).\n",
                ),
                run.error.message,
            );
            assert.deepEqual(
                assignments(run)
                    .map((a) => a.name)
                    .sort(),
                [`atlasia-staging-admin-${lettersDeployer}`, `atlasia-staging-admin-${breakGlassGroup}`],
            );
        });
    });

    describe("a deployer neither listed nor included", () => {
        it("is warned about: unless it is in a listed group, its Kubernetes calls are refused (403)", async () => {
            // Local accounts are off: Azure RBAC authorizes every call (https://learn.microsoft.com/en-us/azure/aks/manage-azure-rbac).
            const run = await runAsDeployer(staging({ clusterAdmins: JSON.stringify([breakGlassGroup]) }), lettersDeployer);
            assert.deepEqual(
                run.warnings.filter((w) => w.startsWith("The deployer")),
                [`The deployer ${lettersDeployer} is not in clusterAdmins: unless it is in a listed group, its Kubernetes calls are refused (403).`],
            );
        });

        it("is not warned about in a preview, which runs as the preview identity with its own RBAC Writer grant (README, Permissions)", async () => {
            const run = await runAsDeployer({ ...staging({ clusterAdmins: JSON.stringify([breakGlassGroup]) }), preview: true }, lettersDeployer);
            assert.deepEqual(
                run.warnings.filter((w) => w.startsWith("The deployer")),
                [],
            );
        });

        it("is not warned about when getClientConfig returns no object ID: there is nothing to compare", async () => {
            // A fallback: azure-native looks a missing oid claim up in Microsoft Graph or fails
            // (pulumi-azure-native provider/pkg/provider/auth_getclientconfig.go).
            const run = await runAsDeployer(staging({ clusterAdmins: JSON.stringify([breakGlassGroup]) }), "");
            assert.deepEqual(
                run.warnings.filter((w) => w.startsWith("The deployer")),
                [],
            );
        });
    });

    describe("a deployer included for whom getClientConfig returns no object ID", () => {
        // A fallback: azure-native looks a missing oid claim up in Microsoft Graph or fails
        // (pulumi-azure-native provider/pkg/provider/auth_getclientconfig.go); an empty object ID grants nobody.
        let run: ProgramRun;

        before(async () => {
            run = await runWithDeployer(staging({ clusterAdmins: JSON.stringify([breakGlassGroup]), clusterAdminIncludeDeployer: "true" }), "");
        });

        it("is refused with its own message: the identity is unknown, list its object ID and turn the key off", () => {
            assert.ok(run.error instanceof DeployerAdminError, `expected the deployer's error, got ${run.error}`);
            assert.equal(
                run.error.message,
                [
                    `Stack "staging": the deployer cannot get the Azure Kubernetes Service RBAC Cluster Admin role assignment of its own ` +
                        "(atlasia:clusterAdminIncludeDeployer is true), which this run does not register: azure-native's getClientConfig returned no object ID.",
                    "List the deployer's object ID (ServicePrincipal:<object-id> for a service principal or managed identity) in atlasia:clusterAdmins instead, " +
                        `as <deployer>, and turn the key off: pulumi config rm --stack staging atlasia:clusterAdmins && pulumi config set --stack staging --path 'atlasia:clusterAdmins[0]' ${breakGlassGroup} && pulumi config set --stack staging --path 'atlasia:clusterAdmins[1]' '<deployer>' && ` +
                        "pulumi config set --stack staging atlasia:clusterAdminIncludeDeployer false",
                ].join("\n"),
            );
        });

        it("registers no assignment with an empty principal; the listed ones go ahead", () => {
            assert.deepEqual(
                assignments(run).map((a) => a.name),
                [`atlasia-staging-admin-${breakGlassGroup}`],
            );
            assert.ok(assignments(run).every((a) => a.inputs.principalId !== ""));
        });
    });

    describe("the deployer's own assignment is typed as its access token says", () => {
        // ARM refuses an assignment whose principalType is not the principal's ("UnmatchedPrincipalType",
        // Azure/modern-web-app-pattern-dotnet#129), and azure-native sends "User" when none is given
        // (@pulumi/azure-native authorization/roleAssignment.js). Access token claims
        // (https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference): `scp` is "only
        // included for user tokens"; `idtyp` is "app" in an app-only token. Managed identities are service principals.
        const included = { clusterAdmins: JSON.stringify([breakGlassGroup]), clusterAdminIncludeDeployer: "true" };
        const ownAssignment = (run: ProgramRun) => onlyResource(run, assignmentType, "atlasia-staging-deployer-admin");

        it("a user signed in with az login: User", async () => {
            const run = await runAsDeployer(staging(included), lettersDeployer);
            assert.equal(ownAssignment(run).inputs.principalType, "User");
            assert.equal(ownAssignment(run).inputs.principalId, lettersDeployer);
            assert.equal(ownAssignment(run).deleteBeforeReplace, true, "a GUID-named assignment, like the listed ones");
            // An alias makes a resource adopt another URN's state. The listed grants answer for their other
            // names; the deployer's own grant has no other name, only azure-native's type aliases (its
            // earlier API versions), which keep the name.
            const renames = ownAssignment(run).aliases.filter((alias) => alias.urn || alias.name);
            assert.deepEqual(renames, [], "the deployer's grant answers for no other URN");
        });

        for (const [who, claims] of [
            ["a service principal (an app-only token, idtyp app)", { idtyp: "app", roles: [] }],
            ["a managed identity or service principal whose token names no idtyp (no scp)", {}],
        ] as const) {
            it(`${who}: ServicePrincipal`, async () => {
                const run = await runAsDeployer(staging(included), lettersDeployer, mockAccessToken({ oid: lettersDeployer, tid: mockAzureTenant, ...claims }));
                assert.equal(ownAssignment(run).inputs.principalType, "ServicePrincipal");
                assert.equal(ownAssignment(run).inputs.principalId, lettersDeployer);
            });
        }

        it("the token, a credential, reaches no resource, output, warning or error; only its type is used", async () => {
            const token = mockAccessToken({ oid: lettersDeployer, tid: mockAzureTenant, idtyp: "app" });
            const payload = token.split(".")[1];
            for (const run of [
                await runAsDeployer(staging(included), lettersDeployer, token),
                await runWithDeployer(
                    staging({ clusterAdmins: JSON.stringify([lettersDeployer]), clusterAdminIncludeDeployer: "true" }),
                    lettersDeployer,
                    token,
                ),
            ]) {
                const seen = JSON.stringify([run.resources.map((r) => r.inputs), run.outputs, run.warnings, run.rejections.map((e) => e.message)]);
                assert.ok(!seen.includes(payload), "the token's payload appears in the run");
            }
        });

        it("asks for the token only when the deployer gets an assignment of its own", async () => {
            const asked = (run: ProgramRun) => run.invokes.filter((i) => i.token === "azure-native:authorization:getClientToken").length;
            assert.equal(asked(await runAsDeployer(staging(included), lettersDeployer)), 1);
            assert.equal(asked(await runAsDeployer(staging({ clusterAdmins: JSON.stringify([breakGlassGroup]) }), lettersDeployer)), 0);
        });

        it("reads the type from the claims alone", () => {
            assert.equal(tokenPrincipalType(userToken(lettersDeployer)), "User");
            assert.equal(tokenPrincipalType(mockAccessToken({ idtyp: "app" })), "ServicePrincipal");
            assert.equal(tokenPrincipalType(mockAccessToken({ roles: ["x"] })), "ServicePrincipal", "no scp: not a user's token");
            assert.equal(tokenPrincipalType(mockAccessToken({ idtyp: "app", scp: "x" })), "ServicePrincipal", "idtyp app wins");
        });

        // A signed JWT is three base64url parts, header.payload.signature (RFC 7515 section 7.1), and its
        // claims are a JSON object (RFC 7519 section 7.2, steps 1 and 10). Anything else has no type: a
        // wrong one makes ARM refuse the assignment (UnmatchedPrincipalType).
        const base64url = (text: string) => Buffer.from(text).toString("base64url");
        const [header, userPayload] = userToken(lettersDeployer).split(".");
        const unreadableTokens = [
            ["no dots at all", "not-a-jwt-secret-value"],
            ["header and payload without a signature part", `${header}.${userPayload}`],
            ["a fourth part", `${header}.${userPayload}.signature.extra`],
            ["a payload that is not JSON", `${header}.${base64url("{scp")}.signature`],
            ["a payload of JSON null", `${header}.${base64url("null")}.signature`],
            ["a payload of a JSON number", `${header}.${base64url("42")}.signature`],
            ["a payload of a JSON string", `${header}.${base64url('"user_impersonation"')}.signature`],
            ["a payload of a JSON array", `${header}.${base64url('[{"scp":"user_impersonation"}]')}.signature`],
        ] as const;
        for (const [what, token] of unreadableTokens) {
            it(`gives no type for a token with ${what}`, () => {
                assert.equal(tokenPrincipalType(token), undefined);
            });
        }

        it("an unreadable token fails only the deployer's own assignment, with the way out and none of the token", async () => {
            const token = unreadableTokens[1][1];
            const run = await runWithDeployer(staging(included), lettersDeployer, token);
            assert.ok(run.error instanceof DeployerAdminError, `expected the deployer's error, got ${run.error}`);
            assert.equal(
                run.error.message,
                [
                    `Stack "staging": the deployer ${lettersDeployer} cannot get the Azure Kubernetes Service RBAC Cluster Admin role assignment of its own ` +
                        "(atlasia:clusterAdminIncludeDeployer is true), which this run does not register: its access token (azure-native getClientToken) " +
                        "is not a JWT, so whether it is a user or a service principal is unknown.",
                    "List the deployer's object ID (ServicePrincipal:<object-id> for a service principal or managed identity) in atlasia:clusterAdmins " +
                        "instead, as <deployer>, and turn the key off: " +
                        "pulumi config rm --stack staging atlasia:clusterAdmins && " +
                        `pulumi config set --stack staging --path 'atlasia:clusterAdmins[0]' ${breakGlassGroup} && ` +
                        "pulumi config set --stack staging --path 'atlasia:clusterAdmins[1]' '<deployer>' && " +
                        "pulumi config set --stack staging atlasia:clusterAdminIncludeDeployer false",
                ].join("\n"),
            );
            assert.deepEqual(
                assignments(run).map((a) => a.name),
                [`atlasia-staging-admin-${breakGlassGroup}`],
                "the listed assignment goes ahead",
            );
            const seen = JSON.stringify([run.resources.map((r) => r.inputs), run.outputs, run.warnings, run.rejections.map((e) => e.message)]);
            for (const part of token.split(".")) assert.ok(!seen.includes(part), `a part of the token appears in the run: ${part.slice(0, 8)}...`);
        });
    });

    describe("the pause for Azure RBAC to reach the API server", () => {
        // time.Sleep (@pulumiverse/time sleep.d.ts): createDuration is a Go duration; "triggers: Arbitrary
        // map of values that, when changed, will run any creation or destroy delays again".
        const ids = [
            armId("RoleAssignment", `atlasia-staging-admin-${mockAzureObjectId}`),
            armId("RoleAssignment", `atlasia-staging-admin-${breakGlassGroup}`),
        ];

        it("waits minutes after the administrators' assignments (a role assignment takes minutes to reach AKS)", async () => {
            // https://learn.microsoft.com/en-us/azure/aks/manage-azure-rbac: Kubernetes calls are authorized by
            // Azure RBAC; a new assignment is not seen at once, and the first call is refused (403) meanwhile.
            const sleep = onlyResource(await validStackRun(staging({})), "time:index/sleep:Sleep", "atlasia-staging-rbac-propagation");
            const duration = /^(\d+)(s|m)$/.exec(sleep.inputs.createDuration);
            assert.ok(duration, `createDuration ${JSON.stringify(sleep.inputs.createDuration)} is a duration in seconds or minutes`);
            const seconds = Number(duration[1]) * (duration[2] === "m" ? 60 : 1);
            assert.ok(seconds >= 120 && seconds <= 600, `${seconds}s: minutes, not seconds, and not a quarter of an hour`);
        });

        it("pauses again when the set of administrators changes, not when the list is reordered", async () => {
            const trigger = async (admins: string[]) =>
                onlyResource(
                    await validStackRun(staging({ clusterAdmins: JSON.stringify(admins) })),
                    "time:index/sleep:Sleep",
                    "atlasia-staging-rbac-propagation",
                ).inputs.triggers;
            assert.deepEqual(await trigger([breakGlassGroup, mockAzureObjectId]), { roleAssignments: ids.join(",") });
            assert.deepEqual(await trigger([mockAzureObjectId, breakGlassGroup]), { roleAssignments: ids.join(",") });
            assert.deepEqual(await trigger([mockAzureObjectId]), { roleAssignments: ids[0] });
        });
    });

    describe("role assignment names", () => {
        it("stay the GUIDs earlier versions created: a new name for the same assignment is refused (RoleAssignmentExists)", async () => {
            // Azure allows one assignment per scope, role and principal; a renamed one is created before the
            // old one is deleted and fails with RoleAssignmentExists
            // (https://learn.microsoft.com/en-us/azure/role-based-access-control/troubleshooting).
            // The GUIDs below were computed once, outside the program (Python hashlib.sha1 of
            // "<scope>|<role definition GUID>|<principal>" lower-cased, RFC 4122 version 5 bits).
            const run = await validStackRun(staging({ clusterAdmins: JSON.stringify([mockAzureObjectId, breakGlassGroup]) }));
            const nameFor = (principal: string) => assignments(run).find((a) => a.inputs.principalId === principal)?.inputs.roleAssignmentName;
            assert.equal(nameFor(mockAzureObjectId), "dd4e3643-5646-5247-9a9c-f22bde50750e");
            assert.equal(nameFor(breakGlassGroup), "074f3bfd-f0b6-541b-8e99-d8eead270362");
        });

        it("keep the parts apart: moving characters from one part to the next is another assignment", () => {
            assert.notEqual(stableGuid("/subscriptions/a", "bc", "d"), stableGuid("/subscriptions/ab", "c", "d"));
            assert.equal(stableGuid("/Subscriptions/A", "BC", "D"), stableGuid("/subscriptions/a", "bc", "d"), "ARM IDs and GUIDs ignore case");
        });
    });

    it("grants both pull roles to the kubelet identity as a ServicePrincipal, which avoids a failure while a new identity replicates", async () => {
        // "If you create a new service principal and immediately try to assign a role to that service
        // principal, that role assignment can fail ... set the principal type to ServicePrincipal"
        // (https://learn.microsoft.com/en-us/azure/role-based-access-control/role-assignments-template#new-service-principal);
        // managed identities are service principals.
        const registry =
            "/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/registry-rg/providers/Microsoft.ContainerRegistry/registries/atlasiaregistry";
        const run = await validStackRun(staging({ aksAcrResourceId: registry }));
        for (const name of ["atlasia-staging-acr-pull", "atlasia-staging-acr-repository-reader"]) {
            assert.equal(onlyResource(run, assignmentType, name).inputs.principalType, "ServicePrincipal", name);
        }
    });
});
