// The predefined role the deploying identity needs for each kind of GCP resource the GKE layer
// creates: the README's "Permissions" table is checked against this list, so a new resource type
// cannot ship without saying what it costs in rights.
// https://cloud.google.com/iam/docs/understanding-roles (predefined roles per service)

export const gkeDeployRoles: Record<string, { role: string; why: string }> = {
    "gcp:projects/service:Service": { role: "roles/serviceusage.serviceUsageAdmin", why: "enabling the APIs" },
    "gcp:projects/serviceIdentity:ServiceIdentity": { role: "roles/serviceusage.serviceUsageAdmin", why: "generating the GKE service agent" },
    "gcp:compute/network:Network": { role: "roles/compute.networkAdmin", why: "the VPC" },
    "gcp:compute/subnetwork:Subnetwork": { role: "roles/compute.networkAdmin", why: "the subnet" },
    "gcp:compute/router:Router": { role: "roles/compute.networkAdmin", why: "the Cloud Router" },
    "gcp:compute/routerNat:RouterNat": { role: "roles/compute.networkAdmin", why: "Cloud NAT" },
    "gcp:compute/firewall:Firewall": { role: "roles/compute.securityAdmin", why: "the webhook firewall rule" },
    "gcp:serviceaccount/account:Account": { role: "roles/iam.serviceAccountAdmin", why: "the node service account" },
    "gcp:projects/iAMMember:IAMMember": { role: "roles/resourcemanager.projectIamAdmin", why: "the node account's project roles" },
    // Creating key rings and keys and setting a key's IAM policy; cloudkms.admin cannot encrypt or decrypt.
    // https://cloud.google.com/kms/docs/reference/permissions-and-roles
    "gcp:kms/keyRing:KeyRing": { role: "roles/cloudkms.admin", why: "the secrets key ring" },
    "gcp:kms/cryptoKey:CryptoKey": { role: "roles/cloudkms.admin", why: "the secrets key" },
    "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember": { role: "roles/cloudkms.admin", why: "the GKE service agent's grant on the key" },
    "gcp:container/cluster:Cluster": { role: "roles/container.admin", why: "the cluster" },
    "gcp:container/nodePool:NodePool": { role: "roles/container.admin", why: "the node pool" },
    // The database backups (clusters/gke/backup-bucket.ts): https://cloud.google.com/storage/docs/access-control/iam-roles
    "gcp:storage/bucket:Bucket": { role: "roles/storage.admin", why: "the database backup bucket" },
    "gcp:storage/bucketIAMMember:BucketIAMMember": { role: "roles/storage.admin", why: "the backup account's grant on that bucket" },
    "gcp:serviceaccount/iAMMember:IAMMember": { role: "roles/iam.serviceAccountAdmin", why: "the backup account's Workload Identity binding" },
};
