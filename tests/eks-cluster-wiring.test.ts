// How the EKS layer's pieces are wired, through the whole program under mocks: the trust policies of
// the cluster, node and IRSA roles, Cluster Autoscaler's policy in full, the provider's default tags,
// the ingress NLB's annotations, the kubeconfig handed to kubectl, the gp3 StorageClass and the
// component's outputs. Expected values are written out by hand from the AWS documentation cited.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Program, ProgramRun, runProgram } from "../harness/run";
import { stackOptions, validStackRun, withOperatorNames } from "./support/runs";
import { onlyResource } from "./support/resources";

const trustOf = (run: ProgramRun, role: string) => JSON.parse(onlyResource(run, "aws:iam/role:Role", role).inputs.assumeRolePolicy);
const issuer = "oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF";

describe("EKS wiring: trust, permissions, tags, exposure, kubeconfig, storage and outputs", function () {
    this.timeout(60000);
    let production: ProgramRun;

    before(async () => {
        production = await validStackRun(stackOptions("aws", "production"));
    });

    it("the cluster role and the node role trust only their AWS service, with sts:AssumeRole", () => {
        // https://docs.aws.amazon.com/eks/latest/userguide/cluster-iam-role.html (eks.amazonaws.com) and
        // https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html (ec2.amazonaws.com).
        for (const [role, service] of [
            ["atlasia-prod-cluster", "eks.amazonaws.com"],
            ["atlasia-prod-nodes", "ec2.amazonaws.com"],
        ]) {
            assert.deepEqual(trustOf(production, role), {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
            });
        }
    });

    it("each IRSA role trusts the cluster's OIDC provider for one service account, with the STS audience", () => {
        // https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html: Principal
        // Federated = the OIDC provider's ARN, sts:AssumeRoleWithWebIdentity, StringEquals on
        // <issuer>:sub = system:serviceaccount:<namespace>:<name> and <issuer>:aud = sts.amazonaws.com.
        for (const [role, subject] of [
            ["atlasia-prod-vpc-cni", "kube-system:aws-node"],
            ["atlasia-prod-ebs-csi", "kube-system:ebs-csi-controller-sa"],
            ["atlasia-prod-autoscaler", "cluster-autoscaler:cluster-autoscaler"],
            ["atlasia-prod-db-backup", "atlasia:atlasia-db"],
        ]) {
            assert.deepEqual(trustOf(production, role), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${issuer}` },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: { StringEquals: { [`${issuer}:sub`]: `system:serviceaccount:${subject}`, [`${issuer}:aud`]: "sts.amazonaws.com" } },
                    },
                ],
            });
        }
    });

    it("Cluster Autoscaler's policy: reads on every resource, resizes only groups tagged owned by this cluster and enabled", () => {
        // The autoscaler README's least-privilege policy for auto-discovery: Resource "*" (these actions
        // take no resource ARN) and a StringEquals on both ASG tags for the writes.
        // https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md#iam-policy
        const policy = JSON.parse(onlyResource(production, "aws:iam/rolePolicy:RolePolicy", "atlasia-prod-autoscaler").inputs.policy);
        assert.equal(policy.Version, "2012-10-17");
        assert.deepEqual(
            policy.Statement.map((s: Record<string, unknown>) => ({ ...s, Action: undefined })),
            [
                { Sid: "Discover", Effect: "Allow", Action: undefined, Resource: "*" },
                {
                    Sid: "ResizeOwnGroupsOnly",
                    Effect: "Allow",
                    Action: undefined,
                    Resource: "*",
                    Condition: {
                        StringEquals: {
                            "aws:ResourceTag/k8s.io/cluster-autoscaler/atlasia-prod": "owned",
                            "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true",
                        },
                    },
                },
            ],
        );
    });

    it("the aws provider tags every resource it creates with the stack's tags (the bucket, roles and key have none of their own)", () => {
        // defaultTags: "Configuration block with resource tag settings to apply across all resources
        // handled by this provider" (pulumi-aws Provider). Tags: README, stack tags.
        assert.deepEqual(JSON.parse(onlyResource(production, "pulumi:providers:aws").inputs.defaultTags), {
            tags: { project: "atlasia", environment: "production", stack: "production", "managed-by": "pulumi" },
        });
        assert.equal(onlyResource(production, "aws:s3/bucket:Bucket").inputs.tags, undefined);
    });

    it("the ingress Service asks the AWS cloud provider for an NLB with cross-zone load balancing", () => {
        // service.beta.kubernetes.io/aws-load-balancer-type "nlb" and ...-cross-zone-load-balancing-enabled
        // "true" (kubernetes/cloud-provider-aws docs/service_controller.md; NLB support: kubernetes/kubernetes#61064).
        // Without it each NLB node sends only to targets in its own zone. No backend-protocol annotation: for an
        // NLB the AWS cloud provider reads it only with an ssl-cert annotation (cloud-provider-aws
        // pkg/providers/v1/aws.go EnsureLoadBalancer), so "tcp" there changed nothing.
        const release = production.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "ingress-nginx");
        assert.deepEqual(release?.inputs.values.controller.service.annotations, {
            "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
            "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled": "true",
        });
    });

    describe("kubeconfig", () => {
        const kubeconfigOf = (run: ProgramRun) => JSON.parse(run.outputs.kubeconfig.value as string);

        it("carries the cluster's CA certificate (base64 PEM), so kubectl verifies the API server", () => {
            const ca = kubeconfigOf(production).clusters[0].cluster["certificate-authority-data"] as string;
            assert.match(Buffer.from(ca, "base64").toString("utf8"), /^-----BEGIN CERTIFICATE-----\n/);
        });

        it("tells whoever lacks the aws command how to get it and sign in", () => {
            // client-go shows installHint when the exec command is missing
            // (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#configuration);
            // `aws eks get-token` needs AWS CLI v2 (or 1.16.156+) and credentials
            // (https://docs.aws.amazon.com/eks/latest/userguide/create-kubeconfig.html).
            assert.equal(
                kubeconfigOf(production).users[0].user.exec.installHint,
                "Install the AWS CLI v2 and sign in (aws sso login, or credentials in the environment).",
            );
        });
    });

    it("the default StorageClass makes gp3 volumes whatever the driver's default, and claims can grow", () => {
        // aws-ebs-csi-driver docs/parameters.md: "type" io1, io2, gp2, gp3, ...; a PVC can be expanded only
        // when its class has allowVolumeExpansion: true
        // (https://kubernetes.io/docs/concepts/storage/persistent-volumes/#expanding-persistent-volumes-claims).
        const storageClass = onlyResource(production, "kubernetes:storage.k8s.io/v1:StorageClass").inputs;
        assert.equal(storageClass.parameters.type, "gp3");
        assert.strictEqual(storageClass.allowVolumeExpansion, true);
    });

    it("the EKS component records the cluster's name, endpoint and OIDC provider ARN as its outputs", async () => {
        let monitor: { getRegisteredResources(): Map<string, { urn: string; state: unknown }> } | undefined;
        const run = await runProgram(withOperatorNames(stackOptions("aws", "production")), () => {
            monitor = pulumi.runtime.getMonitor() as unknown as typeof monitor;
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            return (require("../index") as Program)();
        });
        assert.equal(run.error, undefined);
        const component = [...(monitor?.getRegisteredResources().values() ?? [])].find((r) => r.urn.endsWith("$atlasia:cluster:EksCluster::cluster"));
        assert.ok(component, "the EksCluster component is registered");
        assert.deepEqual(pulumi.runtime.deserializeProperties(component.state as never), {
            clusterName: "atlasia-prod",
            endpoint: "https://0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com",
            oidcProviderArn: `arn:aws:iam::123456789012:oidc-provider/${issuer}`,
        });
    });
});
