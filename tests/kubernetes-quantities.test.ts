// Kubernetes resource quantities as numbers (config/quantity.ts, pinned for issue 13). The quantity
// grammar: a decimal number with an optional suffix, binary (Ki, Mi, Gi, Ti) or decimal (k, M, G),
// or m for thousandths; no suffix is the base unit (bytes for memory, cores for CPU)
// (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/). Expected values
// are worked out by hand.
import { strict as assert } from "assert";
import { cpuMillis, memoryMiB } from "../config/quantity";

describe("Kubernetes quantities", () => {
    // tests/node-capacity.test.ts has the common forms (250m, 2, 1.5, 512Mi, 2Gi, 1024Ki).
    it("CPU: decimal cores with more than one decimal", () => {
        assert.equal(cpuMillis("1.25"), 1250);
        assert.equal(cpuMillis("0.125"), 125);
    });

    it("CPU: anything before or after the quantity is refused", () => {
        for (const bad of ["x250m", "250mx", "250 m", "1.", ".5"]) {
            assert.throws(() => cpuMillis(bad), new Error(`not a CPU quantity: ${bad}`), bad);
        }
    });

    it("memory: binary and decimal suffixes, decimals, and plain bytes", () => {
        assert.equal(memoryMiB("1.25Gi"), 1280);
        assert.equal(memoryMiB("1.5Gi"), 1536);
        assert.equal(memoryMiB("1Ti"), 1048576);
        // 2^30 bytes = 1024 MiB; 1G = 10^9 bytes = 10^9 / 2^20 MiB.
        assert.equal(memoryMiB("1073741824"), 1024);
        assert.equal(memoryMiB("1G"), 1e9 / 1048576);
        assert.equal(memoryMiB("1048576k"), 1e3);
        // M = 10^6 bytes (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/): 2^20 M = 10^6 MiB.
        assert.equal(memoryMiB("1048576M"), 1e6);
    });

    it("memory: anything before or after the quantity, or a bare dot, is refused", () => {
        for (const bad of ["x512Mi", "512Mix", "512MiB", "1.Gi", "1.xGi"]) {
            assert.throws(() => memoryMiB(bad), new Error(`not a memory quantity: ${bad}`), bad);
        }
    });
});
