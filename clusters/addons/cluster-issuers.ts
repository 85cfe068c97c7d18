// Let's Encrypt ClusterIssuers (staging and production), solving ACME HTTP-01 challenges through
// the nginx IngressClass. Both exist so a stack can switch atlasia:tlsIssuer without a redeploy of
// cert-manager; the workloads use the one the settings name.
import * as k8s from "@pulumi/kubernetes";
import type { TlsIssuer } from "../../config/settings";
import { ingressClassName } from "./endpoints";
import type { AddonScope } from "./release";

export type AcmeIssuer = Exclude<TlsIssuer, "none">;

export const acmeServers: Record<AcmeIssuer, string> = {
    "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
    "letsencrypt-prod": "https://acme-v02.api.letsencrypt.org/directory",
};

export function clusterIssuerSpec(issuer: AcmeIssuer, email: string) {
    return {
        acme: {
            server: acmeServers[issuer],
            email,
            // The ACME account key, kept in cert-manager's namespace.
            privateKeySecretRef: { name: `${issuer}-account-key` },
            solvers: [{ http01: { ingress: { ingressClassName } } }],
        },
    };
}

export function clusterIssuers(scope: AddonScope, certManager: k8s.helm.v3.Release): Record<AcmeIssuer, k8s.apiextensions.CustomResource> {
    const email = scope.settings.addons.acmeEmail;
    // loadSettings requires it whenever tlsIssuer is not none; this guards other callers.
    if (!email) throw new Error("ClusterIssuers need settings.addons.acmeEmail");
    const issuer = (name: AcmeIssuer) =>
        new k8s.apiextensions.CustomResource(
            name,
            {
                apiVersion: "cert-manager.io/v1",
                kind: "ClusterIssuer",
                metadata: { name },
                spec: clusterIssuerSpec(name, email),
                // cert-manager's webhook rejects ClusterIssuers until the release (CRDs, webhook) is ready.
            },
            { ...scope.opts, dependsOn: [certManager] },
        );
    return { "letsencrypt-staging": issuer("letsencrypt-staging"), "letsencrypt-prod": issuer("letsencrypt-prod") };
}
