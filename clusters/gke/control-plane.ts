// The GKE cluster itself: regional (zonal for development), VPC-native, private nodes, Dataplane V2,
// secrets encrypted with the project's KMS key, the API endpoint exposed as the stack decided.
import * as pulumi from "@pulumi/pulumi";
import * as container from "@pulumi/gcp/container";
import { StackSettings } from "../../config/settings";
import { projectName } from "../../config/keys";
import { secretOutputsWhenStored, secretWhenStored } from "../../config/stored-secret";
import { GkeNetwork, addressPlan } from "./network";
import { NodeIdentity } from "./identity";
import { SecretsEncryption } from "./encryption";
import { GkeNames } from "./names";

/** Node settings shared by GKE's temporary default pool and the managed pool. */
export function nodeSecurity(identity: NodeIdentity) {
    return {
        serviceAccount: identity.account.email,
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"], // IAM roles do the limiting
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
    };
}

function endpointAccess(settings: StackSettings): Pick<container.ClusterArgs, "privateClusterConfig" | "masterAuthorizedNetworksConfig"> {
    const { apiEndpointAccess, apiAuthorizedCidrs } = settings.access;
    return {
        privateClusterConfig: {
            enablePrivateNodes: true,
            // private: no public endpoint; kubectl and pulumi must run inside the VPC (or a peered network).
            enablePrivateEndpoint: apiEndpointAccess === "private",
            masterIpv4CidrBlock: addressPlan.controlPlane,
        },
        // authorized: only the listed ranges; private: the block enabled with no ranges (only the VPC).
        // An enabled block still admits every Compute Engine public IP (any project's VMs) unless
        // told not to: "...except traffic from the given CIDR blocks, Google Compute Engine Public IPs
        // and Google Prod IPs" (API reference, MasterAuthorizedNetworksConfig).
        masterAuthorizedNetworksConfig:
            apiEndpointAccess === "public"
                ? undefined
                : {
                      // Secret when the stack stores the ranges encrypted: the cluster's inputs are kept in state.
                      cidrBlocks: secretWhenStored(
                          `${projectName}:apiAuthorizedCidrs`,
                          apiAuthorizedCidrs.map((cidrBlock) => ({ cidrBlock, displayName: cidrBlock })),
                      ),
                      gcpPublicCidrsAccessEnabled: false,
                  },
    };
}

export interface ControlPlaneArgs {
    settings: StackSettings;
    names: GkeNames;
    network: GkeNetwork;
    identity: NodeIdentity;
    encryption: SecretsEncryption;
    labels: Record<string, string>;
    /** Everything the cluster calls at creation: enabled APIs. */
    dependsOn: pulumi.Resource[];
}

export function createControlPlane(args: ControlPlaneArgs, opts: pulumi.CustomResourceOptions): container.Cluster {
    const { settings, names, network, identity, encryption } = args;
    const production = settings.environment === "production";
    return new container.Cluster(
        names.cluster,
        {
            name: names.cluster,
            // Regional: control plane and nodes in three zones. Zonal (development): one of each.
            location: settings.gcp.zone ?? settings.region,
            removeDefaultNodePool: true, // the node pool is managed on its own
            initialNodeCount: 1,
            // GKE creates the default pool before removing it; without this it runs as the Compute Engine
            // default account, which hardened projects disable ("Service account ... does not exist").
            // https://github.com/hashicorp/terraform-provider-google/issues/17511 (#4435, #12070)
            nodeConfig: nodeSecurity(identity),
            network: network.network.id,
            subnetwork: network.subnet.id,
            networkingMode: "VPC_NATIVE",
            ipAllocationPolicy: { clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services" },
            minMasterVersion: settings.kubernetesVersion,
            releaseChannel: { channel: settings.gcp.releaseChannel },
            workloadIdentityConfig: { workloadPool: `${settings.gcp.project}.svc.id.goog` },
            // Dataplane V2 (eBPF) enforces NetworkPolicies itself; chosen only at creation.
            // https://cloud.google.com/kubernetes-engine/docs/how-to/dataplane-v2
            datapathProvider: "ADVANCED_DATAPATH",
            addonsConfig: {
                httpLoadBalancing: { disabled: false },
                horizontalPodAutoscaling: { disabled: false },
            },
            ...endpointAccess(settings),
            databaseEncryption: { state: "ENCRYPTED", keyName: encryption.key.id },
            enableShieldedNodes: true,
            // Intranode visibility sends pod-to-pod traffic through the VPC (flow logs see it): production only.
            // Autopilot runs it with Dataplane V2 by default, so the two combine.
            // https://cloud.google.com/kubernetes-engine/docs/how-to/intranode-visibility
            enableIntranodeVisibility: production,
            securityPostureConfig: { mode: "BASIC" }, // workload configuration audit
            loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "WORKLOADS"] },
            maintenancePolicy: { dailyMaintenanceWindow: { startTime: "03:00" } },
            resourceLabels: args.labels,
            // Lifted only for a teardown (atlasia:allowClusterDeletion, docs/operations.md).
            deletionProtection: settings.protect && !settings.allowClusterDeletion,
        },
        {
            ...opts,
            protect: settings.protect,
            additionalSecretOutputs: secretOutputsWhenStored(`${projectName}:apiAuthorizedCidrs`, ["masterAuthorizedNetworksConfig"]),
            // The default pool must run as the node account, with its roles, and secrets encryption
            // needs the service agent's grant on the key before the cluster is created.
            dependsOn: [...args.dependsOn, ...identity.roleBindings, encryption.grant],
            // nodeConfig and initialNodeCount only shape the temporary default pool, and both force a new
            // cluster. The provider reads initialNodeCount back from the API (d.Set("initial_node_count",
            // cluster.InitialNodeCount)), which no longer matches once the default pool is gone: the
            // terraform-google-modules kubernetes-engine cluster ignores both (lifecycle ignore_changes).
            ignoreChanges: ["nodeConfig", "initialNodeCount"],
        },
    );
}
