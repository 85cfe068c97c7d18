// Credentials for a private registry other than the cloud's own (atlasia:imagePullSecret): a
// kubernetes.io/dockerconfigjson Secret the Atlasia pods name in imagePullSecrets
// (https://kubernetes.io/docs/concepts/containers/images/#specifying-imagepullsecrets-on-a-pod).
// Images in the cloud's own registry need none: the nodes read it with their own identity.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { appLabels } from "./labels";
import { k8sOptions, WorkloadContext } from "./context";

export const registrySecretName = "atlasia-registry";

/** The Secret's name for the pods' imagePullSecrets; none without a configured pull secret. */
export function registryCredentials(ctx: WorkloadContext, parent: pulumi.Resource): pulumi.Output<string>[] {
    const dockerConfig = ctx.settings.app.registry.pullSecret;
    if (!dockerConfig) return [];
    const secret = new k8s.core.v1.Secret(
        registrySecretName,
        {
            metadata: { name: registrySecretName, namespace: ctx.namespace, labels: appLabels },
            type: "kubernetes.io/dockerconfigjson",
            stringData: { ".dockerconfigjson": pulumi.secret(dockerConfig) },
        },
        // No additionalSecretOutputs: @pulumi/kubernetes' Secret marks data and stringData secret itself (core/v1/secret.js).
        k8sOptions(ctx, parent),
    );
    return [secret.metadata.name];
}
