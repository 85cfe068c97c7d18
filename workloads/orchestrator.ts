// The AI orchestrator (Spring Boot): a Deployment per colour with its HPA and PDB, the Service
// (switched by activeColor) and, with monitoring, a PodMonitor for /actuator/prometheus.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { Color, StackSettings } from "../config/settings";
import { Autoscaling } from "../config/sizing";
import { activeColorReady, colorReleases, imageName } from "./colors";
import { componentLabels, selectorLabels } from "./labels";
import { colored, names, secretKeys } from "./names";
import { httpGet, probes, restrictedPod, secretEnv } from "./pod";
import { k8sOptions, WorkloadContext } from "./context";
import { rolloutTimeouts } from "./rollout-timeouts";
import { orchestratorMaxSurge } from "./database-connections";
import { roleSecretKeys } from "./database-roles";
import { orchestratorImage } from "./image-contract";
import { preStop, shutdownPlans, terminationGracePeriodSeconds } from "./shutdown";
import { secretChecksumAnnotation } from "./secret-checksum";
import { disruptionBudget } from "./disruption-budget";

/** The custom metric prometheus-adapter serves from the orchestrator's own metric. */
export const queueDepthMetric = "ai_tasks_queue_depth";

export interface OrchestratorArgs {
    configMapName: pulumi.Input<string>;
    configChecksum: string;
    /** Hash of every secret value the pods read (secret-checksum.ts). */
    secretChecksum: pulumi.Input<string>;
    secretName: pulumi.Input<string>;
    rolesSecretName: pulumi.Input<string>;
    serviceAccountName: pulumi.Input<string>;
    imagePullSecrets: pulumi.Input<string>[];
    /** What the Deployments wait for before Flyway logs in as the owner (the roles Job, database-roles-job.ts). */
    databaseReady: pulumi.Resource[];
}

/** The queue-depth metric as the HPA reads it (config/scaling.ts explains the two scopes). */
function queueDepthMetricSpec(settings: StackSettings, autoscaling: Autoscaling): k8s.types.input.autoscaling.v2.MetricSpec {
    const target = { type: "AverageValue", averageValue: String(autoscaling.queueDepthPerPod) };
    return settings.app.queueDepthScope === "shared"
        ? { type: "External", external: { metric: { name: queueDepthMetric }, target } }
        : { type: "Pods", pods: { metric: { name: queueDepthMetric }, target } };
}

function hpaMetrics(settings: StackSettings, autoscaling: Autoscaling, monitoring: boolean): k8s.types.input.autoscaling.v2.MetricSpec[] {
    const utilization = (name: string, percent: number) => ({
        type: "Resource",
        resource: { name, target: { type: "Utilization", averageUtilization: percent } },
    });
    return [
        utilization("cpu", autoscaling.cpuUtilizationPercent),
        ...(autoscaling.memoryUtilizationPercent ? [utilization("memory", autoscaling.memoryUtilizationPercent)] : []),
        ...(monitoring ? [queueDepthMetricSpec(settings, autoscaling)] : []),
    ];
}

export class Orchestrator extends pulumi.ComponentResource {
    readonly service: k8s.core.v1.Service;

    constructor(name: string, ctx: WorkloadContext, args: OrchestratorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:app:Orchestrator", name, {}, opts);
        const { settings, platform } = ctx;
        const sizing = settings.sizing.orchestrator;
        const autoscaling = sizing.autoscaling;
        const shutdown = shutdownPlans.orchestrator;
        const contract = settings.app.imageContract.orchestrator;
        const actuator = (path: string) => `${contract.actuatorBasePath}${path}`;

        const deployments: Partial<Record<Color, k8s.apps.v1.Deployment>> = {};
        for (const { color, image } of colorReleases(settings, "orchestrator")) {
            const deploymentName = colored(names.orchestrator, color);
            const selector = selectorLabels("orchestrator", color);
            const labels = componentLabels("orchestrator", { version: image.tag, color });
            const template = restrictedPod({
                labels,
                annotations: { "checksum/config": args.configChecksum, [secretChecksumAnnotation]: args.secretChecksum } as Record<string, string>,
                uid: contract.uid,
                serviceAccountName: args.serviceAccountName,
                spreadSelector: selector,
                scratch: { tmp: "/tmp" },
                terminationGracePeriodSeconds: terminationGracePeriodSeconds(shutdown),
                imagePullSecrets: args.imagePullSecrets,
                container: {
                    name: "orchestrator",
                    image: imageName(image),
                    ports: [{ name: "http", containerPort: contract.port, protocol: "TCP" }],
                    envFrom: [{ configMapRef: { name: args.configMapName } }],
                    env: [
                        ...secretEnv(
                            args.secretName,
                            {
                                ORCHESTRATOR_TOKEN: secretKeys.orchestratorToken,
                                DB_PASSWORD: secretKeys.dbPassword,
                                SPRING_DATASOURCE_PASSWORD: secretKeys.dbPassword,
                                JWT_SECRET: secretKeys.jwtSecret,
                                ENCRYPTION_KEY: secretKeys.encryptionKey,
                                LLM_API_KEY: secretKeys.llmApiKey,
                                VAULT_TOKEN: secretKeys.vaultToken,
                            },
                            [secretKeys.vaultToken],
                        ),
                        // Flyway migrates as the schema owner (database-roles.ts).
                        ...secretEnv(args.rolesSecretName, { SPRING_FLYWAY_PASSWORD: roleSecretKeys.ownerPassword }),
                        // The JVM sizes its heap from the container limit; /tmp is the writable emptyDir.
                        { name: "JAVA_TOOL_OPTIONS", value: `-XX:MaxRAMPercentage=${orchestratorImage.maxRamPercentage}.0 -Djava.io.tmpdir=/tmp` },
                    ],
                    resources: sizing.resources,
                    lifecycle: preStop(shutdown),
                    // Spring Boot's probe groups; the startup probe allows a slow JVM start (5 minutes).
                    ...probes({
                        liveness: httpGet(actuator(orchestratorImage.actuatorPaths.liveness), "http"),
                        readiness: httpGet(actuator(orchestratorImage.actuatorPaths.readiness), "http"),
                    }),
                },
            });

            const deployment = new k8s.apps.v1.Deployment(
                deploymentName,
                {
                    metadata: { name: deploymentName, namespace: ctx.namespace, labels },
                    spec: {
                        // With an HPA the replica count is the HPA's: never in the manifest, so an update
                        // does not reset a scaled-out Deployment. Without one (development): the table.
                        ...(autoscaling ? {} : { replicas: sizing.replicas }),
                        selector: { matchLabels: selector },
                        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: orchestratorMaxSurge, maxUnavailable: 0 } },
                        template,
                    },
                },
                k8sOptions(ctx, this, {
                    dependsOn: args.databaseReady,
                    customTimeouts: rolloutTimeouts({ replicas: autoscaling?.maxReplicas ?? sizing.replicas, maxSurge: orchestratorMaxSurge, template }),
                }),
            );
            deployments[color] = deployment;

            disruptionBudget(ctx, this, deploymentName, labels, selector);

            if (autoscaling) {
                new k8s.autoscaling.v2.HorizontalPodAutoscaler(
                    deploymentName,
                    {
                        metadata: { name: deploymentName, namespace: ctx.namespace, labels },
                        spec: {
                            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name },
                            minReplicas: autoscaling.minReplicas,
                            maxReplicas: autoscaling.maxReplicas,
                            metrics: hpaMetrics(settings, autoscaling, platform.monitoring !== undefined),
                        },
                    },
                    k8sOptions(ctx, this),
                );
            }
        }

        this.service = orchestratorService(ctx, this, settings.app.activeColor, deployments[settings.app.activeColor]);

        if (platform.monitoring) {
            // A PodMonitor, not a ServiceMonitor: the Service selects only the active colour, and the
            // inactive colour's HPA needs its queue-depth series too.
            new k8s.apiextensions.CustomResource(
                names.orchestrator,
                {
                    apiVersion: "monitoring.coreos.com/v1",
                    kind: "PodMonitor",
                    metadata: {
                        name: names.orchestrator,
                        namespace: ctx.namespace,
                        labels: { ...componentLabels("orchestrator"), ...platform.monitoring.serviceMonitorLabels },
                    },
                    spec: {
                        // No namespaceSelector: a PodMonitor finds pods in its own namespace (its CRD's description).
                        selector: { matchLabels: selectorLabels("orchestrator") },
                        podMetricsEndpoints: [{ port: "http", path: actuator(orchestratorImage.actuatorPaths.metrics), interval: "30s", scrapeTimeout: "10s" }],
                    },
                },
                k8sOptions(ctx, this, { dependsOn: [platform.monitoring.crdsReady] }),
            );
        }
        this.registerOutputs({});
    }
}

function orchestratorService(ctx: WorkloadContext, parent: pulumi.Resource, activeColor: Color, active?: k8s.apps.v1.Deployment): k8s.core.v1.Service {
    return new k8s.core.v1.Service(
        names.orchestrator,
        {
            metadata: { name: names.orchestrator, namespace: ctx.namespace, labels: componentLabels("orchestrator") },
            spec: {
                type: "ClusterIP",
                selector: selectorLabels("orchestrator", activeColor),
                ports: [{ name: "http", port: ctx.settings.app.imageContract.orchestrator.port, targetPort: "http", protocol: "TCP" }],
            },
        },
        k8sOptions(ctx, parent, { dependsOn: activeColorReady(active) }),
    );
}
