// CloudNativePG places its instances one per zone: with more than one instance the anti-affinity on
// topology.kubernetes.io/zone is "required" (workloads/database/cloudnativepg.ts), so an instance with
// no zone of its own is never scheduled. On EKS the zones are the subnets' (clusters/eks/network.ts):
// two configured zones give subnets [A, B, A], and the third instance of production stays Pending.
// Zones chosen by the program (the key empty) are only known when it runs (README, "EKS zones").
import type { ConfigReader } from "./reader";
import type { DatabaseSettings } from "./database";
import { zoneIdPlaceholder } from "./aws";

export function checkEksDatabaseZones(read: ConfigReader, region: string, availabilityZoneIds: string[], database: DatabaseSettings): void {
    if (database.engine === "statefulset" || availabilityZoneIds.length === 0 || database.instances < 2) return;
    // A list with problems of its own gets one corrected list from those (config/aws.ts); the zone count follows after.
    if (read.problems.some((p) => p.key === "atlasia:awsAvailabilityZoneIds")) return;
    const zones = new Set(availabilityZoneIds).size;
    if (zones >= database.instances) return;
    read.listElementProblems("awsAvailabilityZoneIds", availabilityZoneIds, [
        {
            index: availabilityZoneIds.length,
            message:
                `${zones} zones for ${database.instances} CloudNativePG instances: each instance needs a zone of its own ` +
                `(required zone anti-affinity), so ${database.instances - zones} would never be scheduled; add a zone.`,
            placeholder: zoneIdPlaceholder(region),
        },
    ]);
}
