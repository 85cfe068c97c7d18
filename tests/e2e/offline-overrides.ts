// What the e2e run changes in the program when the cluster is the loopback control plane of
// tools/e2e/control-plane.sh (kwok fake nodes: no container ever runs) and there is no internet.
// Applied as stack transforms by the e2e runner only; the program and real stacks never see them.
import * as pulumi from "@pulumi/pulumi";

const releaseType = "kubernetes:helm.sh/v3:Release";
const ingressType = "kubernetes:networking.k8s.io/v1:Ingress";

/** Each override, with why it exists (printed by the runner, and listed in docs/e2e.md). */
export const offlineOverrides = [
    "Helm releases install the pinned chart from its source directory (E2E_CHARTS_DIR/<chart>/chart) instead of the chart repository: there is no internet.",
    "prometheus-adapter gets no metric rules, so its chart registers no custom.metrics.k8s.io APIService: the adapter pod is a kwok fake that serves nothing, and an unavailable aggregated API breaks API discovery (Helm, the namespace controller on destroy).",
    "Ingresses carry pulumi.com/skipAwait: the ingress-nginx controller is a kwok fake and never writes the Ingress status that Pulumi waits for.",
] as const;

type Props = Record<string, unknown>;

function localChart(props: Props, chartsDir: string): Props {
    // The chart comes from the local source, so the repository and its version pin are dropped.
    const rest = { ...props };
    delete rest.repositoryOpts;
    delete rest.version;
    const chart = `${chartsDir}/${String(props.chart)}/chart`;
    if (props.name !== "prometheus-adapter") return { ...rest, chart };
    // Its values hold no secret or Output (prometheus-adapter.ts), so they arrive here as plain data.
    return { ...rest, chart, values: { ...(props.values as Props), rules: { default: false, custom: [], external: [] } } };
}

function skipAwait(props: Props): Props {
    const metadata = (props.metadata ?? {}) as Props;
    const annotations = { ...(metadata.annotations as Props | undefined), "pulumi.com/skipAwait": "true" };
    return { ...props, metadata: { ...metadata, annotations } };
}

/** Registers the overrides; call at the start of the inline program, before the program runs. */
export function registerOfflineOverrides(chartsDir: string): void {
    pulumi.runtime.registerResourceTransform((args) => {
        if (args.type === releaseType) return { props: localChart(args.props, chartsDir), opts: args.opts };
        if (args.type === ingressType) return { props: skipAwait(args.props), opts: args.opts };
        return undefined;
    });
}
