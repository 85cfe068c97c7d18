// Blue-green as configuration: the blue colour always runs the configured tags; when a green tag
// is set, a green colour runs beside it, and the Services send traffic to settings.app.activeColor.
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
        releases.push({ color: "green", image: { repository: blue.repository, tag: component === "orchestrator" ? green.orchestratorTag : green.frontendTag } });
    }
    return releases;
}

export function imageName(image: ImageRef): string {
    return `${image.repository}:${image.tag}`;
}
