// EKS, run through the whole program under mocks: Cluster Autoscaler, versions that move together,
// partition-aware ARNs, explicit administrators, stable zones, teardown order, the `aws:` provider
// settings, endpoint exposure, KMS, the VPC CNI's own role, cost settings and validation gaps.
// Each expectation is written out from the AWS / autoscaler documentation cited beside it.
import { strict as assert } from "assert";
import { ProgramRun, RecordedResource, runProgram } from "../harness/run";
import { offlineMocks } from "../harness/mocks";
import { StackConfigError } from "../config/reader";
import { clusterAutoscalerImageTag } from "../clusters/addons/cluster-autoscaler";
import { chooseZoneIds } from "../clusters/eks/network";
import { eksAmiType } from "../clusters/eks/node-group";
import { llmApiKey, mockDeployerRoleArn, stackOptions, stackRun, validStackRun, withConfig, withOperatorNames } from "./support/runs";
import { everyResource, onlyResource } from "./support/resources";

type Env = "staging" | "production";

/** The committed stack on aws with extra config keys ("key" or "namespace:key"). */
function awsStack(environment: Env, set: Record<string, string> = {}) {
    return withConfig(stackOptions("aws", environment), set);
}

const awsRun = (environment: Env, set: Record<string, string> = {}) => validStackRun(awsStack(environment, set));

function all(run: ProgramRun, type: string): RecordedResource[] {
    return run.resources.filter((r) => r.type === type);
}

function addon(run: ProgramRun, addonName: string): RecordedResource {
    const found = all(run, "aws:eks/addon:Addon").find((r) => r.inputs.addonName === addonName);
    assert.ok(found, `no ${addonName} add-on`);
    return found;
}

function attachedPolicies(run: ProgramRun, roleName: string): string[] {
    return all(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        .filter((a) => a.inputs.role === roleName)
        .map((a) => a.inputs.policyArn as string)
        .sort();
}

async function problemsOf(environment: Env, set: Record<string, string>): Promise<StackConfigError["problems"]> {
    const run = await stackRun(awsStack(environment, set));
    assert.ok(run.error instanceof StackConfigError, `expected a configuration error, got ${run.error?.message ?? "a deployment"}`);
    assert.deepEqual(
        run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.name),
        [],
        "nothing is created before the error",
    );
    return run.error.problems;
}

const autoscalerRelease = (run: ProgramRun) => all(run, "kubernetes:helm.sh/v3:Release").find((r) => r.inputs.chart === "cluster-autoscaler");

describe("EKS: Cluster Autoscaler (issue 7 item 4)", function () {
    this.timeout(60000);

    it("is installed on EKS as the pinned chart, finding the node group by its auto-discovery tags", async () => {
        const run = await awsRun("staging");
        const release = autoscalerRelease(run);
        assert.ok(release, "no cluster-autoscaler release on EKS");
        assert.equal(release.inputs.version, "9.59.0");
        assert.equal(release.inputs.repositoryOpts.repo, "https://kubernetes.github.io/autoscaler");
        assert.equal(release.inputs.namespace, "cluster-autoscaler");
        const values = release.inputs.values;
        assert.equal(values.cloudProvider, "aws");
        assert.equal(values.awsRegion, "us-east-1");
        // autoscaler README, Auto-Discovery Setup: both tag keys, the second naming the cluster.
        assert.deepEqual(values.autoDiscovery.tags, ["k8s.io/cluster-autoscaler/enabled", "k8s.io/cluster-autoscaler/atlasia-staging"]);
        assert.equal(values.autoDiscovery.clusterName, "atlasia-staging");
    });

    it("may remove nodes whose pods only have emptyDir scratch, which every Atlasia pod mounts", async () => {
        // Cluster Autoscaler FAQ (parameters): skip-nodes-with-local-storage defaults to true, "never delete
        // nodes with pods with local storage, e.g. EmptyDir"; workloads/pod.ts gives every pod emptyDir scratch.
        const run = await awsRun("staging");
        const withScratch = all(run, "kubernetes:apps/v1:Deployment").find((d) =>
            d.inputs.spec.template.spec.volumes?.some((v: { emptyDir?: object }) => v.emptyDir),
        );
        assert.ok(withScratch, "some Deployment mounts an emptyDir (the reason for the flag)");
        assert.ok(autoscalerRelease(run)?.inputs.values.customArgs.includes("--skip-nodes-with-local-storage=false"));
    });

    it("runs the image of the cluster's Kubernetes minor", async () => {
        // The mock EKS default is 1.34 when no version is configured.
        assert.equal(autoscalerRelease(await awsRun("staging"))?.inputs.values.image.tag, "v1.34.4");
        assert.equal(autoscalerRelease(await awsRun("staging", { kubernetesVersion: "1.33" }))?.inputs.values.image.tag, "v1.33.5");
        assert.throws(() => clusterAutoscalerImageTag("1.36", "production"), /no release for Kubernetes 1\.36/);
    });

    it("acts through IRSA with a role that may resize only this cluster's groups", async () => {
        const run = await awsRun("staging");
        const role = onlyResource(run, "aws:iam/role:Role", "atlasia-staging-autoscaler");
        assert.equal(
            autoscalerRelease(run)?.inputs.values.rbac.serviceAccount.annotations["eks.amazonaws.com/role-arn"],
            "arn:aws:iam::123456789012:role/atlasia-staging-autoscaler",
        );
        const trust = JSON.parse(role.inputs.assumeRolePolicy);
        assert.deepEqual(trust.Statement[0].Condition.StringEquals, {
            "oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF:sub": "system:serviceaccount:cluster-autoscaler:cluster-autoscaler",
            "oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF:aud": "sts.amazonaws.com",
        });
        const policy = JSON.parse(onlyResource(run, "aws:iam/rolePolicy:RolePolicy", "atlasia-staging-autoscaler").inputs.policy);
        const writes = policy.Statement.filter((s: { Action: string[] }) => s.Action.includes("autoscaling:SetDesiredCapacity"));
        assert.equal(writes.length, 1);
        assert.deepEqual(writes[0].Action.sort(), ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]);
        assert.equal(writes[0].Condition.StringEquals["aws:ResourceTag/k8s.io/cluster-autoscaler/atlasia-staging"], "owned");
        assert.ok(
            autoscalerRelease(run)?.dependencies.includes(onlyResource(run, "aws:iam/rolePolicy:RolePolicy", "atlasia-staging-autoscaler").urn),
            "starts after its permissions",
        );
        const reads = policy.Statement.filter((s: { Action: string[] }) => !s.Action.includes("autoscaling:SetDesiredCapacity")).flatMap(
            (s: { Action: string[] }) => s.Action,
        );
        assert.ok(
            reads.every((action: string) => /:(Describe|Get)/.test(action)),
            `only reads without a condition: ${reads}`,
        );
        // Every read the autoscaler README's auto-discovery policy lists (a missing one fails at runtime only):
        // https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md#iam-policy
        assert.deepEqual([...reads].sort(), [
            "autoscaling:DescribeAutoScalingGroups",
            "autoscaling:DescribeAutoScalingInstances",
            "autoscaling:DescribeLaunchConfigurations",
            "autoscaling:DescribeScalingActivities",
            "autoscaling:DescribeTags",
            "ec2:DescribeImages",
            "ec2:DescribeInstanceTypes",
            "ec2:DescribeLaunchTemplateVersions",
            "ec2:GetInstanceTypesFromInstanceRequirements",
            "eks:DescribeNodegroup",
        ]);
    });

    it("is not installed on GKE or AKS, which scale their node pools themselves", async () => {
        for (const cloud of ["gcp", "azure"] as const) {
            assert.equal(autoscalerRelease(await validStackRun(stackOptions(cloud, "staging"))), undefined, cloud);
        }
    });

    it("a new node range rolls a new group instead of failing on the ignored desired size", async () => {
        everyResource(await awsRun("production"), "aws:eks/nodeGroup:NodeGroup").forEach((group, i) => {
            assert.deepEqual(group.ignoreChanges, ["scalingConfig.desiredSize"]);
            // "Minimum capacity 4 can't be greater than desired size 3" (terraform-aws-modules/terraform-aws-eks#835).
            assert.deepEqual(group.replaceOnChanges.sort(), ["scalingConfig.maxSize", "scalingConfig.minSize"]);
            assert.equal(group.inputs.nodeGroupNamePrefix, `standard-workers-${i}-`, "a prefix, so the new group is created before the old one goes");
        });
    });
});

describe("EKS: versions, partition and identity (issue 7 items 5, 6, 9, 11, 17)", function () {
    this.timeout(60000);

    it("gives the node group the cluster's version and each managed add-on the version for it", async () => {
        const run = await awsRun("staging", { kubernetesVersion: "1.33" });
        assert.equal(onlyResource(run, "aws:eks/cluster:Cluster").inputs.version, "1.33");
        for (const group of everyResource(run, "aws:eks/nodeGroup:NodeGroup")) assert.equal(group.inputs.version, "1.33");
        for (const name of ["vpc-cni", "kube-proxy", "coredns", "metrics-server", "aws-ebs-csi-driver"]) {
            assert.equal(addon(run, name).inputs.addonVersion, `v-mock-${name}-for-1.33`, name);
        }
        const lookups = run.invokes.filter((i) => i.token === "aws:eks/getAddonVersion:getAddonVersion");
        assert.deepEqual([...new Set(lookups.map((i) => i.inputs.kubernetesVersion))], ["1.33"]);
    });

    /** Runs an aws stack with some provider functions answering as another partition would. */
    async function runAs(answers: Record<string, (inputs: Record<string, any>) => Record<string, unknown>>, set: Record<string, string>): Promise<ProgramRun> {
        const original = offlineMocks.call.bind(offlineMocks);
        offlineMocks.call = (args) => answers[args.token]?.(args.inputs) ?? original(args);
        try {
            const run = await runProgram(withOperatorNames({ ...awsStack("staging", set), secrets: { llmApiKey } }));
            assert.equal(run.error, undefined, run.error?.message);
            return run;
        } finally {
            offlineMocks.call = original;
        }
    }

    it("builds every ARN from the provider's partition (GovCloud)", async () => {
        const run = await runAs(
            { "aws:index/getPartition:getPartition": () => ({ partition: "aws-us-gov", dnsSuffix: "amazonaws.com" }) },
            { region: "us-gov-west-1", clusterAdmins: '["arn:aws-us-gov:iam::123456789012:role/ci"]' },
        );
        const policyArns = [
            ...all(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => a.inputs.policyArn as string),
            ...all(run, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation").map((a) => a.inputs.policyArn as string),
        ];
        assert.equal(policyArns.length, 7, "six managed-policy attachments and one access policy");
        for (const arn of policyArns) assert.match(arn, /^arn:aws-us-gov:/);
    });

    it("trusts the service principal the partition names (China: ec2.amazonaws.com.cn)", async () => {
        const run = await runAs(
            {
                "aws:index/getPartition:getPartition": () => ({ partition: "aws-cn", dnsSuffix: "amazonaws.com.cn" }),
                "aws:index/getServicePrincipal:getServicePrincipal": (inputs) => ({
                    name: inputs.serviceName === "ec2" ? "ec2.amazonaws.com.cn" : `${inputs.serviceName}.amazonaws.com`,
                }),
            },
            { region: "cn-north-1", clusterAdmins: '["arn:aws-cn:iam::123456789012:role/ci"]' },
        );
        const trust = (name: string) => JSON.parse(onlyResource(run, "aws:iam/role:Role", name).inputs.assumeRolePolicy).Statement[0].Principal.Service;
        assert.equal(trust("atlasia-staging-nodes"), "ec2.amazonaws.com.cn");
        assert.equal(trust("atlasia-staging-cluster"), "eks.amazonaws.com");
    });

    it("refuses air-gapped ISO regions, whose partitions cannot reach the public charts", async () => {
        const problems = await problemsOf("staging", { region: "us-iso-east-1" });
        assert.match(problems.find((p) => p.key === "atlasia:region")?.message ?? "", /air-gapped/);
    });

    it("grants cluster-admin to the listed administrators only; the deployer only when asked", async () => {
        const breakGlass = "arn:aws:iam::123456789012:role/break-glass";
        const listed = await awsRun("staging", { clusterAdmins: JSON.stringify([mockDeployerRoleArn, breakGlass]) });
        assert.deepEqual(
            all(listed, "aws:eks/accessEntry:AccessEntry")
                .map((e) => e.inputs.principalArn)
                .sort(),
            [breakGlass, mockDeployerRoleArn],
        );
        assert.equal(onlyResource(listed, "aws:eks/cluster:Cluster").inputs.accessConfig.bootstrapClusterCreatorAdminPermissions, false);
        assert.ok(!listed.invokes.some((i) => i.token === "aws:index/getCallerIdentity:getCallerIdentity"), "who runs pulumi up does not matter");

        const withDeployer = await awsRun("staging", { clusterAdmins: JSON.stringify([breakGlass]), clusterAdminIncludeDeployer: "true" });
        assert.deepEqual(
            all(withDeployer, "aws:eks/accessEntry:AccessEntry")
                .map((e) => e.inputs.principalArn)
                .sort(),
            [breakGlass, mockDeployerRoleArn],
        );

        const problems = await problemsOf("staging", { clusterAdmins: "[]" });
        assert.match(problems.find((p) => p.key === "atlasia:clusterAdmins")?.message ?? "", /no administrator/);
    });

    it("names each access entry after its principal, so reordering the list replaces nothing", async () => {
        const run = await awsRun("staging", { clusterAdmins: JSON.stringify(["arn:aws:iam::123456789012:role/b", "arn:aws:iam::123456789012:role/a"]) });
        assert.deepEqual(
            all(run, "aws:eks/accessEntry:AccessEntry")
                .map((e) => e.name)
                .sort(),
            ["atlasia-staging-admin-role-a", "atlasia-staging-admin-role-b"],
        );
    });

    it("identifies the cluster to the Kubernetes provider by its OIDC issuer, new with every creation", async () => {
        const provider = all(await awsRun("staging"), "pulumi:providers:kubernetes").find((p) => p.name === "eks");
        assert.equal(provider?.inputs.clusterIdentifier, "https://oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF");
    });

    it("gives the VPC CNI its own IRSA role; nodes keep only join, ECR read-only and SSM", async () => {
        const run = await awsRun("production");
        assert.equal(addon(run, "vpc-cni").inputs.serviceAccountRoleArn, "arn:aws:iam::123456789012:role/atlasia-prod-vpc-cni");
        const trust = JSON.parse(onlyResource(run, "aws:iam/role:Role", "atlasia-prod-vpc-cni").inputs.assumeRolePolicy);
        assert.equal(
            trust.Statement[0].Condition.StringEquals["oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF:sub"],
            "system:serviceaccount:kube-system:aws-node",
        );
        assert.deepEqual(attachedPolicies(run, "atlasia-prod-vpc-cni"), ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"]);
        // https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html; ECR read-only: issue 11 item 26.
        assert.deepEqual(attachedPolicies(run, "atlasia-prod-nodes"), [
            "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
            "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
        ]);
    });

    it("creates the VPC CNI and kube-proxy before the node group, which cannot become Ready without them", async () => {
        // Nodes booting before the add-on run EKS's bootstrap aws-node without the CNI policy (it is on the
        // CNI's own role): "cni plugin not initialized", and the node group's creation fails.
        // terraform-aws-modules/terraform-aws-eks#3446 and #3327; the module's `before_compute`.
        const run = await awsRun("production");
        for (const group of everyResource(run, "aws:eks/nodeGroup:NodeGroup")) {
            for (const name of ["vpc-cni", "kube-proxy"]) {
                assert.ok(group.dependencies.includes(addon(run, name).urn), `${group.name} waits for ${name}`);
                assert.ok(!addon(run, name).dependencies.includes(group.urn), `${name} does not wait for the nodes`);
            }
            for (const name of ["coredns", "metrics-server", "aws-ebs-csi-driver"]) {
                assert.ok(addon(run, name).dependencies.includes(group.urn), `${name} runs on the nodes, so waits for ${group.name}`);
            }
        }
    });

    it("turns on NetworkPolicy enforcement in the VPC CNI, without which EKS ignores every NetworkPolicy", async () => {
        // https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html (enableNetworkPolicy)
        const values = JSON.parse(addon(await awsRun("staging"), "vpc-cni").inputs.configurationValues);
        assert.equal(values.enableNetworkPolicy, "true");
    });
});

describe("EKS: network, teardown and exposure (issue 7 items 12, 13, 15, 16)", function () {
    this.timeout(60000);

    it("places subnets by zone ID and keeps a zone once chosen", async () => {
        const run = await awsRun("production");
        for (const subnet of all(run, "aws:ec2/subnet:Subnet")) {
            assert.ok(["use1-az1", "use1-az2", "use1-az4"].includes(subnet.inputs.availabilityZoneId), subnet.name);
            assert.ok(subnet.ignoreChanges.includes("availabilityZoneId") && subnet.ignoreChanges.includes("availabilityZone"), subnet.name);
        }
        // Staging: its one database instance fits two zones; production's three need three (config/eks-database-zones.ts).
        const configured = await awsRun("staging", { awsAvailabilityZoneIds: '["use1-az6","use1-az5"]' });
        const zones = all(configured, "aws:ec2/subnet:Subnet")
            .filter((s) => s.name.includes("private"))
            .map((s) => s.inputs.availabilityZoneId);
        assert.deepEqual(zones, ["use1-az6", "use1-az5", "use1-az6"], "the configured order; two zones carry three subnets");
    });

    it("chooses zones by sorted zone ID and refuses a region with fewer than two", () => {
        assert.deepEqual(chooseZoneIds("r", [], ["use1-az6", "use1-az1", "use1-az4", "use1-az2"], "staging"), ["use1-az1", "use1-az2", "use1-az4"]);
        assert.deepEqual(chooseZoneIds("r", [], ["usw1-az3", "usw1-az1"], "staging"), ["usw1-az1", "usw1-az3", "usw1-az1"]);
        assert.throws(() => chooseZoneIds("ap-x-1", [], ["apx1-az1"], "staging"), /at least two Availability Zones, and ap-x-1 offers 1/);
        assert.throws(() => chooseZoneIds("ap-x-1", [], [], "staging"), /offers 0/);
    });

    it("validates configured zone IDs", async () => {
        const problems = await problemsOf("staging", { awsAvailabilityZoneIds: '["us-east-1a","use1-az3"]' });
        const messages = problems
            .filter((p) => p.key === "atlasia:awsAvailabilityZoneIds")
            .map((p) => p.message)
            .join("\n");
        assert.match(messages, /"us-east-1a" is not an Availability Zone ID/);
        assert.match(messages, /EKS cannot place a control plane in use1-az3/);
    });

    it("tears the cluster (and with it the ingress load balancer) down before the routes, gateways and subnets", async () => {
        const run = await awsRun("production");
        const cluster = onlyResource(run, "aws:eks/cluster:Cluster");
        const networkTypes = [
            "aws:ec2/internetGateway:InternetGateway",
            "aws:ec2/natGateway:NatGateway",
            "aws:ec2/routeTable:RouteTable",
            "aws:ec2/routeTableAssociation:RouteTableAssociation",
            "aws:ec2/subnet:Subnet",
        ];
        for (const resource of run.resources.filter((r) => networkTypes.includes(r.type))) {
            assert.ok(cluster.dependencies.includes(resource.urn), `the cluster waits for ${resource.name}, so destroy removes it first`);
        }
        const ingress = all(run, "kubernetes:helm.sh/v3:Release").find((r) => r.inputs.chart === "ingress-nginx") as RecordedResource;
        for (const group of everyResource(run, "aws:eks/nodeGroup:NodeGroup")) {
            assert.ok(ingress.dependencies.includes(group.urn), `the ingress Service goes before ${group.name} and the cluster`);
        }
    });

    it("keeps volumes in production and deletes them with their claims elsewhere", async () => {
        const storageClass = (run: ProgramRun) => onlyResource(run, "kubernetes:storage.k8s.io/v1:StorageClass").inputs.reclaimPolicy;
        assert.equal(storageClass(await awsRun("production")), "Retain");
        assert.equal(onlyResource(await awsRun("production"), "kubernetes:storage.k8s.io/v1:StorageClass").deleteBeforeReplace, true, "immutable, fixed name");
        assert.equal(storageClass(await awsRun("staging")), "Delete");
    });

    it("maps apiEndpointAccess onto the EKS endpoint", async () => {
        const vpcConfig = async (set: Record<string, string>) => onlyResource(await awsRun("staging", set), "aws:eks/cluster:Cluster").inputs.vpcConfig;
        const privateOnly = await vpcConfig({ apiEndpointAccess: "private" });
        assert.equal(privateOnly.endpointPublicAccess, false);
        assert.equal(privateOnly.endpointPrivateAccess, true);
        const authorized = await vpcConfig({ apiAuthorizedCidrs: '["198.18.0.0/16"]' });
        assert.equal(authorized.endpointPublicAccess, true);
        assert.deepEqual(authorized.publicAccessCidrs, ["198.18.0.0/16"]);
    });

    it("protects the secrets key and the cluster in production, with yearly key rotation", async () => {
        const run = await awsRun("production");
        const key = onlyResource(run, "aws:kms/key:Key");
        assert.equal(key.protect, true);
        assert.equal(key.inputs.enableKeyRotation, true);
        assert.equal(key.inputs.deletionWindowInDays, 30);
        assert.equal(onlyResource(run, "aws:eks/cluster:Cluster").inputs.deletionProtection, true);
        assert.equal(onlyResource(await awsRun("staging"), "aws:eks/cluster:Cluster").inputs.deletionProtection, false);
        const teardown = onlyResource(await awsRun("production", { allowClusterDeletion: "true" }), "aws:eks/cluster:Cluster");
        assert.equal(teardown.inputs.deletionProtection, false, "atlasia:allowClusterDeletion lifts EKS's own protection");
        assert.equal(teardown.protect, true, "Pulumi's protect stays until pulumi state unprotect");
    });
});

describe("EKS: the aws: provider settings (issue 7 item 14)", function () {
    this.timeout(60000);

    it("passes profile, assumed roles and credential files to the explicit provider and the kubeconfig", async () => {
        const role = "arn:aws:iam::123456789012:role/deployer";
        const run = await awsRun("staging", {
            "aws:profile": "atlasia-staging",
            "aws:assumeRoles": JSON.stringify([{ roleArn: role, sessionName: "pulumi" }]),
            "aws:sharedCredentialsFiles": '["/ci/credentials"]',
            "aws:allowedAccountIds": '["123456789012"]',
        });
        const provider = onlyResource(run, "pulumi:providers:aws").inputs;
        assert.equal(provider.profile, "atlasia-staging");
        assert.equal(provider.region, "us-east-1");
        assert.deepEqual(JSON.parse(provider.assumeRoles), [{ roleArn: role, sessionName: "pulumi" }]);
        assert.deepEqual(JSON.parse(provider.sharedCredentialsFiles), ["/ci/credentials"]);
        assert.deepEqual(JSON.parse(provider.allowedAccountIds), ["123456789012"]);
        const exec = JSON.parse(run.outputs.kubeconfig.value as string).users[0].user.exec;
        assert.deepEqual(exec.args, ["eks", "get-token", "--cluster-name", "atlasia-staging", "--region", "us-east-1", "--role-arn", role, "--output", "json"]);
        assert.deepEqual(exec.env, [{ name: "AWS_PROFILE", value: "atlasia-staging" }]);
    });

    it("refuses static keys, a different region and unknown keys, each with the command that removes it", async () => {
        const problems = await problemsOf("staging", { "aws:accessKey": "AKIAEXAMPLE", "aws:region": "eu-west-1", "aws:profiel": "x" });
        for (const key of ["aws:accessKey", "aws:region", "aws:profiel"]) {
            const problem = problems.find((p) => p.key === key);
            assert.ok(problem, `no problem for ${key}`);
            assert.equal(problem.fix, `pulumi config rm --stack staging ${key}`);
        }
        assert.equal((await awsRun("staging", { "aws:region": "us-east-1" })).error, undefined, "the same region twice is fine");
    });
});

describe("EKS: cost and validation (issue 7 items 18, 19)", function () {
    this.timeout(60000);

    it("uses standard support and creates the control-plane log group with a retention first", async () => {
        const run = await awsRun("production");
        const cluster = onlyResource(run, "aws:eks/cluster:Cluster");
        assert.deepEqual(cluster.inputs.upgradePolicy, { supportType: "STANDARD" });
        const logGroup = onlyResource(run, "aws:cloudwatch/logGroup:LogGroup");
        // https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html: /aws/eks/<cluster>/cluster
        assert.equal(logGroup.inputs.name, "/aws/eks/atlasia-prod/cluster");
        assert.equal(logGroup.inputs.retentionInDays, 90);
        assert.ok(cluster.dependencies.includes(logGroup.urn));
        assert.deepEqual(cluster.inputs.enabledClusterLogTypes, ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
        const staging = await awsRun("staging");
        assert.deepEqual(onlyResource(staging, "aws:eks/cluster:Cluster").inputs.enabledClusterLogTypes, ["audit", "authenticator"]);
        assert.equal(onlyResource(staging, "aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays, 14);
    });

    it("runs production T3 nodes in standard credit mode", async () => {
        assert.deepEqual(onlyResource(await awsRun("production"), "aws:ec2/launchTemplate:LaunchTemplate").inputs.creditSpecification, {
            cpuCredits: "standard",
        });
        assert.equal(onlyResource(await awsRun("staging"), "aws:ec2/launchTemplate:LaunchTemplate").inputs.creditSpecification, undefined);
    });

    it("refuses a patch version, naming the minor to use", async () => {
        const problem = (await problemsOf("staging", { kubernetesVersion: "1.33.1" })).find((p) => p.key === "atlasia:kubernetesVersion");
        assert.match(problem?.message ?? "", /minor version only/);
        assert.equal(problem?.fix, "pulumi config set --stack staging atlasia:kubernetesVersion 1.33");
    });

    it("refuses a VPC CIDR with host bits set, naming its network", async () => {
        const problem = (await problemsOf("staging", { awsVpcCidr: "10.0.5.0/16" })).find((p) => p.key === "atlasia:awsVpcCidr");
        assert.match(problem?.message ?? "", /host bits/);
        assert.equal(problem?.fix, "pulumi config set --stack staging atlasia:awsVpcCidr 10.0.0.0/16");
    });

    it("gives Graviton instance types the ARM AMI", async () => {
        const run = await awsRun("staging", { nodeMachineType: "m7g.xlarge", nodeCpus: "4", nodeMemoryGib: "16" });
        for (const group of everyResource(run, "aws:eks/nodeGroup:NodeGroup")) assert.equal(group.inputs.amiType, "AL2023_ARM_64_STANDARD");
        for (const group of everyResource(await awsRun("staging"), "aws:eks/nodeGroup:NodeGroup")) {
            assert.equal(group.inputs.amiType, "AL2023_x86_64_STANDARD");
        }
        // https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html: "g" = Graviton.
        for (const arm of ["t4g.large", "c6gn.xlarge", "r8g.2xlarge", "g5g.xlarge", "is4gen.large"])
            assert.equal(eksAmiType(arm), "AL2023_ARM_64_STANDARD", arm);
        for (const x86 of ["t3.large", "g5.xlarge", "m7i.large", "c5n.xlarge", "g4dn.xlarge"]) assert.equal(eksAmiType(x86), "AL2023_x86_64_STANDARD", x86);
    });
});
