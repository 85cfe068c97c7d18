// Every AKS node pool of the program spans zones 1-3, which AKS accepts only in a region with
// availability zones ("AKS clusters can use availability zones in any Azure region that has
// availability zones": https://learn.microsoft.com/en-us/azure/aks/availability-zones). The regions
// listed without zones in https://learn.microsoft.com/azure/reliability/regions-list are refused before
// anything is created, each with the command that moves the stack to the zonal region of its geography.
// Written out here from the list, not read from the program's table; swedensouth and israelnorthwest, restricted
// regions, are absent from the zonal table of https://learn.microsoft.com/azure/reliability/availability-zones-overview.
import { strict as assert } from "assert";
import { stackOptions, withConfig } from "./support/runs";
import { configProblems } from "./support/settings";

const withoutZones: [region: string, zonalNearby: string][] = [
    ["australiacentral", "australiaeast"],
    ["australiacentral2", "australiaeast"],
    ["australiasoutheast", "australiaeast"],
    ["brazilsoutheast", "brazilsouth"],
    ["canadaeast", "canadacentral"],
    ["francesouth", "francecentral"],
    ["germanynorth", "germanywestcentral"],
    ["israelnorthwest", "israelcentral"], // restricted region
    ["jioindiacentral", "centralindia"],
    ["jioindiawest", "centralindia"],
    ["koreasouth", "koreacentral"],
    ["northcentralus", "centralus"],
    ["norwaywest", "norwayeast"],
    ["southafricawest", "southafricanorth"],
    ["southindia", "centralindia"],
    ["swedensouth", "swedencentral"], // restricted region, paired with Sweden Central
    ["switzerlandwest", "switzerlandnorth"],
    ["uaecentral", "uaenorth"],
    ["ukwest", "uksouth"],
    ["westcentralus", "westus2"],
    ["westindia", "centralindia"],
    ["westus", "westus2"],
];

describe("AKS: a region without availability zones is refused, naming the zonal region nearby", function () {
    this.timeout(30000);

    for (const [region, zonalNearby] of withoutZones) {
        it(`${region}: refused, the fix moves the stack to ${zonalNearby}`, async () => {
            assert.deepEqual(await configProblems(withConfig(stackOptions("azure", "staging"), { region })), [
                {
                    key: "atlasia:region",
                    message: `"${region}" has no availability zones, and every AKS node pool spans zones 1-3 (AKS refuses the pools there).`,
                    fix: `pulumi config set --stack staging atlasia:region ${zonalNearby}`,
                },
            ]);
        });
    }

    it("each suggested region has zones: taken as given", async () => {
        for (const zonal of new Set(withoutZones.map(([, nearby]) => nearby)))
            assert.deepEqual(await configProblems(withConfig(stackOptions("azure", "staging"), { region: zonal })), [], zonal);
    });
});
