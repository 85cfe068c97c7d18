// The one table of the platform's Helm charts: what is installed, from where, at which version,
// under which fixed release name and in which namespace. Upgrading an add-on is a change here.
import type { AddonNamespace } from "./namespaces";

export type AddonName =
    "certManager" | "ingressNginx" | "kubePrometheusStack" | "prometheusAdapter" | "jaeger" | "clusterAutoscaler" | "cloudnativePg" | "barmanCloudPlugin";

export interface ChartRelease {
    /** Fixed release name (no random suffix), so the Service names derived from it are known. */
    releaseName: string;
    chart: string;
    /** Exact chart version, never a range. */
    version: string;
    repo: string;
    namespace: AddonNamespace;
    /** Seconds Helm waits for the release to become ready before rolling it back. */
    timeoutSeconds: number;
}

/**
 * How Helm (and so helm.v3.Release) names a chart: an HTTP repository takes the chart's name plus
 * `--repo`; an OCI registry (oci://...) has no index.yaml, so the chart is the full reference and
 * there is no repo (`helm pull name --repo oci://...` fails: helm/helm#12471,
 * https://helm.sh/docs/topics/registries/).
 */
export function chartReference(pin: { chart: string; repo: string }): { chart: string; repo?: string } {
    return pin.repo.startsWith("oci://") ? { chart: `${pin.repo.replace(/\/+$/, "")}/${pin.chart}` } : { chart: pin.chart, repo: pin.repo };
}

export const charts: Record<AddonName, ChartRelease> = {
    certManager: {
        releaseName: "cert-manager",
        chart: "cert-manager",
        version: "v1.21.1",
        repo: "https://charts.jetstack.io",
        namespace: "cert-manager",
        timeoutSeconds: 600,
    },
    // Retired upstream in March 2026: 4.15.1 is the final release and gets no security fixes
    // (see docs/addons.md).
    ingressNginx: {
        releaseName: "ingress-nginx",
        chart: "ingress-nginx",
        version: "4.15.1",
        repo: "https://kubernetes.github.io/ingress-nginx",
        namespace: "ingress-nginx",
        timeoutSeconds: 900, // includes the cloud load balancer's provisioning
    },
    kubePrometheusStack: {
        releaseName: "kube-prometheus-stack",
        chart: "kube-prometheus-stack",
        version: "88.5.3",
        repo: "https://prometheus-community.github.io/helm-charts",
        namespace: "monitoring",
        timeoutSeconds: 900, // CRDs, operator, then Prometheus and Alertmanager with their volumes
    },
    prometheusAdapter: {
        releaseName: "prometheus-adapter",
        chart: "prometheus-adapter",
        version: "5.3.0",
        repo: "https://prometheus-community.github.io/helm-charts",
        namespace: "monitoring",
        timeoutSeconds: 300,
    },
    jaeger: {
        releaseName: "jaeger",
        chart: "jaeger",
        version: "4.11.1",
        repo: "https://jaegertracing.github.io/helm-charts",
        namespace: "tracing",
        timeoutSeconds: 600,
    },
    // EKS only (clusters/addons/cluster-autoscaler.ts); the image tag follows the cluster's minor.
    clusterAutoscaler: {
        releaseName: "cluster-autoscaler",
        chart: "cluster-autoscaler",
        version: "9.59.0",
        repo: "https://kubernetes.github.io/autoscaler",
        namespace: "cluster-autoscaler",
        timeoutSeconds: 300,
    },
    // The PostgreSQL operator (docs/database.md): chart 0.29.0 ships operator 1.30.0 and its CRDs.
    cloudnativePg: {
        releaseName: "cnpg",
        chart: "cloudnative-pg",
        version: "0.29.0",
        repo: "https://cloudnative-pg.github.io/charts",
        namespace: "cnpg-system",
        timeoutSeconds: 600,
    },
    // Backups and WAL archiving to object storage (plugin v0.13.0), in the operator's namespace as
    // the plugin's installation guide requires; its TLS certificates come from cert-manager.
    barmanCloudPlugin: {
        releaseName: "barman-cloud",
        chart: "plugin-barman-cloud",
        version: "0.7.0",
        repo: "https://cloudnative-pg.github.io/charts",
        namespace: "cnpg-system",
        timeoutSeconds: 600,
    },
};
