// Capacity check. Skeleton: the workloads issue implements it.
import { StackSettings } from "../config/settings";

/** Throws when the workloads cannot fit at maximum scale; returns warnings otherwise. */
export function checkCapacity(_settings: StackSettings): string[] {
    return [];
}
