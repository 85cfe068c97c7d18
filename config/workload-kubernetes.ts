// The oldest Kubernetes minor the workloads' pod specs are valid on. The preStop `sleep` action
// (workloads/shutdown.ts) is alpha and off in 1.29 and on by default from 1.30 (KEP-3960,
// https://github.com/kubernetes/enhancements/issues/3960: alpha 1.29, beta 1.30, GA 1.34); an older
// API server rejects the Deployments after the cluster is built.
import type { ConfigReader } from "./reader";

export const oldestWorkloadMinor = 30;

export function checkWorkloadKubernetesVersion(read: ConfigReader, version: string | undefined): void {
    const minor = version ? Number(/^1\.(\d+)/.exec(version)?.[1]) : NaN;
    if (minor < oldestWorkloadMinor) {
        read.problem(
            "kubernetesVersion",
            `${version} is older than 1.${oldestWorkloadMinor}: the workloads' preStop sleep action (a pause without a shell in the image) needs 1.${oldestWorkloadMinor} or later.`,
            `1.${oldestWorkloadMinor + 3}`,
        );
    }
}
