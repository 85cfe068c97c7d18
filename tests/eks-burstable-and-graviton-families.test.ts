// Which EC2 instance types the EKS node groups treat as burstable (production pins "standard" credits)
// and as Graviton (the ARM AMI), by the family names AWS documents
// (https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html: family letters, a
// generation number, then attribute letters, "g" for Graviton; burstable families are t2, t3, t3a, t4g:
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/burstable-performance-instances.html).
import { strict as assert } from "assert";
import { creditSpecification, eksAmiType } from "../clusters/eks/node-group";
import type { StackSettings } from "../config/settings";

const production = { environment: "production" } as StackSettings;

describe("EKS instance families: burstable credits and Graviton AMIs", () => {
    it("production pins standard credits on every burstable family, attribute letters included (t3a, t4g)", () => {
        for (const type of ["t3.xlarge", "t3a.xlarge", "t4g.xlarge", "t2.large"]) {
            assert.deepEqual(creditSpecification(production, type), { cpuCredits: "standard" }, type);
        }
    });

    it("a family that only contains t and a digit is not burstable: VT1 (video transcoding) takes no credit specification", () => {
        // vt1.3xlarge is a fixed-performance instance; a credit specification is for burstable ones only.
        assert.equal(creditSpecification(production, "vt1.3xlarge"), undefined);
    });

    it("staging leaves the credit mode to the account's default", () => {
        assert.equal(creditSpecification({ environment: "staging" } as StackSettings, "t3.xlarge"), undefined);
    });

    it("the generation is a number, not a digit: a two-digit Graviton generation still gets the ARM AMI", () => {
        assert.equal(eksAmiType("m10g.large"), "AL2023_ARM_64_STANDARD");
        assert.equal(eksAmiType("m10i.large"), "AL2023_x86_64_STANDARD");
    });
});
