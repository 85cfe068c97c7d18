// cloud=local: an existing kind or minikube cluster (the guide's Local Development section).
// No cloud resources; the provider is pinned to the configured kubeconfig context.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { StackSettings } from "../config/settings";
import { ClusterComponent } from "./component";
import { Cluster, IngressExposure } from "./contract";

/** kind publishes 80/443 from the node labelled ingress-ready=true (see the kind config in README). */
const ingressByDistribution: Record<StackSettings["local"]["distribution"], IngressExposure> = {
    kind: { serviceType: "NodePort", serviceAnnotations: {}, hostPorts: true, nodeSelector: { "ingress-ready": "true" } },
    minikube: { serviceType: "NodePort", serviceAnnotations: {}, hostPorts: false, nodeSelector: {} },
};

function kubeconfigPath(configured?: string): string {
    const file = configured ?? process.env.KUBECONFIG?.split(path.delimiter)[0] ?? "~/.kube/config";
    return file.replace(/^~(?=\/)/, os.homedir());
}

export class LocalCluster extends ClusterComponent implements Cluster {
    readonly provider: k8s.Provider;
    readonly kubeconfig: pulumi.Output<string>;
    readonly storageClassName = "standard"; // kind's local-path and minikube's hostpath provisioner
    readonly ingress: IngressExposure;
    readonly nodesReady: pulumi.Resource[] = [];
    readonly storageReady: pulumi.Resource[] = [];

    constructor(name: string, settings: StackSettings, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:cluster:LocalCluster", name, settings, opts);
        const { context, kubeconfig, distribution } = settings.local;
        const file = kubeconfigPath(kubeconfig);
        this.kubeconfig = pulumi.secret(fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "");
        this.provider = new k8s.Provider("local", {
            kubeconfig: kubeconfig ? file : undefined,
            context,
            clusterIdentifier: context,
            enableServerSideApply: true,
        }, { parent: this });
        this.ingress = ingressByDistribution[distribution];
        this.registerOutputs({ context });
    }
}
