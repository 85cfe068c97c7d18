// The EKS managed node group and its launch template through the whole program under mocks:
// instance metadata locked to the node, the root volume, instance tags, capacity type, rolling
// updates, the template version the groups run and the pool's label, on each zonal group. Each setting with its source.
import { strict as assert } from "assert";
import { ProgramRun } from "../harness/run";
import { stackOptions, validStackRun } from "./support/runs";
import { everyResource, onlyResource } from "./support/resources";

const launchTemplateType = "aws:ec2/launchTemplate:LaunchTemplate";
const nodeGroupType = "aws:eks/nodeGroup:NodeGroup";

describe("EKS node group and launch template", function () {
    this.timeout(60000);
    const runs: Record<string, ProgramRun> = {};

    before(async () => {
        for (const environment of ["staging", "production"] as const) runs[environment] = await validStackRun(stackOptions("aws", environment));
    });

    it("instance metadata: reachable, IMDSv2 only, one hop so pods cannot fetch the node role's credentials", () => {
        // Amazon EKS security best practices for managed nodes with a launch template: "Metadata
        // accessible – Enabled, Metadata version – V2 only (token required), Metadata response hop
        // limit – 1" (https://docs.aws.amazon.com/eks/latest/userguide/best-practices-security.html, quoted in
        // cloudposse/terraform-aws-eks-node-group#62). Disabling the endpoint would break the kubelet
        // and the VPC CNI on the host network, which read the instance's metadata.
        for (const run of Object.values(runs)) {
            assert.deepEqual(onlyResource(run, launchTemplateType).inputs.metadataOptions, {
                httpEndpoint: "enabled",
                httpTokens: "required",
                httpPutResponseHopLimit: 1,
            });
        }
    });

    it("the root volume (/dev/xvda on the AL2023 EKS AMIs) is gp3, encrypted, 100 GiB, deleted with the node", () => {
        // The EKS AL2023 AMIs boot from /dev/xvda: a mapping under another name adds a second disk and
        // leaves the root at the AMI's 20 GiB (terraform-aws-modules/terraform-aws-eks examples map
        // "xvda"). pulumi-aws LaunchTemplate ebs: encrypted / deleteOnTermination are strings.
        for (const run of Object.values(runs)) {
            assert.deepEqual(onlyResource(run, launchTemplateType).inputs.blockDeviceMappings, [
                { deviceName: "/dev/xvda", ebs: { volumeSize: 100, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } },
            ]);
        }
    });

    it("instances carry the stack's tags and a Name: node group tags never reach the EC2 instances", () => {
        // "The tags applied to a managed node group are applied only to the managed node group, not
        // to the resources managed by the node group" (pulumi/pulumi-eks#635, resolution by-design,
        // citing https://docs.aws.amazon.com/eks/latest/userguide/eks-using-tags.html); the launch
        // template's tag specifications are the way (terraform-aws-modules/terraform-aws-eks#982).
        assert.deepEqual(onlyResource(runs.production, launchTemplateType).inputs.tagSpecifications, [
            {
                resourceType: "instance",
                tags: { Name: "atlasia-prod-node", environment: "production", "managed-by": "pulumi", project: "atlasia", stack: "production" },
            },
        ]);
    });

    it("each template change becomes the template's default version, as terraform-aws-modules/eks does", () => {
        // terraform-aws-modules/terraform-aws-eks modules/eks-managed-node-group variables.tf:
        // update_launch_template_default_version defaults to true. The description names the cluster
        // in the EC2 console.
        const template = onlyResource(runs.production, launchTemplateType).inputs;
        assert.strictEqual(template.updateDefaultVersion, true);
        assert.equal(template.description, "Nodes of atlasia-prod");
    });

    it("the group runs the template's latest version, named by ID", () => {
        // terraform-provider-aws aws_eks_node_group launch_template: version is Required (a string of
        // 1-255 characters) and one of id / name names the template.
        // Every zonal group runs the one template (tests/cluster-autoscaler-scale-up-choices.test.ts: a template per group would split them).
        for (const group of everyResource(runs.production, nodeGroupType)) {
            assert.deepEqual(group.inputs.launchTemplate, { id: "atlasia-prod-nodes-id", version: "1" });
        }
    });

    it("On-Demand capacity: Spot nodes could be reclaimed with two minutes' notice under the guide's fixed node count", () => {
        // capacityType ON_DEMAND | SPOT (https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html);
        // terraform-aws-modules/eks capacity_type defaults to "ON_DEMAND".
        for (const run of Object.values(runs)) for (const group of everyResource(run, nodeGroupType)) assert.equal(group.inputs.capacityType, "ON_DEMAND");
    });

    it("rolling updates replace one node at a time", () => {
        // terraform-provider-aws aws_eks_node_group update_config: exactly one of max_unavailable and
        // max_unavailable_percentage (ExactlyOneOf), so an empty block is refused; one node of three
        // keeps two serving during an AMI or version roll.
        for (const run of Object.values(runs))
            for (const group of everyResource(run, nodeGroupType)) assert.deepEqual(group.inputs.updateConfig, { maxUnavailable: 1 });
    });

    it("labels the nodes atlasia.io/pool=standard-workers, the same label GKE and AKS pools carry", () => {
        // One label on every cloud, so a nodeSelector or affinity naming the pool works on each
        // (GKE: tests/cluster-security-flags.test.ts; AKS: clusters/aks/node-pools.ts).
        for (const run of Object.values(runs)) {
            for (const group of everyResource(run, nodeGroupType)) assert.deepEqual(group.inputs.labels, { "atlasia.io/pool": "standard-workers" });
        }
    });
});
