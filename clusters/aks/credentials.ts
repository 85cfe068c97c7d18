// The kubeconfig and the Kubernetes provider. The user credentials carry the API server address
// and CA; authentication is kubelogin's Entra ID token (`--login azurecli`: `az login` first).
import * as pulumi from "@pulumi/pulumi";
import * as azure from "@pulumi/azure-native/provider";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as yaml from "js-yaml";
import { execKubeconfig } from "../kubeconfig";

/** The Entra ID application every AKS cluster's API server accepts tokens for. */
const aksServerAppId = "6dae42f8-4368-4678-94ff-3960e28e3630";

interface CredentialsKubeconfig {
    clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
}

export function aksKubeconfig(
    clusterName: string,
    resourceGroupName: pulumi.Input<string>,
    cluster: containerservice.ManagedCluster,
    parent: pulumi.Resource,
    provider: azure.Provider,
): pulumi.Output<string> {
    const credentials = containerservice.listManagedClusterUserCredentialsOutput(
        {
            resourceGroupName,
            resourceName: cluster.name,
            format: "exec",
        },
        { parent, provider },
    );
    return pulumi.secret(
        credentials.kubeconfigs.apply((kubeconfigs) => {
            const parsed = yaml.load(Buffer.from(kubeconfigs[0].value, "base64").toString("utf8")) as CredentialsKubeconfig;
            const { server, "certificate-authority-data": caData } = parsed.clusters[0].cluster;
            return execKubeconfig({
                name: clusterName,
                server,
                caData,
                exec: {
                    command: "kubelogin",
                    args: ["get-token", "--login", "azurecli", "--server-id", aksServerAppId],
                    installHint: "Install kubelogin (az aks install-cli) and sign in with az login.",
                },
            });
        }),
    );
}

/**
 * The Kubernetes provider's identity: the OIDC issuer URL, which holds a GUID AKS generates for each
 * new cluster, so a replaced cluster of the same name is a new provider (and every object is created
 * again on it) while a kubeconfig change is not.
 */
export function clusterIdentity(cluster: containerservice.ManagedCluster): pulumi.Output<string> {
    return cluster.oidcIssuerProfile.apply((profile) => profile?.issuerURL as string);
}
