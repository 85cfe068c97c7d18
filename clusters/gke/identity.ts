// The nodes' own service account with only what GKE nodes need, instead of the Compute Engine
// default account (often disabled in hardened organisations, and an Editor where it is not).
import * as pulumi from "@pulumi/pulumi";
import * as projects from "@pulumi/gcp/projects";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import { EnabledApis } from "./apis";
import { GkeNames } from "./names";

/**
 * roles/container.defaultNodeServiceAccount is GKE's own least-privilege node role (logging,
 * monitoring, metadata); artifactregistry.reader lets nodes pull the project's private images.
 * https://cloud.google.com/kubernetes-engine/docs/how-to/service-accounts#default-gke-service-agent
 * https://cloud.google.com/artifact-registry/docs/integrate-gke
 */
export const nodeServiceAccountRoles = ["roles/container.defaultNodeServiceAccount", "roles/artifactregistry.reader"];

export interface NodeIdentity {
    account: serviceaccount.Account;
    /** The account's project roles: a pool (or the cluster's default pool) must wait for them. */
    roleBindings: projects.IAMMember[];
}

export function createNodeIdentity(names: GkeNames, project: string, apis: EnabledApis, opts: pulumi.CustomResourceOptions): NodeIdentity {
    const account = new serviceaccount.Account(
        `${names.cluster}-nodes`,
        {
            accountId: names.nodeServiceAccountId,
            displayName: `GKE nodes of ${names.cluster}`,
            project,
        },
        { ...opts, dependsOn: [apis.iam] },
    );
    const roleBindings = nodeServiceAccountRoles.map(
        (role) =>
            new projects.IAMMember(
                `${names.cluster}-nodes-${role.split("/")[1]}`,
                {
                    project,
                    role,
                    member: pulumi.interpolate`serviceAccount:${account.email}`,
                },
                { ...opts, dependsOn: [apis.cloudresourcemanager] },
            ),
    );
    return { account, roleBindings };
}
