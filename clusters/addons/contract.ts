// What the platform add-ons layer gives the workloads layer.
import * as pulumi from "@pulumi/pulumi";

/** A set of pods another namespace's NetworkPolicy can name. */
export interface PodPeer {
    namespace: string;
    podLabels: Record<string, string>;
}

export interface PlatformServices {
    ingress: {
        className: string;
        /** Ingress objects wait for this (the controller's admission webhook). */
        ready: pulumi.Resource;
        /** The controller pods, for NetworkPolicies that admit them. */
        controller: PodPeer;
        /** Controller replicas: per-client limits are counted in each replica (workloads/rate-limits.ts). */
        replicas: number;
    };
    /** Undefined when tlsIssuer is none. */
    tls?: {
        issuerName: string;
        /** Certificates and Ingresses with the issuer annotation wait for this. */
        ready: pulumi.Resource;
    };
    /** CloudNativePG and its Barman Cloud plugin; undefined when the database engine is the StatefulSet. */
    database?: {
        /** Cluster, ObjectStore, ScheduledBackup and Pooler objects wait for these (CRDs, plugin). */
        crdsReady: pulumi.Resource[];
        /** The operator pods, which reach every instance's status port (8000). */
        operator: PodPeer;
    };
    /** Undefined when monitoring is off. */
    monitoring?: {
        /** ServiceMonitors and PrometheusRules wait for this (kube-prometheus-stack's CRDs). */
        crdsReady: pulumi.Resource;
        /** The Prometheus pods, for NetworkPolicies that admit scrapes. */
        prometheus: PodPeer;
        /** Label a ServiceMonitor may carry; Prometheus selects ServiceMonitors in every namespace. */
        serviceMonitorLabels: Record<string, string>;
    };
    /** Undefined when tracing is off. */
    tracing?: {
        /** OTLP gRPC endpoint of the Jaeger collector, e.g. http://jaeger-collector.tracing.svc:4317. */
        otlpGrpcEndpoint: string;
        otlpHttpEndpoint: string;
        /** The collector pods, for the orchestrator's egress NetworkPolicy. */
        collector: PodPeer;
        otlpGrpcPort: number;
        otlpHttpPort: number;
    };
}
