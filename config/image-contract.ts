// The parts of the application images' contract an operator may need to change (issue 11 item 24):
// the frontend's port and user, the orchestrator's port and its actuator's base path. Defaults and
// the reasons for them are in workloads/image-contract.ts; here they are read and checked together.
import type { ConfigReader } from "./reader";

export interface ImageContractSettings {
    frontend: { port: number; uid: number };
    orchestrator: { port: number; uid: number; actuatorBasePath: string };
}

/**
 * Every Atlasia container runs as non-root with every capability dropped (restricted Pod Security),
 * so it cannot bind below 1024 without NET_BIND_SERVICE
 * (https://man7.org/linux/man-pages/man7/capabilities.7.html, CAP_NET_BIND_SERVICE), and runAsNonRoot
 * refuses uid 0 (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted).
 */
export const firstUnprivilegedPort = 1024;
const lastPort = 65535;

/** Public paths the Ingress sends to the orchestrator (workloads/ingress.ts): the actuator must not be under them. */
export const orchestratorIngressPaths = { api: "/api", websocket: "/ws" } as const;

const pathPattern = /^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/;

export function loadImageContract(read: ConfigReader): ImageContractSettings {
    const port = (key: "frontendPort" | "orchestratorPort") => read.integer(key, firstUnprivilegedPort, lastPort) ?? 8080;
    const uid = (key: "frontendUid" | "orchestratorUid") => read.integer(key, 1) ?? 1000;
    const actuatorBasePath = read.string("actuatorBasePath");
    if (!pathPattern.test(actuatorBasePath)) {
        read.problem(
            "actuatorBasePath",
            `"${actuatorBasePath}" is not an absolute path without a trailing slash (management.endpoints.web.base-path).`,
            "/actuator",
        );
    } else {
        const exposed = Object.values(orchestratorIngressPaths).find((p) => actuatorBasePath === p || actuatorBasePath.startsWith(`${p}/`));
        if (exposed) {
            read.problem(
                "actuatorBasePath",
                `"${actuatorBasePath}" is under ${exposed}, which the Ingress routes to the orchestrator: the actuator (heap dumps aside, /prometheus and /health) would be public.`,
                "/actuator",
            );
        }
    }
    return {
        frontend: { port: port("frontendPort"), uid: uid("frontendUid") },
        orchestrator: { port: port("orchestratorPort"), uid: uid("orchestratorUid"), actuatorBasePath },
    };
}
