// The program's whole configuration surface: every `atlasia:<key>` it reads, with type, default
// and description. Pulumi.yaml declares the same keys (a test keeps the two equal), so
// `pulumi config` users and the code see one documented list.
//
// A default of "" or 0 means "derived": from the cloud, the environment or the sizing tables.
// Secret keys have no default. Pulumi.yaml declares the required one with `secret: true` (a declared
// key without a default is required by the CLI); the optional ones are listed here and in the README.

export type ConfigKeyType = "string" | "integer" | "boolean" | "array";

export interface ConfigKey {
    type: ConfigKeyType;
    description: string;
    /** Absent only for secrets. */
    default?: string | number | boolean | string[];
    secret?: true;
    /** A secret the user must supply (the others are generated). */
    required?: true;
    /**
     * Example value used in the `pulumi config set` hint. A list the operator fills with their own
     * principals, ranges or zones has placeholders instead: a fix may be run as printed, and an example
     * identity or documentation range would then be the cluster's only admin or allowed range.
     */
    example?: string;
}

export const configKeys = {
    // Cluster
    cloud: {
        type: "string",
        default: "local",
        example: "gcp",
        description: "Where the cluster runs: gcp (GKE), aws (EKS), azure (AKS) or local (an existing kind/minikube context).",
    },
    environment: {
        type: "string",
        default: "development",
        example: "production",
        description: "development, staging or production: selects every size in config/sizing.ts.",
    },
    region: {
        type: "string",
        default: "",
        example: "us-central1",
        description: "Cloud region. Empty: the seed's region (gcp us-central1, aws us-east-1, azure eastus).",
    },
    clusterName: { type: "string", default: "", example: "atlasia-prod", description: "Cluster name. Empty: atlasia-dev, atlasia-staging or atlasia-prod." },
    kubernetesVersion: {
        type: "string",
        default: "",
        example: "1.33",
        description: "Kubernetes minor version. Empty: the cloud's default (GKE follows its release channel).",
    },
    nodeMachineType: {
        type: "string",
        default: "",
        example: "n2-standard-4",
        description: "Node machine type. Empty: the sizing table's type for this cloud and environment.",
    },
    nodeCount: {
        type: "integer",
        default: 0,
        example: "3",
        description:
            "Initial node count (per zone on GKE; on EKS the total over its zonal node groups, at least 3 in staging and production). 0: the sizing table. The autoscaler owns the live count.",
    },
    nodeMinCount: {
        type: "integer",
        default: 0,
        example: "3",
        description:
            "Autoscaler minimum (per zone on GKE; on EKS the total over its zonal node groups, at least 3 in staging and production). 0: the sizing table.",
    },
    nodeMaxCount: {
        type: "integer",
        default: 0,
        example: "10",
        description:
            "Autoscaler maximum (per zone on GKE; on EKS the total over its zonal node groups, at least 3 in staging and production). 0: the sizing table.",
    },
    nodeDiskSizeGb: { type: "integer", default: 100, example: "100", description: "Node boot disk size in GB (30-2000)." },
    nodeCpus: {
        type: "integer",
        default: 0,
        example: "4",
        description: "vCPUs of a machine type that is not in clusters/capacity.ts (needed for the capacity check).",
    },
    nodeMemoryGib: { type: "integer", default: 0, example: "16", description: "Memory in GiB of a machine type that is not in clusters/capacity.ts." },
    apiEndpointAccess: {
        type: "string",
        default: "",
        example: "authorized",
        description:
            "Who can reach the Kubernetes API: authorized (apiAuthorizedCidrs only), private (no public endpoint) or public. Empty: authorized when apiAuthorizedCidrs is set, else public; production must choose.",
    },
    apiAuthorizedCidrs: {
        type: "array",
        default: [],
        example: '["<CIDR of your deployers and CI>"]',
        description: "CIDRs allowed to reach the Kubernetes API when apiEndpointAccess is authorized; include your deployers' and CI's addresses.",
    },
    clusterAdmins: {
        type: "array",
        default: [],
        example: '["<IAM role ARN on aws, Entra ID object ID on azure>"]',
        description:
            "Cluster administrators (the CI identity plus a break-glass identity): IAM principal ARNs on aws; on azure Entra ID object IDs, prefixed Group: or ServicePrincipal: unless a user. Each at most once.",
    },
    clusterAdminIncludeDeployer: {
        type: "boolean",
        default: false,
        example: "true",
        description: "Also make whoever runs pulumi up a cluster administrator. Off: CI and people alternating would take it from each other.",
    },
    allowClusterDeletion: {
        type: "boolean",
        default: false,
        example: "true",
        description:
            "Teardown only: lift the cloud's deletion protection of a production cluster (GKE deletionProtection). See docs/operations.md#tearing-production-down.",
    },
    gkeReleaseChannel: { type: "string", default: "REGULAR", example: "STABLE", description: "GKE release channel: RAPID, REGULAR or STABLE." },
    gkeZone: {
        type: "string",
        default: "",
        example: "us-central1-c",
        description: "Zone of a development GKE cluster (zonal, one node). Empty: <region>-b. Staging and production are regional.",
    },
    awsVpcCidr: {
        type: "string",
        default: "10.0.0.0/16",
        example: "10.0.0.0/16",
        description: "CIDR of the EKS VPC (a /16 to /20); subnets are carved from it.",
    },
    awsAvailabilityZoneIds: {
        type: "array",
        default: [],
        example: '["<zone-id of the region>","<zone-id of the region>"]',
        description: "Availability Zone IDs (2 or 3) of the EKS subnets. Empty: the region's first three eligible zones by zone ID, kept once chosen.",
    },
    aksAutoUpgradeChannel: {
        type: "string",
        default: "stable",
        example: "stable",
        description: "AKS auto-upgrade channel: none, patch, stable, rapid or node-image.",
    },
    aksMaintenanceWindow: {
        type: "string",
        default: "Sunday 03:00",
        example: "Saturday 22:00",
        description: "Weekly start (day and UTC time HH:MM) of AKS's 4-hour window for automatic Kubernetes and node OS image upgrades.",
    },
    aksAcrResourceId: {
        type: "string",
        default: "",
        example: "/subscriptions/<subscription ID>/resourceGroups/<resource group>/providers/Microsoft.ContainerRegistry/registries/<registry name>",
        description:
            "Resource ID of an Azure Container Registry the AKS nodes pull images from (AcrPull and Container Registry Repository Reader for the kubelet identity). Empty: none.",
    },
    localContext: { type: "string", default: "kind-atlasia", example: "minikube", description: "kubeconfig context of the local cluster (cloud=local)." },
    localKubeconfig: {
        type: "string",
        default: "",
        example: "~/.kube/config",
        description:
            "Path of the kubeconfig holding localContext. Empty: the first file in $KUBECONFIG that defines localContext; ~/.kube/config when $KUBECONFIG is unset.",
    },
    localDistribution: {
        type: "string",
        default: "kind",
        example: "minikube",
        description: "kind or minikube: how the ingress controller is exposed on the local cluster.",
    },
    localCpus: { type: "integer", default: 4, example: "4", description: "vCPUs the local cluster may use (minikube --cpus), for the capacity check." },
    localMemoryGib: {
        type: "integer",
        default: 8,
        example: "8",
        description: "Memory in GiB the local cluster may use (minikube --memory), for the capacity check.",
    },

    // Platform add-ons
    monitoringEnabled: {
        type: "boolean",
        default: true,
        example: "false",
        description: "Install kube-prometheus-stack and prometheus-adapter; workloads add ServiceMonitors and the queue-depth HPA metric.",
    },
    tracingEnabled: { type: "boolean", default: true, example: "false", description: "Install Jaeger v2; workloads export OTLP traces to it." },
    tlsIssuer: {
        type: "string",
        default: "",
        example: "letsencrypt-prod",
        description:
            "ClusterIssuer for the Ingress certificate: letsencrypt-prod, letsencrypt-staging or none. Empty: prod in production, staging in staging, none in development.",
    },
    acmeEmail: {
        type: "string",
        default: "",
        example: "platform@your-company.com",
        description: "E-mail registered with Let's Encrypt; required unless tlsIssuer resolves to none.",
    },
    prometheusRetention: {
        type: "string",
        default: "",
        example: "15d",
        description: "Prometheus retention (e.g. 24h, 7d, 30d). Empty: the sizing table's value for the environment.",
    },

    // Atlasia workloads
    domain: { type: "string", default: "atlasia.example.com", example: "atlasia.your-company.com", description: "Public host name of the Ingress." },
    corsAllowedOrigins: {
        type: "string",
        default: "",
        example: "https://atlasia.example.com",
        description: "Comma-separated CORS origins for the orchestrator. Empty: https://<domain> (http:// when TLS is off).",
    },
    ingressEnabled: {
        type: "boolean",
        default: true,
        example: "false",
        description: "Create the Atlasia Ingress (false: reach the Services with kubectl port-forward).",
    },
    orchestratorImage: {
        type: "string",
        default: "atlasia/ai-orchestrator",
        example: "registry.example.com/atlasia/ai-orchestrator",
        description: "Orchestrator image repository.",
    },
    orchestratorTag: {
        type: "string",
        default: "0.1.0",
        example: "0.2.0",
        description: "Orchestrator image tag of the blue colour; changing it is a rolling update.",
    },
    frontendImage: { type: "string", default: "atlasia/frontend", example: "registry.example.com/atlasia/frontend", description: "Frontend image repository." },
    frontendTag: { type: "string", default: "0.1.0", example: "0.2.0", description: "Frontend image tag of the blue colour; changing it is a rolling update." },
    frontendPort: {
        type: "integer",
        default: 8080,
        example: "8081",
        description: "Port the frontend image's nginx listens on (1024-65535: the container may not bind lower ports).",
    },
    frontendUid: { type: "integer", default: 101, example: "1001", description: "User id the frontend image runs as (nginx-unprivileged: 101); not 0." },
    orchestratorPort: { type: "integer", default: 8080, example: "8081", description: "Orchestrator server.port: REST, WebSocket and actuator (1024-65535)." },
    orchestratorUid: { type: "integer", default: 1000, example: "1001", description: "User id the orchestrator image runs as; not 0." },
    actuatorBasePath: {
        type: "string",
        default: "/actuator",
        example: "/management",
        description: "Spring Boot management.endpoints.web.base-path; the probes and the scrape use it. Never under /api or /ws (public).",
    },
    greenOrchestratorTag: {
        type: "string",
        default: "",
        example: "0.2.0",
        description: "Blue-green: when set, a green orchestrator with this tag runs beside the blue one.",
    },
    greenFrontendTag: {
        type: "string",
        default: "",
        example: "0.2.0",
        description: "Blue-green: when set, a green frontend with this tag runs beside the blue one.",
    },
    activeColor: { type: "string", default: "blue", example: "green", description: "Blue-green: the colour the Services send traffic to (blue or green)." },
    postgresBackupsEnabled: { type: "boolean", default: true, example: "false", description: "Nightly pg_dump CronJob to a backup volume." },
    postgresBackupSchedule: { type: "string", default: "0 2 * * *", example: "0 3 * * *", description: "Cron schedule of the backup CronJob (UTC)." },
    postgresBackupRetentionDays: {
        type: "integer",
        default: 14,
        example: "30",
        description: "Backups older than this many days are deleted by the backup job.",
    },

    orchestratorReplicas: {
        type: "integer",
        default: 0,
        example: "2",
        description: "Orchestrator replicas where there is no HPA (development). 0: the sizing table.",
    },
    orchestratorHpaMinReplicas: {
        type: "integer",
        default: 0,
        example: "5",
        description: "Orchestrator HPA minimum (staging, production). 0: the sizing table.",
    },
    orchestratorHpaMaxReplicas: {
        type: "integer",
        default: 0,
        example: "20",
        description: "Orchestrator HPA maximum. 0: the sizing table. The capacity check and PostgreSQL's max_connections follow it.",
    },
    orchestratorHpaCpuPercent: {
        type: "integer",
        default: 0,
        example: "70",
        description: "Orchestrator HPA CPU target in percent of the request. 0: the sizing table.",
    },
    orchestratorHpaMemoryPercent: {
        type: "integer",
        default: 0,
        example: "80",
        description: "Orchestrator HPA memory target in percent. 0: no memory metric (a JVM heap does not shrink; docs/workloads.md).",
    },
    orchestratorQueueDepthTarget: {
        type: "integer",
        default: 0,
        example: "50",
        description: "Target ai_tasks_queue_depth per orchestrator pod. 0: the sizing table (50).",
    },
    queueDepthScope: {
        type: "string",
        default: "per-pod",
        example: "shared",
        description: "per-pod: each pod reports its own backlog (Pods metric); shared: each reports the shared queue's total (External metric).",
    },
    llmEgressCidrs: {
        type: "array",
        default: [],
        example: '["<CIDR of the LLM API>"]',
        description: "Where the orchestrator may reach the LLM API on 443. Empty: any public address (never private or link-local ranges).",
    },
    vaultAddress: {
        type: "string",
        default: "",
        example: "https://vault.your-company.com:8200",
        description: "HashiCorp Vault URL (VAULT_ADDR) for atlasia:vaultToken. Empty: no Vault.",
    },
    vaultCidrs: {
        type: "array",
        default: [],
        example: '["<CIDR of the Vault>"]',
        description: "Addresses of the Vault at vaultAddress, for the orchestrator's egress policy.",
    },
    nodeLocalDnsAddress: {
        type: "string",
        default: "",
        example: "169.254.20.10",
        description: "Listen address of NodeLocal DNSCache where the cluster runs it; pods may then query it on 53.",
    },
    frontendReplicas: { type: "integer", default: 0, example: "3", description: "Frontend replicas. 0: the sizing table." },
    // Database (docs/database.md)
    databaseEngine: {
        type: "string",
        default: "",
        example: "cloudnativepg",
        description:
            "statefulset (one pod, nightly pg_dump), cloudnativepg (CloudNativePG with WAL archiving to object storage) or migrating (both; CloudNativePG imports the StatefulSet). Empty: statefulset in development, cloudnativepg in staging and production.",
    },
    databaseClusterName: {
        type: "string",
        default: "atlasia-db",
        example: "atlasia-db-r1",
        description: "Name of the CloudNativePG Cluster and its folder in the backup bucket; a recovered cluster gets a new one.",
    },
    databaseInstances: {
        type: "integer",
        default: 0,
        example: "3",
        description: "CloudNativePG instances, one per zone (1-3). 0: 3 in production, 1 in staging.",
    },
    databaseBackupRetentionDays: {
        type: "integer",
        default: 0,
        example: "30",
        description: "Days of base backups and WAL kept for point-in-time recovery (the bucket's lifecycle follows). 0: 30 in production, 7 in staging.",
    },
    databaseBackupSchedule: {
        type: "string",
        default: "0 0 2 * * *",
        example: "0 0 3 * * *",
        description: "Base backup schedule: six-field cron with seconds first (UTC), daily (day-of-month, month and weekday *).",
    },
    databaseRecoveryTarget: {
        type: "string",
        default: "",
        example: "latest",
        description:
            "Point-in-time recovery: latest or an RFC 3339 time; the new cluster (databaseClusterName) is bootstrapped from databaseRecoverySource's archive.",
    },
    databaseRecoverySource: {
        type: "string",
        default: "",
        example: "atlasia-db",
        description: "Point-in-time recovery: the databaseClusterName whose backups are restored.",
    },

    // Secrets: set with `pulumi config set --secret`.
    llmApiKey: { type: "string", secret: true, required: true, description: "API key of the LLM provider. Required." },
    orchestratorToken: { type: "string", secret: true, description: "Orchestrator API token. Generated when not set." },
    dbPassword: { type: "string", secret: true, description: "PostgreSQL password of user ai. Generated when not set." },
    postgresSuperuserPassword: {
        type: "string",
        secret: true,
        description: "PostgreSQL superuser (postgres) password, used only by the roles Job. Generated when not set.",
    },
    postgresOwnerPassword: {
        type: "string",
        secret: true,
        description: "PostgreSQL password of ai_owner, the schema owner Flyway and backups connect as. Generated when not set.",
    },
    jwtSecret: {
        type: "string",
        secret: true,
        description: "JWT signing secret, at least 256 bits (32 characters). Generated when not set.",
    },
    encryptionKey: {
        type: "string",
        secret: true,
        description: "Data encryption key, exactly 32 bytes. Generated when not set.",
    },
    vaultToken: {
        type: "string",
        secret: true,
        description: "HashiCorp Vault token. Optional; omitted from atlasia-secrets when not set.",
    },
    imagePullSecret: {
        type: "string",
        secret: true,
        description:
            "A .dockerconfigjson for a private registry the nodes cannot read themselves (they read Artifact Registry in gcp:project, ECR in the stack's AWS partition, and the registry aksAcrResourceId names). Not for ECR or ECR Public: their tokens expire after 12 hours. Optional.",
    },
    grafanaAdminPassword: { type: "string", secret: true, description: "Grafana admin password. Generated when not set." },
} satisfies Record<string, ConfigKey>;

export type ConfigKeyName = keyof typeof configKeys;

export const projectName = "atlasia";
