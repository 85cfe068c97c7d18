// The Jaeger pod and its Badger volume, through the whole program under mocks: the container security
// context its namespace's restricted Pod Security level admits, and the claim Badger writes to.
// The jaeger chart 4.11.1 ships `jaeger.securityContext: {}` and `jaeger.podSecurityContext: {}`
// (values.yaml) and mounts no volume of its own (only jaeger.extraVolumes / extraVolumeMounts), so each
// of these is the program's to set.
import { strict as assert } from "assert";
import { restrictedViolations } from "../policy/pod-security";
import { Cloud, Env, matrix, stackOptions, validStackRun } from "./support/runs";

const releaseType = "kubernetes:helm.sh/v3:Release";
const claimType = "kubernetes:core/v1:PersistentVolumeClaim";

// Local development and every GKE environment (the values do not depend on the cloud).
const stacks = matrix.filter((c) => c.cloud === "local" || c.cloud === "gcp");

async function jaegerRun(cloud: Cloud, environment: Env) {
    const run = await validStackRun(stackOptions(cloud, environment));
    const release = run.resources.find((r) => r.type === releaseType && r.name === "jaeger");
    assert.ok(release, "tracing is on in every committed stack");
    return { run, values: release.inputs.values.jaeger };
}

describe("Jaeger pod: admitted by the restricted Pod Security level, Badger on its own ReadWriteOnce claim", function () {
    this.timeout(60000);

    for (const { label, cloud, environment } of stacks) {
        describe(label, () => {
            it("runs non-root under RuntimeDefault seccomp, without privilege escalation or capabilities", async () => {
                const { values } = await jaegerRun(cloud, environment);
                // Pod Security Standards "restricted" (https://kubernetes.io/docs/concepts/security/pod-security-standards/):
                // runAsNonRoot true, allowPrivilegeEscalation false, capabilities.drop ["ALL"],
                // seccompProfile RuntimeDefault (or Localhost), on the pod or on every container.
                assert.deepEqual(values.securityContext, {
                    runAsNonRoot: true,
                    allowPrivilegeEscalation: false,
                    capabilities: { drop: ["ALL"] },
                    seccompProfile: { type: "RuntimeDefault" },
                });
            });

            it("would be admitted by the restricted level, placed as the chart places it", async () => {
                const { values } = await jaegerRun(cloud, environment);
                // templates/jaeger/jaeger-deploy.yaml: jaeger.securityContext is the container's securityContext,
                // jaeger.podSecurityContext the pod's (not set by the program: the chart's {}).
                const spec = {
                    securityContext: values.podSecurityContext ?? {},
                    containers: [{ name: "jaeger", image: "jaegertracing/jaeger:2.19.0", securityContext: values.securityContext }],
                    volumes: values.extraVolumes,
                };
                assert.deepEqual(restrictedViolations(spec), []);
            });
        });
    }

    it("local/development: traces in memory, so the chart mounts no extra volume", async () => {
        const { values } = await jaegerRun("local", "development");
        // The chart renders each entry of jaeger.extraVolumes / extraVolumeMounts verbatim into the pod
        // (templates/jaeger/jaeger-deploy.yaml); development has no claim to mount.
        assert.deepEqual(values.extraVolumes, []);
        assert.deepEqual(values.extraVolumeMounts, []);
    });

    // README ("Per environment"): Badger on a 10 Gi volume in staging, 50 Gi in production.
    const badgerVolume: Record<Exclude<Env, "development">, string> = { staging: "10Gi", production: "50Gi" };
    for (const environment of ["staging", "production"] as const) {
        it(`gcp/${environment}: the Badger claim asks for ReadWriteOnce and ${badgerVolume[environment]}`, async () => {
            const { run } = await jaegerRun("gcp", environment);
            const claim = run.resources.find((r) => r.type === claimType && r.name === "jaeger-badger");
            assert.ok(claim, "Badger on a volume outside development");
            // A claim needs at least one access mode and a storage request (the API server rejects it
            // otherwise: https://kubernetes.io/docs/concepts/storage/persistent-volumes/#persistentvolumeclaims).
            // ReadWriteOnce: one pod (replicas 1, strategy Recreate) owns Badger's directory and lock, and
            // the block-disk classes (standard-rwo, gp3, managed-csi) offer no other mode
            // (https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes).
            assert.deepEqual(claim.inputs.spec.accessModes, ["ReadWriteOnce"]);
            assert.deepEqual(claim.inputs.spec.resources, { requests: { storage: badgerVolume[environment] } });
        });

        it(`gcp/${environment}: the pod mounts that claim where Badger writes, under a volume name the API server accepts`, async () => {
            const { values } = await jaegerRun("gcp", environment);
            // The chart copies each entry into the pod verbatim (templates/jaeger/jaeger-deploy.yaml); a volume's name is
            // required and a DNS-1123 label, and a mount names a volume of the pod
            // (https://kubernetes.io/docs/concepts/storage/volumes/, k8s.io/apimachinery validation IsDNS1123Label).
            const [volume, ...moreVolumes] = values.extraVolumes;
            assert.deepEqual(moreVolumes, []);
            assert.match(volume.name, /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
            assert.deepEqual(volume.persistentVolumeClaim, { claimName: "jaeger-badger" });
            assert.deepEqual(values.extraVolumeMounts, [{ name: volume.name, mountPath: "/badger" }]);
        });
    }
});
