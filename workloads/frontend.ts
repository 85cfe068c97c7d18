// The Angular frontend on unprivileged nginx: a Deployment per colour on container port 8080,
// the Service on port 80 (switched by activeColor) and, in production, a PodDisruptionBudget.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Color } from "../config/settings";
import { activeColorReady, colorReleases, imageName } from "./colors";
import { componentLabels, selectorLabels } from "./labels";
import { colored, names, ports } from "./names";
import { httpGet, probes, restrictedPod } from "./pod";
import { k8sOptions, WorkloadContext } from "./context";
import { rolloutTimeouts } from "./rollout-timeouts";
import { disruptionBudget } from "./disruption-budget";
import { frontendImage } from "./image-contract";
import { preStop, shutdownPlans, terminationGracePeriodSeconds } from "./shutdown";

export class Frontend extends pulumi.ComponentResource {
    readonly service: k8s.core.v1.Service;

    constructor(name: string, ctx: WorkloadContext, args: { imagePullSecrets: pulumi.Input<string>[] }, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:app:Frontend", name, {}, opts);
        const { settings } = ctx;
        const sizing = settings.sizing.frontend;

        const deployments: Partial<Record<Color, k8s.apps.v1.Deployment>> = {};
        for (const { color, image } of colorReleases(settings, "frontend")) {
            const deploymentName = colored(names.frontend, color);
            const selector = selectorLabels("frontend", color);
            const labels = componentLabels("frontend", { version: image.tag, color });
            const template = restrictedPod({
                labels,
                uid: settings.app.imageContract.frontend.uid,
                spreadSelector: selector,
                terminationGracePeriodSeconds: terminationGracePeriodSeconds(shutdownPlans.frontend),
                imagePullSecrets: args.imagePullSecrets,
                // What nginx writes: temp files, its cache and the pid file.
                scratch: { tmp: "/tmp", cache: "/var/cache/nginx", run: "/var/run" },
                container: {
                    name: "frontend",
                    image: imageName(image),
                    ports: [{ name: "http", containerPort: settings.app.imageContract.frontend.port, protocol: "TCP" }],
                    resources: sizing.resources,
                    lifecycle: preStop(shutdownPlans.frontend),
                    ...probes({ liveness: httpGet(frontendImage.probePath, "http"), readiness: httpGet(frontendImage.probePath, "http") }, 60),
                },
            });
            deployments[color] = new k8s.apps.v1.Deployment(
                deploymentName,
                {
                    metadata: { name: deploymentName, namespace: ctx.namespace, labels },
                    spec: {
                        replicas: sizing.replicas,
                        selector: { matchLabels: selector },
                        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
                        template,
                    },
                },
                k8sOptions(ctx, this, { customTimeouts: rolloutTimeouts({ replicas: sizing.replicas, maxSurge: 1, template }) }),
            );

            if (settings.environment === "production") disruptionBudget(ctx, this, deploymentName, labels, selector);
        }

        this.service = new k8s.core.v1.Service(
            names.frontend,
            {
                metadata: { name: names.frontend, namespace: ctx.namespace, labels: componentLabels("frontend") },
                spec: {
                    type: "ClusterIP",
                    selector: selectorLabels("frontend", settings.app.activeColor),
                    ports: [{ name: "http", port: ports.frontendService, targetPort: "http", protocol: "TCP" }],
                },
            },
            k8sOptions(ctx, this, { dependsOn: activeColorReady(deployments[settings.app.activeColor]) }),
        );
        this.registerOutputs({});
    }
}
