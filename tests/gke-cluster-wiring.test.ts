// How the GKE layer's pieces are wired, through the whole program under mocks: the nodes' access
// scope, the secrets key, the node account's IAM member, the kubeconfig handed to kubectl and the
// Kubernetes provider, deploy ordering (dependsOn), the component's outputs, and names cut to fit.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Program, ProgramRun, RecordedResource, RunOptions, runProgram } from "../harness/run";
import { gkeNames } from "../clusters/gke/names";
import { platformRuleViolations } from "./support/platform-rules";
import { stackOptions, validStackRun, withOperatorNames } from "./support/runs";
import { onlyResource } from "./support/resources";

function enabledApi(run: ProgramRun, service: string): RecordedResource {
    return onlyResource(run, "gcp:projects/service:Service", (r) => r.inputs.service === service);
}

/** The parts of the SDK's mock monitor (@pulumi/pulumi runtime/mocks.js MockMonitor) these tests use. */
interface MockMonitor {
    mocks: pulumi.runtime.Mocks;
    getRegisteredResources(): Map<string, { urn: string; state: unknown }>;
}

/** Runs the real program after `prepare` has seen (and may adjust) the run's mock monitor. */
async function runWithMonitor(
    options: RunOptions,
    prepare: (monitor: MockMonitor) => void = () => undefined,
): Promise<{ run: ProgramRun; monitor: MockMonitor }> {
    let monitor: MockMonitor | undefined;
    const run = await runProgram(withOperatorNames(options), () => {
        monitor = pulumi.runtime.getMonitor() as unknown as MockMonitor;
        prepare(monitor);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return (require("../index") as Program)();
    });
    assert.ok(monitor);
    return { run, monitor };
}

/** A run whose GKE cluster comes back from the provider with `endpoints` as its controlPlaneEndpointsConfig. */
function runWithClusterEndpoints(endpoints: Record<string, unknown> | undefined) {
    return runWithMonitor(stackOptions("gcp", "production"), (monitor) => {
        const original = monitor.mocks;
        monitor.mocks = {
            call: (args) => original.call(args),
            newResource: async (args) => {
                const result = await original.newResource(args);
                if (args.type !== "gcp:container/cluster:Cluster") return result;
                return { ...result, state: { ...result.state, controlPlaneEndpointsConfig: endpoints } };
            },
        };
    });
}

describe("GKE wiring: scopes, keys, kubeconfig, ordering and outputs", function () {
    this.timeout(60000);
    let production: ProgramRun;

    before(async () => {
        production = await validStackRun(stackOptions("gcp", "production"));
    });

    it("nodes (the managed pool and GKE's temporary default pool) get the cloud-platform scope; IAM roles do the limiting", () => {
        // "Google recommends custom service accounts that have cloud-platform scope and permissions
        // granted via IAM Roles" (pulumi-gcp container.NodePool example); the terraform-google-modules
        // kubernetes-engine modules default node_pools_oauth_scopes to cloud-platform. A node without a
        // scope cannot call any Google API, whatever its account's roles.
        // https://cloud.google.com/kubernetes-engine/docs/how-to/access-scopes
        const scopes = ["https://www.googleapis.com/auth/cloud-platform"];
        assert.deepEqual(onlyResource(production, "gcp:container/cluster:Cluster").inputs.nodeConfig.oauthScopes, scopes);
        assert.deepEqual(onlyResource(production, "gcp:container/nodePool:NodePool").inputs.nodeConfig.oauthScopes, scopes);
    });

    it("the secrets key is a symmetric encryption key (purpose ENCRYPT_DECRYPT), as application-layer secrets encryption requires", () => {
        // https://cloud.google.com/kubernetes-engine/docs/how-to/encrypting-secrets: "a symmetric key";
        // Cloud KMS calls that purpose ENCRYPT_DECRYPT (https://cloud.google.com/kms/docs/algorithms#key_purposes).
        assert.equal(onlyResource(production, "gcp:kms/cryptoKey:CryptoKey").inputs.purpose, "ENCRYPT_DECRYPT");
    });

    it("the node account's project roles name it as serviceAccount:<email>", () => {
        // IAM principal identifiers: serviceAccount:SA_EMAIL (https://cloud.google.com/iam/docs/principal-identifiers).
        const bindings = production.resources.filter((r) => r.type === "gcp:projects/iAMMember:IAMMember");
        assert.equal(bindings.length, 2);
        for (const binding of bindings) assert.equal(binding.inputs.member, "serviceAccount:atlasia-prod-nodes@atlasia-production.iam.gserviceaccount.com");
    });

    it("the project-number lookup for the GKE service agent waits for the Resource Manager API, and so does the key grant built from it", () => {
        // projects.get is a Resource Manager call (https://cloud.google.com/resource-manager/reference/rest/v1/projects/get);
        // in a new project the API is off until enabled. The invoke's dependsOn reaches the grant's member.
        const grant = onlyResource(production, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember");
        assert.ok(
            grant.propertyDependencies.member.includes(enabledApi(production, "cloudresourcemanager.googleapis.com").urn),
            "the member (service-<project number>@...) depends on the Resource Manager API",
        );
    });

    describe("kubeconfig", () => {
        const kubeconfigOf = (run: ProgramRun) => JSON.parse(run.outputs.kubeconfig.value as string);

        it("authenticates with gke-gcloud-auth-plugin as gcloud writes it: cluster info passed to the plugin, install hint in full", () => {
            // gcloud container clusters get-credentials writes provideClusterInfo: true for the plugin
            // (https://cloud.google.com/blog/products/containers-kubernetes/kubectl-auth-changes-in-gke);
            // the plugin is installed with `gcloud components install gke-gcloud-auth-plugin`
            // (https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin).
            // client-go shows installHint when the command is missing (kubernetes.io/docs/reference/access-authn-authz/authentication/#input-and-output-formats).
            const exec = kubeconfigOf(production).users[0].user.exec;
            assert.equal(exec.installHint, "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin");
            assert.strictEqual(exec.provideClusterInfo, true);
        });

        it("carries the cluster's CA certificate (base64 PEM), so kubectl verifies the API server", () => {
            const ca = kubeconfigOf(production).clusters[0].cluster["certificate-authority-data"] as string;
            assert.match(Buffer.from(ca, "base64").toString("utf8"), /^-----BEGIN CERTIFICATE-----\n/);
        });
    });

    describe("deploy ordering", () => {
        it("the Kubernetes provider waits for the node pool: nothing is applied to a cluster with no nodes to run it", () => {
            // Helm releases with --wait and Jobs would time out on a cluster whose pool is still being created.
            const provider = onlyResource(production, "pulumi:providers:kubernetes");
            assert.ok(provider.dependencies.includes(onlyResource(production, "gcp:container/nodePool:NodePool").urn));
        });
    });

    describe("the cluster's DNS endpoint as the provider's identity", () => {
        // The provider returns no controlPlaneEndpointsConfig, or one without dnsEndpointConfig, when the
        // GKE API omits them: flattenControlPlaneEndpointsConfig and flattenDnsEndpointConfig return nil
        // for a nil block (terraform-provider-google resource_container_cluster.go; the same code in
        // GoogleCloudPlatform/terraform-google-conversion's cai2hcl container converter).
        for (const [label, endpoints] of [
            ["no controlPlaneEndpointsConfig", undefined],
            ["a controlPlaneEndpointsConfig without dnsEndpointConfig", {}],
        ] as const) {
            it(`a cluster with ${label} still gets its Kubernetes provider, identified by the cluster's name`, async () => {
                const { run } = await runWithClusterEndpoints(endpoints);
                assert.equal(run.error, undefined, `the program failed: ${run.error?.message}`);
                assert.equal(onlyResource(run, "pulumi:providers:kubernetes").inputs.clusterIdentifier, "atlasia-prod");
            });
        }
    });

    it("the GKE component records the cluster's name and endpoint as its outputs (shown in the stack's state)", async () => {
        const { run, monitor } = await runWithMonitor(stackOptions("gcp", "production"));
        assert.equal(run.error, undefined);
        const component = [...monitor.getRegisteredResources().values()].find((r) => r.urn.endsWith("$atlasia:cluster:GkeCluster::cluster"));
        assert.ok(component, "the GkeCluster component is registered");
        const outputs = pulumi.runtime.deserializeProperties(component.state as never);
        assert.deepEqual(outputs, { clusterName: "atlasia-prod", endpoint: "203.0.113.10" });
    });

    it("a cluster name whose cuts end in several hyphens still yields valid, hyphen-free-ended account IDs", async () => {
        // Service account IDs end in a letter or digit ([a-z]([-a-z0-9]*[a-z0-9]), 6-30 characters:
        // https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts/create). GKE
        // cluster names may hold consecutive hyphens (RFC 1035 labels). "<cluster>-nodes" cut at 30
        // characters ends in "--" here.
        const clusterName = "atlasia-analytics1--euwest01--b";
        assert.equal(gkeNames(clusterName).nodeServiceAccountId, "atlasia-analytics1--euwest01");
        const run = await validStackRun({ ...stackOptions("gcp", "staging"), set: { cloud: "gcp", clusterName } });
        const ids = run.resources
            .filter((r) => r.type === "gcp:serviceaccount/account:Account")
            .map((r) => r.inputs.accountId)
            .sort();
        assert.deepEqual(ids, ["atlasia-analytics1--euwest01", "atlasia-analytics1-db-backup"]);
        assert.deepEqual(platformRuleViolations(run), []);
    });
});
