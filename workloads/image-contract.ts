// What the program assumes about the application images, in one place. None of it can be checked
// offline against the images themselves; a test checks the assumptions against each other and
// against the pods built from them (tests/image-contract.test.ts).

/** Spring Boot 3 (https://docs.spring.io/spring-boot/reference/). */
export const orchestratorImage = {
    /** The image's non-root user. */
    uid: 1000,
    /** server.port: REST, WebSocket and actuator share it. */
    port: 8080,
    /** Actuator probe groups (management.endpoint.health.probes.enabled) and the Prometheus endpoint. */
    paths: { liveness: "/actuator/health/liveness", readiness: "/actuator/health/readiness", metrics: "/actuator/prometheus" },
    /**
     * -XX:MaxRAMPercentage: heap as a share of the container limit. 75 % leaves too little for
     * metaspace, thread stacks, code cache and direct buffers of a Spring Boot JVM; 60 % keeps them
     * under the limit (issue 11 item 3).
     */
    maxRamPercentage: 60,
    /** Environment variables the application reads, beyond Spring Boot's relaxed binding of its own properties. */
    appVariables: ["ENVIRONMENT", "REGION", "CORS_ALLOWED_ORIGINS", "DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_URL", "DB_PASSWORD",
        "ORCHESTRATOR_TOKEN", "JWT_SECRET", "ENCRYPTION_KEY", "LLM_API_KEY", "VAULT_TOKEN", "TRACING_ENABLED"],
} as const;

/** Angular on nginxinc/nginx-unprivileged (https://github.com/nginxinc/docker-nginx-unprivileged). */
export const frontendImage = {
    /** The image's nginx user. */
    uid: 101,
    /** nginx-unprivileged listens on 8080: a non-root process without NET_BIND_SERVICE cannot bind below 1024. */
    port: 8080,
    /** Served for any path (the SPA's index), used by the probes. */
    probePath: "/",
} as const;

/** Ports below this need NET_BIND_SERVICE, which every Atlasia container drops. */
export const firstUnprivilegedPort = 1024;
