// The predefined role the deploying identity needs for each kind of GCP resource the GKE layer
// creates: the README's "Permissions" table is checked against this list, so a new resource type
// cannot ship without saying what it costs in rights.
// https://cloud.google.com/iam/docs/understanding-roles (predefined roles per service)

/** Resource type: the predefined role that creates it (what for, beside it). */
export const gkeDeployRoles: Record<string, string> = {
    "gcp:projects/service:Service": "roles/serviceusage.serviceUsageAdmin", // enabling the APIs
    "gcp:projects/serviceIdentity:ServiceIdentity": "roles/serviceusage.serviceUsageAdmin", // generating the GKE service agent
    "gcp:compute/network:Network": "roles/compute.networkAdmin", // the VPC
    "gcp:compute/subnetwork:Subnetwork": "roles/compute.networkAdmin", // the subnet
    "gcp:compute/router:Router": "roles/compute.networkAdmin", // the Cloud Router
    "gcp:compute/routerNat:RouterNat": "roles/compute.networkAdmin", // Cloud NAT
    "gcp:compute/firewall:Firewall": "roles/compute.securityAdmin", // the webhook firewall rule
    "gcp:serviceaccount/account:Account": "roles/iam.serviceAccountAdmin", // the node service account
    "gcp:projects/iAMMember:IAMMember": "roles/resourcemanager.projectIamAdmin", // the node account's project roles
    // Creating key rings and keys and setting a key's IAM policy; cloudkms.admin cannot encrypt or decrypt.
    // https://cloud.google.com/kms/docs/reference/permissions-and-roles
    "gcp:kms/keyRing:KeyRing": "roles/cloudkms.admin", // the secrets key ring
    "gcp:kms/cryptoKey:CryptoKey": "roles/cloudkms.admin", // the secrets key
    "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember": "roles/cloudkms.admin", // the GKE service agent's grant on the key
    "gcp:container/cluster:Cluster": "roles/container.admin", // the cluster
    "gcp:container/nodePool:NodePool": "roles/container.admin", // the node pool
    // The database backups (clusters/gke/backup-bucket.ts): https://cloud.google.com/storage/docs/access-control/iam-roles
    "gcp:storage/bucket:Bucket": "roles/storage.admin", // the database backup bucket
    "gcp:storage/bucketIAMMember:BucketIAMMember": "roles/storage.admin", // the backup account's grant on that bucket
    "gcp:serviceaccount/iAMMember:IAMMember": "roles/iam.serviceAccountAdmin", // the backup account's Workload Identity binding
};
