// Shared pod shapes: the restricted security contexts, writable scratch directories for read-only
// root filesystems, probes and zone spreading. Every pod of the layer is built from these.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { ResourceSpec } from "../config/sizing";

type PodSpec = k8s.types.input.core.v1.PodSpec;
type Container = k8s.types.input.core.v1.Container;
type Probe = k8s.types.input.core.v1.Probe;
type PodTemplate = k8s.types.input.core.v1.PodTemplateSpec;

/** Pod Security Standards "restricted" at pod level: non-root, fixed uid/gid, RuntimeDefault seccomp. */
export function podSecurityContext(uid: number): k8s.types.input.core.v1.PodSecurityContext {
    return {
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: uid,
        fsGroup: uid,
        // Only chown volumes whose root does not already belong to fsGroup (fast restarts on big volumes).
        fsGroupChangePolicy: "OnRootMismatch",
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** "restricted" at container level, plus a read-only root filesystem. */
export const containerSecurityContext: k8s.types.input.core.v1.SecurityContext = {
    runAsNonRoot: true,
    privileged: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
};

/** Writable emptyDir volumes for the paths a read-only root filesystem still needs. */
export function scratchDirs(paths: Record<string, string>): { volumes: k8s.types.input.core.v1.Volume[]; mounts: k8s.types.input.core.v1.VolumeMount[] } {
    const entries = Object.entries(paths);
    return {
        volumes: entries.map(([name]) => ({ name, emptyDir: {} })),
        mounts: entries.map(([name, mountPath]) => ({ name, mountPath })),
    };
}

type ProbeHandler = Pick<Probe, "httpGet" | "exec" | "tcpSocket">;

/** HTTP GET on a named container port. */
export function httpGet(path: string, port: string): ProbeHandler {
    return { httpGet: { path, port } };
}

export function exec(command: string[]): ProbeHandler {
    return { exec: { command } };
}

/**
 * Startup, liveness and readiness probes. The startup probe gives a slow start (JVM, initdb)
 * `startupSeconds` before liveness takes over; liveness restarts after 30 s of failures,
 * readiness takes a pod out of its Service after 15 s.
 */
export function probes(
    handlers: { liveness: ProbeHandler; readiness: ProbeHandler; startup?: ProbeHandler },
    startupSeconds = 300,
): Pick<Container, "startupProbe" | "livenessProbe" | "readinessProbe"> {
    return {
        startupProbe: { ...(handlers.startup ?? handlers.liveness), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: Math.ceil(startupSeconds / 10) },
        livenessProbe: { ...handlers.liveness, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
        readinessProbe: { ...handlers.readiness, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
    };
}

/** Spread replicas over zones (and nodes) without blocking scheduling on single-zone clusters. */
export function spreadOverZones(selector: Record<string, string>): k8s.types.input.core.v1.TopologySpreadConstraint[] {
    return ["topology.kubernetes.io/zone", "kubernetes.io/hostname"].map((topologyKey) => ({
        topologyKey,
        maxSkew: 1,
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: selector },
    }));
}

export interface RestrictedPodArgs {
    labels: Record<string, string>;
    annotations?: Record<string, string>;
    uid: number;
    container: Omit<Container, "securityContext" | "resources"> & { resources: ResourceSpec };
    /** Writable emptyDirs (volume name to mount path). */
    scratch?: Record<string, string>;
    volumes?: k8s.types.input.core.v1.Volume[];
    /** Only the orchestrator talks to the Kubernetes API; every other pod gets no token. */
    serviceAccountName?: pulumi.Input<string>;
    spreadSelector?: Record<string, string>;
    restartPolicy?: "Always" | "OnFailure" | "Never";
    terminationGracePeriodSeconds?: number;
    /** Registry credentials (atlasia:imagePullSecret), for images from a private registry. */
    imagePullSecrets?: pulumi.Input<string>[];
}

/** A pod template that passes the "restricted" Pod Security Standard, with one container. */
export function restrictedPod(args: RestrictedPodArgs): PodTemplate {
    const scratch = scratchDirs(args.scratch ?? {});
    const spec: PodSpec = {
        securityContext: podSecurityContext(args.uid),
        serviceAccountName: args.serviceAccountName,
        automountServiceAccountToken: args.serviceAccountName !== undefined,
        restartPolicy: args.restartPolicy,
        terminationGracePeriodSeconds: args.terminationGracePeriodSeconds,
        imagePullSecrets: args.imagePullSecrets?.map((name) => ({ name })),
        topologySpreadConstraints: args.spreadSelector ? spreadOverZones(args.spreadSelector) : undefined,
        containers: [
            {
                imagePullPolicy: "IfNotPresent",
                ...args.container,
                securityContext: containerSecurityContext,
                volumeMounts: [...((args.container.volumeMounts as k8s.types.input.core.v1.VolumeMount[]) ?? []), ...scratch.mounts],
            },
        ],
        volumes: [...(args.volumes ?? []), ...scratch.volumes],
    };
    return {
        metadata: { labels: args.labels, annotations: args.annotations },
        spec: dropUndefined(spec),
    };
}

function dropUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** env entries read from atlasia-secrets, never literal values. */
export function secretEnv(secretName: pulumi.Input<string>, variables: Record<string, string>, optional: string[] = []): k8s.types.input.core.v1.EnvVar[] {
    return Object.entries(variables).map(([name, key]) => ({
        name,
        valueFrom: { secretKeyRef: { name: secretName, key, ...(optional.includes(key) ? { optional: true } : {}) } },
    }));
}
