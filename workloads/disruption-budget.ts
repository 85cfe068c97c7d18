// PodDisruptionBudgets of the Atlasia Deployments: one pod at a time may be evicted, and pods that
// are not Ready may always be evicted. Without that (the default IfHealthyBudget), a rollout stuck
// on a crashing pod keeps the budget exhausted and blocks every node drain and cluster upgrade
// (https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy).
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { k8sOptions, WorkloadContext } from "./context";

export const unhealthyPodEvictionPolicy = "AlwaysAllow";

export function disruptionBudget(
    ctx: WorkloadContext,
    parent: pulumi.Resource,
    name: string,
    labels: Record<string, string>,
    selector: Record<string, string>,
): k8s.policy.v1.PodDisruptionBudget {
    return new k8s.policy.v1.PodDisruptionBudget(
        name,
        {
            metadata: { name, namespace: ctx.namespace, labels },
            spec: { maxUnavailable: 1, unhealthyPodEvictionPolicy, selector: { matchLabels: selector } },
        },
        k8sOptions(ctx, parent),
    );
}
