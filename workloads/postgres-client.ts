// The pod of a one-shot PostgreSQL client (the backup CronJob, the roles Job): the server's image
// for its client tools, run as the image's postgres user under the restricted profile.
import * as k8s from "@pulumi/kubernetes";
import { restrictedPod, RestrictedPodArgs } from "./pod";
import { postgresImage, postgresUid } from "./postgresql";

export interface PostgresClientPodArgs {
    labels: Record<string, string>;
    restartPolicy: "OnFailure" | "Never";
    volume: k8s.types.input.core.v1.Volume;
    container: Omit<RestrictedPodArgs["container"], "image" | "imagePullPolicy">;
}

export function postgresClientPod(args: PostgresClientPodArgs) {
    return restrictedPod({
        labels: args.labels,
        uid: postgresUid,
        restartPolicy: args.restartPolicy,
        scratch: { tmp: "/tmp" },
        volumes: [args.volume],
        container: { ...args.container, image: `${postgresImage.repository}:${postgresImage.tag}` },
    });
}
