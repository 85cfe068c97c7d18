// Two Kubernetes behaviours the mutation run found unpinned (issue 13): how the Atlasia Deployments
// spread their replicas, and the labels every namespace the program makes carries for Pod Security Admission.
import { strict as assert } from "assert";
import type { ProgramRun } from "../harness/run";
import { objectsOfKind } from "./support/workloads";
import { stackOptions, validStackRun } from "./support/runs";

describe("pod placement and namespace labels", function () {
    this.timeout(60000);
    let production: ProgramRun;
    let local: ProgramRun;

    before(async () => {
        production = await validStackRun(stackOptions("gcp", "production"));
        local = await validStackRun(stackOptions("local", "development"));
    });

    it("each Deployment spreads its own pods (its selector, not all pods) over zones, then nodes, without blocking scheduling", () => {
        // Well-known node labels: https://kubernetes.io/docs/reference/labels-annotations-taints/ (topology.kubernetes.io/zone,
        // kubernetes.io/hostname). An empty labelSelector would count every pod of the namespace against the skew
        // (https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/#spread-constraint-definition).
        const deployments = objectsOfKind(production, "Deployment");
        assert.ok(deployments.length >= 2);
        for (const deployment of deployments) {
            const spec = deployment.spec as { selector: { matchLabels: Record<string, string> }; template: { spec: { topologySpreadConstraints: unknown } } };
            const spread = (topologyKey: string) => ({
                topologyKey,
                maxSkew: 1,
                whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: { matchLabels: spec.selector.matchLabels },
            });
            assert.ok(Object.keys(spec.selector.matchLabels).length > 0, deployment.metadata.name);
            assert.deepEqual(
                spec.template.spec.topologySpreadConstraints,
                [spread("topology.kubernetes.io/zone"), spread("kubernetes.io/hostname")],
                deployment.metadata.name,
            );
        }
    });

    it("the atlasia namespace enforces, audits and warns against restricted, at the latest policy version", () => {
        // https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces:
        // one label per mode (enforce, audit, warn) naming a level, and <mode>-version pinning the policy's version.
        for (const run of [production, local]) {
            const [atlasia] = run.resources.filter((r) => r.type === "kubernetes:core/v1:Namespace" && r.inputs.metadata.name === "atlasia");
            const podSecurity = Object.entries(atlasia.inputs.metadata.labels as Record<string, string>).filter(([key]) =>
                key.startsWith("pod-security.kubernetes.io/"),
            );
            assert.deepEqual(Object.fromEntries(podSecurity), {
                "pod-security.kubernetes.io/enforce": "restricted",
                "pod-security.kubernetes.io/enforce-version": "latest",
                "pod-security.kubernetes.io/audit": "restricted",
                "pod-security.kubernetes.io/warn": "restricted",
            });
        }
    });

    it("every add-on namespace warns and audits against restricted, enforces the latest policy version, and is labelled part of the platform", () => {
        // https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces:
        // without enforce-version the enforced level follows the API server's own version anyway, but pinning it
        // says so; warn and audit name what keeps a namespace from restricted.
        for (const run of [production, local]) {
            const namespaces = run.resources.filter((r) => r.type === "kubernetes:core/v1:Namespace" && r.inputs.metadata.name !== "atlasia");
            assert.ok(namespaces.length >= 3);
            for (const ns of namespaces) {
                const labels = ns.inputs.metadata.labels;
                assert.deepEqual(
                    {
                        version: labels["pod-security.kubernetes.io/enforce-version"],
                        warn: labels["pod-security.kubernetes.io/warn"],
                        audit: labels["pod-security.kubernetes.io/audit"],
                        partOf: labels["app.kubernetes.io/part-of"],
                    },
                    { version: "latest", warn: "restricted", audit: "restricted", partOf: "atlasia-platform" },
                    ns.inputs.metadata.name,
                );
            }
        }
    });
});
