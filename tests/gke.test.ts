// GKE through the whole program under mocks: what the first real `pulumi up` needs on a fresh or
// hardened project (issue 7), each expectation with the platform rule it comes from.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ProgramRun, RecordedResource, runProgram } from "../harness/run";
import { StackConfigError } from "../config/reader";
import { gcpLabels, gkeNames } from "../clusters/gke/names";
import { gkeDeployRoles } from "../clusters/gke/permissions";
import { projectRoot } from "../harness/stack-config";
import { ruleViolations, textViolation } from "../clusters/platform-rules/rule";
import { gcpLabelValue, gcpRules } from "../clusters/platform-rules/gcp";
import { platformRuleViolations } from "./support/platform-rules";
import { createdResources } from "./support/property-runs";
import { llmApiKey, stackOptions, validStackRun } from "./support/runs";
import { onlyResource } from "./support/resources";

const project = "my-project-123";
const gcpDevelopment = { stack: "dev", set: { cloud: "gcp", "gcp:project": project }, secrets: { llmApiKey } };

function all(run: ProgramRun, type: string): RecordedResource[] {
    return run.resources.filter((r) => r.type === type);
}

/** The nodes' own account (the other one is the database backup account). */
function nodeAccount(run: ProgramRun): RecordedResource {
    const found = all(run, "gcp:serviceaccount/account:Account").filter((a) => String(a.inputs.displayName).startsWith("GKE nodes"));
    assert.equal(found.length, 1);
    return found[0];
}

function api(run: ProgramRun, service: string): RecordedResource {
    const found = all(run, "gcp:projects/service:Service").find((r) => r.inputs.service === service);
    assert.ok(found, `${service} is enabled`);
    return found;
}

async function problems(set: Record<string, string>, stack = "production"): Promise<string> {
    const run = await runProgram({ stack, set, secrets: { llmApiKey } });
    assert.ok(run.error instanceof StackConfigError, `rejected with a configuration error, got ${run.error?.message ?? "success"}`);
    assert.deepEqual(createdResources(run), [], "before any resource");
    return run.error.message;
}

describe("GKE (issue 7)", function () {
    this.timeout(60000);
    let production: ProgramRun;
    let staging: ProgramRun;
    let development: ProgramRun;

    before(async () => {
        production = await validStackRun(stackOptions("gcp", "production"));
        staging = await validStackRun(stackOptions("gcp", "staging"));
        development = await validStackRun(gcpDevelopment);
    });

    describe("deploy-breaking defects", () => {
        it("1: the node pool has an explicit 40-character-safe name, not a namePrefix (pulumi-gcp auto-names `name`, and the provider refuses name with name_prefix)", () => {
            // pulumi-gcp provider/resources.go calls SetAutonaming(255, "-") (pulumi-gcp #1510: a NodePool
            // named "primaryPreemptibleNodes-b8a97f9"); pulumi-terraform-bridge applyDefaults skips an
            // auto-name only for a field declared ConflictsWith, and the node pool schema declares none;
            // expandNodePool then fails: "Cannot specify both name and name_prefix for a node_pool".
            for (const run of [production, staging, development]) {
                const pool = onlyResource(run, "gcp:container/nodePool:NodePool").inputs;
                assert.equal(pool.namePrefix, undefined, "a namePrefix would be sent together with Pulumi's auto-name");
                assert.match(pool.name, /^workers-[0-9a-f]{8}$/);
                assert.deepEqual(platformRuleViolations(run), []);
            }
        });

        it("1: the pool's name changes with a setting that replaces the pool (so the new one is created first), not with its counts", async () => {
            const poolName = (run: ProgramRun) => onlyResource(run, "gcp:container/nodePool:NodePool").inputs.name as string;
            const larger = await validStackRun({ ...stackOptions("gcp", "staging"), set: { cloud: "gcp", nodeMachineType: "n2-standard-4" } });
            const wider = await validStackRun({ ...stackOptions("gcp", "staging"), set: { cloud: "gcp", nodeMaxCount: "5" } });
            assert.notEqual(poolName(larger), poolName(staging), "a new machine type names a new pool");
            assert.equal(poolName(wider), poolName(staging), "the autoscaler's range changes in place");
        });

        it("2: GKE's temporary default pool runs as the node account, after its role bindings; later changes to it are ignored (tf-provider-google #17511, #12070)", () => {
            const cluster = onlyResource(production, "gcp:container/cluster:Cluster");
            const account = nodeAccount(production);
            assert.equal(cluster.inputs.nodeConfig.serviceAccount, `${account.inputs.accountId}@atlasia-production.iam.gserviceaccount.com`);
            assert.ok(cluster.ignoreChanges.includes("nodeConfig"), "a nodeConfig diff would replace the cluster");
            // terraform-google-modules/kubernetes-engine cluster.tf: lifecycle { ignore_changes = [node_pool, initial_node_count] };
            // the provider reads initial_node_count back from the API, and the field forces a new cluster.
            assert.ok(
                cluster.ignoreChanges.includes("initialNodeCount"),
                "the default pool's initial count read back after its removal would replace the cluster",
            );
            const bindings = all(production, "gcp:projects/iAMMember:IAMMember");
            assert.ok(bindings.length > 0);
            for (const binding of bindings) assert.ok(cluster.dependencies.includes(binding.urn), `the cluster waits for ${binding.inputs.role}`);
        });

        it("3: the IAM, Resource Manager, KMS and Cloud Storage APIs are enabled, and what calls them waits for them", () => {
            // The node account and the database backup account (clusters/gke/backup-bucket.ts).
            const accounts = all(production, "gcp:serviceaccount/account:Account");
            assert.equal(accounts.length, 2);
            for (const account of accounts)
                assert.ok(account.dependencies.includes(api(production, "iam.googleapis.com").urn), `${account.inputs.accountId} waits for the IAM API`);
            for (const binding of all(production, "gcp:projects/iAMMember:IAMMember")) {
                assert.ok(
                    binding.dependencies.includes(api(production, "cloudresourcemanager.googleapis.com").urn),
                    "project IAM bindings wait for Resource Manager",
                );
            }
            assert.ok(onlyResource(production, "gcp:kms/keyRing:KeyRing").dependencies.includes(api(production, "cloudkms.googleapis.com").urn));
            // The backup bucket calls the Cloud Storage API (https://cloud.google.com/storage/docs/apis),
            // off in a new project until enabled.
            assert.ok(
                onlyResource(production, "gcp:storage/bucket:Bucket").dependencies.includes(api(production, "storage.googleapis.com").urn),
                "the bucket waits for the Cloud Storage API",
            );
            const lookup = production.invokes.find((i) => i.token === "gcp:organizations/getProject:getProject");
            assert.equal(lookup?.inputs.projectId, "atlasia-production", "the project number comes from the project itself");
        });
    });

    describe("permissions (7)", () => {
        it("7: every kind of GCP resource the GKE layer creates has a deploy role, and README's GKE deploy row names each one", async () => {
            const privateRun = await validStackRun({
                ...stackOptions("gcp", "production"),
                set: { cloud: "gcp", apiEndpointAccess: "private", apiAuthorizedCidrs: "" },
            });
            const types = new Set(
                [production, staging, development, privateRun].flatMap((run) => run.resources.map((r) => r.type)).filter((type) => type.startsWith("gcp:")),
            );
            assert.deepEqual(
                [...types].filter((type) => !gkeDeployRoles[type]),
                [],
                "resource types without a documented deploy role",
            );
            const readme = fs.readFileSync(path.join(projectRoot, "README.md"), "utf8");
            const gkeSection = readme.slice(readme.indexOf("**GKE** ([GKE IAM roles]"), readme.indexOf("**EKS** ([KMS for Secrets]"));
            const deployRow = gkeSection.split("\n").find((line) => line.startsWith("| deploy |")) ?? "";
            const roles = [...new Set(Object.values(gkeDeployRoles))];
            assert.deepEqual(
                roles.filter((role) => !deployRow.includes(`\`${role}\``)),
                [],
                "roles missing from the README's GKE deploy row",
            );
        });
    });

    describe("replacement hazards", () => {
        it("11: the Kubernetes provider's clusterIdentifier is the cluster's own DNS endpoint, new with every cluster, not its name", () => {
            const provider = onlyResource(production, "pulumi:providers:kubernetes");
            assert.notEqual(provider.inputs.clusterIdentifier, "atlasia-prod");
            assert.match(provider.inputs.clusterIdentifier, /^gke-[0-9a-f]+-\d+\.us-central1\.gke\.goog$/);
        });
    });

    describe("security", () => {
        it("14: the gcp provider's own credentials settings reach the explicit provider (credentials stay secret)", async () => {
            const run = await validStackRun({
                ...stackOptions("gcp", "staging"),
                set: {
                    cloud: "gcp",
                    "gcp:impersonateServiceAccount": "deployer@atlasia-staging.iam.gserviceaccount.com",
                    "gcp:impersonateServiceAccountDelegates": '["ci@atlasia-staging.iam.gserviceaccount.com"]',
                },
                secrets: { llmApiKey, "gcp:credentials": "/secure/key.json" },
            });
            const provider = onlyResource(run, "pulumi:providers:gcp");
            assert.equal(provider.inputs.impersonateServiceAccount, "deployer@atlasia-staging.iam.gserviceaccount.com");
            assert.ok(JSON.stringify(provider.inputs.impersonateServiceAccountDelegates).includes("ci@atlasia-staging"));
            assert.equal(provider.inputs.credentials, "/secure/key.json");
            assert.ok(provider.secretPaths.includes("credentials"));
        });

        it("14: a gcp setting the explicit provider would ignore is refused with the command that removes it", async () => {
            const message = await problems({ "gcp:disableGooglePartnerName": "true", "gcp:region": "europe-west1", "gcp:zone": "us-central1-a" });
            assert.match(message, /gcp:zone: "us-central1-a" is not used[^\n]*\n\s+fix: pulumi config rm --stack production gcp:zone/);
            assert.match(message, /gcp:disableGooglePartnerName: is not passed to the program's explicit GCP provider/);
            assert.match(message, /fix: pulumi config rm --stack production gcp:disableGooglePartnerName/);
            assert.match(message, /gcp:region: "europe-west1" differs from atlasia:region \(us-central1\)/);
        });

        it("15: private endpoint access turns the public endpoint off; authorized lists the ranges; public has no list", async () => {
            const privateRun = await validStackRun({
                ...stackOptions("gcp", "production"),
                set: { cloud: "gcp", apiEndpointAccess: "private", apiAuthorizedCidrs: "" },
            });
            const privateCluster = onlyResource(privateRun, "gcp:container/cluster:Cluster").inputs;
            assert.equal(privateCluster.privateClusterConfig.enablePrivateEndpoint, true);
            assert.deepEqual(privateCluster.masterAuthorizedNetworksConfig, { cidrBlocks: [], gcpPublicCidrsAccessEnabled: false });
            const authorized = onlyResource(production, "gcp:container/cluster:Cluster").inputs;
            assert.equal(authorized.privateClusterConfig.enablePrivateEndpoint, false);
            assert.deepEqual(authorized.masterAuthorizedNetworksConfig.cidrBlocks, [{ cidrBlock: "203.0.113.0/24", displayName: "203.0.113.0/24" }]);
            assert.equal(onlyResource(staging, "gcp:container/cluster:Cluster").inputs.masterAuthorizedNetworksConfig, undefined);
        });

        it('15: an authorized or private endpoint does not also admit every Compute Engine public IP (MasterAuthorizedNetworksConfig: "...except traffic from the given CIDR blocks, Google Compute Engine Public IPs and Google Prod IPs")', async () => {
            // https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters#MasterAuthorizedNetworksConfig
            const privateRun = await validStackRun({
                ...stackOptions("gcp", "production"),
                set: { cloud: "gcp", apiEndpointAccess: "private", apiAuthorizedCidrs: "" },
            });
            for (const run of [production, privateRun]) {
                const config = onlyResource(run, "gcp:container/cluster:Cluster").inputs.masterAuthorizedNetworksConfig;
                assert.strictEqual(config.gcpPublicCidrsAccessEnabled, false, "any project's VM could reach the API server");
            }
        });

        it("16: the GKE service agent is generated (services.generateServiceIdentity) before its key grant, not assumed to exist right after the API is enabled", () => {
            // https://cloud.google.com/service-usage/docs/reference/rest/v1beta1/services/generateServiceIdentity
            const agent = onlyResource(production, "gcp:projects/serviceIdentity:ServiceIdentity");
            assert.equal(agent.inputs.service, "container.googleapis.com");
            assert.ok(agent.dependencies.includes(api(production, "container.googleapis.com").urn), "generated once the API is enabled");
            const grant = onlyResource(production, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember");
            assert.ok(grant.dependencies.includes(agent.urn), "the grant names an agent that exists");
        });

        it("16: Secrets are encrypted with a rotating Cloud KMS key in the cluster's region, after the GKE service agent may use it", () => {
            const cluster = onlyResource(production, "gcp:container/cluster:Cluster");
            const key = onlyResource(production, "gcp:kms/cryptoKey:CryptoKey");
            const keyRing = onlyResource(production, "gcp:kms/keyRing:KeyRing");
            const grant = onlyResource(production, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember");
            assert.deepEqual(cluster.inputs.databaseEncryption, { state: "ENCRYPTED", keyName: `${key.name}-id` });
            assert.equal(keyRing.inputs.location, "us-central1", "GKE needs the key in the cluster's region");
            assert.equal(key.inputs.rotationPeriod, "7776000s");
            assert.equal(grant.inputs.role, "roles/cloudkms.cryptoKeyEncrypterDecrypter");
            assert.equal(grant.inputs.member, "serviceAccount:service-210987654321@container-engine-robot.iam.gserviceaccount.com");
            assert.equal(grant.inputs.cryptoKeyId, `${key.name}-id`);
            assert.ok(cluster.dependencies.includes(grant.urn), "the cluster is created after the grant");
        });

        it("16: production protects the key (losing it loses every Secret); staging does not", () => {
            assert.equal(onlyResource(production, "gcp:kms/cryptoKey:CryptoKey").protect, true);
            assert.equal(onlyResource(production, "gcp:kms/keyRing:KeyRing").protect, true);
            assert.equal(onlyResource(staging, "gcp:kms/cryptoKey:CryptoKey").protect, false);
        });

        it("production's GKE deletion protection is lifted only by atlasia:allowClusterDeletion (a teardown); Pulumi's protect stays", async () => {
            assert.equal(onlyResource(production, "gcp:container/cluster:Cluster").inputs.deletionProtection, true);
            const teardown = await validStackRun({ ...stackOptions("gcp", "production"), set: { cloud: "gcp", allowClusterDeletion: "true" } });
            const cluster = onlyResource(teardown, "gcp:container/cluster:Cluster");
            assert.equal(cluster.inputs.deletionProtection, false);
            assert.equal(cluster.protect, true);
        });

        it("16: key rings cannot be deleted, so their name carries a random suffix and a destroyed stack can be created again", () => {
            const name = onlyResource(staging, "gcp:kms/keyRing:KeyRing").inputs.name as string;
            assert.match(name, /^atlasia-staging-secrets-[0-9a-f]{8}$/);
        });

        it("17: Dataplane V2 instead of the Calico add-on, and the node account has GKE's node role plus Artifact Registry read", () => {
            const cluster = onlyResource(production, "gcp:container/cluster:Cluster").inputs;
            assert.equal(cluster.datapathProvider, "ADVANCED_DATAPATH");
            assert.equal(cluster.networkPolicy, undefined, "no Calico");
            assert.equal(cluster.addonsConfig.networkPolicyConfig, undefined, "no Calico add-on");
            const roles = all(production, "gcp:projects/iAMMember:IAMMember")
                .map((r) => r.inputs.role)
                .sort();
            assert.deepEqual(roles, ["roles/artifactregistry.reader", "roles/container.defaultNodeServiceAccount"]);
        });
    });

    describe("cost", () => {
        it("18: flow logs and intranode visibility only in production", () => {
            assert.ok(onlyResource(production, "gcp:compute/subnetwork:Subnetwork").inputs.logConfig, "production logs flows");
            assert.equal(onlyResource(production, "gcp:container/cluster:Cluster").inputs.enableIntranodeVisibility, true);
            for (const run of [staging, development]) {
                assert.equal(onlyResource(run, "gcp:compute/subnetwork:Subnetwork").inputs.logConfig, undefined);
                assert.equal(onlyResource(run, "gcp:container/cluster:Cluster").inputs.enableIntranodeVisibility, false);
            }
        });

        it("18: development on GKE is a zonal cluster with one small node", () => {
            const cluster = onlyResource(development, "gcp:container/cluster:Cluster").inputs;
            const pool = onlyResource(development, "gcp:container/nodePool:NodePool").inputs;
            assert.equal(cluster.location, "us-central1-b");
            assert.equal(pool.location, "us-central1-b");
            assert.equal(pool.nodeConfig.machineType, "e2-standard-4");
            assert.deepEqual([pool.initialNodeCount, pool.autoscaling.minNodeCount, pool.autoscaling.maxNodeCount], [1, 1, 1]);
            assert.equal(onlyResource(staging, "gcp:container/cluster:Cluster").inputs.location, "us-central1", "staging stays regional");
        });

        it("18: development on EKS and AKS is one small node too", async () => {
            const aws = await validStackRun({ stack: "dev", set: { cloud: "aws", clusterAdminIncludeDeployer: "true" }, secrets: { llmApiKey } });
            assert.deepEqual(onlyResource(aws, "aws:eks/nodeGroup:NodeGroup").inputs.scalingConfig, { desiredSize: 1, minSize: 1, maxSize: 1 });
            const azure = await validStackRun({ stack: "dev", set: stackOptions("azure", "development").set, secrets: { llmApiKey } });
            const [pool] = onlyResource(azure, "azure-native:containerservice:ManagedCluster").inputs.agentPoolProfiles;
            assert.deepEqual([pool.count, pool.minCount, pool.maxCount], [1, 1, 1]);
        });

        it("18: gkeZone picks another zone of the region, and is refused outside development or outside the region", async () => {
            const run = await validStackRun({ ...gcpDevelopment, set: { ...gcpDevelopment.set, gkeZone: "us-central1-f" } });
            assert.equal(onlyResource(run, "gcp:container/cluster:Cluster").inputs.location, "us-central1-f");
            assert.match(
                await problems({ ...gcpDevelopment.set, gkeZone: "europe-west1-b" }, "dev"),
                /gkeZone: "europe-west1-b" is not a zone of region us-central1/,
            );
            assert.match(await problems({ gkeZone: "us-central1-c" }), /gkeZone: a production cluster is regional/);
        });
    });

    describe("GCP rules as data (clusters/platform-rules/gcp.ts)", () => {
        const rule = (id: string) => {
            const found = gcpRules.find((r) => r.id === id);
            assert.ok(found, id);
            return found;
        };

        it("service account IDs: 6-30 characters, never ending in '-'", () => {
            assert.deepEqual(ruleViolations(rule("gcp.serviceAccount.accountId"), "atlasia-development-cluster-x"), []);
            assert.equal(ruleViolations(rule("gcp.serviceAccount.accountId"), "atlasia-development-cluster-x-").length, 1);
            assert.equal(ruleViolations(rule("gcp.serviceAccount.accountId"), "a-bc").length, 1);
        });

        it("Compute Engine names stop at 63 characters; GKE cluster names at 40", () => {
            assert.deepEqual(ruleViolations(rule("gcp.firewall.name"), `a${"b".repeat(62)}`), []);
            assert.match(ruleViolations(rule("gcp.firewall.name"), `a${"b".repeat(63)}`)[0], /64 characters, over the limit of 63/);
            assert.match(ruleViolations(rule("gcp.cluster.name"), `a${"b".repeat(40)}`)[0], /41 characters, over the limit of 40/);
        });

        it("label values: no upper case, no dots", () => {
            assert.equal(ruleViolations(rule("gcp.cluster.resourceLabels"), { stack: "Team.Prod" }).length, 1);
            assert.deepEqual(ruleViolations(rule("gcp.cluster.resourceLabels"), { stack: "team-prod", "managed-by": "pulumi" }), []);
        });
    });

    describe("validation (19)", () => {
        it("a service account ID cut at 30 characters never ends in '-' (IAM accountId [a-z]([-a-z0-9]*[a-z0-9]))", async () => {
            const clusterName = "atlasia-development-cluster-x"; // + "-nodes" cut at 30 ends in "-"
            assert.equal(gkeNames(clusterName).nodeServiceAccountId, "atlasia-development-cluster-x");
            const run = await validStackRun({ ...stackOptions("gcp", "staging"), set: { cloud: "gcp", clusterName } });
            assert.equal(nodeAccount(run).inputs.accountId, "atlasia-development-cluster-x");
            const ids = all(run, "gcp:serviceaccount/account:Account").map((a) => a.inputs.accountId);
            assert.equal(new Set(ids).size, ids.length, `account IDs are unique in the project: ${ids.join(", ")}`);
            assert.deepEqual(platformRuleViolations(run), []);
        });

        it("the longest cluster name (40) yields names within every GCP limit (the firewall rule was 64 characters)", async () => {
            const run = await validStackRun({ ...stackOptions("gcp", "staging"), set: { cloud: "gcp", clusterName: `a${"b".repeat(38)}c` } });
            assert.deepEqual(platformRuleViolations(run), []);
            assert.ok(onlyResource(run, "gcp:compute/firewall:Firewall").inputs.name.length <= 63);
        });

        it("a stack name with upper case and dots becomes a valid GCP label value (labels allow [a-z0-9_-], 63 characters)", () => {
            const labels = gcpLabels({ stack: "Team.Prod-EU", long: "x".repeat(80) });
            assert.deepEqual(labels, { stack: "team-prod-eu", long: "x".repeat(63) });
            for (const value of Object.values(labels)) assert.equal(textViolation(gcpLabelValue, value), undefined);
        });

        it("every GCP resource label and the provider's default labels pass GCP's label rules", () => {
            for (const run of [production, staging, development]) assert.deepEqual(platformRuleViolations(run), []);
            const provider = onlyResource(production, "pulumi:providers:gcp");
            assert.deepEqual(JSON.parse(provider.inputs.defaultLabels), {
                project: "atlasia",
                environment: "production",
                stack: "production",
                "managed-by": "pulumi",
            });
        });

        it("a cluster name or project ID GKE would reject is a configuration error citing the rule", async () => {
            const message = await problems({ clusterName: "atlasia-prod-", "gcp:project": "Atlasia_Prod" });
            assert.match(message, /gcp:project: "Atlasia_Prod" is not a GCP project ID/);
            assert.match(message, /atlasia:clusterName: "atlasia-prod-"/);
        });
    });
});
