// cloud=local: an existing kind or minikube cluster (the guide's Local Development section).
// No cloud resources; the provider is pinned to the configured kubeconfig context.
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { LocalDistribution, StackSettings } from "../config/settings";
import { ClusterComponent } from "./component";
import { ApiServerEndpoint, Cluster, IngressExposure } from "./contract";
import { providerBehaviour } from "./kubeconfig";
import { resolveKubeconfig } from "./local-kubeconfig";
import { checkLocalCluster } from "./local-checks";

export const localDistributions: Record<LocalDistribution, { ingress: IngressExposure; apiServer: ApiServerEndpoint }> = {
    // kind publishes 80/443 from the worker labelled ingress-ready=true (local/kind-atlasia.yaml);
    // its API server listens on 6443 in the "kind" Docker network (172.18.0.0/16 by default).
    kind: {
        ingress: { serviceType: "NodePort", serviceAnnotations: {}, hostPorts: true, nodeSelector: { "ingress-ready": "true" } },
        apiServer: { cidrs: ["172.16.0.0/12"], ports: [6443], serviceClusterIps: [], tunnelNamespace: undefined },
    },
    // minikube's API server listens on 8443 at the node's address (192.168.49.2 with the docker driver).
    minikube: {
        ingress: { serviceType: "NodePort", serviceAnnotations: {}, hostPorts: false, nodeSelector: {} },
        apiServer: { cidrs: ["192.168.0.0/16", "172.16.0.0/12", "10.0.0.0/8"], ports: [8443], serviceClusterIps: [], tunnelNamespace: undefined },
    },
};

// A directory is no kubeconfig (kind pathForMerge and client-go read regular files only).
const localFiles = {
    exists: (file: string) => fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false,
    read: (file: string) => fs.readFileSync(file, "utf8"),
};

export class LocalCluster extends ClusterComponent implements Cluster {
    readonly provider: k8s.Provider;
    readonly kubeconfig: pulumi.Output<string>;
    readonly storageClassName = "standard"; // kind's local-path and minikube's hostpath provisioner
    readonly ingress: IngressExposure;
    readonly apiServer: ApiServerEndpoint;
    readonly nodesReady: pulumi.Resource[] = [];
    readonly storageReady: pulumi.Resource[] = [];

    constructor(name: string, settings: StackSettings, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:cluster:LocalCluster", name, settings, opts);
        const { context, kubeconfig, distribution } = settings.local;
        const resolved = resolveKubeconfig(kubeconfig, process.env.KUBECONFIG, context, localFiles);
        // Before any Kubernetes object: what can be known about the local cluster from this machine.
        for (const warning of checkLocalCluster(settings, resolved, localFiles)) void pulumi.log.warn(warning);
        this.kubeconfig = pulumi.secret(resolved.content ?? "");
        this.provider = new k8s.Provider(
            "local",
            {
                // The one context's contents; without them the explicit file, never the ambient $KUBECONFIG.
                kubeconfig: resolved.content ? this.kubeconfig : resolved.file,
                context,
                clusterIdentifier: context,
                ...providerBehaviour,
            },
            { parent: this },
        );
        this.ingress = localDistributions[distribution].ingress;
        this.apiServer = localDistributions[distribution].apiServer;
        this.registerOutputs({ context });
    }
}
