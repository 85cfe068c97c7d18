// Graceful shutdown during rollouts and drains. When a pod is deleted, Kubernetes sends SIGTERM
// while the endpoint controllers, kube-proxy and ingress-nginx are still removing the pod; requests
// routed in that window fail unless the pod keeps serving. So: a preStop pause first, then the
// application's own graceful shutdown, all inside a grace period longer than both
// (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination, default 30 s;
// https://docs.spring.io/spring-boot/reference/deployment/cloud.html#deployment.cloud.kubernetes.container-lifecycle).
import * as k8s from "@pulumi/kubernetes";

export interface ShutdownPlan {
    /** Seconds the pod keeps serving after it is marked terminating. */
    preStopSeconds: number;
    /** Seconds the application may take to finish in-flight work after SIGTERM. */
    applicationSeconds: number;
}

/** Left for the runtime to stop after the application's deadline before SIGKILL. */
const marginSeconds = 10;

export const shutdownPlans = {
    /**
     * Spring Boot: server.shutdown=graceful lets requests finish within
     * spring.lifecycle.timeout-per-shutdown-phase (default 30 s); then the WebSocket sessions are
     * closed with 1001 "going away", and the clients reconnect through the Service to a live pod.
     */
    orchestrator: { preStopSeconds: 10, applicationSeconds: 30 },
    /** nginx-unprivileged stops on SIGQUIT (the image's STOPSIGNAL): it finishes open requests. */
    frontend: { preStopSeconds: 5, applicationSeconds: 10 },
} satisfies Record<string, ShutdownPlan>;

/** The container's preStop pause (the kubelet's sleep action: no shell needed in the image, Kubernetes 1.30+). */
export function preStop(plan: ShutdownPlan): k8s.types.input.core.v1.Lifecycle {
    return { preStop: { sleep: { seconds: plan.preStopSeconds } } };
}

export function terminationGracePeriodSeconds(plan: ShutdownPlan): number {
    return plan.preStopSeconds + plan.applicationSeconds + marginSeconds;
}
