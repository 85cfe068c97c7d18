// Per-client limits at the ingress, as intended totals. ingress-nginx counts limit-rps and
// limit-connections in each controller replica's own memory ("the limits are applied per ingress
// replica", https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#rate-limiting),
// and a client's connections are spread over the replicas, so each replica gets its share.

/** Ours (the seed names rate limiting, not its numbers), per client address across all replicas. */
export const intendedLimits = {
    http: { requestsPerSecond: 20, connections: 20 },
    /**
     * One browser tab holds one WebSocket; a company behind one NAT address has many tabs, so the
     * connection limit is per address, not per user, and set for a whole office.
     */
    websocket: { requestsPerSecond: 20, connections: 500 },
};
export const burstMultiplier = 5;

export function rateLimitAnnotations(kind: keyof typeof intendedLimits, controllerReplicas: number): Record<string, string> {
    const share = (total: number) => String(Math.max(1, Math.floor(total / controllerReplicas)));
    const limits = intendedLimits[kind];
    return {
        "nginx.ingress.kubernetes.io/limit-rps": share(limits.requestsPerSecond),
        "nginx.ingress.kubernetes.io/limit-burst-multiplier": String(burstMultiplier),
        "nginx.ingress.kubernetes.io/limit-connections": share(limits.connections),
    };
}
