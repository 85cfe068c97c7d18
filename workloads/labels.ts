// The standard app.kubernetes.io labels, and the subsets that select pods.
import { Color } from "../config/settings";
import { appName, Component } from "./names";

export const colorLabel = "atlasia.io/color";

/** Labels that select a component's pods (immutable in a Deployment's selector: no version). */
export function selectorLabels(component: Component, color?: Color): Record<string, string> {
    return {
        "app.kubernetes.io/name": `${appName}-${component}`,
        "app.kubernetes.io/instance": appName,
        "app.kubernetes.io/component": component,
        ...(color ? { [colorLabel]: color } : {}),
    };
}

/** All standard labels of a component's objects and pods. */
export function componentLabels(component: Component, options: { version?: string; color?: Color } = {}): Record<string, string> {
    return {
        ...selectorLabels(component, options.color),
        "app.kubernetes.io/part-of": appName,
        "app.kubernetes.io/managed-by": "pulumi",
        ...(options.version ? { "app.kubernetes.io/version": options.version } : {}),
    };
}

/** Labels of objects that belong to the whole application rather than to one component. */
export const appLabels: Record<string, string> = {
    "app.kubernetes.io/name": appName,
    "app.kubernetes.io/instance": appName,
    "app.kubernetes.io/part-of": appName,
    "app.kubernetes.io/managed-by": "pulumi",
};
