// The public entry: `/` to the frontend, `/api` and the WebSocket path `/ws` to the orchestrator,
// on the platform's ingress class, with a cert-manager certificate when the platform has an issuer.
// Actuator endpoints (/actuator/*) are routed nowhere: they reach the frontend's static files.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { appLabels } from "./labels";
import { names, ports } from "./names";
import { k8sOptions, WorkloadContext } from "./context";
import { rateLimitAnnotations } from "./rate-limits";
import { orchestratorIngressPaths } from "../config/image-contract";

export const websocketPath = orchestratorIngressPaths.websocket;
export const apiPath = orchestratorIngressPaths.api;

/** A WebSocket stays open: nginx must not close it after its default 60 s of silence. */
export const websocketTimeouts = {
    "nginx.ingress.kubernetes.io/proxy-read-timeout": "3600",
    "nginx.ingress.kubernetes.io/proxy-send-timeout": "3600",
};

/** The Services the Ingress routes to: their outputs, so the Ingress is created after them. */
export interface IngressBackends {
    orchestrator: k8s.core.v1.Service;
    frontend: k8s.core.v1.Service;
}

export class AtlasiaIngress extends pulumi.ComponentResource {
    constructor(name: string, ctx: WorkloadContext, backends: IngressBackends, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:app:Ingress", name, {}, opts);
        const { settings, platform } = ctx;
        const host = settings.app.domain;
        const orchestratorPort = settings.app.imageContract.orchestrator.port;
        const tls = platform.tls;
        const ready = [platform.ingress.ready, ...(tls ? [tls.ready] : [])];
        const tlsSpec = tls ? [{ hosts: [host], secretName: names.tlsSecret }] : undefined;
        const common = {
            "nginx.ingress.kubernetes.io/proxy-body-size": "10m",
            ...(tls ? { "nginx.ingress.kubernetes.io/force-ssl-redirect": "true" } : {}),
        };
        // A name typed as a string would not make the Ingress wait for the Service; its output does.
        const backend = (service: k8s.core.v1.Service, port: number) => ({ service: { name: service.metadata.name, port: { number: port } } });

        new k8s.networking.v1.Ingress(
            names.ingress,
            {
                metadata: {
                    name: names.ingress,
                    namespace: ctx.namespace,
                    labels: appLabels,
                    // Only this Ingress asks cert-manager for the certificate; the WebSocket one reuses its Secret.
                    annotations: {
                        ...common,
                        ...rateLimitAnnotations("http", platform.ingress.replicas),
                        ...(tls ? { "cert-manager.io/cluster-issuer": tls.issuerName } : {}),
                    },
                },
                spec: {
                    ingressClassName: platform.ingress.className,
                    tls: tlsSpec,
                    rules: [
                        {
                            host,
                            http: {
                                paths: [
                                    { path: apiPath, pathType: "Prefix", backend: backend(backends.orchestrator, orchestratorPort) },
                                    { path: "/", pathType: "Prefix", backend: backend(backends.frontend, ports.frontendService) },
                                ],
                            },
                        },
                    ],
                },
            },
            k8sOptions(ctx, this, { dependsOn: ready }),
        );

        new k8s.networking.v1.Ingress(
            names.websocketIngress,
            {
                metadata: {
                    name: names.websocketIngress,
                    namespace: ctx.namespace,
                    labels: appLabels,
                    annotations: { ...common, ...rateLimitAnnotations("websocket", platform.ingress.replicas), ...websocketTimeouts },
                },
                spec: {
                    ingressClassName: platform.ingress.className,
                    tls: tlsSpec,
                    rules: [
                        {
                            host,
                            http: { paths: [{ path: websocketPath, pathType: "Prefix", backend: backend(backends.orchestrator, orchestratorPort) }] },
                        },
                    ],
                },
            },
            k8sOptions(ctx, this, { dependsOn: ready }),
        );
        this.registerOutputs({});
    }
}
