// What each cloud's own kube-system DaemonSets request on every node, before any of our pods: the
// CNI and network policy agents, kube-proxy, the CSI node drivers, logging and metadata agents. The
// capacity check takes it off each node's allocatable capacity (issue 11 item 11).
//
// Source: requests measured on live clusters and published by 2i2c
// (github.com/2i2c-org/infrastructure, deployer/commands/generate/resource_allocation/daemonset_requests.yaml),
// the largest figure seen per cloud. Those totals include 2i2c's own node-exporter and cryptnono
// DaemonSets (a few tens of millicores), so they are an upper bound for the clouds' own pods.
import type { Capacity } from "../config/quantity";
import type { Cloud } from "../config/sizing";

/** What a cloud's own DaemonSets (named in the comments below) request on each node. */
export interface SystemPodBudget {
    perNode: Capacity;
}

export const systemPods: Record<Cloud, SystemPodBudget> = {
    gcp: {
        // Measured on GKE 1.27 with Calico network policy. Our clusters run Dataplane V2
        // (ADVANCED_DATAPATH: anetd instead of calico-node, and no kube-proxy); no published figure
        // for anetd was found, so the Calico cluster's total stands in as the estimate.
        // DaemonSets: calico-node, fluentbit-gke, gke-metadata-server, gke-metrics-agent, ip-masq-agent, netd, pdcsi-node.
        perNode: { cpuMillis: 344, memoryMiB: 596 },
    },
    aws: {
        // DaemonSets: aws-node (the VPC CNI and its network policy agent), ebs-csi-node, kube-proxy.
        perNode: { cpuMillis: 195, memoryMiB: 250 },
    },
    azure: {
        // Measured on AKS 1.28 with kube-proxy. Our clusters run the Cilium dataplane (clusters/aks/cluster.ts),
        // which replaces kube-proxy (its CPU is kept as margin) and adds the cilium agent, which requests
        // 100Mi of memory through its init container and no CPU (https://github.com/Azure/AKS/issues/5244).
        // DaemonSets: cloud-node-manager, csi-azuredisk-node, csi-azurefile-node, cilium, azure-cns.
        perNode: { cpuMillis: 226, memoryMiB: 300 + 100 },
    },
    // kind/minikube: the capacity is the laptop's share, already net of its system pods.
    local: { perNode: { cpuMillis: 0, memoryMiB: 0 } },
};
