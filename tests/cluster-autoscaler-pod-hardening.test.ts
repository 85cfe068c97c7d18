// The Cluster Autoscaler pod on EKS, run through the whole program under mocks: the security contexts
// its namespace's Pod Security level admits, its memory limit, and the service account its IAM role
// trusts. The chart ships all of these empty (cluster-autoscaler 9.59.0 values.yaml: securityContext {},
// containerSecurityContext {}, resources {}), so each one here is the program's to set.
import { strict as assert } from "assert";
import { restrictedViolations } from "../policy/pod-security";
import { stackOptions, validStackRun } from "./support/runs";

const environments = ["staging", "production"] as const;

async function autoscalerValues(environment: (typeof environments)[number]) {
    const run = await validStackRun(stackOptions("aws", environment));
    const release = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "cluster-autoscaler");
    assert.ok(release, "no cluster-autoscaler release on EKS");
    return { run, values: release.inputs.values };
}

describe("Cluster Autoscaler pod: hardened, bounded, with the service account IRSA trusts", function () {
    this.timeout(60000);

    for (const environment of environments) {
        describe(`aws/${environment}`, () => {
            it("runs as nobody (65534) under RuntimeDefault seccomp, unprivileged, read-only, with no capabilities", async () => {
                const { values } = await autoscalerValues(environment);
                // Pod Security Standards "restricted" (kubernetes.io/docs/concepts/security/pod-security-standards):
                // runAsNonRoot true, seccompProfile RuntimeDefault, allowPrivilegeEscalation false, drop ALL.
                // 65534 (nobody) and the read-only root filesystem: the chart's own commented example
                // (values.yaml securityContext / containerSecurityContext) and the AWS example manifest
                // cluster-autoscaler/cloudprovider/aws/examples/cluster-autoscaler-autodiscover.yaml (runAsUser 65534).
                assert.deepEqual(values.securityContext, {
                    runAsNonRoot: true,
                    runAsUser: 65534,
                    runAsGroup: 65534,
                    seccompProfile: { type: "RuntimeDefault" },
                });
                assert.deepEqual(values.containerSecurityContext, {
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    capabilities: { drop: ["ALL"] },
                });
            });

            it("would be admitted by the restricted level its namespace enforces, placed as the chart places it", async () => {
                const { values } = await autoscalerValues(environment);
                // templates/deployment.yaml: .Values.securityContext is the pod's, .Values.containerSecurityContext
                // the container's securityContext (each rendered only when non-empty).
                const spec = {
                    securityContext: values.securityContext,
                    containers: [
                        {
                            name: "aws-cluster-autoscaler",
                            image: `registry.k8s.io/autoscaling/cluster-autoscaler:${values.image.tag}`,
                            securityContext: values.containerSecurityContext,
                        },
                    ],
                };
                assert.deepEqual(restrictedViolations(spec), []);
            });

            it("requests 100m and 300Mi and is OOM-killed only above 600Mi", async () => {
                const { values } = await autoscalerValues(environment);
                // Requests: the chart's commented example (values.yaml resources: 100m, 300Mi). Memory limit: the
                // autoscaler's AWS example manifest (cloudprovider/aws/examples/cluster-autoscaler-autodiscover.yaml,
                // limits.memory 600Mi); its memory grows with the cluster's nodes and pods. No CPU limit (sizing.ts).
                assert.deepEqual(values.resources, { requests: { cpu: "100m", memory: "300Mi" }, limits: { memory: "600Mi" } });
            });

            it("has the chart create the annotated service account, which nothing else creates", async () => {
                const { run, values } = await autoscalerValues(environment);
                // The IAM role trusts system:serviceaccount:cluster-autoscaler:cluster-autoscaler (eks.test.ts). The chart
                // creates that account only with rbac.serviceAccount.create true (templates/serviceaccount.yaml); with
                // false its Deployment still names it and the pod is never created.
                assert.deepEqual(values.rbac.serviceAccount, {
                    create: true,
                    name: "cluster-autoscaler",
                    annotations: {
                        "eks.amazonaws.com/role-arn": `arn:aws:iam::123456789012:role/atlasia-${environment === "staging" ? "staging" : "prod"}-autoscaler`,
                    },
                });
                const ownAccounts = run.resources.filter(
                    (r) => r.type === "kubernetes:core/v1:ServiceAccount" && r.inputs.metadata?.namespace === "cluster-autoscaler",
                );
                assert.deepEqual(ownAccounts, [], "the program creates no service account there itself");
            });
        });
    }
});
