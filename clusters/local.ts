// cloud=local: an existing kind or minikube cluster (the guide's Local Development section).
// No cloud resources; the provider is pinned to the configured kubeconfig context.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as yaml from "js-yaml";
import { LocalDistribution, StackSettings } from "../config/settings";
import { ClusterComponent } from "./component";
import { ApiServerEndpoint, Cluster, IngressExposure } from "./contract";

const distributions: Record<LocalDistribution, { ingress: IngressExposure; apiServer: ApiServerEndpoint }> = {
    // kind publishes 80/443 from the worker labelled ingress-ready=true (local/kind-atlasia.yaml);
    // its API server listens on 6443 in the "kind" Docker network (172.18.0.0/16 by default).
    kind: {
        ingress: { serviceType: "NodePort", serviceAnnotations: {}, hostPorts: true, nodeSelector: { "ingress-ready": "true" } },
        apiServer: { cidrs: ["172.16.0.0/12"], ports: [6443] },
    },
    // minikube's API server listens on 8443 at the node's address (192.168.49.2 with the docker driver).
    minikube: {
        ingress: { serviceType: "NodePort", serviceAnnotations: {}, hostPorts: false, nodeSelector: {} },
        apiServer: { cidrs: ["192.168.0.0/16", "172.16.0.0/12", "10.0.0.0/8"], ports: [8443] },
    },
};

function kubeconfigPath(configured?: string): string {
    const file = configured ?? process.env.KUBECONFIG?.split(path.delimiter)[0] ?? "~/.kube/config";
    return file.replace(/^~(?=\/)/, os.homedir());
}

interface Kubeconfig {
    contexts?: { name: string; context: { cluster: string; user: string } }[];
    clusters?: { name: string }[];
    users?: { name: string }[];
}

/** Only the configured context of the user's kubeconfig: the other contexts' credentials stay out of the stack. */
export function singleContextKubeconfig(content: string, context: string): string {
    const config = (yaml.load(content) ?? {}) as Kubeconfig;
    const entry = config.contexts?.find((c) => c.name === context);
    if (!entry) return "";
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        "current-context": context,
        contexts: [entry],
        clusters: (config.clusters ?? []).filter((c) => c.name === entry.context.cluster),
        users: (config.users ?? []).filter((u) => u.name === entry.context.user),
    });
}

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
        const file = kubeconfigPath(kubeconfig);
        this.kubeconfig = pulumi.secret(fs.existsSync(file) ? singleContextKubeconfig(fs.readFileSync(file, "utf8"), context) : "");
        this.provider = new k8s.Provider("local", {
            kubeconfig: kubeconfig ? file : undefined,
            context,
            clusterIdentifier: context,
            enableServerSideApply: true,
        }, { parent: this });
        this.ingress = distributions[distribution].ingress;
        this.apiServer = distributions[distribution].apiServer;
        this.registerOutputs({ context });
    }
}
