// Generated GKE stacks (seeded): every configuration is either refused before any resource exists
// or produces only names and labels Google Cloud accepts (clusters/platform-rules/gcp.ts).
import { strict as assert } from "assert";
import fc from "fast-check";
import { checkGeneratedStack, GeneratedStack, propertyRunsPerCloud, propertySeed, PropertyTally } from "./support/property-runs";
import { machineShapes } from "../clusters/capacity";

const letters = "abcdefghijklmnopqrstuvwxyz";
const lowerAlnum = `${letters}0123456789`;

/** A string of `length` characters from `alphabet`. */
function stringOf(alphabet: string, length: number): fc.Arbitrary<string> {
    return fc.array(fc.constantFrom(...alphabet), { minLength: length, maxLength: length }).map((chars) => chars.join(""));
}

/** Names shaped like GCP's: a letter, then letters, digits and '-', ending in a letter or digit. */
function dnsName(minLength: number, maxLength: number): fc.Arbitrary<string> {
    return fc
        .integer({ min: minLength, max: maxLength })
        .chain((length) =>
            fc
                .tuple(stringOf(letters, 1), stringOf(`${lowerAlnum}-`, Math.max(0, length - 2)), stringOf(lowerAlnum, length > 1 ? 1 : 0))
                .map(([first, middle, last]) => `${first}${middle}${last}`),
        );
}

/** Cluster names: the longest allowed, ones whose service account ID is cut right after a '-', and invalid ones. */
const clusterName = fc.oneof(
    { weight: 4, arbitrary: dnsName(1, 40) },
    { weight: 3, arbitrary: fc.constant(`a${"b".repeat(38)}c`) },
    // 29 characters: "<name>-nodes" cut at 30 ends in '-'.
    { weight: 2, arbitrary: dnsName(29, 29) },
    { weight: 1, arbitrary: fc.constantFrom("Atlasia", "atlasia-", "9atlasia", `a${"b".repeat(40)}`, "atlasia.prod") },
);

const gcpProject = fc.oneof(
    { weight: 5, arbitrary: dnsName(6, 30) },
    { weight: 1, arbitrary: fc.constantFrom("short", "My-Project", "project-", `p${"1".repeat(30)}`) },
);

/** Region shapes: the seed's, long names, multi-digit, and one malformed. */
const region = fc.constantFrom(
    "",
    "us-central1",
    "europe-west1",
    "northamerica-northeast2",
    "australia-southeast1",
    "me-central2",
    "us_central",
    "us(central1",
);

/** Every machine type the program knows, plus one it accepts only with its shape given. */
const machine = fc.oneof<fc.Arbitrary<Record<string, string>>[]>(
    fc.constantFrom(...Object.keys(machineShapes.gcp)).map((type) => ({ nodeMachineType: type })),
    fc.constant({ nodeMachineType: "c3-standard-8", nodeCpus: "8", nodeMemoryGib: "32" }),
    fc.constant({}),
);

/** Production must decide who reaches the API; the others may leave it open. */
const access = fc.constantFrom<Record<string, string>>(
    {},
    { apiEndpointAccess: "private", apiAuthorizedCidrs: "" },
    { apiEndpointAccess: "authorized", apiAuthorizedCidrs: '["198.18.0.0/15"]' },
    { apiEndpointAccess: "public", apiAuthorizedCidrs: "" },
);

const providerSettings = fc.constantFrom<Record<string, string>>(
    {},
    { "gcp:impersonateServiceAccount": "deployer@my-project-123.iam.gserviceaccount.com" },
    { "gcp:billingProject": "billing-project-1", "gcp:userProjectOverride": "true" },
);

const gkeStack: fc.Arbitrary<GeneratedStack> = fc
    .record({
        stack: fc.constantFrom("dev", "staging", "production"),
        clusterName,
        gcpProject,
        region,
        machine,
        access,
        providerSettings,
        releaseChannel: fc.constantFrom("RAPID", "REGULAR", "STABLE"),
        zoneLetter: fc.constantFrom("", "a", "c", "f"),
    })
    .map((generated) => {
        const set: Record<string, string> = {
            cloud: "gcp",
            "gcp:project": generated.gcpProject,
            clusterName: generated.clusterName,
            region: generated.region,
            gkeReleaseChannel: generated.releaseChannel,
            ...generated.machine,
            ...generated.access,
            ...generated.providerSettings,
        };
        if (generated.stack === "dev" && generated.zoneLetter) set.gkeZone = `${generated.region || "us-central1"}-${generated.zoneLetter}`;
        return { stack: generated.stack, set };
    });

/** The longest names GCP allows the inputs: a 40-character cluster name, a 30-character project ID. */
const longestClusterName = 40;
const longestProjectId = 30;

describe("GKE stacks obey Google Cloud's naming and label rules (property, seeded)", function () {
    this.timeout(120000);

    it(`${propertyRunsPerCloud} generated stacks: refused with a configuration error, or every name and label within the rules; the accepted ones cover every environment, region shape, machine type and the longest names`, async () => {
        const tally: PropertyTally = { accepted: 0, rejected: 0 };
        const accepted: GeneratedStack[] = [];
        await fc.assert(
            fc.asyncProperty(gkeStack, async (generated) => {
                const before = tally.accepted;
                await checkGeneratedStack(generated, tally);
                if (tally.accepted > before) accepted.push(generated);
            }),
            { seed: propertySeed, numRuns: propertyRunsPerCloud, endOnFailure: true },
        );
        assert.equal(tally.accepted + tally.rejected, propertyRunsPerCloud);
        // Not only rejections: most generated stacks must deploy.
        assert.ok(tally.accepted >= propertyRunsPerCloud / 2, `accepted ${tally.accepted} of ${propertyRunsPerCloud}`);

        // A property over 200 random stacks proves little about a shape it never deployed.
        const missing = (what: string, wanted: string[], seen: (stack: GeneratedStack) => string | undefined) => {
            const covered = new Set(accepted.map(seen));
            return wanted.filter((value) => !covered.has(value)).map((value) => `${what} ${value || "(default)"}`);
        };
        const uncovered = [
            ...missing("stack", ["dev", "staging", "production"], (g) => g.stack),
            ...missing("region", ["", "us-central1", "europe-west1", "northamerica-northeast2", "australia-southeast1", "me-central2"], (g) => g.set.region),
            ...missing("machine type", [...Object.keys(machineShapes.gcp), "c3-standard-8", ""], (g) => g.set.nodeMachineType ?? ""),
            ...missing("longest cluster name in", ["dev", "staging", "production"], (g) =>
                g.set.clusterName.length === longestClusterName ? g.stack : undefined,
            ),
            ...missing("longest project ID", ["yes"], (g) => (g.set["gcp:project"].length === longestProjectId ? "yes" : undefined)),
        ];
        assert.deepEqual(uncovered, [], "accepted stacks never covered these");
    });
});
