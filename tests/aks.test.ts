// AKS (clusters/aks/): each behaviour here is a rule of Azure, AKS or the azure-native provider,
// cited beside its test, checked through whole-program runs under mocks.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ProgramRun, RecordedResource, RunOptions } from "../harness/run";
import { mockAksIssuerId, mockAksKubeletObjectId, mockAzureObjectId, mockAzureSubscription } from "../harness/mocks";
import { StackConfigError } from "../config/reader";
import { azureProviderPassThrough, azureProviderRefused } from "../config/azure";
import { clusterCapacity } from "../clusters/capacity";
import { azureRules } from "../clusters/platform-rules/azure";
import { ruleViolations } from "../clusters/platform-rules/rule";
import { platformRuleViolations } from "./support/platform-rules";
import { llmApiKey, stackOptions, stackRun, validStackRun, withConfig, withSecrets } from "./support/runs";
import { settingsFor } from "./support/settings";
import { onlyResource } from "./support/resources";

const breakGlassGroup = "5f0c2a7e-8d4b-4c1f-9e3a-2b6d7c8e9f01";
const aksClusterAdminRole = "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b";
const acrPullRole = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
// Honoured instead of AcrPull by a registry in the RBAC + ABAC permissions mode:
// https://learn.microsoft.com/en-us/azure/container-registry/container-registry-rbac-abac-repository-permissions
const acrRepositoryReaderRole = "b93aa761-3e63-49ed-ac28-beffa264f7ac";
const keyVaultCryptoUserRole = "12338af0-0e69-4776-bea7-57ae8d297424";
const registry =
    "/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/registry-rg/providers/Microsoft.ContainerRegistry/registries/atlasiaregistry";

function azure(stack: "staging" | "production", set: Record<string, string> = {}, secrets: Record<string, string> = {}): RunOptions {
    return withSecrets(withConfig(stackOptions("azure", stack), set), secrets);
}

/** The mocks' ARM ID of a resource (harness/mocks.ts). */
function armId(kind: string, name: string): string {
    return `/subscriptions/${mockAzureSubscription}/resourceGroups/mock-rg/providers/${kind}/${name}`;
}

function ofType(run: ProgramRun, type: string): RecordedResource[] {
    return run.resources.filter((r) => r.type === type);
}

function roleAssignments(run: ProgramRun, roleId: string): RecordedResource[] {
    return ofType(run, "azure-native:authorization:RoleAssignment").filter((r) => String(r.inputs.roleDefinitionId).endsWith(`/${roleId}`));
}

async function problemsOf(options: RunOptions) {
    const run = await stackRun(options);
    assert.ok(run.error instanceof StackConfigError, `expected a configuration error, got ${run.error}`);
    assert.deepEqual(
        run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack"),
        [],
        "nothing is created",
    );
    return run.error.problems;
}

describe("AKS", function () {
    this.timeout(60000);

    describe("administrators (issue 7 item 9)", () => {
        // https://learn.microsoft.com/en-us/azure/aks/manage-azure-rbac: Azure RBAC role assignments
        // work for users, groups, service principals and managed identities; adminGroupObjectIDs only for groups.
        it("gives each listed principal AKS RBAC Cluster Admin on the cluster, and nobody else by default", async () => {
            const run = await validStackRun(azure("staging", { clusterAdmins: JSON.stringify([mockAzureObjectId, breakGlassGroup]) }));
            const cluster = onlyResource(run, "azure-native:containerservice:ManagedCluster");
            const admins = roleAssignments(run, aksClusterAdminRole);
            assert.deepEqual(admins.map((a) => a.inputs.principalId).sort(), [mockAzureObjectId, breakGlassGroup].sort());
            assert.ok(
                admins.every((a) => a.inputs.scope === armId("ManagedCluster", cluster.name)),
                "scoped to the cluster",
            );
            assert.equal(cluster.inputs.aadProfile.adminGroupObjectIDs, undefined, "administrators are role assignments, not group IDs");
            assert.ok(!admins.some((a) => a.name.endsWith("-deployer-admin")), "the deployer is not added on its own");
        });

        it("names each assignment after its principal with a stable GUID, whoever deploys", async () => {
            const one = await validStackRun(azure("staging", { clusterAdmins: JSON.stringify([breakGlassGroup]) }));
            const two = await validStackRun(azure("staging", { clusterAdmins: JSON.stringify([breakGlassGroup, mockAzureObjectId]) }));
            const nameOf = (run: ProgramRun, principal: string) =>
                roleAssignments(run, aksClusterAdminRole).find((a) => a.inputs.principalId === principal) as RecordedResource;
            const first = nameOf(one, breakGlassGroup);
            assert.match(first.inputs.roleAssignmentName, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
            assert.equal(first.name, nameOf(two, breakGlassGroup).name, "adding an administrator leaves the others' resources alone");
            assert.equal(first.inputs.roleAssignmentName, nameOf(two, breakGlassGroup).inputs.roleAssignmentName);
            assert.notEqual(first.inputs.roleAssignmentName, nameOf(two, mockAzureObjectId).inputs.roleAssignmentName);
        });

        it("adds the deployer's own assignment only with clusterAdminIncludeDeployer", async () => {
            const run = await validStackRun(azure("staging", { clusterAdmins: JSON.stringify([breakGlassGroup]), clusterAdminIncludeDeployer: "true" }));
            const deployer = roleAssignments(run, aksClusterAdminRole).find((a) => a.name.endsWith("-deployer-admin"));
            assert.equal(deployer?.inputs.principalId, mockAzureObjectId);
            assert.ok(run.warnings.every((w) => !/not in clusterAdmins/.test(w)));
        });

        it("warns when the deployer is neither listed nor included (its Kubernetes calls would get 403)", async () => {
            const run = await validStackRun(azure("staging", { clusterAdmins: JSON.stringify([breakGlassGroup]) }));
            assert.ok(
                run.warnings.some((w) => w.includes(mockAzureObjectId) && /403/.test(w)),
                run.warnings.join("\n"),
            );
        });

        it("refuses a cluster nobody could administer (local accounts are disabled)", async () => {
            const problems = await problemsOf(azure("staging", { clusterAdmins: "[]" }));
            const problem = problems.find((p) => p.key === "atlasia:clusterAdmins");
            assert.ok(problem, JSON.stringify(problems));
            assert.match(problem.message, /at least one administrator/);
            assert.match(
                problem.fix,
                /^pulumi config rm --stack staging atlasia:clusterAdmins && pulumi config set --stack staging --path 'atlasia:clusterAdmins\[0\]' /,
            );
        });
    });

    describe("node pools (item 10)", () => {
        // https://learn.microsoft.com/en-us/azure/aks/use-system-pools; azure-native keeps pools outside
        // agentPoolProfiles apart (pulumi/pulumi-azure-native#1686, #2719, PR #2774).
        it("keeps a small, tainted system pool inline and the workloads on a separate user pool", async () => {
            const run = await validStackRun(azure("production"));
            const [system] = onlyResource(run, "azure-native:containerservice:ManagedCluster").inputs.agentPoolProfiles;
            assert.equal(system.mode, "System");
            assert.deepEqual(system.nodeTaints, ["CriticalAddonsOnly=true:NoSchedule"]);
            assert.equal(system.vmSize, "Standard_D2s_v5");
            assert.ok(system.count >= 3, "AKS recommends three system nodes in production");
            const user = onlyResource(run, "azure-native:containerservice:AgentPool");
            assert.equal(user.inputs.mode, "User");
            assert.equal(user.inputs.nodeTaints, undefined);
            assert.match(user.inputs.agentPoolName, /^[a-z][a-z0-9]{0,11}$/, "AKS: lower-case alphanumeric, at most 12, starting with a letter");
        });

        it("development: one untainted pool and no separate user pool (one small node, item 18)", async () => {
            const run = await validStackRun({
                stack: "dev",
                set: { cloud: "azure", clusterAdmins: JSON.stringify([mockAzureObjectId]) },
                secrets: { llmApiKey },
            });
            const pools = onlyResource(run, "azure-native:containerservice:ManagedCluster").inputs.agentPoolProfiles;
            assert.equal(pools.length, 1);
            assert.equal(pools[0].nodeTaints, undefined, "the workloads run on it");
            assert.deepEqual(ofType(run, "azure-native:containerservice:AgentPool"), []);
        });

        it("renames the user pool when its VM size, disk or zones change, and creates the new one before the old goes", async () => {
            const base = onlyResource(await validStackRun(azure("staging")), "azure-native:containerservice:AgentPool");
            const larger = onlyResource(
                await validStackRun(azure("staging", { nodeMachineType: "Standard_D4s_v5" })),
                "azure-native:containerservice:AgentPool",
            );
            const disk = onlyResource(await validStackRun(azure("staging", { nodeDiskSizeGb: "128" })), "azure-native:containerservice:AgentPool");
            const counts = onlyResource(await validStackRun(azure("staging", { nodeMaxCount: "8" })), "azure-native:containerservice:AgentPool");
            assert.notEqual(larger.inputs.agentPoolName, base.inputs.agentPoolName);
            assert.notEqual(disk.inputs.agentPoolName, base.inputs.agentPoolName);
            assert.equal(counts.inputs.agentPoolName, base.inputs.agentPoolName, "counts change in place");
            assert.equal(larger.name, base.name, "same Pulumi resource: a replacement, not a second pool left behind");
            assert.deepEqual(base.replaceOnChanges, ["agentPoolName"]);
            assert.notEqual(base.deleteBeforeReplace, true);
        });

        it("checks capacity against the user pool only (the system pool's taint keeps the workloads off it)", async () => {
            const settings = await settingsFor(azure("production"));
            const run = await validStackRun(azure("production"));
            const user = onlyResource(run, "azure-native:containerservice:AgentPool").inputs;
            const capacity = clusterCapacity(settings);
            assert.equal(capacity.maxNodes, user.maxCount);
            assert.equal(capacity.minNodes, user.minCount);
        });
    });

    it("gives the Kubernetes provider the cluster's OIDC issuer URL as its identity, not the cluster name (item 11)", async () => {
        const run = await validStackRun(azure("staging"));
        const provider = onlyResource(run, "pulumi:providers:kubernetes").inputs;
        assert.equal(onlyResource(run, "azure-native:containerservice:ManagedCluster").inputs.oidcIssuerProfile.enabled, true);
        assert.equal(provider.clusterIdentifier, `https://eastus.oic.prod-aks.azure.com/00000000-0000-4000-8000-000000000002/${mockAksIssuerId}/`);
    });

    describe("azure-native provider settings (item 14)", () => {
        it("handles every setting of @pulumi/azure-native/config/vars: passed through or refused", () => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const sdkKeys = Object.keys(require("@pulumi/azure-native/config/vars")).sort();
            assert.deepEqual([...Object.keys(azureProviderPassThrough), ...Object.keys(azureProviderRefused)].sort(), sdkKeys);
        });

        it("passes the stack's azure-native settings to the explicit provider, credentials as secrets", async () => {
            const run = await validStackRun(
                azure(
                    "staging",
                    {
                        "azure-native:subscriptionId": "11111111-2222-4333-8444-555555555555",
                        "azure-native:tenantId": "22222222-2222-4333-8444-555555555555",
                        "azure-native:clientId": "33333333-2222-4333-8444-555555555555",
                        "azure-native:useOidc": "true",
                    },
                    { "azure-native:clientSecret": "s3cr3t-client-value" },
                ),
            );
            const provider = onlyResource(run, "pulumi:providers:azure-native");
            assert.equal(provider.inputs.subscriptionId, "11111111-2222-4333-8444-555555555555");
            assert.equal(provider.inputs.tenantId, "22222222-2222-4333-8444-555555555555");
            assert.equal(provider.inputs.clientId, "33333333-2222-4333-8444-555555555555");
            assert.equal(provider.inputs.useOidc, "true");
            assert.ok(provider.secretPaths.includes("clientSecret"), `secret paths: ${provider.secretPaths.join(", ")}`);
            assert.equal(provider.inputs.location, "eastus");
        });

        it("refuses a credential in plain text, an unknown key, another location and another cloud", async () => {
            const problems = await problemsOf(
                azure("staging", {
                    "azure-native:clientSecret": "plain",
                    "azure-native:clientid": "33333333-2222-4333-8444-555555555555",
                    "azure-native:location": "westeurope",
                    "azure-native:environment": "usgovernment",
                    "azure-native:useMsi": "yes",
                }),
            );
            const byKey = (key: string) => problems.find((p) => p.key === key);
            assert.match(byKey("azure-native:clientSecret")?.fix ?? "", /pulumi config set --stack staging --secret azure-native:clientSecret/);
            assert.equal(byKey("azure-native:clientid")?.fix, "pulumi config rm --stack staging azure-native:clientid");
            assert.match(byKey("azure-native:location")?.message ?? "", /atlasia:region/);
            assert.match(byKey("azure-native:environment")?.message ?? "", /public Azure cloud/);
            assert.match(byKey("azure-native:useMsi")?.message ?? "", /not true or false/);
        });
    });

    describe("pod network and NetworkPolicy enforcement", () => {
        // The workloads rely on NetworkPolicy. Azure NPM's support on Linux ends and AKS points to Cilium
        // (https://learn.microsoft.com/en-us/azure/aks/use-network-policies); Cilium runs only with Azure
        // CNI Overlay or a pod subnet (https://learn.microsoft.com/en-us/azure/aks/azure-cni-powered-by-cilium),
        // and a node-subnet Azure CNI cluster with a network policy cannot move to overlay in place
        // (Azure/AKS#3845): the choice is made at creation.
        it("creates every AKS stack with Azure CNI Overlay and Cilium enforcing NetworkPolicy", async () => {
            for (const stack of ["staging", "production"] as const) {
                const network = onlyResource(await validStackRun(azure(stack)), "azure-native:containerservice:ManagedCluster").inputs.networkProfile;
                assert.equal(network.networkPlugin, "azure");
                assert.equal(network.networkPluginMode, "overlay");
                assert.equal(network.networkDataplane, "cilium");
                assert.equal(network.networkPolicy, "cilium", "NetworkPolicy is enforced, by Cilium (it requires the Cilium dataplane)");
            }
        });
    });

    describe("API endpoint (item 15)", () => {
        // https://learn.microsoft.com/en-us/azure/aks/private-clusters, .../api-server-authorized-ip-ranges
        it("maps private to a private cluster, authorized to authorized IP ranges, public to neither", async () => {
            const profile = async (set: Record<string, string>) =>
                onlyResource(await validStackRun(azure("staging", set)), "azure-native:containerservice:ManagedCluster").inputs.apiServerAccessProfile;
            assert.deepEqual(await profile({ apiEndpointAccess: "private" }), { enablePrivateCluster: true });
            assert.deepEqual(await profile({ apiAuthorizedCidrs: '["198.18.0.0/15"]' }), { authorizedIPRanges: ["198.18.0.0/15"] });
            assert.equal(await profile({}), undefined);
        });
    });

    describe("Key Vault KMS etcd encryption (item 16)", () => {
        // https://learn.microsoft.com/en-us/azure/aks/use-kms-etcd-encryption (limitations: no system-assigned
        // identity; deleting the key, vault or identity is unsupported; no vault firewall).
        it("encrypts etcd with a key the control plane's user-assigned identity may use, granted before the cluster", async () => {
            const run = await validStackRun(azure("production"));
            const cluster = onlyResource(run, "azure-native:containerservice:ManagedCluster");
            // The control plane's identity (the other one is the database backup identity).
            const identities = run.resources.filter(
                (r) => r.type === "azure-native:managedidentity:UserAssignedIdentity" && !/db-backup$/.test(r.inputs.resourceName),
            );
            assert.equal(identities.length, 1);
            const identity = identities[0];
            const key = onlyResource(run, "azure-native:keyvault:Key");
            const kms = cluster.inputs.securityProfile.azureKeyVaultKms;
            assert.equal(kms.enabled, true);
            assert.equal(kms.keyVaultNetworkAccess, "Public");
            assert.match(kms.keyId, new RegExp(`^https://[a-z0-9-]+\\.vault\\.azure\\.net/keys/${key.inputs.keyName}/[0-9a-f]{32}$`), "a versioned key URI");
            assert.equal(cluster.inputs.identity.type, "UserAssigned");
            assert.equal(cluster.inputs.identity.userAssignedIdentities.length, 1);
            const [grant] = roleAssignments(run, keyVaultCryptoUserRole);
            assert.equal(grant.inputs.principalId, "00000000-0000-4000-8000-000000000005");
            assert.equal(grant.inputs.scope, armId("Key", key.name), "scoped to the key alone");
            assert.ok(cluster.dependencies.includes(grant.urn), "the grant exists before the cluster turns KMS on");
            assert.ok(identity.protect && key.protect, "production protects the key and the identity");
        });

        it("turns on purge protection and the longest soft-delete retention in production only", async () => {
            const production = onlyResource(await validStackRun(azure("production")), "azure-native:keyvault:Vault");
            const staging = onlyResource(await validStackRun(azure("staging")), "azure-native:keyvault:Vault");
            assert.equal(production.inputs.properties.enablePurgeProtection, true);
            assert.equal(production.inputs.properties.softDeleteRetentionInDays, 90);
            assert.equal(production.inputs.properties.enableRbacAuthorization, true);
            assert.equal(production.protect, true);
            assert.equal(staging.inputs.properties.enablePurgeProtection, undefined, "purge protection cannot be turned off once on");
            assert.equal(staging.inputs.properties.softDeleteRetentionInDays, 7);
            assert.equal(staging.protect, false);
        });
    });

    describe("Container Insights (items 17, 18)", () => {
        // https://learn.microsoft.com/en-us/azure/azure-monitor/containers/kubernetes-monitoring-enable?tabs=arm
        it("production: managed identity authentication with a data collection rule associated with the cluster", async () => {
            const run = await validStackRun(azure("production"));
            const cluster = onlyResource(run, "azure-native:containerservice:ManagedCluster");
            const rule = onlyResource(run, "azure-native:monitor:DataCollectionRule");
            const association = onlyResource(run, "azure-native:monitor:DataCollectionRuleAssociation");
            assert.equal(cluster.inputs.addonProfiles.omsagent.config.useAADAuth, "true");
            assert.equal(rule.inputs.dataSources.extensions[0].extensionName, "ContainerInsights");
            assert.equal(
                rule.inputs.destinations.logAnalytics[0].workspaceResourceId,
                armId("Workspace", onlyResource(run, "azure-native:operationalinsights:Workspace").name),
            );
            assert.equal(association.inputs.associationName, "ContainerInsightsExtension");
            assert.ok(association.dependencies.includes(cluster.urn));
            assert.equal(association.inputs.dataCollectionRuleId, armId("DataCollectionRule", rule.name));
            assert.equal(association.inputs.resourceUri, armId("ManagedCluster", cluster.name));
        });

        // https://learn.microsoft.com/en-us/azure/azure-monitor/containers/container-insights-data-collection-configure
        // ("Logs and events: ContainerLogV2, KubeEvents, KubePodInventory. Recommended if you have enabled
        // managed Prometheus metrics"): the default group stream also ingests Perf and InsightsMetrics,
        // which kube-prometheus-stack already collects.
        it("production: collects logs, events and pod inventory only, not the metrics kube-prometheus-stack has", async () => {
            const rule = onlyResource(await validStackRun(azure("production")), "azure-native:monitor:DataCollectionRule").inputs;
            const logsAndEvents = ["Microsoft-ContainerLogV2", "Microsoft-KubeEvents", "Microsoft-KubePodInventory"];
            const [extension] = rule.dataSources.extensions;
            assert.deepEqual([...extension.streams].sort(), logsAndEvents);
            assert.deepEqual([...rule.dataFlows[0].streams].sort(), logsAndEvents);
            assert.equal(extension.extensionSettings.dataCollectionSettings.enableContainerLogV2, true, "ContainerLogV2 needs its flag");
        });

        it("staging: off (kube-prometheus-stack already collects the metrics), no workspace billed", async () => {
            const run = await validStackRun(azure("staging"));
            assert.equal(onlyResource(run, "azure-native:containerservice:ManagedCluster").inputs.addonProfiles.omsagent, undefined);
            assert.deepEqual(ofType(run, "azure-native:operationalinsights:Workspace"), []);
            assert.deepEqual(ofType(run, "azure-native:monitor:DataCollectionRule"), []);
        });
    });

    describe("availability zones", () => {
        // Every pool spans zones 1-3; a region without availability zones refuses such a pool
        // (https://learn.microsoft.com/en-us/azure/aks/availability-zones: "AKS clusters can use
        // availability zones in any Azure region that has availability zones"; Australia Southeast has
        // none: https://learn.microsoft.com/azure/reliability/regions-list).
        it("refuses a region without availability zones before anything is created, suggesting a zonal one nearby", async () => {
            for (const stack of ["staging", "production"] as const) {
                const problems = await problemsOf(azure(stack, { region: "australiasoutheast" }));
                const problem = problems.find((p) => p.key === "atlasia:region");
                assert.ok(problem, JSON.stringify(problems));
                assert.match(problem.message, /availability zones/);
                assert.match(problem.fix, /atlasia:region '?australiaeast'?$/);
            }
            const dev = await stackRun({
                stack: "dev",
                set: { cloud: "azure", region: "ukwest", clusterAdmins: JSON.stringify([mockAzureObjectId]) },
                secrets: { llmApiKey },
            });
            assert.ok(
                dev.error instanceof StackConfigError && dev.error.problems.some((p) => p.key === "atlasia:region"),
                "development's single pool spans the zones too",
            );
        });
    });

    describe("Kubernetes version and auto-upgrade channels", () => {
        // https://learn.microsoft.com/en-us/azure/aks/auto-upgrade-cluster#cluster-auto-upgrade-channels:
        // stable and rapid move the minor version, patch only the patch, node-image and none never the
        // Kubernetes version. kubernetesVersion takes "1.33" (the newest patch) or "1.33.1"
        // (https://learn.microsoft.com/en-us/rest/api/aks/managed-clusters/create-or-update).
        const versionRun = (channel: string, version: string) =>
            validStackRun(azure("staging", { aksAutoUpgradeChannel: channel, kubernetesVersion: version }));

        it("applies a configured version where no channel moves the minor, to the control plane and both pools", async () => {
            for (const channel of ["none", "node-image", "patch"]) {
                const run = await versionRun(channel, "1.33");
                const cluster = onlyResource(run, "azure-native:containerservice:ManagedCluster");
                const pool = onlyResource(run, "azure-native:containerservice:AgentPool");
                assert.ok(!cluster.ignoreChanges.includes("kubernetesVersion"), `${channel}: a new version must reach the control plane`);
                assert.equal(cluster.inputs.agentPoolProfiles[0].orchestratorVersion, "1.33", `${channel}: the system pool follows`);
                assert.ok(!cluster.ignoreChanges.includes("agentPoolProfiles[0].orchestratorVersion"), channel);
                assert.equal(pool.inputs.orchestratorVersion, "1.33", `${channel}: the user pool follows (a pool left behind blocks later upgrades)`);
                assert.ok(!pool.ignoreChanges.includes("orchestratorVersion"), channel);
            }
        });

        it("leaves the version to stable and rapid, which move it past the configured one", async () => {
            for (const channel of ["stable", "rapid"]) {
                const run = await versionRun(channel, "1.33");
                assert.ok(onlyResource(run, "azure-native:containerservice:ManagedCluster").ignoreChanges.includes("kubernetesVersion"), channel);
                assert.ok(onlyResource(run, "azure-native:containerservice:AgentPool").ignoreChanges.includes("orchestratorVersion"), channel);
            }
        });

        it("refuses a patch version with the patch channel (AKS moves past it, and a later update would ask for a downgrade)", async () => {
            const problems = await problemsOf(azure("staging", { aksAutoUpgradeChannel: "patch", kubernetesVersion: "1.33.1" }));
            const problem = problems.find((p) => p.key === "atlasia:kubernetesVersion");
            assert.ok(problem, JSON.stringify(problems));
            assert.match(problem.fix, /atlasia:kubernetesVersion '?1\.33'?$/);
        });
    });

    describe("maintenance windows (item 19)", () => {
        // https://learn.microsoft.com/en-us/azure/aks/planned-maintenance
        it("schedules auto-upgrade and node OS upgrades in a weekly window of at least 4 hours", async () => {
            const run = await validStackRun(azure("staging", { aksMaintenanceWindow: "Saturday 22:30" }));
            const configs = ofType(run, "azure-native:containerservice:MaintenanceConfiguration");
            assert.deepEqual(configs.map((c) => c.inputs.configName).sort(), ["aksManagedAutoUpgradeSchedule", "aksManagedNodeOSUpgradeSchedule"]);
            for (const config of configs) {
                assert.deepEqual(config.inputs.maintenanceWindow.schedule, { weekly: { dayOfWeek: "Saturday", intervalWeeks: 1 } });
                assert.equal(config.inputs.maintenanceWindow.startTime, "22:30");
                assert.equal(config.inputs.maintenanceWindow.utcOffset, "+00:00");
                assert.ok(config.inputs.maintenanceWindow.durationHours >= 4);
            }
        });

        it("keeps only the node OS window when auto-upgrade is off, and refuses a malformed window", async () => {
            const run = await validStackRun(azure("staging", { aksAutoUpgradeChannel: "none" }));
            assert.deepEqual(
                ofType(run, "azure-native:containerservice:MaintenanceConfiguration").map((c) => c.inputs.configName),
                ["aksManagedNodeOSUpgradeSchedule"],
            );
            const problems = await problemsOf(azure("staging", { aksMaintenanceWindow: "Funday 25:00" }));
            assert.ok(
                problems.some((p) => p.key === "atlasia:aksMaintenanceWindow" && p.fix.endsWith("atlasia:aksMaintenanceWindow 'Sunday 03:00'")),
                JSON.stringify(problems),
            );
        });
    });

    describe("registry pull (issue 11 item 26)", () => {
        // https://learn.microsoft.com/en-us/azure/aks/cluster-container-registry-integration
        it("grants the kubelet identity both pull roles on the named registry (RBAC and RBAC + ABAC modes), and nothing by default", async () => {
            const run = await validStackRun(azure("staging", { aksAcrResourceId: registry }));
            for (const role of [acrPullRole, acrRepositoryReaderRole]) {
                const [pull, ...more] = roleAssignments(run, role);
                assert.deepEqual(more, [], role);
                assert.equal(pull.inputs.scope, registry);
                assert.equal(pull.inputs.principalId, mockAksKubeletObjectId);
                assert.equal(pull.inputs.principalType, "ServicePrincipal");
                assert.equal(
                    pull.inputs.roleDefinitionId,
                    `/subscriptions/11111111-2222-4333-8444-555555555555/providers/Microsoft.Authorization/roleDefinitions/${role}`,
                );
            }
            const unnamed = await validStackRun(azure("staging"));
            assert.deepEqual([...roleAssignments(unnamed, acrPullRole), ...roleAssignments(unnamed, acrRepositoryReaderRole)], []);
            const problems = await problemsOf(azure("staging", { aksAcrResourceId: "atlasiaregistry.azurecr.io" }));
            assert.ok(problems.some((p) => p.key === "atlasia:aksAcrResourceId"));
        });
    });

    it("names the node resource group, which holds the load balancer and the volumes' disks (item 13)", async () => {
        const cluster = onlyResource(await validStackRun(azure("production")), "azure-native:containerservice:ManagedCluster");
        assert.equal(cluster.inputs.nodeResourceGroup, "atlasia-prod-nodes");
    });

    describe("deploy permissions (README, issue 7 item 7)", () => {
        // Built-in role names: https://learn.microsoft.com/en-us/azure/role-based-access-control/built-in-roles;
        // resource provider namespaces: https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/azure-services-resource-providers
        const roleNames: Record<string, string> = {
            [aksClusterAdminRole]: "Azure Kubernetes Service RBAC Cluster Admin",
            [keyVaultCryptoUserRole]: "Key Vault Crypto User",
            [acrPullRole]: "AcrPull",
            [acrRepositoryReaderRole]: "Container Registry Repository Reader",
            // The database backup identity on its blob container (clusters/aks/backup-container.ts).
            "ba92f5b4-2d11-453d-a403-e96b0029c9fe": "Storage Blob Data Contributor",
        };
        const providerNamespaces: Record<string, string> = {
            containerservice: "Microsoft.ContainerService",
            operationalinsights: "Microsoft.OperationalInsights",
            keyvault: "Microsoft.KeyVault",
            managedidentity: "Microsoft.ManagedIdentity",
            monitor: "Microsoft.Insights",
            storage: "Microsoft.Storage",
        };

        it("names every role the program assigns and every resource provider it uses, with no condition that would refuse one", async () => {
            const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
            const deployRow = readme
                .split("**AKS** ([AKS with Azure RBAC]")[1]
                ?.split("\n")
                .find((line) => line.startsWith("| deploy |"));
            assert.ok(deployRow, "README: the AKS permissions table has a deploy row");
            const run = await validStackRun(azure("production", { aksAcrResourceId: registry }));
            const assigned = new Set(
                ofType(run, "azure-native:authorization:RoleAssignment").map((a) => String(a.inputs.roleDefinitionId).split("/").pop() as string),
            );
            for (const role of assigned) {
                assert.ok(roleNames[role], `role ${role} has no name in this test`);
                assert.ok(deployRow.includes(roleNames[role]), `README deploy row does not name "${roleNames[role]}", which the program assigns`);
            }
            const modules = new Set(
                run.resources
                    .map((r) => r.type.split(":"))
                    .filter(([pkg]) => pkg === "azure-native")
                    .map(([, module]) => module),
            );
            for (const module of modules) {
                if (module === "resources" || module === "authorization") continue; // registered in every subscription
                assert.ok(providerNamespaces[module], `module ${module} has no resource provider in this test`);
                assert.ok(deployRow.includes(providerNamespaces[module]), `README deploy row does not register ${providerNamespaces[module]}`);
            }
            assert.doesNotMatch(
                deployRow,
                /conditioned to the AKS RBAC roles/,
                "a condition limited to the AKS roles refuses the Key Vault and AcrPull grants",
            );
        });
    });

    describe("Azure platform rules", () => {
        it("every AKS stack obeys them", async () => {
            for (const stack of ["staging", "production"] as const) {
                assert.deepEqual(platformRuleViolations(await validStackRun(azure(stack))), []);
            }
        });

        it("the rules reject what Azure rejects", () => {
            const rule = (id: string) => azureRules.find((r) => r.id === id)!;
            assert.equal(ruleViolations(rule("azure.aks.agentPool.name"), "user12345678a").length, 1, "13 characters");
            assert.equal(ruleViolations(rule("azure.aks.agentPool.name"), "1user").length, 1);
            assert.equal(ruleViolations(rule("azure.keyVault.name"), "atlasia--prod-abc123").length, 1, "consecutive hyphens");
            assert.equal(ruleViolations(rule("azure.keyVault.name"), "a".repeat(25)).length, 1);
            assert.equal(ruleViolations(rule("azure.resourceGroup.name"), "atlasia.").length, 1);
            assert.equal(ruleViolations(rule("azure.roleAssignment.name"), "atlasia-admin").length, 1);
            assert.equal(ruleViolations(rule("azure.tags.ManagedCluster"), { "a/b": "x", ok: "y".repeat(257) }).length, 2);
        });
    });
});
