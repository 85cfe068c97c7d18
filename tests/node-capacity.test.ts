// Focused units: quantities, each cloud's allocatable capacity, and the EKS address plan.
import { strict as assert } from "assert";
import { allocatable, machineShapes, nodePoolCapacity, totalNodes } from "../clusters/capacity";
import { carveSubnets } from "../clusters/eks";
import { cpuMillis, memoryMiB, requestsOf } from "../config/quantity";
import { cidrPrefix } from "../config/cidr";

describe("quantities", () => {
    it("reads CPU and memory as Kubernetes writes them", () => {
        assert.equal(cpuMillis("250m"), 250);
        assert.equal(cpuMillis("2"), 2000);
        assert.equal(cpuMillis("1.5"), 1500);
        assert.equal(memoryMiB("512Mi"), 512);
        assert.equal(memoryMiB("2Gi"), 2048);
        assert.equal(memoryMiB("1024Ki"), 1);
        assert.throws(() => cpuMillis("two"), /not a CPU quantity/);
        assert.throws(() => memoryMiB("1GB"), /not a memory quantity/);
        assert.deepEqual(requestsOf({ cpu: "500m", memory: "512Mi" }, 10), { cpuMillis: 5000, memoryMiB: 5120 });
    });
});

describe("allocatable node capacity", () => {
    it("GKE n2-standard-4: GKE's tiered CPU and memory reservations", () => {
        assert.deepEqual(allocatable("gcp", machineShapes.gcp["n2-standard-4"]), { cpuMillis: 3920, memoryMiB: 13621 });
    });

    it("EKS t3.xlarge: 11 MiB per pod (58 pods) + 255 MiB", () => {
        assert.deepEqual(allocatable("aws", machineShapes.aws["t3.xlarge"]), { cpuMillis: 3920, memoryMiB: 15391 });
    });

    it("AKS Standard_D4s_v3: 140m CPU, 20 MB per pod (110 pods) + 50 MB", () => {
        assert.deepEqual(allocatable("azure", machineShapes.azure["Standard_D4s_v3"]), { cpuMillis: 3860, memoryMiB: 14138 });
    });

    it("counts GKE nodes per zone over three zones, the others in total", () => {
        assert.equal(totalNodes("gcp", 2, "production"), 6);
        assert.equal(totalNodes("gcp", 1, "development"), 1, "a zonal development cluster counts nodes in total");
        assert.equal(totalNodes("aws", 3, "production"), 3);
        const pool = nodePoolCapacity({ cpuMillis: 1000, memoryMiB: 2048 }, 3, 10);
        assert.deepEqual(pool.atMax, { cpuMillis: 10000, memoryMiB: 20480 });
        assert.deepEqual(pool.atMin, { cpuMillis: 3000, memoryMiB: 6144 });
    });
});

describe("EKS address plan", () => {
    it("carves /19 private subnets and /21 public subnets from a /16 without overlap", () => {
        const eighths = carveSubnets("10.0.0.0/16", 3, 4);
        assert.deepEqual(eighths, ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19", "10.0.96.0/19"]);
        assert.deepEqual(carveSubnets(eighths[3], 2, 3), ["10.0.96.0/21", "10.0.104.0/21", "10.0.112.0/21"]);
        assert.deepEqual(carveSubnets("172.20.0.0/20", 3, 2), ["172.20.0.0/23", "172.20.2.0/23"]);
    });

    it("validates CIDRs", () => {
        assert.equal(cidrPrefix("10.0.0.0/16"), 16);
        assert.equal(cidrPrefix("10.0.0.0/33"), undefined);
        assert.equal(cidrPrefix("300.0.0.0/8"), undefined);
        assert.equal(cidrPrefix("10.0.0/8"), undefined);
    });
});
