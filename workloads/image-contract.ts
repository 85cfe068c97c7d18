// What the program assumes about the application images, in one place. None of it can be checked
// offline against the images themselves. The port, user and actuator base path of each image are
// stack settings (config/image-contract.ts checks them against each other; defaults in config/keys.ts);
// tests/runtime-workloads.test.ts checks the pods built from them.

/** Spring Boot 3 (https://docs.spring.io/spring-boot/reference/). */
export const orchestratorImage = {
    /**
     * Actuator probe groups (management.endpoint.health.probes.enabled) and the Prometheus endpoint,
     * under management.endpoints.web.base-path (atlasia:actuatorBasePath); server.port
     * (atlasia:orchestratorPort) serves REST, WebSocket and actuator alike.
     */
    actuatorPaths: { liveness: "/health/liveness", readiness: "/health/readiness", metrics: "/prometheus" },
    /**
     * -XX:MaxRAMPercentage: heap as a share of the container limit. 75 % leaves too little for
     * metaspace, thread stacks, code cache and direct buffers of a Spring Boot JVM; 60 % keeps them
     * under the limit (issue 11 item 3).
     */
    maxRamPercentage: 60,
    /** Environment variables the application reads, beyond Spring Boot's relaxed binding of its own properties. */
    appVariables: [
        "ENVIRONMENT",
        "REGION",
        "CORS_ALLOWED_ORIGINS",
        "DB_HOST",
        "DB_PORT",
        "DB_NAME",
        "DB_USER",
        "DB_URL",
        "DB_PASSWORD",
        "ORCHESTRATOR_TOKEN",
        "JWT_SECRET",
        "ENCRYPTION_KEY",
        "LLM_API_KEY",
        "VAULT_TOKEN",
        "TRACING_ENABLED",
    ],
} as const;

/** Angular on nginxinc/nginx-unprivileged (https://github.com/nginxinc/docker-nginx-unprivileged). */
export const frontendImage = {
    /** Its nginx user (101) and port (8080) are atlasia:frontendUid and atlasia:frontendPort. */
    /** Served for any path (the SPA's index), used by the probes. */
    probePath: "/",
} as const;
