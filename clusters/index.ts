// Picks the cluster implementation for the configured cloud; all of them return the same contract.
import { StackSettings } from "../config/settings";
import { Cluster } from "./contract";
import { AksCluster } from "./aks";
import { EksCluster } from "./eks";
import { GkeCluster } from "./gke";
import { LocalCluster } from "./local";

export function createCluster(settings: StackSettings): Cluster {
    switch (settings.cloud) {
        case "gcp":
            return new GkeCluster("cluster", settings);
        case "aws":
            return new EksCluster("cluster", settings);
        case "azure":
            return new AksCluster("cluster", settings);
        case "local":
            return new LocalCluster("cluster", settings);
    }
}
