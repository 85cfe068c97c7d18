// How long `pulumi up` waits for a Deployment rollout, computed from the Deployment itself.
// The provider waits 10 minutes by default for a Deployment to become available
// (pulumi-kubernetes provider/pkg/await/deployment.go DefaultDeploymentTimeoutMins = 10, PR #721),
// and honours the `customTimeouts` resource option instead when it is set (pulumi-kubernetes #672).
// A production orchestrator rollout replaces up to 10 pods one at a time (maxSurge 1,
// maxUnavailable 0), each allowed a 5-minute startup probe: far longer than 10 minutes, so a
// healthy rollout would be reported as a failed `pulumi up`.
import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";

type PodTemplate = k8s.types.input.core.v1.PodTemplateSpec;

/** The provider's own Deployment timeout: never wait less than it. */
export const providerDefaultSeconds = 10 * 60;
/** Scheduling and pulling the image of one new pod (a JVM image on a cold node). Ours. */
export const podStartAllowanceSeconds = 180;

interface Probe {
    initialDelaySeconds?: number;
    periodSeconds?: number;
    failureThreshold?: number;
}

function seconds(value: unknown, fallback: number): number {
    if (value === undefined) return fallback;
    if (typeof value !== "number") throw new Error("rollout timeouts need the probes as plain numbers");
    return value;
}

/** Worst case for one pod to become Ready: start, the whole startup probe budget, one readiness period. */
export function podReadySeconds(template: PodTemplate): number {
    const container = (template.spec as { containers: { startupProbe?: Probe; readinessProbe?: Probe }[] }).containers[0];
    const startup = container.startupProbe ?? {};
    const readiness = container.readinessProbe ?? {};
    // Kubernetes defaults: periodSeconds 10, failureThreshold 3, initialDelaySeconds 0.
    const startupBudget = seconds(startup.initialDelaySeconds, 0) + seconds(startup.periodSeconds, 10) * seconds(startup.failureThreshold, 3);
    return podStartAllowanceSeconds + startupBudget + seconds(readiness.periodSeconds, 10);
}

/**
 * create: every replica starts at once. update: ceil(replicas / maxSurge) pods in turn, with
 * `replicas` the most the Deployment can run (the HPA maximum when it has one).
 */
export function rolloutTimeouts(args: { replicas: number; maxSurge: number; template: PodTemplate }): pulumi.CustomTimeouts {
    const perPod = podReadySeconds(args.template);
    const minutes = (total: number) => `${Math.ceil(Math.max(total, providerDefaultSeconds) / 60)}m`;
    return {
        create: minutes(perPod),
        update: minutes(Math.ceil(args.replicas / args.maxSurge) * perPod),
    };
}
