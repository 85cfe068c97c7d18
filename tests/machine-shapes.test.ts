// clusters/capacity.ts against the clouds' own numbers (issue 13): every machine shape the capacity
// check knows, as each cloud's catalogue lists it, and each cloud's kubelet reservation worked out by
// hand on the shapes that reach its upper tiers and caps.
import { strict as assert } from "assert";
import { aksMaxPods, allocatable, machineShapes } from "../clusters/capacity";

describe("machine shapes and reservations, as the clouds publish them", () => {
    it("every known machine type has its catalogue's vCPUs, 4 GiB per vCPU and the default pod limit", () => {
        // The vCPUs are in the name: cloud.google.com/compute/docs/general-purpose-machines (n2, e2 standard),
        // aws.amazon.com/ec2/instance-types/t3/ and /m6i/ (large 2, xlarge 4, 2xlarge 8),
        // learn.microsoft.com/azure/virtual-machines/dv3-dsv3-series and dsv5-series (D<n>s). All have 4 GiB per vCPU.
        const vcpusOf = (name: string): number | undefined => {
            const sizes: Record<string, number> = { large: 2, xlarge: 4, "2xlarge": 8 };
            const match = /^(?:n2|e2)-standard-(\d+)$/.exec(name) ?? /^Standard_D(\d+)s_v[35]$/.exec(name);
            return match ? Number(match[1]) : sizes[/^(?:t3|m6i)\.(\w+)$/.exec(name)?.[1] ?? ""];
        };
        // Pods per EC2 node: the VPC CNI's eni-max-pods.txt (amazon-vpc-cni-k8s misc/eni-max-pods.txt);
        // GKE's default is 110 (cloud.google.com/kubernetes-engine/docs/how-to/flexible-pod-cidr), as are the AKS pools'.
        const eniMaxPods: Record<string, number> = { "t3.large": 35, "t3.xlarge": 58, "t3.2xlarge": 58, "m6i.large": 29, "m6i.xlarge": 58, "m6i.2xlarge": 58 };
        for (const [cloud, shapes] of Object.entries(machineShapes)) {
            for (const [name, shape] of Object.entries(shapes)) {
                const vcpus = vcpusOf(name);
                assert.ok(vcpus, `${cloud} ${name}: not a family this test knows`);
                assert.deepEqual(shape, { vcpus, memoryGib: 4 * vcpus, maxPods: cloud === "aws" ? eniMaxPods[name] : 110 }, `${cloud} ${name}`);
            }
        }
        // Six known types per cloud; one dropped would make its users set nodeCpus and nodeMemoryGib (config/load.ts).
        assert.deepEqual(Object.fromEntries(Object.entries(machineShapes).map(([cloud, shapes]) => [cloud, Object.keys(shapes).length])), {
            gcp: 6,
            aws: 6,
            azure: 6,
        });
        assert.equal(aksMaxPods, 110);
    });

    it("GKE: 6/1/0.5/0.5 % of the first four cores and 0.25 % above; 25/20/10/6/2 % of memory by tier, plus 100 MiB eviction", () => {
        // cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes#memory_and_cpu_reservations
        // n2-standard-8: CPU 60 + 10 + 5 + 5 + 0.25 % of 4000 = 90m; memory 1024 + 819.2 + 819.2 + 6 % of 16384 (983.04) + 100.
        assert.deepEqual(allocatable("gcp", machineShapes.gcp["n2-standard-8"]), { cpuMillis: 8000 - 90, memoryMiB: Math.floor(32768 - 3745.44) });
        // 64 vCPU, 256 GiB: CPU 80 + 0.25 % of 60000 = 230m; memory 1024 + 819.2 + 819.2 + 6 % of 114688 + 2 % of 131072 + 100.
        assert.deepEqual(allocatable("gcp", { vcpus: 64, memoryGib: 256, maxPods: 110 }), { cpuMillis: 64000 - 230, memoryMiB: Math.floor(262144 - 12265.12) });
        // e2-standard-2: CPU 70m; memory 1024 + 819.2 + 100.
        assert.deepEqual(allocatable("gcp", machineShapes.gcp["e2-standard-2"]), { cpuMillis: 1930, memoryMiB: Math.floor(8192 - 1943.2) });
    });

    it("EKS: the same CPU tiers; 11 MiB per pod + 255 MiB, plus 100 MiB eviction", () => {
        // docs.aws.amazon.com/eks/latest/userguide/choosing-instance-type.html (the AMI's kube-reserved)
        assert.deepEqual(allocatable("aws", machineShapes.aws["m6i.2xlarge"]), { cpuMillis: 7910, memoryMiB: 32768 - (11 * 58 + 255 + 100) });
        assert.deepEqual(allocatable("aws", machineShapes.aws["m6i.large"]), { cpuMillis: 1930, memoryMiB: 8192 - (11 * 29 + 255 + 100) });
    });

    it("AKS: its CPU table by core count (else the common tiers); memory min(20 MB x pods + 50 MB, 25 %), plus 100 MiB eviction", () => {
        // learn.microsoft.com/azure/aks/node-resource-reservations (Kubernetes 1.29+); MB -> MiB x 0.953674.
        // D8s_v3: 180m; memory (20 x 110 + 50) x 0.953674 = 2145.77 MiB, below 25 % of 32 GiB.
        assert.deepEqual(allocatable("azure", machineShapes.azure["Standard_D8s_v3"]), { cpuMillis: 7820, memoryMiB: Math.floor(32768 - 2245.7665) });
        // D2s_v3: 100m; 25 % of 8 GiB (2048 MiB) is the smaller.
        assert.deepEqual(allocatable("azure", machineShapes.azure["Standard_D2s_v3"]), { cpuMillis: 1900, memoryMiB: 8192 - 2048 - 100 });
        // A custom 3-core machine is not in AKS's table: the common tiers, 60 + 10 + 5 = 75m.
        assert.deepEqual(allocatable("azure", { vcpus: 3, memoryGib: 12, maxPods: 110 }), { cpuMillis: 2925, memoryMiB: Math.floor(12288 - 2245.7665) });
    });
});
