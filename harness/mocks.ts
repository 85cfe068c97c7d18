// Provider-computed outputs for the offline run: what GKE, EKS, AKS and the random provider would
// return, shaped like the real APIs, so the program's applies (kubeconfig, OIDC trust, names) run.
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as yaml from "js-yaml";

export const mockAccountId = "123456789012";
export const mockGcpProjectNumber = "210987654321";
export const mockEksDefaultVersion = "1.34";
export const mockAzureSubscription = "00000000-0000-4000-8000-000000000001";
export const mockAzureTenant = "00000000-0000-4000-8000-000000000002";
export const mockAzureObjectId = "00000000-0000-4000-8000-000000000003";
export const mockAksIssuerId = "8c0f6b34-6f1e-4a39-9d1e-3b7f0e2a5c41";
export const mockAksKubeletObjectId = "00000000-0000-4000-8000-000000000007";
const mockCaData = Buffer.from("-----BEGIN CERTIFICATE-----\nMOCKCA\n-----END CERTIFICATE-----\n").toString("base64");

/** An unsigned JWT with these claims, shaped as Entra ID issues access tokens (header.payload.signature, base64url). */
export function mockAccessToken(claims: Record<string, unknown>): string {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    return `${part({ typ: "JWT", alg: "RS256" })}.${part(claims)}.mock-signature`;
}

/** The mock deployer's ARM token: a user's (delegated tokens carry scp), whose object ID getClientConfig returns. */
const mockAzureUserToken = mockAccessToken({ oid: mockAzureObjectId, tid: mockAzureTenant, scp: "user_impersonation" });

/** A deterministic stand-in for a generated secret, unique per resource name. */
export function mockRandomValue(name: string, length: number): string {
    let value = "";
    for (let i = 0; value.length < length; i++) {
        value += crypto.createHash("sha256").update(`${name}/${i}`).digest("base64url");
    }
    return value.slice(0, length);
}

type State = Record<string, unknown>;
type Computed = (name: string, inputs: State) => State;

/** A string input, or `fallback` where the program left it unset: a mock never invents "undefined". */
function text(value: unknown, fallback?: string): string {
    if (typeof value === "string") return value;
    if (value === undefined && fallback !== undefined) return fallback;
    throw new Error(`offline mock: expected a string input, got ${JSON.stringify(value)}`);
}

const computedOutputs: Record<string, Computed> = {
    "random:index/randomPassword:RandomPassword": (name, inputs) => ({ result: mockRandomValue(name, Number(inputs.length ?? 32)) }),
    "random:index/randomId:RandomId": (name, inputs) => {
        const bytes = Buffer.from(mockRandomValue(name, Number(inputs.byteLength) * 2)).subarray(0, Number(inputs.byteLength));
        return { hex: bytes.toString("hex"), b64Url: bytes.toString("base64url"), dec: BigInt(`0x${bytes.toString("hex")}`).toString() };
    },
    // Lower-case letters and digits when asked for (Key Vault name suffixes).
    "random:index/randomString:RandomString": (name, inputs) => ({
        result:
            inputs.upper === false && inputs.special === false
                ? crypto
                      .createHash("sha256")
                      .update(name)
                      .digest("hex")
                      .slice(0, Number(inputs.length ?? 16))
                : mockRandomValue(name, Number(inputs.length ?? 16)),
    }),
    "random:index/randomBytes:RandomBytes": (name, inputs) => {
        const bytes = Buffer.from(mockRandomValue(name, Number(inputs.length ?? 32) * 2)).subarray(0, Number(inputs.length ?? 32));
        return { base64: bytes.toString("base64"), hex: bytes.toString("hex") };
    },

    "gcp:container/cluster:Cluster": (name, inputs) => ({
        name: inputs.name ?? name,
        endpoint: "203.0.113.10",
        masterAuth: { clusterCaCertificate: mockCaData },
        selfLink: `https://container.googleapis.com/v1/projects/p/locations/${text(inputs.location)}/clusters/${text(inputs.name, name)}`,
        // GKE's per-cluster DNS endpoint: gke-<unique id>-<project number>.<location>.gke.goog
        controlPlaneEndpointsConfig: {
            dnsEndpointConfig: {
                endpoint: `gke-${crypto.createHash("sha256").update(text(inputs.name, name)).digest("hex").slice(0, 32)}-${mockGcpProjectNumber}.${text(inputs.location)}.gke.goog`,
            },
        },
    }),
    "gcp:serviceaccount/account:Account": (_name, inputs) => ({
        email: `${text(inputs.accountId)}@${text(inputs.project, "mock-project")}.iam.gserviceaccount.com`,
    }),
    "gcp:compute/network:Network": (name) => ({ selfLink: `https://www.googleapis.com/compute/v1/projects/p/global/networks/${name}` }),
    "gcp:compute/subnetwork:Subnetwork": (name) => ({ selfLink: `https://www.googleapis.com/compute/v1/projects/p/regions/r/subnetworks/${name}` }),

    "aws:eks/cluster:Cluster": (name, inputs) => ({
        name: inputs.name ?? name,
        arn: `arn:aws:eks:us-east-1:${mockAccountId}:cluster/${text(inputs.name, name)}`,
        endpoint: "https://0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com",
        certificateAuthority: { data: mockCaData },
        identities: [{ oidcs: [{ issuer: "https://oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF" }] }],
        // EKS picks its default version when none is given.
        version: inputs.version ?? mockEksDefaultVersion,
    }),
    "aws:iam/role:Role": (name, inputs) => ({ arn: `arn:aws:iam::${mockAccountId}:role/${text(inputs.name, name)}`, name: inputs.name ?? name }),
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (_name, inputs) => ({
        arn: `arn:aws:iam::${mockAccountId}:oidc-provider/${text(inputs.url).replace(/^https:\/\//, "")}`,
    }),
    "aws:kms/key:Key": (name) => ({ arn: `arn:aws:kms:us-east-1:${mockAccountId}:key/${name}` }),
    "aws:eks/nodeGroup:NodeGroup": (name) => ({ arn: `arn:aws:eks:us-east-1:${mockAccountId}:nodegroup/${name}` }),
    "aws:ec2/launchTemplate:LaunchTemplate": () => ({ latestVersion: 1 }),
    "aws:s3/bucket:Bucket": (name, inputs) => ({
        bucket: `${text(inputs.bucketPrefix, `${name}-`)}mock`,
        arn: `arn:aws:s3:::${text(inputs.bucketPrefix, `${name}-`)}mock`,
    }),

    "azure-native:resources:ResourceGroup": (name, inputs) => ({
        name: inputs.resourceGroupName ?? name,
        id: `/subscriptions/${mockAzureSubscription}/resourceGroups/${text(inputs.resourceGroupName, name)}`,
    }),
    "azure-native:operationalinsights:Workspace": (name, inputs) => ({
        name: inputs.workspaceName ?? name,
        customerId: "00000000-0000-4000-8000-000000000004",
    }),
    "azure-native:containerservice:ManagedCluster": (name, inputs) => ({
        name: inputs.resourceName ?? name,
        fqdn: `${text(inputs.dnsPrefix)}-mock.hcp.${text(inputs.location)}.azmk8s.io`,
        // AKS puts a GUID of its own, new for each cluster, in the issuer URL.
        oidcIssuerProfile: { enabled: true, issuerURL: `https://${text(inputs.location)}.oic.prod-aks.azure.com/${mockAzureTenant}/${mockAksIssuerId}/` },
        identity: { ...(inputs.identity as State), tenantId: mockAzureTenant },
        identityProfile: { kubeletidentity: { objectId: mockAksKubeletObjectId, clientId: "00000000-0000-4000-8000-000000000008" } },
    }),
    "azure-native:managedidentity:UserAssignedIdentity": () => ({
        principalId: "00000000-0000-4000-8000-000000000005",
        clientId: "00000000-0000-4000-8000-000000000009",
        tenantId: mockAzureTenant,
    }),
    "azure-native:keyvault:Vault": (name, inputs) => ({ name: inputs.vaultName ?? name }),
    "azure-native:keyvault:Key": (name, inputs) => ({
        name: inputs.keyName ?? name,
        keyUri: `https://${text(inputs.vaultName)}.vault.azure.net/keys/${text(inputs.keyName, name)}`,
        keyUriWithVersion: `https://${text(inputs.vaultName)}.vault.azure.net/keys/${text(inputs.keyName, name)}/0123456789abcdef0123456789abcdef`,
    }),
};

/** Azure resource IDs follow the ARM path of the resource; others get "<name>-id". */
function mockId(type: string, name: string, state: State): string {
    if (type.startsWith("azure-native:") && typeof state.id === "string") return state.id;
    if (type.startsWith("azure-native:")) {
        return `/subscriptions/${mockAzureSubscription}/resourceGroups/mock-rg/providers/${type.split(":")[2]}/${name}`;
    }
    return `${name}-id`;
}

const callResults: Record<string, (inputs: State) => State> = {
    "gcp:organizations/getProject:getProject": (inputs) => ({ projectId: inputs.projectId, number: mockGcpProjectNumber }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": () => ({
        names: ["us-east-1a", "us-east-1b", "us-east-1c"],
        zoneIds: ["use1-az1", "use1-az2", "use1-az4"],
        state: "available",
    }),
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        accountId: mockAccountId,
        arn: `arn:aws:sts::${mockAccountId}:assumed-role/platform-deployer/ci-session`,
        userId: "AROAMOCK:ci-session",
    }),
    "aws:iam/getSessionContext:getSessionContext": (inputs) => ({
        arn: inputs.arn,
        issuerArn: `arn:aws:iam::${mockAccountId}:role/platform-deployer`,
        issuerName: "platform-deployer",
    }),
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com" }),
    "aws:index/getServicePrincipal:getServicePrincipal": (inputs) => ({
        ...inputs,
        name: `${text(inputs.serviceName)}.amazonaws.com`,
        suffix: "amazonaws.com",
    }),
    "aws:eks/getAddonVersion:getAddonVersion": (inputs) => ({ ...inputs, version: `v-mock-${text(inputs.addonName)}-for-${text(inputs.kubernetesVersion)}` }),
    "azure-native:authorization:getClientConfig": () => ({
        clientId: "00000000-0000-4000-8000-000000000006",
        objectId: mockAzureObjectId,
        subscriptionId: mockAzureSubscription,
        tenantId: mockAzureTenant,
    }),
    "azure-native:authorization:getClientToken": () => ({ token: mockAzureUserToken }),
    "azure-native:containerservice:listManagedClusterUserCredentials": (inputs) => {
        const server = `https://${text(inputs.resourceName)}-mock.hcp.eastus.azmk8s.io:443`;
        const kubeconfig = yaml.dump({
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name: inputs.resourceName, cluster: { server, "certificate-authority-data": mockCaData } }],
            contexts: [{ name: inputs.resourceName, context: { cluster: inputs.resourceName, user: "clusterUser" } }],
            "current-context": inputs.resourceName,
            users: [
                {
                    name: "clusterUser",
                    user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "kubelogin", args: ["get-token", "--login", "devicecode"] } },
                },
            ],
        });
        return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(kubeconfig).toString("base64") }] };
    },
};

export const offlineMocks: pulumi.runtime.Mocks = {
    newResource(args) {
        const computed = computedOutputs[args.type]?.(args.name, args.inputs as State) ?? {};
        const state: State = { ...(args.inputs as State), ...computed };
        if (args.type.startsWith("pulumi:providers:")) return { id: `${args.name}-provider-id`, state };
        return { id: mockId(args.type, args.name, state), state };
    },
    call(args) {
        return callResults[args.token]?.(args.inputs as State) ?? {};
    },
};
