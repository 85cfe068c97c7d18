// The cluster's own VPC: VPC-native secondary ranges, Cloud NAT for the private nodes, and the
// firewall rule that lets the control plane reach admission webhooks.
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/gcp/compute";
import { GkeNames, webhookPorts } from "./names";

/** Address plan of the cluster's own VPC (pods and services are secondary ranges: VPC-native). */
export const addressPlan = {
    nodes: "10.10.0.0/20",
    pods: "10.16.0.0/14",
    services: "10.20.0.0/20",
    controlPlane: "172.16.0.0/28",
};

export interface GkeNetwork {
    network: compute.Network;
    subnet: compute.Subnetwork;
}

/** Flow logs cost per GB logged: production keeps them for forensics, other environments turn them off. */
export function createNetwork(names: GkeNames, region: string, production: boolean, opts: pulumi.CustomResourceOptions): GkeNetwork {
    const network = new compute.Network(
        names.network,
        {
            name: names.network,
            autoCreateSubnetworks: false,
            routingMode: "REGIONAL",
        },
        opts,
    );
    const subnet = new compute.Subnetwork(
        names.subnetwork,
        {
            name: names.subnetwork,
            network: network.id,
            region,
            ipCidrRange: addressPlan.nodes,
            privateIpGoogleAccess: true,
            secondaryIpRanges: [
                { rangeName: "pods", ipCidrRange: addressPlan.pods },
                { rangeName: "services", ipCidrRange: addressPlan.services },
            ],
            logConfig: production ? { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" } : undefined,
        },
        opts,
    );
    // Private nodes have no public IPs: Cloud NAT gives them egress (image pulls, the LLM API).
    const router = new compute.Router(
        names.router,
        {
            name: names.router,
            network: network.id,
            region,
        },
        opts,
    );
    new compute.RouterNat(
        names.nat,
        {
            name: names.nat,
            router: router.name,
            region,
            natIpAllocateOption: "AUTO_ONLY",
            sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
            logConfig: { enable: true, filter: "ERRORS_ONLY" },
        },
        opts,
    );

    // GKE opens only 443 and 10250 from the control plane to private nodes; admission webhooks
    // and aggregated APIs on other ports (ingress-nginx 8443, prometheus-adapter 6443, 9443 for
    // controller-runtime webhooks) would time out without this rule.
    new compute.Firewall(
        `${names.cluster}-webhooks`,
        {
            name: names.webhookFirewall,
            network: network.id,
            direction: "INGRESS",
            sourceRanges: [addressPlan.controlPlane],
            allows: [{ protocol: "tcp", ports: webhookPorts }],
            description: "Control plane to admission webhooks and aggregated APIs on the nodes",
        },
        opts,
    );
    return { network, subnet };
}
