// Kubernetes resource quantities as numbers, for capacity arithmetic.

/** CPU quantity ("250m", "2", "1.5") in millicores. */
export function cpuMillis(quantity: string): number {
    const match = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity);
    if (!match) throw new Error(`not a CPU quantity: ${quantity}`);
    const value = Number(match[1]);
    return match[2] === "m" ? value : value * 1000;
}

const memoryUnits: Record<string, number> = {
    Ki: 1 / 1024,
    Mi: 1,
    Gi: 1024,
    Ti: 1024 * 1024,
    k: 1000 / 1048576,
    M: 1e6 / 1048576,
    G: 1e9 / 1048576,
};

/** Memory quantity ("512Mi", "2Gi", "1G") in MiB. */
export function memoryMiB(quantity: string): number {
    const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G)?$/.exec(quantity);
    if (!match) throw new Error(`not a memory quantity: ${quantity}`);
    const value = Number(match[1]);
    return match[2] ? value * memoryUnits[match[2]] : value / 1048576;
}

/** CPU and memory as numbers, added up across pods and nodes. */
export interface Capacity {
    cpuMillis: number;
    memoryMiB: number;
}

export function addCapacity(...parts: Capacity[]): Capacity {
    return parts.reduce((sum, part) => ({ cpuMillis: sum.cpuMillis + part.cpuMillis, memoryMiB: sum.memoryMiB + part.memoryMiB }), {
        cpuMillis: 0,
        memoryMiB: 0,
    });
}

export function scaleCapacity(capacity: Capacity, factor: number): Capacity {
    return { cpuMillis: capacity.cpuMillis * factor, memoryMiB: capacity.memoryMiB * factor };
}

/** The requests of `replicas` pods whose containers request `requests`. */
export function requestsOf(requests: { cpu: string; memory: string }, replicas = 1): Capacity {
    return scaleCapacity({ cpuMillis: cpuMillis(requests.cpu), memoryMiB: memoryMiB(requests.memory) }, replicas);
}

export function formatCapacity(capacity: Capacity): string {
    return `${(capacity.cpuMillis / 1000).toFixed(2)} vCPU, ${(capacity.memoryMiB / 1024).toFixed(1)} GiB`;
}
