// Blue-green as configuration, and the workloads with every optional part switched off.
import { strict as assert } from "assert";
import { mockRandomValue } from "../harness/mocks";
import { container, maybeObject, objectOf, objectsOfKind, onStatefulSet, podTemplates, runValid, variants } from "./support/workloads";

describe("workloads: blue-green with green active", () => {
    let run: Awaited<ReturnType<typeof runValid>>;
    before(async () => {
        run = await runValid(variants.blueGreen.label, variants.blueGreen.options);
    });

    it("runs both colours of the orchestrator and frontend, each with its own tag", () => {
        const images = objectsOfKind(run, "Deployment")
            .map((d) => `${d.metadata.name}=${container(d.spec.template).image}`)
            .sort();
        assert.deepEqual(images, [
            "atlasia-frontend-blue=atlasia/frontend:0.1.0",
            "atlasia-frontend-green=atlasia/frontend:0.2.1",
            "atlasia-orchestrator-blue=atlasia/ai-orchestrator:0.1.0",
            "atlasia-orchestrator-green=atlasia/ai-orchestrator:0.2.0",
        ]);
    });

    it("switches the stable Services to the green pods only", () => {
        for (const component of ["orchestrator", "frontend"]) {
            const service = objectOf(run, "Service", `atlasia-${component}`);
            const selected = objectsOfKind(run, "Deployment").filter((d) =>
                Object.entries(service.spec.selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v),
            );
            assert.deepEqual(
                selected.map((d) => d.metadata.name),
                [`atlasia-${component}-green`],
            );
        }
    });

    it("gives each orchestrator colour its own HPA and PDB, so either can take the traffic", () => {
        for (const color of ["blue", "green"]) {
            const hpa = objectOf(run, "HorizontalPodAutoscaler", `atlasia-orchestrator-${color}`);
            assert.equal(hpa.spec.scaleTargetRef.name, `atlasia-orchestrator-${color}`);
            assert.deepEqual([hpa.spec.minReplicas, hpa.spec.maxReplicas], [3, 10]);
            objectOf(run, "PodDisruptionBudget", `atlasia-orchestrator-${color}`);
            objectOf(run, "PodDisruptionBudget", `atlasia-frontend-${color}`);
        }
    });

    it("keeps one Deployment selector per colour, disjoint from the other colour", () => {
        const deployments = objectsOfKind(run, "Deployment");
        for (const a of deployments) {
            for (const b of deployments) {
                if (a === b) continue;
                const overlaps = Object.entries(a.spec.selector.matchLabels).every(([k, v]) => b.spec.template.metadata.labels[k] === v);
                assert.ok(!overlaps, `${a.metadata.name}'s selector does not select ${b.metadata.name}'s pods`);
            }
        }
    });
});

describe("workloads: monitoring, tracing, TLS, ingress and backups off", () => {
    let run: Awaited<ReturnType<typeof runValid>>;
    before(async () => {
        run = await runValid(variants.minimal.label, variants.minimal.options);
    });

    it("receives no monitoring, tracing or TLS from the platform", () => {
        assert.equal(run.platform.services.monitoring, undefined);
        assert.equal(run.platform.services.tracing, undefined);
        assert.equal(run.platform.services.tls, undefined);
    });

    it("scales on CPU only (no memory metric by default, issue 11 item 3), with no Service or PodMonitor", () => {
        for (const color of ["blue", "green"]) {
            const hpa = objectOf(run, "HorizontalPodAutoscaler", `atlasia-orchestrator-${color}`);
            assert.deepEqual(
                hpa.spec.metrics.map((m: any) => m.resource?.name ?? m.type),
                ["cpu"],
            );
        }
        assert.equal(objectsOfKind(run, "ServiceMonitor").length, 0);
        assert.equal(objectsOfKind(run, "PodMonitor").length, 0);
    });

    it("exports no traces", () => {
        const data = objectOf(run, "ConfigMap", "atlasia-config").data;
        assert.equal(data.TRACING_ENABLED, "false");
        assert.equal(data.OTEL_EXPORTER_OTLP_ENDPOINT, undefined);
    });

    it("creates no Ingress and no backup job; on the StatefulSet the backup claim stays registered", async () => {
        assert.equal(objectsOfKind(run, "Ingress").length, 0);
        const statefulSet = onStatefulSet(variants.minimal);
        const statefulSetRun = await runValid(statefulSet.label, statefulSet.options);
        for (const r of [run, statefulSetRun]) {
            assert.equal(maybeObject(r, "CronJob", "atlasia-postgresql-backup"), undefined);
            assert.ok(!podTemplates(r).some((t) => t.metadata.labels["app.kubernetes.io/component"] === "backup"));
        }
        // Turning backups off must not remove the claim (issue 12 items 2-3, backup.ts).
        assert.ok(maybeObject(statefulSetRun, "PersistentVolumeClaim", "atlasia-postgresql-backup"));
    });

    it("runs a green orchestrator beside blue, with the frontend's green on the blue tag, blue still active", () => {
        const images = objectsOfKind(run, "Deployment")
            .map((d) => `${d.metadata.name}=${container(d.spec.template).image}`)
            .sort();
        assert.deepEqual(images, [
            "atlasia-frontend-blue=atlasia/frontend:0.1.0",
            "atlasia-frontend-green=atlasia/frontend:0.1.0",
            "atlasia-orchestrator-blue=atlasia/ai-orchestrator:0.1.0",
            "atlasia-orchestrator-green=atlasia/ai-orchestrator:0.3.0",
        ]);
        assert.equal(objectOf(run, "Service", "atlasia-orchestrator").spec.selector["atlasia.io/color"], "blue");
        assert.equal(objectOf(run, "Service", "atlasia-frontend").spec.selector["atlasia.io/color"], "blue");
    });
});

describe("workloads: secrets supplied in stack config", () => {
    let run: Awaited<ReturnType<typeof runValid>>;
    const supplied = variants.suppliedSecrets.options.secrets;
    before(async () => {
        run = await runValid(variants.suppliedSecrets.label, variants.suppliedSecrets.options);
    });

    it("uses the configured values, none of the generated ones", () => {
        const data = objectOf(run, "Secret", "atlasia-secrets").stringData;
        assert.deepEqual(data, {
            "orchestrator-token": supplied.orchestratorToken,
            "db-password": supplied.dbPassword,
            "jwt-secret": supplied.jwtSecret,
            "encryption-key": supplied.encryptionKey,
            "llm-api-key": supplied.llmApiKey,
            "vault-token": supplied.vaultToken,
        });
        // Still registered (setting a secret by hand must not delete a protected resource, issue 12 item 2), unused.
        const generated = run.resources.filter((r) => r.type === "random:index/randomPassword:RandomPassword" && r.name.startsWith("atlasia-"));
        assert.equal(generated.length, 4);
        for (const r of generated) assert.ok(!Object.values(data).includes(mockRandomValue(r.name, r.inputs.length)), `${r.name} is not used`);
    });
});
