// Checks of a container's `resources` block: requests set, and the named limits set and no lower than
// their requests (the API server refuses a limit under its request:
// https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#requests-and-limits).
import { cpuMillis, memoryMiB } from "../../config/quantity";

export type ContainerResources = { requests?: Record<string, string>; limits?: Record<string, string> };

const amount = { cpu: cpuMillis, memory: memoryMiB };

/** What is wrong with one resources block (`where` names it), if anything. */
export function resourcesProblems(where: string, resources: ContainerResources | undefined, limited: ("cpu" | "memory")[]): string[] {
    const { requests, limits } = resources ?? {};
    if (!requests?.cpu || !requests.memory) return [`${where}: requests ${JSON.stringify(requests)}`];
    cpuMillis(requests.cpu);
    return limited.flatMap((name) => {
        const limit = limits?.[name];
        if (!limit) return [`${where}: no ${name} limit`];
        return amount[name](limit) >= amount[name](requests[name]) ? [] : [`${where}: ${name} limit ${limit} under its request ${requests[name]}`];
    });
}
