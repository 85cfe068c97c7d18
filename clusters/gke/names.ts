// Every physical name and label the GKE layer creates, derived once from the cluster name so that
// each fits Google Cloud's rules (clusters/platform-rules/gcp.ts) for any valid cluster name.
import * as crypto from "crypto";
import { gcpLabelValue } from "../platform-rules/gcp";

/** Service account IDs stop at 30 characters and may not end in '-'. */
const serviceAccountIdLength = 30;

/**
 * The node pool's name: "workers-" and a hash of the settings GKE cannot change on a live pool, so a
 * change names a new pool, which Pulumi creates before it deletes the old one. Not a `namePrefix`:
 * pulumi-gcp auto-names every `name` input (provider/resources.go: SetAutonaming; pulumi-gcp #1510
 * shows a NodePool named "<resource>-<hex>") and skips that only for a field declared ConflictsWith,
 * which the node pool's `name` is not; the provider then refuses the pair ("Cannot specify both name
 * and name_prefix for a node_pool", resource_container_node_pool.go expandNodePool).
 */
export function nodePoolName(replacedOnChange: Record<string, unknown>): string {
    const digest = crypto.createHash("sha256").update(JSON.stringify(replacedOnChange)).digest("hex");
    return `workers-${digest.slice(0, 8)}`;
}

/** Ports the control plane must reach on nodes besides GKE's own 443/10250. */
export const webhookPorts = ["6443", "8443", "9443"];

export interface GkeNames {
    cluster: string;
    network: string;
    subnetwork: string;
    router: string;
    nat: string;
    webhookFirewall: string;
    nodeServiceAccountId: string;
    /** Key rings can never be deleted; a random suffix lets a destroyed stack be created again. */
    keyRingPrefix: string;
    cryptoKey: string;
}

export function gkeNames(clusterName: string): GkeNames {
    return {
        cluster: clusterName,
        network: `${clusterName}-vpc`,
        subnetwork: `${clusterName}-nodes`,
        router: `${clusterName}-router`,
        nat: `${clusterName}-nat`,
        webhookFirewall: `${clusterName}-webhooks`,
        nodeServiceAccountId: `${clusterName}-nodes`.slice(0, serviceAccountIdLength).replace(/-+$/, ""),
        keyRingPrefix: `${clusterName}-secrets-`,
        cryptoKey: "kubernetes-secrets",
    };
}

/**
 * Labels as GCP accepts them: values lower case, only letters, digits, '_' and '-', at most 63
 * characters. The stack name (which may hold upper case and dots) is one of them.
 */
export function gcpLabels(tags: Record<string, string>): Record<string, string> {
    return Object.fromEntries(
        Object.entries(tags).map(([key, value]) => [
            key,
            value
                .toLowerCase()
                .replace(/[^a-z0-9_-]/g, "-")
                .slice(0, gcpLabelValue.maxLength),
        ]),
    );
}
