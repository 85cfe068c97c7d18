// How the Cluster Autoscaler on EKS picks what to grow and what it may shrink: the exact arguments the
// program adds to the chart's (customArgs, rendered one per line after the chart's own flags by
// templates/deployment.yaml). Defaults from the autoscaler FAQ, "What are the parameters to CA?":
// https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/FAQ.md#what-are-the-parameters-to-ca
import { strict as assert } from "assert";
import { ProgramRun } from "../harness/run";
import { stackOptions, validStackRun } from "./support/runs";

function customArgs(run: ProgramRun): string[] {
    const release = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "cluster-autoscaler");
    assert.ok(release, "no cluster-autoscaler release on EKS");
    return release.inputs.values.customArgs as string[];
}

describe("Cluster Autoscaler arguments: balanced similar groups, least-waste expansion", function () {
    this.timeout(60000);

    for (const environment of ["staging", "production"] as const) {
        it(`aws/${environment}: overrides exactly three FAQ defaults and ignores two per-zone labels, each as one --flag=value`, async () => {
            // FAQ defaults: balance-similar-node-groups false, expander random, skip-nodes-with-local-storage true.
            // least-waste: the AWS example manifest's choice (cloudprovider/aws/examples/cluster-autoscaler-autodiscover.yaml).
            // --balancing-ignore-label may be given more than once (FAQ: "labels ... ignored when considering node group similarity").
            assert.deepEqual(customArgs(await validStackRun(stackOptions("aws", environment))), [
                "--balance-similar-node-groups=true",
                "--balancing-ignore-label=topology.k8s.aws/zone-id",
                "--balancing-ignore-label=eks.amazonaws.com/nodegroup-image",
                "--expander=least-waste",
                "--skip-nodes-with-local-storage=false",
            ]);
        });
    }
});

describe("Cluster Autoscaler: EKS's per-zone node groups are similar, so --balance-similar-node-groups balances them", function () {
    this.timeout(60000);

    // IsCloudProviderNodeInfoSimilar (processors/nodegroupset/compare_nodegroups.go) calls two groups
    // similar only when their nodes' capacity matches and every label not in the ignored set has the
    // same value. Ignored by the autoscaler itself: BasicIgnoredLabels (compare_nodegroups.go) and the
    // AWS comparator's own list (cloudprovider/aws CreateNodeInfoComparator, formerly
    // processors/nodegroupset/aws_nodegroups.go CreateAwsNodeInfoComparator). Written out here from
    // the source, not from the program.
    const basicIgnored = [
        "kubernetes.io/hostname",
        "failure-domain.beta.kubernetes.io/zone",
        "failure-domain.beta.kubernetes.io/region",
        "topology.kubernetes.io/zone",
        "topology.kubernetes.io/region",
        "beta.kubernetes.io/fluentd-ds-ready",
        "kops.k8s.io/instancegroup",
    ];
    const awsIgnored = [
        "alpha.eksctl.io/instance-id",
        "alpha.eksctl.io/nodegroup-name",
        "eks.amazonaws.com/nodegroup",
        "k8s.amazonaws.com/eniConfig",
        "lifecycle",
        "topology.ebs.csi.aws.com/zone",
    ];
    // Labels whose value differs between nodes of two managed node groups in different zones:
    // the node's name and zone (kubelet and cloud provider), the EBS CSI node's zone, the zone ID EKS
    // adds since 1.30 (kubernetes/autoscaler#8910), the group's name and the AMI the group resolved.
    // eks.amazonaws.com/sourceLaunchTemplateId and -Version would differ too with one launch template
    // per group (awsdocs/amazon-eks-user-guide#411); the groups share one (tests/eks-zonal-node-groups.test.ts).
    const perGroupLabels = [
        "kubernetes.io/hostname",
        "topology.kubernetes.io/zone",
        "failure-domain.beta.kubernetes.io/zone",
        "topology.ebs.csi.aws.com/zone",
        "topology.k8s.aws/zone-id",
        "eks.amazonaws.com/nodegroup",
        "eks.amazonaws.com/nodegroup-image",
    ];

    it("every label that differs per group is ignored, by the autoscaler or by our --balancing-ignore-label", async () => {
        const ours = customArgs(await validStackRun(stackOptions("aws", "production")))
            .filter((arg) => arg.startsWith("--balancing-ignore-label="))
            .map((arg) => arg.slice("--balancing-ignore-label=".length));
        const ignored = new Set([...basicIgnored, ...awsIgnored, ...ours]);
        assert.deepEqual(
            perGroupLabels.filter((label) => !ignored.has(label)),
            [],
        );
        // Ours add only what the autoscaler's lists above lack (no flag repeating a built-in).
        assert.deepEqual(
            ours.filter((label) => basicIgnored.includes(label) || awsIgnored.includes(label)),
            [],
        );
    });

    it("the labels the program sets are the same on every group (one differing would split the set)", async () => {
        const run = await validStackRun(stackOptions("aws", "production"));
        const groups = run.resources.filter((r) => r.type === "aws:eks/nodeGroup:NodeGroup");
        assert.equal(groups.length, 3);
        for (const group of groups) {
            assert.deepEqual(group.inputs.labels, { "atlasia.io/pool": "standard-workers" });
            assert.equal(group.inputs.taints, undefined);
            assert.deepEqual(group.inputs.instanceTypes, ["t3.xlarge"]);
        }
    });

    it("auto-discovery finds every group: the tags it looks for are the ones EKS puts on each managed group's Auto Scaling group", async () => {
        // Auto-discovery (cloudprovider/aws/README.md, "Auto-discovery setup") takes every Auto Scaling
        // group carrying both tags; EKS puts k8s.io/cluster-autoscaler/enabled and
        // k8s.io/cluster-autoscaler/<cluster name> on the Auto Scaling group of each managed node group
        // it creates (as eksctl's --asg-access does for its own: https://docs.aws.amazon.com/eks/latest/eksctl/autoscaling.html),
        // so three groups are three discovered node groups, with nothing per group to configure.
        const run = await validStackRun(stackOptions("aws", "production"));
        const release = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "cluster-autoscaler");
        assert.deepEqual(release?.inputs.values.autoDiscovery, {
            clusterName: "atlasia-prod",
            tags: ["k8s.io/cluster-autoscaler/enabled", "k8s.io/cluster-autoscaler/atlasia-prod"],
        });
        // Each group is a managed node group of that cluster, none tagged to opt out of discovery.
        for (const group of run.resources.filter((r) => r.type === "aws:eks/nodeGroup:NodeGroup")) {
            assert.equal(group.inputs.clusterName, "atlasia-prod");
        }
    });
});
