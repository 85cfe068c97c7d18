// The EKS control plane and managed add-ons through the whole program under mocks: the secrets
// key and the cluster role's permission to use it, the subnets the control plane is given, how the
// add-ons resolve conflicts, and which add-ons everything deployed on the cluster waits for.
import { strict as assert } from "assert";
import { ProgramRun, RecordedResource } from "../harness/run";
import { stackOptions, validStackRun } from "./support/runs";

/** A resource by type and name (URNs make the pair unique). */
function lookup(run: ProgramRun, type: string, name: string): RecordedResource {
    const found = run.resources.find((r) => r.type === type && r.name === name);
    assert.ok(found, `no ${type} named ${name}`);
    return found;
}

const ofType = (run: ProgramRun, type: string) => run.resources.filter((r) => r.type === type);

describe("EKS control plane and managed add-ons", function () {
    this.timeout(60000);
    let production: ProgramRun;

    before(async () => {
        production = await validStackRun(stackOptions("aws", "production"));
    });

    describe("secrets envelope encryption", () => {
        it("the key's description names the cluster whose secrets it encrypts", () => {
            assert.equal(
                lookup(production, "aws:kms/key:Key", "atlasia-prod-secrets").inputs.description,
                "Envelope encryption of Kubernetes secrets in atlasia-prod",
            );
        });

        it("the cluster role may encrypt, decrypt, list grants and describe the key, on that key only", () => {
            // terraform-aws-modules/terraform-aws-eks main.tf aws_iam_policy.cluster_encryption: exactly
            // these four actions on the cluster's key; IAM policy language version 2012-10-17
            // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html).
            const policy = JSON.parse(lookup(production, "aws:iam/rolePolicy:RolePolicy", "atlasia-prod-cluster-kms").inputs.policy);
            assert.deepEqual(policy, {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
                        Resource: "arn:aws:kms:us-east-1:123456789012:key/atlasia-prod-secrets",
                    },
                ],
            });
        });
    });

    it("the control plane gets its own three subnets, in three zones", () => {
        // EKS places its network interfaces in the cluster's subnets, "at least two subnets that are in
        // different Availability Zones" (https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html);
        // nodes and load balancers use other subnets (tests/eks-control-plane-subnets.test.ts).
        const subnetIds = lookup(production, "aws:eks/cluster:Cluster", "atlasia-prod").inputs.vpcConfig.subnetIds as string[];
        assert.deepEqual(subnetIds, ["atlasia-prod-control-plane-0-id", "atlasia-prod-control-plane-1-id", "atlasia-prod-control-plane-2-id"]);
        const zones = [0, 1, 2].map((i) => lookup(production, "aws:ec2/subnet:Subnet", `atlasia-prod-control-plane-${i}`).inputs.availabilityZoneId);
        assert.equal(new Set(zones).size, 3, `three zones: ${zones.join(", ")}`);
    });

    it("every add-on takes over EKS's self-managed copy on creation and keeps local edits on update", () => {
        // CreateAddon resolveConflicts: with NONE, creation "might fail" when the self-managed version
        // (EKS installs vpc-cni, kube-proxy and coredns itself) differs; OVERWRITE sets EKS's defaults.
        // UpdateAddon PRESERVE keeps changed values. pulumi-aws eks.Addon: resolveConflictsOnCreate
        // NONE | OVERWRITE, resolveConflictsOnUpdate NONE | OVERWRITE | PRESERVE.
        const addons = ofType(production, "aws:eks/addon:Addon");
        assert.equal(addons.length, 5);
        for (const addon of addons) {
            assert.equal(addon.inputs.resolveConflictsOnCreate, "OVERWRITE", addon.name);
            assert.equal(addon.inputs.resolveConflictsOnUpdate, "PRESERVE", addon.name);
        }
    });

    it("the platform's Helm releases and the atlasia namespace wait for CoreDNS and metrics-server", () => {
        // Pods resolve Services through CoreDNS, so a release installed with --wait before it runs
        // times out; the HPAs read CPU and memory from metrics-server (metrics.k8s.io), which EKS does
        // not install by itself (https://docs.aws.amazon.com/eks/latest/userguide/metrics-server.html).
        const addonUrn = (name: string) => lookup(production, "aws:eks/addon:Addon", `atlasia-prod-${name}`).urn;
        const waiting = [
            ...ofType(production, "kubernetes:helm.sh/v3:Release"),
            ...ofType(production, "kubernetes:core/v1:Namespace").filter((n) => n.name === "atlasia"),
        ];
        assert.ok(waiting.length >= 6, "the releases and the namespace");
        for (const resource of waiting) {
            for (const addon of ["coredns", "metrics-server"])
                assert.ok(resource.dependencies.includes(addonUrn(addon)), `${resource.name} waits for ${addon}`);
        }
    });
});
