// The Google APIs the cluster needs, enabled before anything that calls them: a fresh project has
// none of them, and resources that do not wait race the enablement.
import * as pulumi from "@pulumi/pulumi";
import * as projects from "@pulumi/gcp/projects";

/**
 * compute: network; container: the cluster; iam: the node service account; cloudresourcemanager:
 * project IAM bindings and the project-number lookup; cloudkms: the secrets encryption key;
 * storage: the database's backup bucket (the Cloud Storage API, storage.googleapis.com:
 * https://cloud.google.com/storage/docs/apis; a project where it is off refuses bucket calls).
 */
export const requiredApis = {
    compute: "compute.googleapis.com",
    container: "container.googleapis.com",
    iam: "iam.googleapis.com",
    cloudresourcemanager: "cloudresourcemanager.googleapis.com",
    cloudkms: "cloudkms.googleapis.com",
    storage: "storage.googleapis.com",
} as const;

export type ApiName = keyof typeof requiredApis;
export type EnabledApis = Record<ApiName, projects.Service>;

export function enableApis(project: string, opts: pulumi.CustomResourceOptions): EnabledApis {
    // Disabling them on destroy would break anything else in the project that uses them.
    const entries = Object.entries(requiredApis).map(([name, service]) => [
        name,
        new projects.Service(
            name,
            {
                project,
                service,
                disableOnDestroy: false,
            },
            opts,
        ),
    ]);
    return Object.fromEntries(entries) as EnabledApis;
}
