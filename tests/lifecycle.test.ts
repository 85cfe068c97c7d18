// Issue 12: what the second `pulumi up` and every later one meets, tested on the resource graph of
// whole-program runs under mocks (the real-engine lifecycle does not exist yet). Each test names
// the engine or provider rule it encodes.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import type { RecordedResource } from "../harness/run";
import * as pulumi from "@pulumi/pulumi";
import * as yaml from "js-yaml";
import { recoveryCommands } from "../clusters/preflight/helm-releases";
import { runProgram } from "../harness/run";
import { engineUrns } from "./support/urns";
import { Cloud, matrix, ObservedRun, stackOptions, stackRun, validStackRun, withConfig, withSecrets } from "./support/runs";

const helmRelease = "kubernetes:helm.sh/v3:Release";
const k8sProvider = "pulumi:providers:kubernetes";

function ofType(run: ObservedRun, type: string): RecordedResource[] {
    return run.resources.filter((r) => r.type === type);
}

function named(run: ObservedRun, type: string, name: string): RecordedResource | undefined {
    return run.resources.find((r) => r.type === type && r.name === name);
}

function minutes(timeout: string): number {
    const match = /^(\d+)m$/.exec(timeout);
    assert.ok(match, `a timeout in minutes: "${timeout}"`);
    return Number(match[1]);
}

const production = (set: Record<string, string> = {}, secrets: Record<string, string> = {}) =>
    withSecrets(withConfig(stackOptions("gcp", "production"), set), secrets);
const staging = (set: Record<string, string> = {}) => withConfig(stackOptions("gcp", "staging"), set);

describe("lifecycle: kube-prometheus-stack CRDs upgrade with the chart (item 1)", () => {
    // Helm never upgrades a chart's crds/ folder (helm.sh/docs/chart_best_practices/custom_resource_definitions);
    // the chart's upgrade job (charts/crds/templates/upgrade/job.yaml) applies them on every upgrade.
    it("turns on the chart's CRD upgrade job with forced ownership and a pinned image", async () => {
        const run = await validStackRun(production());
        const values = named(run, helmRelease, "kube-prometheus-stack")!.inputs.values;
        assert.equal(values.crds.enabled, true);
        assert.equal(values.crds.upgradeJob.enabled, true);
        // Without it the job cannot take over CRDs another manager (Helm's crds/ install, a hand apply) owns.
        assert.equal(values.crds.upgradeJob.forceConflicts, true);
        assert.match(values.crds.upgradeJob.image.busybox.tag, /^\d+\.\d+\.\d+$/, "the chart's default is busybox:latest");
    });

    it("creates no CRD as a Pulumi resource, so nothing Pulumi removes can delete them", async () => {
        for (const { options } of matrix) {
            const run = await validStackRun(options);
            assert.deepEqual(ofType(run, "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition"), []);
        }
    });
});

describe("lifecycle: config changes keep the resource graph (items 2, 3)", () => {
    // The engine refuses to delete a protected resource ("resource ... cannot be deleted because it
    // is protected", pulumi/pulumi pkg/resource/deploy/step_generator.go), so a protected resource
    // must not disappear from the program when a setting changes.
    it("keeps the protected generated password when dbPassword is set by hand, and uses the configured value", async () => {
        const byHand = "rotated-by-hand-0123456789abcdef";
        const run = await validStackRun(production({}, { dbPassword: byHand }));
        const generated = run.resources.find((r) => r.type === "random:index/randomPassword:RandomPassword" && r.name === "atlasia-db-password");
        assert.ok(generated, "the RandomPassword is still registered");
        assert.equal(generated.protect, true);
        const secret = run.resources.find((r) => r.type === "kubernetes:core/v1:Secret" && r.name === "atlasia-secrets")!;
        assert.equal(secret.inputs.stringData["db-password"], byHand);
    });

    // pg_dump belongs to the StatefulSet, which these stacks ask for (the committed ones run CloudNativePG).
    const onStatefulSet = { databaseEngine: "statefulset" };
    for (const [label, options, protect] of [
        ["production", production({ ...onStatefulSet, postgresBackupsEnabled: "false" }), true],
        ["staging", staging({ ...onStatefulSet, postgresBackupsEnabled: "false" }), false],
    ] as const) {
        it(`${label} on the StatefulSet: turning backups off keeps the backup claim and removes only the CronJob`, async () => {
            const on = await validStackRun(label === "production" ? production(onStatefulSet) : staging(onStatefulSet));
            const off = await validStackRun(options);
            const claim = (run: ObservedRun) =>
                run.resources.find((r) => r.type === "kubernetes:core/v1:PersistentVolumeClaim" && r.name === "atlasia-postgresql-backup");
            assert.ok(claim(on) && claim(off));
            assert.equal(claim(off)!.urn, claim(on)!.urn);
            assert.equal(claim(off)!.protect, protect);
            assert.equal(ofType(off, "kubernetes:batch/v1:CronJob").length, 0);
            assert.equal(ofType(on, "kubernetes:batch/v1:CronJob").length, 1);
        });
    }
});

describe("lifecycle: rollouts and replacements (items 4, 5, 6, 7)", () => {
    it("gives each Deployment a timeout that covers its worst rollout, never below the provider's 10 minutes", async () => {
        // pulumi-kubernetes waits 10 minutes for a Deployment (await/deployment.go) unless customTimeouts is set.
        for (const { label, options } of matrix) {
            const run = await validStackRun(options);
            for (const deployment of ofType(run, "kubernetes:apps/v1:Deployment")) {
                const { spec } = deployment.inputs;
                const hpa = ofType(run, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler").find(
                    (r) => r.inputs.spec.scaleTargetRef.name === deployment.inputs.metadata.name,
                );
                const replicas = hpa ? hpa.inputs.spec.maxReplicas : spec.replicas;
                const startup = spec.template.spec.containers[0].startupProbe;
                const surge = spec.strategy.rollingUpdate.maxSurge;
                // One pod at a time (maxSurge), each allowed its whole startup probe.
                const floor = Math.ceil(replicas / surge) * startup.failureThreshold * startup.periodSeconds;
                const update = minutes(deployment.customTimeouts.update) * 60;
                assert.ok(
                    update >= floor && update >= 600,
                    `${label} ${deployment.name}: update timeout ${update}s for ${replicas} replicas needing ${floor}s`,
                );
                assert.ok(minutes(deployment.customTimeouts.create) >= 10);
            }
        }
    });

    it("the production orchestrator waits far longer than 10 minutes (10 replicas x 5-minute startup)", async () => {
        const run = await validStackRun(production());
        const orchestrator = named(run, "kubernetes:apps/v1:Deployment", "atlasia-orchestrator-blue")!;
        assert.ok(minutes(orchestrator.customTimeouts.update) >= 50);
    });

    it("deletes every Helm release before creating its replacement", async () => {
        // The provider's helm.v3.Release Diff does not request delete-before-replace
        // (provider/pkg/provider/helm_release.go), so the option must.
        for (const { options } of matrix) {
            const run = await validStackRun(options);
            for (const release of ofType(run, helmRelease)) assert.equal(release.deleteBeforeReplace, true, release.name);
        }
    });

    it("every Kubernetes provider updates ConfigMaps and Secrets in place and forces its own fields", async () => {
        // provider.d.ts (4.34.2): enableConfigMapMutable / enableSecretMutable (pulumi-kubernetes #1567, #3164),
        // enablePatchForce (#2280).
        for (const { label, options } of matrix) {
            const run = await validStackRun(options);
            const providers = ofType(run, k8sProvider);
            assert.ok(providers.length > 0);
            for (const provider of providers) {
                for (const flag of ["enableServerSideApply", "enableConfigMapMutable", "enableSecretMutable", "enablePatchForce"]) {
                    assert.equal(String(provider.inputs[flag]), "true", `${label} ${provider.name}.${flag}`);
                }
            }
        }
    });

    it("routes the Ingress to the Services' outputs, so it waits for them", async () => {
        const run = await validStackRun(production());
        const ingress = named(run, "kubernetes:networking.k8s.io/v1:Ingress", "atlasia")!;
        const services = ["atlasia-orchestrator", "atlasia-frontend"].map((name) => named(run, "kubernetes:core/v1:Service", name)!.urn);
        for (const urn of services) assert.ok(ingress.propertyDependencies.spec.includes(urn), urn);
    });
});

describe("lifecycle: fields shared with kubectl and controllers (item 12)", () => {
    // Server-side apply reports a conflict when another field manager (kubectl scale, the HPA) set a
    // field this manager also sets (https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts).
    // Decision: a field the HPA owns is not in the manifest; every other field is forced (provider test above).
    for (const { label, options } of matrix) {
        it(`${label}: a Deployment an HPA scales carries no replica count`, async () => {
            const run = await validStackRun(options);
            const scaled = new Set(ofType(run, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler").map((h) => h.inputs.spec.scaleTargetRef.name));
            for (const deployment of ofType(run, "kubernetes:apps/v1:Deployment")) {
                const name = deployment.inputs.metadata.name;
                assert.equal(deployment.inputs.spec.replicas === undefined, scaled.has(name), `${name}: replicas only without an HPA`);
            }
        });
    }
});

describe("lifecycle: data and destroy order (items 9, 13)", () => {
    for (const { label, options, environment } of matrix) {
        it(`${label}: the atlasia namespace (and so its claims) survives a destroy; only production protects it`, async () => {
            const run = await validStackRun(options);
            const namespace = named(run, "kubernetes:core/v1:Namespace", "atlasia")!;
            assert.equal(namespace.retainOnDelete, true);
            assert.equal(namespace.protect, environment === "production");
        });
    }

    // A StatefulSet keeps its volumeClaimTemplates' claims when it is deleted unless
    // persistentVolumeClaimRetentionPolicy.whenDeleted is Delete
    // (https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention);
    // the Prometheus Operator CRDs of kube-prometheus-stack 88.5.3 carry the field on Prometheus and
    // Alertmanager (charts/crds/crds/crd-prometheuses.yaml, crd-alertmanagers.yaml).
    for (const { label, options, environment } of matrix) {
        it(`${label}: Prometheus' and Alertmanager's claims go with a destroy outside production, stay in production`, async () => {
            const run = await validStackRun(options);
            const release = named(run, helmRelease, "kube-prometheus-stack");
            assert.ok(release, "monitoring is on in every stack of the matrix");
            const expected = environment === "production" ? "Retain" : "Delete";
            const { prometheus, alertmanager } = release.inputs.values;
            assert.equal(prometheus.prometheusSpec.persistentVolumeClaimRetentionPolicy?.whenDeleted, expected);
            if (alertmanager.alertmanagerSpec.storage) {
                assert.equal(alertmanager.alertmanagerSpec.persistentVolumeClaimRetentionPolicy?.whenDeleted, expected);
            }
        });

        it(`${label}: Jaeger's Badger claim is deleted by a destroy outside production, protected and kept in production`, async () => {
            // The jaeger chart 4.x renders no PersistentVolumeClaim (templates/: only extraVolumes),
            // so the claim is a Pulumi resource: deleted on destroy unless protect/retainOnDelete.
            const run = await validStackRun(options);
            const claim = named(run, "kubernetes:core/v1:PersistentVolumeClaim", "jaeger-badger");
            assert.equal(claim !== undefined, environment !== "development", "Badger on a volume outside development");
            if (!claim) return;
            assert.equal(claim.protect, environment === "production");
            assert.equal(claim.retainOnDelete, environment === "production");
        });
    }

    it("waits on destroy for every release's objects, so the ingress Service's cloud load balancer is gone before the cluster", async () => {
        // pulumi-kubernetes provider/pkg/provider/helm_release.go Delete: `if release.Atomic ||
        // !release.SkipAwait { uninstall.Wait = true; uninstall.Timeout = ... }`; Helm's uninstall
        // --wait "will wait until all the resources are deleted" (https://helm.sh/docs/helm/helm_uninstall/),
        // and a LoadBalancer Service keeps its service.kubernetes.io/load-balancer-cleanup finalizer
        // until the cloud controller has released the load balancer.
        for (const { label, options } of matrix) {
            const run = await validStackRun(options);
            const ingress = named(run, helmRelease, "ingress-nginx");
            assert.ok(ingress, label);
            assert.ok(ingress.inputs.atomic === true || ingress.inputs.skipAwait === false, `${label}: the uninstall waits`);
            assert.ok(ingress.inputs.timeout >= 300, `${label}: time for the cloud to release the load balancer`);
        }
    });

    it("orders the atlasia namespace after the releases whose controllers act in it", async () => {
        // Pulumi deletes a resource before what it depends on, so the namespace would go while
        // cert-manager can still clear its Challenges' finalizers (it is retainOnDelete today: this
        // holds the order should that ever be lifted).
        for (const { label, options } of matrix) {
            const run = await validStackRun(options);
            const namespace = named(run, "kubernetes:core/v1:Namespace", "atlasia")!;
            const { ingressReady, tlsReady, crdsReady } = run.platform!.urns;
            for (const urn of [ingressReady, tlsReady, crdsReady].filter((u): u is string => u !== undefined)) {
                assert.ok(namespace.dependencies.includes(urn), `${label}: namespace waits for ${urn}`);
            }
        }
    });
});

describe("lifecycle: teardown setting (item 11)", () => {
    it("reads allowClusterDeletion, false by default", async () => {
        const run = await stackRun(production({ allowClusterDeletion: "true" }));
        assert.equal(run.error, undefined);
        assert.ok(run.warnings.some((w) => /allowClusterDeletion is true/.test(w)));
        const defaults = await validStackRun(production());
        assert.ok(!defaults.warnings.some((w) => /allowClusterDeletion/.test(w)));
    });

    it("rejects a value that is not a boolean, with the fix", async () => {
        const run = await stackRun(production({ allowClusterDeletion: "yes" }));
        assert.match(String(run.error), /atlasia:allowClusterDeletion: "yes" is not true or false/);
        assert.match(String(run.error), /pulumi config set --stack production atlasia:allowClusterDeletion true/);
    });
});

describe("lifecycle: the runbook says what the engine and provider really do (docs/operations.md)", () => {
    const runbook = fs.readFileSync(path.resolve(__dirname, "../docs/operations.md"), "utf8");

    it("a stuck rollout holds pulumi up for the whole computed timeout: the provider does not fail on ProgressDeadlineExceeded", async () => {
        // pulumi-kubernetes provider/pkg/await/deployment.go: a Progressing=False condition
        // (ProgressDeadlineExceeded) is logged as a warning and recorded; the await returns early only
        // on success, otherwise at the timeout.
        const run = await validStackRun(production());
        const orchestrator = named(run, "kubernetes:apps/v1:Deployment", "atlasia-orchestrator-blue")!;
        assert.ok(runbook.includes(`${minutes(orchestrator.customTimeouts.update)} minutes`), "the runbook states the production timeout");
        assert.match(runbook, /only logs `\[ProgressDeadlineExceeded\]` as a\s+warning and keeps waiting/);
        assert.doesNotMatch(runbook, /still fails earlier/);
    });

    it("lists the preflight's own recovery commands, including clearing an interrupted install's pending create", () => {
        // https://www.pulumi.com/docs/support/troubleshooting/common-issues/interrupted-updates/
        const placeholders = { release: "<release>", namespace: "<namespace>", revision: 1, status: "pending-install" };
        for (const command of recoveryCommands(placeholders, "<stack>", "<context>")) assert.ok(runbook.includes(command), command);
    });

    it("does not promise that Helm keeps a manual change until the chart changes that field", () => {
        // Helm 3 patches with a three-way merge of old manifest, live object and new manifest: every
        // field the chart sets is patched back on the release's next upgrade
        // (https://helm.sh/docs/faq/changes_since_helm2/#improved-upgrade-strategy-3-way-strategic-merge-patches).
        assert.doesNotMatch(runbook, /kept until the chart changes that field/);
        assert.match(runbook, /patches every field the chart sets back/);
    });

    it("says a renamed component keeps its children's URNs: only parents' types are in a URN", async () => {
        // pulumi/pulumi sdk/go/common/resource/urn.go: NewURN(stack, project, parentType, type, name).
        const program = () => {
            const parent = new pulumi.ComponentResource("atlasia:test:Parent", "new-name", {});
            new pulumi.ComponentResource("atlasia:test:Child", "child", {}, { parent });
            return {};
        };
        const { urns } = engineUrns(await runProgram({ stack: "dev", secrets: { llmApiKey: "x" } }, program));
        assert.ok(urns.includes("urn:pulumi:dev::atlasia::atlasia:test:Parent$atlasia:test:Child::child"));
        assert.doesNotMatch(runbook, /moving or renaming a component changes the URN of\s+everything under it/);
    });
});

describe("lifecycle: the deploy job outlasts the update it runs (item 10)", () => {
    // A job that reaches its `timeout-minutes` is cancelled by GitHub, which kills `pulumi up`
    // (https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idtimeout-minutes):
    // the interrupted deployment this workflow must never cause (Helm releases left pending-upgrade).
    // The update's own waits bound it from below: the longest Deployment rollout (customTimeouts)
    // plus every Helm release's timeout (kube-prometheus-stack's release gates the others).
    const deploy = yaml.load(fs.readFileSync(path.resolve(__dirname, "../.github/workflows/deploy.yml"), "utf8")) as {
        jobs: Record<string, { with?: { stack?: string; command?: string; "timeout-minutes"?: number } }>;
    };
    const upJobs = Object.entries(deploy.jobs).filter(([, job]) => job.with?.command === "up");

    it("runs pulumi up for staging and production", () => {
        assert.deepEqual(upJobs.map(([, job]) => job.with!.stack).sort(), ["production", "staging"]);
    });

    for (const [name, job] of upJobs) {
        for (const cloud of ["gcp", "aws", "azure"] as Cloud[]) {
            it(`${name} on ${cloud}: timeout-minutes exceeds the longest rollout plus every release's timeout`, async () => {
                const run = await validStackRun(stackOptions(cloud, job.with!.stack as "staging" | "production"));
                const rollout = Math.max(...ofType(run, "kubernetes:apps/v1:Deployment").map((d) => minutes(d.customTimeouts.update)));
                const releases = ofType(run, helmRelease).reduce((sum, release) => sum + Number(release.inputs.timeout) / 60, 0);
                const jobTimeout = job.with!["timeout-minutes"]!;
                assert.ok(jobTimeout > rollout + releases, `${name}: ${jobTimeout} min for a ${rollout} min rollout after ${releases} min of releases`);
            });
        }
    }
});
