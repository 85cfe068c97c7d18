// The AI orchestrator (Spring Boot): a Deployment per colour with its HPA and PDB, the Service
// (switched by activeColor) and, with monitoring, a ServiceMonitor for /actuator/prometheus.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { Color } from "../config/settings";
import { colorReleases, imageName } from "./colors";
import { componentLabels, selectorLabels } from "./labels";
import { colored, names, ports, secretKeys } from "./names";
import { httpGet, probes, restrictedPod, secretEnv } from "./pod";
import { k8sOptions, WorkloadContext } from "./context";
import { rolloutTimeouts } from "./rollout-timeouts";

/** The custom metric prometheus-adapter serves from the orchestrator's own metric. */
export const queueDepthMetric = "ai_tasks_queue_depth";
export const orchestratorUid = 1000;

export interface OrchestratorArgs {
    configMapName: pulumi.Input<string>;
    configChecksum: string;
    secretName: pulumi.Input<string>;
    serviceAccountName: pulumi.Input<string>;
}

export class Orchestrator extends pulumi.ComponentResource {
    readonly service: k8s.core.v1.Service;

    constructor(name: string, ctx: WorkloadContext, args: OrchestratorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:app:Orchestrator", name, {}, opts);
        const { settings, platform } = ctx;
        const sizing = settings.sizing.orchestrator;
        const autoscaling = sizing.autoscaling;

        for (const { color, image } of colorReleases(settings, "orchestrator")) {
            const deploymentName = colored(names.orchestrator, color);
            const selector = selectorLabels("orchestrator", color);
            const labels = componentLabels("orchestrator", { version: image.tag, color });
            const template = restrictedPod({
                labels,
                annotations: { "checksum/config": args.configChecksum },
                uid: orchestratorUid,
                serviceAccountName: args.serviceAccountName,
                spreadSelector: selector,
                scratch: { tmp: "/tmp" },
                container: {
                    name: "orchestrator",
                    image: imageName(image),
                    ports: [{ name: "http", containerPort: ports.orchestrator, protocol: "TCP" }],
                    envFrom: [{ configMapRef: { name: args.configMapName } }],
                    env: [
                        ...secretEnv(args.secretName, {
                            ORCHESTRATOR_TOKEN: secretKeys.orchestratorToken,
                            DB_PASSWORD: secretKeys.dbPassword,
                            SPRING_DATASOURCE_PASSWORD: secretKeys.dbPassword,
                            JWT_SECRET: secretKeys.jwtSecret,
                            ENCRYPTION_KEY: secretKeys.encryptionKey,
                            LLM_API_KEY: secretKeys.llmApiKey,
                            VAULT_TOKEN: secretKeys.vaultToken,
                        }, [secretKeys.vaultToken]),
                        // The JVM sizes its heap from the container limit; /tmp is the writable emptyDir.
                        { name: "JAVA_TOOL_OPTIONS", value: "-XX:MaxRAMPercentage=75.0 -Djava.io.tmpdir=/tmp" },
                    ],
                    resources: sizing.resources,
                    // Spring Boot's probe groups; the startup probe allows a slow JVM start (5 minutes).
                    ...probes({
                        liveness: httpGet("/actuator/health/liveness", "http"),
                        readiness: httpGet("/actuator/health/readiness", "http"),
                    }),
                },
            });

            const deployment = new k8s.apps.v1.Deployment(deploymentName, {
                metadata: { name: deploymentName, namespace: ctx.namespace, labels },
                spec: {
                    // With an HPA the replica count is the HPA's: never in the manifest, so an update
                    // does not reset a scaled-out Deployment. Without one (development): the table.
                    ...(autoscaling ? {} : { replicas: sizing.replicas }),
                    selector: { matchLabels: selector },
                    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
                    template,
                },
            }, k8sOptions(ctx, this, { customTimeouts: rolloutTimeouts({ replicas: autoscaling?.maxReplicas ?? sizing.replicas, maxSurge: 1, template }) }));

            new k8s.policy.v1.PodDisruptionBudget(deploymentName, {
                metadata: { name: deploymentName, namespace: ctx.namespace, labels },
                spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
            }, k8sOptions(ctx, this));

            if (autoscaling) {
                const metrics: k8s.types.input.autoscaling.v2.MetricSpec[] = [
                    { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: autoscaling.cpuUtilizationPercent } } },
                    { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: autoscaling.memoryUtilizationPercent } } },
                ];
                if (platform.monitoring) {
                    metrics.push({
                        type: "Pods",
                        pods: { metric: { name: queueDepthMetric }, target: { type: "AverageValue", averageValue: String(autoscaling.queueDepthPerPod) } },
                    });
                }
                new k8s.autoscaling.v2.HorizontalPodAutoscaler(deploymentName, {
                    metadata: { name: deploymentName, namespace: ctx.namespace, labels },
                    spec: {
                        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name },
                        minReplicas: autoscaling.minReplicas,
                        maxReplicas: autoscaling.maxReplicas,
                        metrics,
                    },
                }, k8sOptions(ctx, this));
            }
        }

        this.service = orchestratorService(ctx, this, settings.app.activeColor);

        if (platform.monitoring) {
            new k8s.apiextensions.CustomResource(names.orchestrator, {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "ServiceMonitor",
                metadata: {
                    name: names.orchestrator,
                    namespace: ctx.namespace,
                    labels: { ...componentLabels("orchestrator"), ...platform.monitoring.serviceMonitorLabels },
                },
                spec: {
                    selector: { matchLabels: selectorLabels("orchestrator") },
                    namespaceSelector: { matchNames: [this.service.metadata.namespace] },
                    endpoints: [{ port: "http", path: "/actuator/prometheus", interval: "30s", scrapeTimeout: "10s" }],
                },
            }, k8sOptions(ctx, this, { dependsOn: [platform.monitoring.crdsReady] }));
        }
        this.registerOutputs({});
    }
}

function orchestratorService(ctx: WorkloadContext, parent: pulumi.Resource, activeColor: Color): k8s.core.v1.Service {
    return new k8s.core.v1.Service(names.orchestrator, {
        metadata: { name: names.orchestrator, namespace: ctx.namespace, labels: componentLabels("orchestrator") },
        spec: {
            type: "ClusterIP",
            selector: selectorLabels("orchestrator", activeColor),
            ports: [{ name: "http", port: ports.orchestrator, targetPort: "http", protocol: "TCP" }],
        },
    }, k8sOptions(ctx, parent));
}
