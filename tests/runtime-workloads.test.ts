// Issue 11: workloads that keep working at runtime, at full scale and during rollouts. Each
// expectation is the platform's rule, written here from its source (cited beside it), and checked
// against the objects the whole program creates.
import { strict as assert } from "assert";
import { StackConfigError } from "../config/reader";
import { CapacityError, platformRequests } from "../workloads/capacity";
import { addonRequests } from "../clusters/addons/requests";
import { settingsFor } from "./support/settings";
import { memoryMiB } from "../config/quantity";
import { stackRun, withConfig, withDatabaseEngine } from "./support/runs";
import {
    container,
    matrix,
    maybeObject,
    objectOf,
    objectsOfKind,
    onStatefulSet,
    podTemplates,
    runValid,
    statefulSetMatrix,
    variants,
    WorkloadRun,
} from "./support/workloads";

const production = matrix.find((c) => c.label === "gcp/production")!;
const withSettings = (set: Record<string, string>) => withConfig(production.options, set);
/** gcp/production on the StatefulSet (the committed stack runs CloudNativePG: tests/database.test.ts). */
const productionOnStatefulSet = onStatefulSet(production);

/** Environment of a container as name -> literal value or valueFrom. */
function envOf(c: Record<string, any>): Record<string, any> {
    return Object.fromEntries((c.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));
}

const orchestratorDeployments = (run: WorkloadRun) => objectsOfKind(run, "Deployment").filter((d) => d.metadata.name.startsWith("atlasia-orchestrator-"));

/**
 * PostgreSQL's rules (https://www.postgresql.org/docs/16/runtime-config-connection.html): the
 * official image keeps the default max_connections = 100, of which superuser_reserved_connections = 3
 * are closed to non-superusers. HikariCP keeps maximumPoolSize = 10 connections per pod by default
 * (https://github.com/brettwooldridge/HikariCP#frequently-used). Flyway with its own user opens one
 * more per starting pod (https://docs.spring.io/spring-boot/reference/howto/data-initialization.html#howto.data-initialization.migration-tool.flyway).
 */
const postgresDefaultMaxConnections = 100;
const superuserReservedConnections = 3;
const hikariDefaultPoolSize = 10;
const flywayConnectionsPerPod = 1;
/** The backup job's pg_dump and one operator's psql. */
const otherClients = 2;

function maxConnectionsOf(run: WorkloadRun): number {
    const args: string[] = container(objectOf(run, "StatefulSet", "atlasia-postgresql").spec.template).args ?? [];
    const setting = args.map((a) => /^max_connections=(\d+)$/.exec(a)).find(Boolean);
    return setting ? Number(setting[1]) : postgresDefaultMaxConnections;
}

describe("issue 11: PostgreSQL connections at full scale (item 1)", () => {
    // The StatefulSet's max_connections; CloudNativePG's arithmetic is tests/database.test.ts's.
    const cases = [
        ...statefulSetMatrix,
        onStatefulSet(variants.blueGreen),
        {
            label: "gcp/production, HPA 5-20, on the StatefulSet",
            options: withDatabaseEngine(withSettings({ orchestratorHpaMinReplicas: "5", orchestratorHpaMaxReplicas: "20" }), "statefulset"),
        },
    ];
    for (const stack of cases) {
        it(`${stack.label}: (HPA max x colours + surge) x (pool + Flyway) + reserved <= max_connections`, async () => {
            const run = await runValid(stack.label, stack.options);
            const data = objectOf(run, "ConfigMap", "atlasia-config").data;
            const pool = Number(data.SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE ?? hikariDefaultPoolSize);
            assert.ok(data.SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE, "the pool size is explicit, not Hikari's default");
            // Every colour at its maximum, plus each Deployment's surge pod; a green colour can be added
            // by configuration at any time, so the budget is for two colours whichever runs now.
            let pods = 0;
            for (const deployment of orchestratorDeployments(run)) {
                const hpa = maybeObject(run, "HorizontalPodAutoscaler", deployment.metadata.name);
                const surge = Number(deployment.spec.strategy.rollingUpdate.maxSurge);
                pods += (hpa ? hpa.spec.maxReplicas : deployment.spec.replicas) + surge;
            }
            const worstCase = pods * (2 / orchestratorDeployments(run).length);
            const needed = worstCase * (pool + flywayConnectionsPerPod) + otherClients + superuserReservedConnections;
            assert.ok(needed <= maxConnectionsOf(run), `${needed} connections needed, max_connections is ${maxConnectionsOf(run)}`);
        });
    }
});

describe("issue 11: PostgreSQL roles and shared memory (items 13, 15)", () => {
    let run: WorkloadRun;
    before(async () => {
        run = await runValid(productionOnStatefulSet.label, productionOnStatefulSet.options);
    });

    it("connects the application as a non-superuser role, migrates as the schema owner (item 15)", () => {
        const postgres = container(objectOf(run, "StatefulSet", "atlasia-postgresql").spec.template);
        const superuser = envOf(postgres).POSTGRES_USER; // the official image makes POSTGRES_USER a superuser
        const data = objectOf(run, "ConfigMap", "atlasia-config").data;
        assert.notEqual(data.SPRING_DATASOURCE_USERNAME, superuser);
        assert.notEqual(data.SPRING_FLYWAY_USER, superuser);
        assert.notEqual(data.SPRING_FLYWAY_USER, data.SPRING_DATASOURCE_USERNAME, "migrations run as the owner, not the application");
        // The roles are made by the roles Job (tests/database-roles-job.test.ts), on every volume.
        const init = objectOf(run, "ConfigMap", "atlasia-postgresql-roles-sync").data["roles.sql"];
        for (const role of [data.SPRING_DATASOURCE_USERNAME, data.SPRING_FLYWAY_USER]) {
            assert.match(init, new RegExp(`ALTER ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`), `${role} has no privileges`);
        }
        assert.match(init, new RegExp(`ALTER SCHEMA public OWNER TO ${data.SPRING_FLYWAY_USER}`));
        assert.match(
            init,
            new RegExp(
                `FOR ROLE ${data.SPRING_FLYWAY_USER} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${data.SPRING_DATASOURCE_USERNAME}`,
            ),
        );
        assert.doesNotMatch(init, /PASSWORD '[^:]/, "passwords come from the environment, never the script");
        const backup = envOf(container(objectOf(run, "CronJob", "atlasia-postgresql-backup").spec.jobTemplate.spec.template));
        assert.notEqual(backup.PGUSER, superuser);
    });

    it("mounts a memory-backed /dev/shm larger than the runtime's 64 MB, inside the memory limit (item 13)", () => {
        // https://www.postgresql.org/docs/16/runtime-config-resource.html (dynamic_shared_memory_type posix uses /dev/shm);
        // Docker's default --shm-size is 64m; https://kubernetes.io/docs/concepts/storage/volumes/#emptydir (medium: Memory).
        const template = objectOf(run, "StatefulSet", "atlasia-postgresql").spec.template;
        const c = container(template);
        const mount = c.volumeMounts.find((m: any) => m.mountPath === "/dev/shm");
        assert.ok(mount, "/dev/shm is mounted");
        const volume = template.spec.volumes.find((v: any) => v.name === mount.name);
        assert.equal(volume.emptyDir?.medium, "Memory");
        const size = memoryMiB(volume.emptyDir.sizeLimit);
        assert.ok(size > 64, `${size} MiB`);
        assert.ok(size < memoryMiB(c.resources.limits.memory), "tmpfs pages count against the container's memory limit");
    });
});

describe("issue 11: the JVM and the HPA (item 3)", () => {
    it("keeps the heap at 60-65 % of the limit and scales on no memory metric by default", async () => {
        const run = await runValid(production.label, production.options);
        for (const deployment of orchestratorDeployments(run)) {
            const options = envOf(container(deployment.spec.template, "orchestrator")).JAVA_TOOL_OPTIONS as string;
            const percent = Number(/-XX:MaxRAMPercentage=([\d.]+)/.exec(options)?.[1]);
            assert.ok(percent >= 60 && percent <= 65, `MaxRAMPercentage ${percent}`);
            const hpa = objectOf(run, "HorizontalPodAutoscaler", deployment.metadata.name);
            assert.equal(
                hpa.spec.metrics.find((m: any) => m.resource?.name === "memory"),
                undefined,
            );
        }
    });

    it("adds a memory target only when atlasia:orchestratorHpaMemoryPercent is set", async () => {
        const run = await runValid("gcp/production, memory 85", withSettings({ orchestratorHpaMemoryPercent: "85" }));
        const hpa = objectOf(run, "HorizontalPodAutoscaler", "atlasia-orchestrator-blue");
        assert.deepEqual(hpa.spec.metrics.find((m: any) => m.resource?.name === "memory").resource.target, { type: "Utilization", averageUtilization: 85 });
    });
});

describe("issue 11: rollouts that drop nothing (item 7)", () => {
    it("pauses before SIGTERM and gives Spring's shutdown phase a longer grace period", async () => {
        const run = await runValid(production.label, production.options);
        const data = objectOf(run, "ConfigMap", "atlasia-config").data;
        assert.equal(data.SERVER_SHUTDOWN, "graceful");
        // spring.lifecycle.timeout-per-shutdown-phase, default 30s
        // (https://docs.spring.io/spring-boot/reference/web/graceful-shutdown.html).
        const phase = Number(/^(\d+)s$/.exec(data.SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE ?? "30s")![1]);
        for (const template of podTemplates(run).filter((t) => t.owner.startsWith("Deployment/"))) {
            const c = container(template);
            const pause = c.lifecycle?.preStop?.sleep?.seconds ?? 0;
            assert.ok(pause >= 5, `${template.owner}: preStop pause of ${pause} s while endpoints and ingress-nginx forget the pod`);
            // Kubernetes' default grace period is 30 s (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination).
            const grace = template.spec.terminationGracePeriodSeconds ?? 30;
            const application = template.owner.includes("orchestrator") ? phase : 0;
            assert.ok(grace > pause + application, `${template.owner}: grace ${grace} s > pause ${pause} s + shutdown ${application} s`);
        }
    });
});

describe("issue 11: secrets roll the pods that read them (item 8)", () => {
    it("annotates the orchestrator with a hash of the secret values, which changes with any of them", async () => {
        const supplied = variants.suppliedSecrets;
        const rotated = { ...supplied.options, secrets: { ...supplied.options.secrets, dbPassword: "rotated-db-password-Zx9Cv8Bn7M" } };
        const [before, after] = [await runValid(supplied.label, supplied.options), await runValid(`${supplied.label}, rotated`, rotated)];
        const hash = (run: WorkloadRun) => objectOf(run, "Deployment", "atlasia-orchestrator-blue").spec.template.metadata.annotations["checksum/secrets"];
        assert.match(hash(before), /^[0-9a-f]{64}$/);
        assert.notEqual(hash(before), hash(after), "a rotated password rolls the pods");
        for (const value of Object.values(supplied.options.secrets)) assert.ok(!hash(before).includes(value));
    });
});

describe("issue 11: disruption budgets never block drains (item 12)", () => {
    it("sets unhealthyPodEvictionPolicy AlwaysAllow on every PodDisruptionBudget", async () => {
        // https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy
        const run = await runValid(production.label, production.options);
        const budgets = objectsOfKind(run, "PodDisruptionBudget");
        assert.ok(budgets.length >= 2);
        for (const pdb of budgets) assert.equal(pdb.spec.unhealthyPodEvictionPolicy, "AlwaysAllow", pdb.metadata.name);
        const values = (chart: string) => run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === chart)!.inputs.values;
        // The charts pass these through (cert-manager templates/*poddisruptionbudget.yaml,
        // ingress-nginx templates/controller-poddisruptionbudget.yaml, prometheus-adapter templates/pdb.yaml).
        const certManager = values("cert-manager");
        for (const pdb of [certManager.podDisruptionBudget, certManager.webhook.podDisruptionBudget, certManager.cainjector.podDisruptionBudget]) {
            assert.equal(pdb.unhealthyPodEvictionPolicy, "AlwaysAllow");
        }
        assert.equal(values("ingress-nginx").controller.unhealthyPodEvictionPolicy, "AlwaysAllow");
        assert.equal(values("prometheus-adapter").podDisruptionBudget.unhealthyPodEvictionPolicy, "AlwaysAllow");
    });
});

describe("issue 11: traces leave the application (item 6)", () => {
    it("configures Micrometer's OTLP/HTTP exporter and the Java agent's, traces only, every span", async () => {
        const run = await runValid(production.label, production.options);
        const data = objectOf(run, "ConfigMap", "atlasia-config").data;
        // Spring Boot 3: management.otlp.tracing.endpoint is OTLP over HTTP, path /v1/traces, port 4318;
        // management.tracing.sampling.probability defaults to 0.1
        // (https://docs.spring.io/spring-boot/reference/actuator/tracing.html).
        assert.match(data.MANAGEMENT_OTLP_TRACING_ENDPOINT, /^http:\/\/[a-z0-9.-]+:4318\/v1\/traces$/);
        assert.equal(Number(data.MANAGEMENT_TRACING_SAMPLING_PROBABILITY), 1);
        // The OpenTelemetry Java agent exports metrics and logs too unless told not to; Jaeger takes traces only
        // (https://opentelemetry.io/docs/languages/java/configuration/).
        assert.equal(data.OTEL_TRACES_EXPORTER, "otlp");
        assert.equal(data.OTEL_METRICS_EXPORTER, "none");
        assert.equal(data.OTEL_LOGS_EXPORTER, "none");
        assert.equal(Number(data.OTEL_TRACES_SAMPLER_ARG), 1);
    });
});

describe("issue 11: scaling as stack settings (items 5, 25)", () => {
    it("applies the guide's production example: orchestrator HPA 5-20, frontend 3 replicas", async () => {
        const run = await runValid(
            "gcp/production scaled",
            withSettings({ orchestratorHpaMinReplicas: "5", orchestratorHpaMaxReplicas: "20", frontendReplicas: "3" }),
        );
        const hpa = objectOf(run, "HorizontalPodAutoscaler", "atlasia-orchestrator-blue");
        assert.deepEqual([hpa.spec.minReplicas, hpa.spec.maxReplicas], [5, 20]);
        assert.equal(objectOf(run, "Deployment", "atlasia-frontend-blue").spec.replicas, 3);
    });

    it("refuses an HPA minimum above its maximum, naming the key", async () => {
        const run = await stackRun(withSettings({ orchestratorHpaMinReplicas: "8", orchestratorHpaMaxReplicas: "6" }));
        assert.ok(run.error instanceof StackConfigError, String(run.error));
        assert.match(run.error.message, /atlasia:orchestratorHpaMaxReplicas: the HPA maximum \(6\) is below its minimum \(8\)/);
        assert.match(run.error.message, /pulumi config set --stack production atlasia:orchestratorHpaMaxReplicas 8/);
    });

    it("runs the capacity check on the configured maximum", async () => {
        const run = await stackRun(withSettings({ orchestratorHpaMaxReplicas: "400" }));
        assert.ok(run.error instanceof CapacityError, String(run.error));
    });

    it("scales on the shared queue's total as an External metric when queueDepthScope=shared", async () => {
        // https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale-walkthrough/#autoscaling-on-metrics-not-related-to-kubernetes-objects:
        // an External AverageValue target is divided by the replica count; a Pods metric averages what each pod reports.
        const run = await runValid("gcp/production shared queue", withSettings({ queueDepthScope: "shared" }));
        const hpa = objectOf(run, "HorizontalPodAutoscaler", "atlasia-orchestrator-blue");
        const external = hpa.spec.metrics.find((m: any) => m.type === "External");
        assert.deepEqual(external.external, { metric: { name: "ai_tasks_queue_depth" }, target: { type: "AverageValue", averageValue: "50" } });
        assert.equal(
            hpa.spec.metrics.find((m: any) => m.type === "Pods"),
            undefined,
        );
        const adapter = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "prometheus-adapter")!.inputs.values;
        assert.equal(adapter.rules.external.length, 1, "the chart serves external.metrics.k8s.io only with external rules");
        assert.match(adapter.rules.external[0].metricsQuery, /^max\(/, "every pod reports the same total: not summed");
    });

    it("refuses HPA settings where the environment has no HPA", async () => {
        const run = await stackRun({ ...matrix[0].options, set: { orchestratorHpaMaxReplicas: "4" } });
        assert.ok(run.error instanceof StackConfigError, String(run.error));
        assert.match(run.error.message, /atlasia:orchestratorHpaMaxReplicas: this environment has no HPA/);
    });
});

describe("issue 11: prometheus-adapter's APIService is verified (item 17)", () => {
    it("uses cert-manager for the adapter's serving certificate where cert-manager is installed", async () => {
        // templates/custom-metrics-apiservice.yaml sets insecureSkipTLSVerify unless tls.enable or certManager.enabled.
        const run = await runValid(production.label, production.options);
        const adapter = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "prometheus-adapter")!.inputs.values;
        assert.equal(adapter.certManager.enabled, true);
    });
});

describe("issue 11: the capacity check counts each cloud's system pods (item 11)", () => {
    // Requests of the clouds' own kube-system DaemonSets per node, as measured by 2i2c
    // (2i2c-org/infrastructure deployer/commands/generate/resource_allocation/daemonset_requests.yaml):
    // GKE (calico-node, fluentbit-gke, gke-metadata-server, netd, pdcsi-node, ...) at least 300m/500Mi,
    // EKS (aws-node, ebs-csi-node, kube-proxy) at least 150m/250Mi, AKS (csi-azuredisk-node, kube-proxy, ...) at least 200m/300Mi.
    // AKS here runs the Cilium dataplane, whose agent requests 100Mi more (https://github.com/Azure/AKS/issues/5244).
    const ciliumAgentMiB = 100;
    const measuredAtLeast: Record<string, { cpuMillis: number; memoryMiB: number }> = {
        gcp: { cpuMillis: 300, memoryMiB: 500 },
        aws: { cpuMillis: 150, memoryMiB: 250 },
        azure: { cpuMillis: 200, memoryMiB: 300 + ciliumAgentMiB },
    };
    for (const cloud of ["gcp", "aws", "azure"]) {
        it(`${cloud}: takes the system pods off every node besides the add-ons' DaemonSets`, async () => {
            const options = matrix.find((c) => c.cloud === cloud && c.environment === "production")!.options;
            const settings = await settingsFor(options);
            const perNode = platformRequests(settings).perNode;
            const daemonSets = addonRequests(settings).perNode;
            assert.ok(perNode.cpuMillis - daemonSets.cpuMillis >= measuredAtLeast[cloud].cpuMillis, `${perNode.cpuMillis - daemonSets.cpuMillis}m`);
            assert.ok(perNode.memoryMiB - daemonSets.memoryMiB >= measuredAtLeast[cloud].memoryMiB, `${perNode.memoryMiB - daemonSets.memoryMiB}Mi`);
        });
    }
});

describe("issue 11: a Jaeger configuration change reaches the pod (item 9)", () => {
    it("labels the Jaeger pod with its configuration's hash, which changes with the configuration", async () => {
        // The chart mounts userconfig by subPath (templates/jaeger/jaeger-deploy.yaml), which a running pod never sees
        // change, and fixes the pod annotations; jaeger.podLabels goes into the pod template.
        const jaegerValues = async (options: typeof production.options) =>
            (await runValid("", options)).resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "jaeger")!.inputs.values;
        const [dev, prod] = [await jaegerValues(matrix[0].options), await jaegerValues(production.options)];
        const label = (values: any) => values.jaeger.podLabels["atlasia.io/config-hash"];
        assert.match(label(prod), /^[0-9a-f]{1,63}$/, "a valid label value");
        assert.notDeepEqual(dev.userconfig, prod.userconfig);
        assert.notEqual(label(dev), label(prod), "another configuration, another pod template");
    });
});

describe("issue 11: rate limits are per client, whatever the controller count (item 10)", () => {
    // ingress-nginx: "the limits are applied per ingress replica"
    // (https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#rate-limiting).
    const intendedRequestsPerSecond = 20; // docs/workloads.md: 20 requests per second per client address
    for (const stack of [matrix[0], production]) {
        it(`${stack.label}: per-replica limits times the controller replicas stay within the intended totals`, async () => {
            const run = await runValid(stack.label, stack.options);
            const replicas = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "ingress-nginx")!.inputs.values
                .controller.replicaCount;
            const annotations = (name: string) => objectOf(run, "Ingress", name).metadata.annotations;
            const rps = Number(annotations("atlasia")["nginx.ingress.kubernetes.io/limit-rps"]);
            assert.ok(rps * replicas <= intendedRequestsPerSecond && rps * replicas > intendedRequestsPerSecond / 2, `${rps} x ${replicas}`);
            // Many users behind one NAT address each hold a WebSocket: the WebSocket path allows far more connections.
            const connections = (name: string) => Number(annotations(name)["nginx.ingress.kubernetes.io/limit-connections"]) * replicas;
            assert.ok(connections("atlasia-websocket") >= 10 * connections("atlasia"), `${connections("atlasia-websocket")} WebSocket connections per address`);
        });
    }
});

describe("issue 11: the orchestrator's egress outside the cluster (items 18, 19, 20)", () => {
    const egressOf = (run: WorkloadRun) => objectOf(run, "NetworkPolicy", "atlasia-orchestrator").spec.egress as any[];
    const blocks = (rules: any[], port: number) =>
        rules.filter((r) => r.ports.some((p: any) => p.port === port)).flatMap((r) => r.to.map((t: any) => t.ipBlock).filter(Boolean));

    it("sends LLM traffic only to the configured ranges, and refuses the link-local metadata range", async () => {
        const run = await runValid("gcp/production llm egress", withSettings({ llmEgressCidrs: '["198.51.100.0/24"]' }));
        const to443 = blocks(egressOf(run), 443).map((b: any) => b.cidr);
        assert.ok(to443.includes("198.51.100.0/24"));
        assert.ok(!to443.includes("0.0.0.0/0"), "no longer any public address");
        // The default: any public address, never 169.254.0.0/16 (https://cloud.google.com/compute/docs/metadata/overview: 169.254.169.254).
        const standard = await runValid(production.label, production.options);
        const anyPublic = blocks(egressOf(standard), 443).filter((b: any) => b.cidr === "0.0.0.0/0");
        assert.ok(anyPublic.length > 0 && anyPublic.every((b: any) => b.except?.includes("169.254.0.0/16")), JSON.stringify(anyPublic));
        const refused = await stackRun(withSettings({ llmEgressCidrs: '["169.254.169.254/32"]' }));
        assert.ok(refused.error instanceof StackConfigError);
        assert.match(refused.error.message, /atlasia:llmEgressCidrs: "169\.254\.169\.254\/32" reaches the link-local range/);
    });

    it("gives a Vault token somewhere to go: VAULT_ADDR and its egress, or a refusal", async () => {
        const run = await runValid(variants.suppliedSecrets.label, variants.suppliedSecrets.options);
        assert.equal(objectOf(run, "ConfigMap", "atlasia-config").data.VAULT_ADDR, "https://vault.cloud-ops.net:8200");
        assert.deepEqual(blocks(egressOf(run), 8200), [{ cidr: "203.0.113.10/32" }]);
        const refused = await stackRun({
            ...production.options,
            set: { ...production.options.set },
            secrets: { ...production.options.secrets, vaultToken: "hvs.token-without-a-vault-Qw2Er4" },
        });
        assert.ok(refused.error instanceof StackConfigError);
        assert.match(refused.error.message, /atlasia:vaultAddress: atlasia:vaultToken is set, but there is no Vault/);
    });

    it("lets every pod query NodeLocal DNSCache where the cluster runs it", async () => {
        // https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/: pods query 169.254.20.10 on the node.
        const run = await runValid("gcp/production nodelocaldns", withSettings({ nodeLocalDnsAddress: "169.254.20.10" }));
        const dns = objectOf(run, "NetworkPolicy", "atlasia-allow-dns");
        assert.deepEqual(dns.spec.podSelector.matchLabels ?? {}, {}, "every pod");
        assert.ok(dns.spec.egress[0].to.some((t: any) => t.ipBlock?.cidr === "169.254.20.10/32"));
    });
});

describe("issue 11: the image contracts agree with each other and with the pods (item 24)", () => {
    it("uses workloads/image-contract.ts consistently: ports, users, actuator paths", async () => {
        const run = await runValid(production.label, production.options);
        const data = objectOf(run, "ConfigMap", "atlasia-config").data;
        const orchestrator = objectOf(run, "Deployment", "atlasia-orchestrator-blue").spec.template;
        const frontend = objectOf(run, "Deployment", "atlasia-frontend-blue").spec.template;
        for (const template of [orchestrator, frontend]) {
            const c = container(template);
            // Every capability is dropped, so no port below 1024 can be bound (capabilities(7), CAP_NET_BIND_SERVICE).
            for (const port of c.ports) assert.ok(port.containerPort >= 1024, `${c.name} port ${port.containerPort}`);
            assert.ok(template.spec.securityContext.runAsUser > 0, `${c.name} runs as a non-root uid`);
        }
        const c = container(orchestrator, "orchestrator");
        assert.equal(Number(data.SERVER_PORT), c.ports.find((p: any) => p.name === "http").containerPort, "Spring Boot listens where the pod says");
        // Spring Boot serves /actuator/health/{liveness,readiness} with probes enabled and /actuator/prometheus when exposed
        // (https://docs.spring.io/spring-boot/reference/actuator/endpoints.html).
        assert.equal(data.MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED, "true");
        const exposed = data.MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE.split(",");
        assert.ok(exposed.includes("health") && exposed.includes("prometheus"));
        assert.equal(c.livenessProbe.httpGet.path, "/actuator/health/liveness");
        assert.equal(c.readinessProbe.httpGet.path, "/actuator/health/readiness");
        // nginx-unprivileged runs as uid 101 and listens on 8080 (https://github.com/nginxinc/docker-nginx-unprivileged).
        assert.equal(frontend.spec.securityContext.runAsUser, 101);
        assert.equal(container(frontend).ports[0].containerPort, 8080);
    });
});

describe("issue 11 item 24: the image contract is stack configuration, checked against itself", () => {
    it("follows a changed frontend port and uid, orchestrator port and actuator base path into every object", async () => {
        const run = await runValid(
            "gcp/production contract",
            withSettings({
                frontendPort: "8081",
                frontendUid: "1001",
                orchestratorPort: "9090",
                orchestratorUid: "1002",
                actuatorBasePath: "/management",
            }),
        );
        const data = objectOf(run, "ConfigMap", "atlasia-config").data;
        const orchestrator = objectOf(run, "Deployment", "atlasia-orchestrator-blue").spec.template;
        const frontend = objectOf(run, "Deployment", "atlasia-frontend-blue").spec.template;
        const o = container(orchestrator, "orchestrator");
        assert.equal(container(frontend).ports[0].containerPort, 8081);
        assert.equal(frontend.spec.securityContext.runAsUser, 1001);
        assert.equal(orchestrator.spec.securityContext.runAsUser, 1002);
        assert.equal(o.ports[0].containerPort, 9090);
        // Spring Boot: server.port and management.endpoints.web.base-path
        // (https://docs.spring.io/spring-boot/reference/actuator/endpoints.html, "/actuator by default").
        assert.equal(data.SERVER_PORT, "9090");
        assert.equal(data.MANAGEMENT_ENDPOINTS_WEB_BASE_PATH, "/management");
        assert.equal(o.livenessProbe.httpGet.path, "/management/health/liveness");
        assert.equal(o.readinessProbe.httpGet.path, "/management/health/readiness");
        assert.equal(objectOf(run, "PodMonitor", "atlasia-orchestrator").spec.podMetricsEndpoints[0].path, "/management/prometheus");
        assert.equal(objectOf(run, "Service", "atlasia-orchestrator").spec.ports[0].port, 9090);
        // The NetworkPolicies open the pods' real ports (a policy on the old port would drop all traffic).
        const ingressPorts = (name: string) => objectOf(run, "NetworkPolicy", name).spec.ingress.flatMap((r: any) => r.ports.map((p: any) => p.port));
        assert.deepEqual([...new Set(ingressPorts("atlasia-frontend"))], [8081]);
        assert.deepEqual([...new Set(ingressPorts("atlasia-orchestrator"))], [9090]);
        const backendPorts = objectsOfKind(run, "Ingress")
            .flatMap((i: any) => i.spec.rules.flatMap((r: any) => r.http.paths))
            .filter((p: any) => p.backend.service.name === "atlasia-orchestrator")
            .map((p: any) => p.backend.service.port.number);
        assert.ok(backendPorts.length > 0 && backendPorts.every((p: number) => p === 9090), String(backendPorts));
    });

    it("refuses a privileged port, uid 0 and an actuator under a public path, naming each key", async () => {
        // Every capability is dropped (capabilities(7): binding below 1024 needs CAP_NET_BIND_SERVICE) and
        // runAsNonRoot refuses uid 0 (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted);
        // /api/* is routed to the orchestrator by the Ingress, so an actuator there would be public.
        const run = await stackRun(withSettings({ frontendPort: "80", frontendUid: "0", orchestratorPort: "70000", actuatorBasePath: "/api/actuator" }));
        assert.ok(run.error instanceof StackConfigError, String(run.error));
        const keys = run.error.problems.map((p) => p.key).sort();
        assert.deepEqual(keys, ["atlasia:actuatorBasePath", "atlasia:frontendPort", "atlasia:frontendUid", "atlasia:orchestratorPort"]);
        assert.match(run.error.message, /pulumi config set --stack production atlasia:actuatorBasePath \/actuator/);
        assert.deepEqual(
            run.resources.filter((r) => r.custom).map((r) => r.type),
            [],
            "nothing is created",
        );
    });
});

describe("issue 11 item 7: the preStop sleep action needs Kubernetes 1.30", () => {
    // KEP-3960 (https://github.com/kubernetes/enhancements/issues/3960): the sleep action is alpha (off) in 1.29,
    // beta and on by default from 1.30; a 1.29 API server rejects the Deployments after the cluster exists.
    it("refuses kubernetesVersion 1.29 before any resource, and takes 1.30", async () => {
        const old = await stackRun(withSettings({ kubernetesVersion: "1.29" }));
        assert.ok(old.error instanceof StackConfigError, String(old.error));
        assert.deepEqual(
            old.error.problems.map((p) => p.key),
            ["atlasia:kubernetesVersion"],
        );
        assert.match(old.error.message, /preStop sleep action/);
        const sleep = container(
            objectOf(await runValid("gcp/production 1.30", withSettings({ kubernetesVersion: "1.30" })), "Deployment", "atlasia-orchestrator-blue").spec
                .template,
        ).lifecycle.preStop.sleep;
        assert.ok(sleep.seconds > 0);
    });
});
