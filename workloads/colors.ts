// Blue-green as configuration: the blue colour always runs the configured tags; when a green tag
// is set, a green colour runs beside it, and the Services send traffic to settings.app.activeColor.
import type * as pulumi from "@pulumi/pulumi";
import { Color, ImageRef, StackSettings } from "../config/settings";

export interface ColorRelease {
    color: Color;
    image: ImageRef;
}

export type BlueGreenComponent = "orchestrator" | "frontend";

export function colorReleases(settings: StackSettings, component: BlueGreenComponent): ColorRelease[] {
    const blue = settings.app.images[component];
    const releases: ColorRelease[] = [{ color: "blue", image: blue }];
    const green = settings.app.green;
    if (green) {
        releases.push({
            color: "green",
            image: { repository: blue.repository, tag: component === "orchestrator" ? green.orchestratorTag : green.frontendTag },
        });
    }
    return releases;
}

export function imageName(image: ImageRef): string {
    return `${image.repository}:${image.tag}`;
}

/**
 * The Service switches colour only once the active colour's Deployment is rolled out: the engine
 * updates a resource after its dependsOn have finished (pulumi.com/docs/iac/concepts/options/dependson),
 * and pulumi-kubernetes finishes a Deployment when its new ReplicaSet is available
 * (provider/pkg/await/deployment.go). Without it the selector moved to green pods that were still
 * starting (seen in the first real-engine switch, docs/e2e.md).
 */
export function activeColorReady(active: pulumi.Resource | undefined): pulumi.Resource[] {
    return active ? [active] : [];
}
