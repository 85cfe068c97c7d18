// The `kubernetes` Service in `default`, which in-cluster clients dial (kubernetes.default.svc:443).
// Its ClusterIP is the first address of the service range. A NetworkPolicy engine that evaluates
// egress before kube-proxy translates the Service address (EKS's VPC CNI network policy agent,
// aws/amazon-network-policy-controller-k8s#194) sees this address, not the API server's own.

/** The Service's port (its endpoints may listen elsewhere, e.g. 6443 on kind). */
export const kubernetesServicePort = 443;

/**
 * EKS without kubernetesNetworkConfig.serviceIpv4Cidr: "Kubernetes assigns addresses from either the
 * 10.100.0.0/16 or 172.20.0.0/16 CIDR blocks" (EKS API reference, KubernetesNetworkConfigRequest),
 * whichever does not overlap the VPC; both first addresses are listed, each a single host.
 */
export const eksDefaultKubernetesServiceIps = ["10.100.0.1", "172.20.0.1"];
