// ingress-nginx: the cluster's entry point, exposed the way the cluster says (cloud load balancer,
// or kind's host ports), with security headers and 429 for rate-limited requests.
// Retired upstream in March 2026; 4.15.1 is the final release (see docs/addons.md).
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { StackSettings } from "../../config/settings";
import type { IngressExposure } from "../contract";
import { ingressClassName, ingressControllerPods, serviceMonitorLabels } from "./endpoints";
import { addonRelease, AddonScope } from "./release";
import { addonSizing, unhealthyPodEvictionPolicy } from "./sizing";

/**
 * Sent on every response through the controller's add-headers ConfigMap (snippet annotations are
 * disabled upstream for security). HSTS only when the site is served over TLS.
 */
export function securityHeaders(tls: boolean): Record<string, string> {
    return {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        ...(tls ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
    };
}

function spreadOver(topologyKey: string) {
    return { maxSkew: 1, topologyKey, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: ingressControllerPods.podLabels } };
}

function exposureValues(exposure: IngressExposure) {
    const values: Record<string, unknown> = {
        service: {
            type: exposure.serviceType,
            annotations: exposure.serviceAnnotations,
            // Keeps the client's source IP (rate limits per client, access logs) and skips a hop.
            ...(exposure.serviceType === "LoadBalancer" ? { externalTrafficPolicy: "Local" } : {}),
        },
        hostPort: { enabled: exposure.hostPorts },
        // Ingress status (which Pulumi's Ingress await reads) comes from a load balancer's address;
        // a NodePort Service has none, so the controller reports its node's address instead.
        publishService: { enabled: exposure.serviceType === "LoadBalancer" },
        nodeSelector: { "kubernetes.io/os": "linux", ...exposure.nodeSelector },
    };
    if (exposure.hostPorts) {
        // kind maps the host's 80/443 to that node: clients reach it as localhost.
        values.extraArgs = { "publish-status-address": "localhost" };
        // A second pod cannot bind the same host ports on the one node: replace, do not surge.
        values.updateStrategy = { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } };
    }
    return values;
}

export function ingressNginxValues(settings: StackSettings, exposure: IngressExposure): Record<string, unknown> {
    const size = addonSizing[settings.environment].ingressController;
    const ha = size.replicas > 1;
    return {
        controller: {
            replicaCount: size.replicas,
            resources: size.resources,
            // With two or more replicas the chart adds a PodDisruptionBudget; evict one at a time.
            // AlwaysAllow: templates/controller-poddisruptionbudget.yaml passes it to the PDB.
            ...(ha
                ? {
                      maxUnavailable: 1,
                      unhealthyPodEvictionPolicy,
                      topologySpreadConstraints: [spreadOver("topology.kubernetes.io/zone"), spreadOver("kubernetes.io/hostname")],
                  }
                : {}),
            ingressClass: ingressClassName,
            ingressClassResource: { name: ingressClassName, enabled: true, default: false },
            allowSnippetAnnotations: false,
            addHeaders: securityHeaders(settings.addons.tlsIssuer !== "none"),
            config: {
                "limit-req-status-code": "429",
                "limit-conn-status-code": "429",
                // HSTS comes from addHeaders; the built-in one would send the header twice.
                hsts: "false",
                "server-tokens": "false",
            },
            ...exposureValues(exposure),
            admissionWebhooks: {
                createSecretJob: { resources: addonSizing[settings.environment].webhookCertJob },
                patchWebhookJob: { resources: addonSizing[settings.environment].webhookCertJob },
            },
            metrics: {
                enabled: true,
                serviceMonitor: { enabled: settings.addons.monitoring, additionalLabels: serviceMonitorLabels },
            },
        },
    };
}

export function ingressNginx(scope: AddonScope, namespace: k8s.core.v1.Namespace, crdsReady?: pulumi.Resource): k8s.helm.v3.Release {
    return addonRelease(
        "ingressNginx",
        {
            namespace,
            values: ingressNginxValues(scope.settings, scope.cluster.ingress),
            // Its ServiceMonitor needs kube-prometheus-stack's CRDs; nothing else of that release.
            dependsOn: crdsReady ? [crdsReady] : [],
        },
        scope,
    );
}
