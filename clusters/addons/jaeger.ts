// Jaeger v2 (chart 4.x: one all-in-one Deployment configured as an OpenTelemetry Collector) in
// `tracing`: OTLP on 4317/4318 for the workloads, the query UI on 16686, its own metrics on 8888.
// Storage per environment (sizing.ts): in memory for development, Badger on a volume otherwise.
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { StackSettings } from "../../config/settings";
import { jaegerPods, jaegerService, serviceMonitorLabels } from "./endpoints";
import { addonRelease, AddonScope } from "./release";
import { addonSizing, JaegerStorage } from "./sizing";

const dataVolume = { name: "badger-data", claimName: "jaeger-badger", mountPath: "/badger" };
const store = "primary";

/** The collector's listeners bind 0.0.0.0: the OTel default (localhost) is unreachable from other pods. */
const listen = (port: number) => `0.0.0.0:${port}`;

function backend(storage: JaegerStorage) {
    if (storage.kind === "memory") return { memory: { max_traces: storage.maxTraces } };
    return {
        badger: {
            directories: { keys: `${dataVolume.mountPath}/keys`, values: `${dataVolume.mountPath}/values` },
            ephemeral: false,
            ttl: { spans: storage.ttl },
        },
    };
}

/** The whole Jaeger v2 configuration (the chart's `userconfig` replaces the image's default). */
export function jaegerConfig(storage: JaegerStorage) {
    return {
        service: {
            extensions: ["jaeger_storage", "jaeger_query", "healthcheckv2"],
            pipelines: { traces: { receivers: ["otlp"], processors: ["batch"], exporters: ["jaeger_storage_exporter"] } },
            telemetry: {
                resource: { "service.name": "jaeger" },
                metrics: {
                    level: "detailed",
                    readers: [{ pull: { exporter: { prometheus: { host: "0.0.0.0", port: jaegerService.metricsPort } } } }],
                },
            },
        },
        extensions: {
            // The chart's probes call /status on 13133.
            healthcheckv2: { use_v2: true, http: { endpoint: listen(jaegerService.healthPort) } },
            jaeger_query: {
                storage: { traces: store },
                http: { endpoint: listen(jaegerService.queryPort) },
                grpc: { endpoint: listen(16685) },
            },
            jaeger_storage: { backends: { [store]: backend(storage) } },
        },
        receivers: {
            otlp: {
                protocols: {
                    grpc: { endpoint: listen(jaegerService.otlpGrpcPort) },
                    http: { endpoint: listen(jaegerService.otlpHttpPort) },
                },
            },
        },
        processors: { batch: {} },
        exporters: { jaeger_storage_exporter: { trace_storage: store } },
    };
}

/**
 * The chart mounts `userconfig` from its ConfigMap by subPath (templates/jaeger/jaeger-deploy.yaml),
 * which a running pod never sees change, and its pod annotations are fixed in the template. A pod
 * label with the configuration's hash (jaeger.podLabels) rolls the pod when the configuration changes.
 * 40 hex characters (160 bits) fit a label value's 63.
 */
export const configHashLabel = "atlasia.io/config-hash";
export function configHash(config: unknown): string {
    return crypto.createHash("sha256").update(JSON.stringify(config)).digest("hex").slice(0, 40);
}

export function jaegerValues(settings: StackSettings): Record<string, unknown> {
    const size = addonSizing[settings.environment].jaeger;
    const persistent = size.storage.kind === "badger";
    const userconfig = jaegerConfig(size.storage);
    return {
        jaeger: {
            replicas: size.replicas,
            resources: size.resources,
            // Recreate: the old pod must release the ReadWriteOnce volume (and Badger's lock) first.
            strategy: { type: "Recreate" },
            // The namespace enforces the restricted Pod Security Standard.
            securityContext: {
                runAsNonRoot: true,
                allowPrivilegeEscalation: false,
                capabilities: { drop: ["ALL"] },
                seccompProfile: { type: "RuntimeDefault" },
            },
            extraVolumes: persistent ? [{ name: dataVolume.name, persistentVolumeClaim: { claimName: dataVolume.claimName } }] : [],
            extraVolumeMounts: persistent ? [{ name: dataVolume.name, mountPath: dataVolume.mountPath }] : [],
            podLabels: { [configHashLabel]: configHash(userconfig) },
        },
        userconfig,
    };
}

// Nothing waits on Jaeger: the workloads only need its Service name (endpoints.ts), so nothing is returned.
export function jaeger(scope: AddonScope, namespace: k8s.core.v1.Namespace, crdsReady?: pulumi.Resource): void {
    const { settings, cluster, opts } = scope;
    const storage = addonSizing[settings.environment].jaeger.storage;

    // Our own claim rather than one inside the release (the chart has none: it mounts
    // jaeger.extraVolumes): an atomic rollback or an uninstall of the release does not take the
    // traces with it. A destroy deletes it, and the class deletes its disk, outside production;
    // production protects it and a destroy leaves it in place (retainOnDelete).
    const volume =
        storage.kind === "badger"
            ? new k8s.core.v1.PersistentVolumeClaim(
                  dataVolume.claimName,
                  {
                      metadata: { name: dataVolume.claimName, namespace: namespace.metadata.name },
                      spec: {
                          storageClassName: cluster.storageClassName,
                          accessModes: ["ReadWriteOnce"],
                          resources: { requests: { storage: storage.size } },
                      },
                  },
                  { ...opts, dependsOn: cluster.storageReady, protect: settings.protect, retainOnDelete: settings.protect },
              )
            : undefined;

    addonRelease(
        "jaeger",
        {
            namespace,
            values: jaegerValues(settings),
            dependsOn: volume ? [volume, ...cluster.storageReady] : [],
        },
        scope,
    );

    // The chart has no ServiceMonitor of its own. It needs only the CRDs, not Jaeger itself.
    if (crdsReady) {
        new k8s.apiextensions.CustomResource(
            "jaeger",
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "ServiceMonitor",
                metadata: { name: "jaeger", namespace: namespace.metadata.name, labels: serviceMonitorLabels },
                spec: {
                    selector: { matchLabels: jaegerPods.podLabels },
                    endpoints: [{ port: jaegerService.metricsPortName, interval: "30s" }],
                },
            },
            { ...opts, dependsOn: [crdsReady] },
        );
    }
}
