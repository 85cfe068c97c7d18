// The whole program per cloud and environment: node sizing is the deployment guide's, every
// resource goes through an explicit provider, secrets stay secret, production is protected.
import { strict as assert } from "assert";
import { runValidProgram, ProgramRun, RecordedResource } from "../harness/run";
import { withOperatorNames } from "./support/runs";
import { stackOptions, validStackRun } from "./support/runs";
import { everyResource, onlyResource } from "./support/resources";

type Stack = "staging" | "production";
const clouds = ["gcp", "aws", "azure"] as const;
const runs = new Map<string, ProgramRun>();

function run(cloud: string, stack: string): ProgramRun {
    const result = runs.get(`${cloud}/${stack}`);
    assert.ok(result, `no run for ${cloud}/${stack}`);
    return result;
}

function providerUrn(result: ProgramRun, type: string): string {
    return onlyResource(result, type).urn;
}

/** The guide's node pools: production is its cloud commands, staging meets its staging minimums. */
const expectedPools: Record<string, Record<Stack, { machineType: string; count: number; min: number; max: number }>> = {
    // gcloud --num-nodes 2 --min-nodes 2 --max-nodes 10 (per zone, --region us-central1)
    gcp: { production: { machineType: "n2-standard-4", count: 2, min: 2, max: 10 }, staging: { machineType: "n2-standard-2", count: 1, min: 1, max: 3 } },
    // eksctl --node-type t3.xlarge --nodes 3 --nodes-min 3 --nodes-max 10
    aws: { production: { machineType: "t3.xlarge", count: 3, min: 3, max: 10 }, staging: { machineType: "t3.large", count: 3, min: 3, max: 6 } },
    // az aks create --node-count 3 --node-vm-size Standard_D4s_v3 --min-count 3 --max-count 10
    azure: { production: { machineType: "Standard_D4s_v3", count: 3, min: 3, max: 10 }, staging: { machineType: "Standard_D2s_v3", count: 3, min: 3, max: 6 } },
};

describe("clusters, whole program per cloud and environment", function () {
    this.timeout(60000);

    before(async () => {
        for (const cloud of clouds) {
            for (const stack of ["staging", "production"] as const) {
                runs.set(`${cloud}/${stack}`, await validStackRun(stackOptions(cloud, stack)));
            }
        }
        runs.set("local/dev", await validStackRun(stackOptions("local", "development")));
    });

    describe("node sizing equals the deployment guide", () => {
        for (const stack of ["staging", "production"] as const) {
            it(`GKE ${stack}: regional pool, counts per zone`, () => {
                const expected = expectedPools.gcp[stack];
                const pool = onlyResource(run("gcp", stack), "gcp:container/nodePool:NodePool").inputs;
                assert.equal(pool.location, "us-central1");
                assert.equal(pool.nodeConfig.machineType, expected.machineType);
                assert.equal(pool.nodeConfig.diskSizeGb, 100);
                assert.equal(pool.initialNodeCount, expected.count);
                assert.equal(pool.autoscaling.minNodeCount, expected.min);
                assert.equal(pool.autoscaling.maxNodeCount, expected.max);
                assert.equal(pool.autoscaling.totalMinNodeCount, undefined, "per-zone counts, as gcloud's");
                assert.deepEqual(pool.management, { autoRepair: true, autoUpgrade: true });
                assert.match(
                    pool.name,
                    /^workers-[0-9a-f]{8}$/,
                    "a name that changes with the machine type lets a replacement pool be created before the old one goes (tests/gke.test.ts)",
                );
            });

            it(`EKS ${stack}: managed node groups, one per zone, summing to the guide's counts`, () => {
                const expected = expectedPools.aws[stack];
                const groups = everyResource(run("aws", stack), "aws:eks/nodeGroup:NodeGroup").map((g) => g.inputs);
                assert.equal(groups.length, 3);
                const total = (key: string) => groups.reduce((sum, g) => sum + g.scalingConfig[key], 0);
                assert.deepEqual(
                    { desiredSize: total("desiredSize"), minSize: total("minSize"), maxSize: total("maxSize") },
                    { desiredSize: expected.count, minSize: expected.min, maxSize: expected.max },
                );
                groups.forEach((group, i) => {
                    assert.deepEqual(group.instanceTypes, [expected.machineType]);
                    assert.equal(group.nodeGroupName, undefined, "a prefix lets a replacement be created before the old group goes");
                    assert.equal(group.nodeGroupNamePrefix, `standard-workers-${i}-`);
                });
                assert.equal(onlyResource(run("aws", stack), "pulumi:providers:aws").inputs.region, "us-east-1");
            });

            it(`AKS ${stack}: autoscaling user pool across zones, beside a small system pool`, () => {
                const expected = expectedPools.azure[stack];
                const cluster = onlyResource(run("azure", stack), "azure-native:containerservice:ManagedCluster").inputs;
                const pool = onlyResource(run("azure", stack), "azure-native:containerservice:AgentPool").inputs;
                assert.equal(pool.mode, "User");
                assert.equal(pool.vmSize, expected.machineType);
                assert.equal(pool.count, expected.count);
                assert.equal(pool.enableAutoScaling, true);
                assert.equal(pool.minCount, expected.min);
                assert.equal(pool.maxCount, expected.max);
                assert.deepEqual(pool.availabilityZones, ["1", "2", "3"]);
                assert.deepEqual(
                    cluster.agentPoolProfiles.map((p: { mode: string }) => p.mode),
                    ["System"],
                    "only the system pool is inline",
                );
                assert.equal(cluster.location, "eastus");
            });
        }

        it("staging's node pool at its minimum size meets the guide's staging minimums on every cloud (3 nodes, 4 vCPU, 8 GB)", () => {
            // The seed guide's "Minimum Requirements (Staging)": 3 worker nodes, 4 vCPU and 8 GB in total.
            const guide = { nodes: 3, vcpus: 4, memoryGb: 8 };
            // Machine shapes from the clouds' catalogues (not the program's clusters/capacity.ts table):
            // cloud.google.com/compute/docs/general-purpose-machines#n2_machine_types, aws.amazon.com/ec2/instance-types/t3/,
            // learn.microsoft.com/azure/virtual-machines/dv3-dsv3-series.
            const shapes: Record<string, { vcpus: number; memoryGb: number }> = {
                "n2-standard-2": { vcpus: 2, memoryGb: 8 },
                "t3.large": { vcpus: 2, memoryGb: 8 },
                Standard_D2s_v3: { vcpus: 2, memoryGb: 8 },
            };
            const gke = onlyResource(run("gcp", "staging"), "gcp:container/nodePool:NodePool").inputs;
            const eks = everyResource(run("aws", "staging"), "aws:eks/nodeGroup:NodeGroup").map((g) => g.inputs);
            const aks = onlyResource(run("azure", "staging"), "azure-native:containerservice:AgentPool").inputs;
            const pools = [
                // A regional GKE pool's counts are per zone, and it spans three zones of the region
                // (cloud.google.com/kubernetes-engine/docs/concepts/regional-clusters#nodes).
                { cloud: "gcp", machineType: gke.nodeConfig.machineType as string, nodes: gke.autoscaling.minNodeCount * 3 },
                // EKS: one group per zone, the minimum their sum.
                { cloud: "aws", machineType: eks[0].instanceTypes[0] as string, nodes: eks.reduce((sum, g) => sum + (g.scalingConfig.minSize as number), 0) },
                { cloud: "azure", machineType: aks.vmSize as string, nodes: aks.minCount as number },
            ];
            for (const { cloud, machineType, nodes } of pools) {
                const shape = shapes[machineType];
                assert.ok(shape, `${cloud}: ${machineType} is not a shape this test knows`);
                assert.ok(nodes >= guide.nodes, `${cloud}: ${nodes} nodes`);
                assert.ok(nodes * shape.vcpus >= guide.vcpus, `${cloud}: ${nodes * shape.vcpus} vCPU`);
                assert.ok(nodes * shape.memoryGb >= guide.memoryGb, `${cloud}: ${nodes * shape.memoryGb} GB`);
            }
        });

        it("the autoscaler owns the live node count: later updates ignore it", () => {
            assert.deepEqual(onlyResource(run("gcp", "production"), "gcp:container/nodePool:NodePool").ignoreChanges.sort(), ["initialNodeCount", "nodeCount"]);
            for (const group of everyResource(run("aws", "production"), "aws:eks/nodeGroup:NodeGroup")) {
                assert.deepEqual(group.ignoreChanges, ["scalingConfig.desiredSize"]);
            }
            assert.ok(
                onlyResource(run("azure", "production"), "azure-native:containerservice:ManagedCluster").ignoreChanges.includes("agentPoolProfiles[0].count"),
            );
            assert.ok(onlyResource(run("azure", "production"), "azure-native:containerservice:AgentPool").ignoreChanges.includes("count"));
        });

        it("a config override changes the machine type and counts", async () => {
            const overridden = await runValidProgram(
                withOperatorNames({
                    stack: "production",
                    set: { ...stackOptions("aws", "production").set, nodeMachineType: "m6i.2xlarge", nodeCount: "4", nodeMinCount: "4", nodeMaxCount: "12" },
                    secrets: { llmApiKey: "sk" },
                }),
            );
            // Totals split over the three zonal groups: 4 = 2+1+1, 12 = 4+4+4.
            const groups = everyResource(overridden, "aws:eks/nodeGroup:NodeGroup").map((g) => g.inputs);
            for (const group of groups) assert.deepEqual(group.instanceTypes, ["m6i.2xlarge"]);
            assert.deepEqual(
                groups.map((g) => g.scalingConfig),
                [
                    { desiredSize: 2, minSize: 2, maxSize: 4 },
                    { desiredSize: 1, minSize: 1, maxSize: 4 },
                    { desiredSize: 1, minSize: 1, maxSize: 4 },
                ],
            );
        });
    });

    describe("GKE hardening", () => {
        it("turns on what the gcloud command and a secure cluster need", () => {
            const result = run("gcp", "production");
            const cluster = onlyResource(result, "gcp:container/cluster:Cluster").inputs;
            assert.equal(cluster.location, "us-central1");
            assert.equal(cluster.removeDefaultNodePool, true);
            assert.deepEqual(cluster.workloadIdentityConfig, { workloadPool: "atlasia-production.svc.id.goog" });
            assert.equal(cluster.datapathProvider, "ADVANCED_DATAPATH", "Dataplane V2 enforces NetworkPolicies");
            assert.equal(cluster.addonsConfig.httpLoadBalancing.disabled, false);
            assert.equal(cluster.addonsConfig.horizontalPodAutoscaling.disabled, false);
            assert.equal(cluster.networkingMode, "VPC_NATIVE");
            assert.equal(cluster.releaseChannel.channel, "REGULAR");
            assert.equal(cluster.enableShieldedNodes, true);
            assert.equal(cluster.privateClusterConfig.enablePrivateNodes, true);
            assert.equal(cluster.deletionProtection, true);
            const apis = result.resources.filter((r) => r.type === "gcp:projects/service:Service");
            assert.deepEqual(apis.map((api) => api.inputs.service).sort(), [
                "cloudkms.googleapis.com",
                "cloudresourcemanager.googleapis.com",
                "compute.googleapis.com",
                "container.googleapis.com",
                "iam.googleapis.com",
                "storage.googleapis.com",
            ]);
            const clusterDependencies = onlyResource(result, "gcp:container/cluster:Cluster").dependencies;
            assert.ok(
                apis.filter((api) => /^(compute|container)\./.test(api.inputs.service)).every((api) => clusterDependencies.includes(api.urn)),
                "the cluster waits for its APIs",
            );
            assert.ok(apis.every((api) => api.inputs.disableOnDestroy === false));
            const pool = onlyResource(result, "gcp:container/nodePool:NodePool").inputs;
            assert.equal(pool.nodeConfig.workloadMetadataConfig.mode, "GKE_METADATA");
            assert.deepEqual(pool.nodeConfig.shieldedInstanceConfig, { enableSecureBoot: true, enableIntegrityMonitoring: true });
            const nodeAccount = result.resources.find(
                (r) => r.type === "gcp:serviceaccount/account:Account" && String(r.inputs.displayName).startsWith("GKE nodes"),
            )!;
            assert.ok(pool.nodeConfig.serviceAccount.startsWith(nodeAccount.inputs.accountId), "nodes run as the dedicated account");
            const roles = result.resources.filter((r) => r.type === "gcp:projects/iAMMember:IAMMember").map((r) => r.inputs.role);
            assert.ok(!roles.some((role) => /owner|editor|admin/i.test(role)), `least privilege: ${roles.join(", ")}`);
            assert.equal(onlyResource(result, "gcp:compute/routerNat:RouterNat").inputs.sourceSubnetworkIpRangesToNat, "ALL_SUBNETWORKS_ALL_IP_RANGES");
            const firewall = onlyResource(result, "gcp:compute/firewall:Firewall").inputs;
            assert.deepEqual(firewall.sourceRanges, [cluster.privateClusterConfig.masterIpv4CidrBlock], "only the control plane");
            assert.deepEqual(firewall.allows, [{ protocol: "tcp", ports: ["6443", "8443", "9443"] }], "webhook and aggregated API ports");
        });

        it("uses the gke-gcloud-auth-plugin and premium-rwo in production", () => {
            const result = run("gcp", "production");
            const kubeconfig = JSON.parse(result.outputs.kubeconfig.value as string);
            assert.equal(kubeconfig.users[0].user.exec.command, "gke-gcloud-auth-plugin");
            assert.equal(kubeconfig.clusters[0].cluster.server, "https://203.0.113.10");
            assert.equal(result.outputs.storageClass.value, "premium-rwo");
            assert.equal(run("gcp", "staging").outputs.storageClass.value, "standard-rwo");
            assert.equal(onlyResource(run("gcp", "staging"), "gcp:container/cluster:Cluster").inputs.deletionProtection, false);
        });
    });

    describe("EKS hardening", () => {
        it("builds a three-zone VPC with private nodes behind NAT", () => {
            const result = run("aws", "production");
            const subnets = result.resources.filter((r) => r.type === "aws:ec2/subnet:Subnet");
            const privateSubnets = subnets.filter((s) => s.inputs.tags["kubernetes.io/role/internal-elb"] === "1");
            const publicSubnets = subnets.filter((s) => s.inputs.tags["kubernetes.io/role/elb"] === "1");
            assert.equal(privateSubnets.length, 3);
            assert.equal(publicSubnets.length, 3);
            assert.deepEqual(new Set(privateSubnets.map((s) => s.inputs.availabilityZoneId)), new Set(["use1-az1", "use1-az2", "use1-az4"]));
            assert.equal(result.resources.filter((r) => r.type === "aws:ec2/natGateway:NatGateway").length, 3, "one NAT per zone in production");
            assert.equal(run("aws", "staging").resources.filter((r) => r.type === "aws:ec2/natGateway:NatGateway").length, 1);
            const groups = everyResource(result, "aws:eks/nodeGroup:NodeGroup");
            assert.deepEqual(
                groups.flatMap((g) => g.inputs.subnetIds).sort(),
                privateSubnets.map((s) => `${s.name}-id`).sort(),
                "nodes only in private subnets, one group in each",
            );
        });

        it("requires IMDSv2, encrypts secrets with KMS, logs the control plane, uses access entries", () => {
            const result = run("aws", "production");
            const template = onlyResource(result, "aws:ec2/launchTemplate:LaunchTemplate").inputs;
            assert.equal(template.metadataOptions.httpTokens, "required");
            assert.equal(template.blockDeviceMappings[0].ebs.volumeSize, 100);
            assert.equal(template.blockDeviceMappings[0].ebs.encrypted, "true");
            const cluster = onlyResource(result, "aws:eks/cluster:Cluster");
            assert.deepEqual(cluster.inputs.encryptionConfig.resources, ["secrets"]);
            assert.equal(cluster.inputs.encryptionConfig.provider.keyArn, `arn:aws:kms:us-east-1:123456789012:key/atlasia-prod-secrets`);
            assert.deepEqual(cluster.inputs.enabledClusterLogTypes.sort(), ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
            assert.equal(cluster.inputs.accessConfig.authenticationMode, "API");
            assert.equal(cluster.protect, true);
            const keyAccess = JSON.parse((result.resources.find((r) => r.name === "atlasia-prod-cluster-kms") as RecordedResource).inputs.policy);
            assert.equal(keyAccess.Statement[0].Resource, cluster.inputs.encryptionConfig.provider.keyArn, "the cluster role may use the key");
            const zones = result.invokes.find((i) => i.token === "aws:index/getAvailabilityZones:getAvailabilityZones");
            // The zones config/aws.ts lists from the EKS user guide (network-reqs.html); CreateCluster fails there with UnsupportedAvailabilityZoneException.
            assert.deepEqual(
                [...((zones?.inputs.excludeZoneIds as string[] | undefined) ?? [])].sort(),
                ["cac1-az3", "use1-az3", "usw1-az2"],
                "skips the zones EKS does not support",
            );
            const entries = result.resources.filter((r) => r.type === "aws:eks/accessEntry:AccessEntry");
            assert.deepEqual(
                entries.map((e) => e.inputs.principalArn),
                ["arn:aws:iam::123456789012:role/platform-deployer"],
                "the listed administrator",
            );
        });

        it("installs the managed add-ons, the OIDC provider and an IRSA role for the EBS CSI driver", () => {
            const result = run("aws", "production");
            const addons = result.resources.filter((r) => r.type === "aws:eks/addon:Addon");
            assert.deepEqual(addons.map((a) => a.inputs.addonName).sort(), ["aws-ebs-csi-driver", "coredns", "kube-proxy", "metrics-server", "vpc-cni"]);
            const oidc = onlyResource(result, "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
            assert.deepEqual(oidc.inputs.clientIdLists, ["sts.amazonaws.com"]);
            const ebsCsi = addons.find((a) => a.inputs.addonName === "aws-ebs-csi-driver") as RecordedResource;
            const role = result.resources.find((r) => r.type === "aws:iam/role:Role" && r.name === "atlasia-prod-ebs-csi") as RecordedResource;
            assert.equal(ebsCsi.inputs.serviceAccountRoleArn, "arn:aws:iam::123456789012:role/atlasia-prod-ebs-csi");
            const trust = JSON.parse(role.inputs.assumeRolePolicy);
            assert.equal(
                trust.Statement[0].Condition.StringEquals["oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF:sub"],
                "system:serviceaccount:kube-system:ebs-csi-controller-sa",
            );
        });

        it("makes an encrypted gp3 StorageClass the default, after the CSI driver", () => {
            const result = run("aws", "production");
            const storageClass = onlyResource(result, "kubernetes:storage.k8s.io/v1:StorageClass");
            assert.equal(storageClass.inputs.metadata.name, "gp3");
            assert.equal(storageClass.inputs.metadata.annotations["storageclass.kubernetes.io/is-default-class"], "true");
            assert.equal(storageClass.inputs.provisioner, "ebs.csi.aws.com");
            assert.equal(storageClass.inputs.parameters.encrypted, "true");
            const ebsCsi = result.resources.find((r) => r.type === "aws:eks/addon:Addon" && r.inputs.addonName === "aws-ebs-csi-driver") as RecordedResource;
            assert.ok(storageClass.dependencies.includes(ebsCsi.urn));
            assert.equal(result.outputs.storageClass.value, "gp3");
        });

        it("uses aws eks get-token", () => {
            const kubeconfig = JSON.parse(run("aws", "staging").outputs.kubeconfig.value as string);
            assert.equal(kubeconfig.users[0].user.exec.command, "aws");
            assert.deepEqual(kubeconfig.users[0].user.exec.args, [
                "eks",
                "get-token",
                "--cluster-name",
                "atlasia-staging",
                "--region",
                "us-east-1",
                "--output",
                "json",
            ]);
        });
    });

    describe("AKS hardening", () => {
        it("turns on the guide's network policy and monitoring, Entra ID, OIDC and workload identity", () => {
            const result = run("azure", "production");
            const cluster = onlyResource(result, "azure-native:containerservice:ManagedCluster");
            const workspace = onlyResource(result, "azure-native:operationalinsights:Workspace");
            const group = onlyResource(result, "azure-native:resources:ResourceGroup");
            assert.equal(group.inputs.resourceGroupName, "atlasia-prod-rg");
            assert.equal(group.inputs.location, "eastus");
            assert.equal(cluster.inputs.networkProfile.networkPolicy, "cilium", "enforced by Cilium (tests/aks.test.ts: pod network)");
            assert.equal(cluster.inputs.addonProfiles.omsagent.enabled, true);
            assert.equal(
                cluster.inputs.addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID,
                `/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/mock-rg/providers/Workspace/${workspace.name}`,
            );
            assert.equal(cluster.inputs.addonProfiles.omsagent.config.useAADAuth, "true", "Container Insights authenticates with its managed identity");
            assert.equal(cluster.inputs.oidcIssuerProfile.enabled, true);
            assert.equal(cluster.inputs.securityProfile.workloadIdentity.enabled, true);
            assert.equal(cluster.inputs.autoUpgradeProfile.upgradeChannel, "stable");
            assert.equal(cluster.inputs.aadProfile.enableAzureRBAC, true);
            assert.equal(cluster.inputs.disableLocalAccounts, true);
            assert.equal(cluster.protect, true);
            const propagation = onlyResource(result, "time:index/sleep:Sleep");
            const provider = onlyResource(result, "pulumi:providers:kubernetes");
            assert.ok(provider.dependencies.includes(propagation.urn), "the first Kubernetes call waits for Azure RBAC to propagate");
            const admins = result.resources.filter(
                (r) => r.type === "azure-native:authorization:RoleAssignment" && r.inputs.roleDefinitionId.endsWith("/b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"),
            );
            assert.equal(admins.length, 1);
            assert.ok(propagation.dependencies.includes(admins[0].urn));
            assert.equal(admins[0].inputs.principalId, "00000000-0000-4000-8000-000000000003", "the administrator listed in clusterAdmins");
        });

        it("uses managed-csi-premium and a kubelogin kubeconfig that needs no device code", () => {
            const result = run("azure", "staging");
            assert.equal(result.outputs.storageClass.value, "managed-csi-premium");
            const kubeconfig = JSON.parse(result.outputs.kubeconfig.value as string);
            assert.equal(kubeconfig.users[0].user.exec.command, "kubelogin");
            assert.deepEqual(kubeconfig.users[0].user.exec.args.slice(0, 3), ["get-token", "--login", "azurecli"]);
            assert.equal(kubeconfig.clusters[0].cluster.server, "https://atlasia-staging-mock.hcp.eastus.azmk8s.io:443");
        });
    });

    describe("every stack", () => {
        const all = [...clouds.flatMap((cloud) => ["staging", "production"].map((stack) => `${cloud}/${stack}`)), "local/dev"];
        for (const key of all) {
            const [cloud, stack] = key.split("/");
            it(`${key}: every Kubernetes resource uses the new cluster's provider`, () => {
                const result = run(cloud, stack);
                const provider = providerUrn(result, "pulumi:providers:kubernetes");
                const kubernetes = result.resources.filter((r) => r.type.startsWith("kubernetes:"));
                if (cloud !== "local") assert.ok(kubernetes.length > 0);
                for (const resource of kubernetes) {
                    assert.ok(resource.provider.startsWith(`${provider}::`), `${resource.type} ${resource.name} uses "${resource.provider}"`);
                }
            });

            it(`${key}: every cloud resource uses the stack's explicit cloud provider`, () => {
                const result = run(cloud, stack);
                const cloudResources = result.resources.filter((r) => r.custom && /^(gcp|aws|azure-native):/.test(r.type));
                if (cloud === "local") {
                    assert.deepEqual(cloudResources, [], "local creates no cloud resources");
                    return;
                }
                const provider = providerUrn(result, `pulumi:providers:${cloud === "azure" ? "azure-native" : cloud}`);
                for (const resource of cloudResources) assert.ok(resource.provider.startsWith(`${provider}::`), `${resource.type} ${resource.name}`);
            });

            it(`${key}: the kubeconfig and Grafana's password are secrets, in the outputs and into the provider`, () => {
                const result = run(cloud, stack);
                assert.equal(result.outputs.kubeconfig.secret, true);
                assert.equal(result.outputs.grafanaAdminPassword.secret, true);
                assert.equal(typeof result.outputs.grafanaAdminPassword.value, "string");
                if (cloud !== "local") {
                    assert.ok(onlyResource(result, "pulumi:providers:kubernetes").secretPaths.includes("kubeconfig"));
                }
            });

            it(`${key}: every resource has a parent inside a layer component`, () => {
                const result = run(cloud, stack);
                const stackUrn = providerUrn(result, "pulumi:pulumi:Stack");
                const components = new Set(result.resources.filter((r) => r.type.startsWith("atlasia:")).map((r) => r.urn));
                for (const resource of result.resources) {
                    if (resource.type === "pulumi:pulumi:Stack") continue;
                    if (resource.type.startsWith("atlasia:") && resource.parent === stackUrn) continue;
                    assert.ok(components.has(resource.parent), `${resource.type} ${resource.name} has parent ${resource.parent}`);
                }
            });
        }

        it("local: the provider is pinned to the configured context, with kind's ingress exposure", () => {
            const result = run("local", "dev");
            const provider = onlyResource(result, "pulumi:providers:kubernetes");
            assert.equal(provider.inputs.context, "kind-atlasia");
            assert.equal(result.outputs.storageClass.value, "standard");
        });

        it("protects the cluster in production only", () => {
            const clusterTypes = ["gcp:container/cluster:Cluster", "aws:eks/cluster:Cluster", "azure-native:containerservice:ManagedCluster"];
            for (const cloud of clouds) {
                for (const stack of ["staging", "production"]) {
                    const cluster = run(cloud, stack).resources.find((r) => clusterTypes.includes(r.type)) as RecordedResource;
                    assert.equal(cluster.protect, stack === "production", `${cloud}/${stack}`);
                }
            }
        });
    });
});
