// The add-ons' namespaces, created by Pulumi (not Helm's createNamespace) so that each carries the
// Pod Security level its pods need, and so that removing a release does not remove its namespace.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { IngressExposure } from "../contract";

export type AddonNamespace = "cert-manager" | "ingress-nginx" | "monitoring" | "tracing" | "cluster-autoscaler" | "cnpg-system";
export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

/** The Pod Security Standard each namespace enforces. */
export const podSecurity: Record<AddonNamespace, PodSecurityLevel> = {
    // cert-manager's pods are restricted-compliant (non-root, seccomp, no capabilities).
    "cert-manager": "restricted",
    // The controller runs as uid 101 with RuntimeDefault seccomp, no privilege escalation, drops ALL and
    // adds only NET_BIND_SERVICE (values.yaml controller.image, templates/_helpers.tpl), which restricted
    // allows (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted, Capabilities);
    // its admission jobs are restricted too. kind's host ports still need privileged (below).
    "ingress-nginx": "restricted",
    // node-exporter needs hostNetwork, hostPID and hostPath mounts.
    monitoring: "privileged",
    // Jaeger runs non-root with the container securityContext set in jaeger.ts.
    tracing: "restricted",
    // Cluster Autoscaler runs non-root with the securityContext set in cluster-autoscaler.ts.
    "cluster-autoscaler": "restricted",
    // The operator and the Barman Cloud plugin run non-root with seccomp and no capabilities.
    "cnpg-system": "restricted",
};

/** hostPort (kind's port mapping) is outside baseline, so that namespace must be privileged. */
export function enforcedLevel(namespace: AddonNamespace, ingress: IngressExposure): PodSecurityLevel {
    return namespace === "ingress-nginx" && ingress.hostPorts ? "privileged" : podSecurity[namespace];
}

export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
    return {
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/enforce-version": "latest",
        // Warnings and audit entries show what keeps a namespace from the restricted level.
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/audit": "restricted",
    };
}

export function addonNamespace(namespace: AddonNamespace, ingress: IngressExposure, opts: pulumi.CustomResourceOptions): k8s.core.v1.Namespace {
    return new k8s.core.v1.Namespace(
        namespace,
        {
            metadata: {
                name: namespace,
                labels: { ...podSecurityLabels(enforcedLevel(namespace, ingress)), "app.kubernetes.io/part-of": "atlasia-platform" },
            },
        },
        opts,
    );
}
