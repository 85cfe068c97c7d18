// Google Cloud settings: the project, GKE's release channel and location, and the gcp provider's own
// stack settings (credentials, impersonation), which the program's explicit provider must carry: an
// explicit provider does not read `gcp:*` config, so a dropped key would deploy as the wrong identity.
import * as pulumi from "@pulumi/pulumi";
import { ConfigReader } from "./reader";
import { secretWhenStored } from "./stored-secret";
import { Cloud, Environment, gkeLocationKinds } from "./sizing";
import { projectIdRule } from "../clusters/platform-rules/gcp";
import { textViolation } from "../clusters/platform-rules/rule";

/** The gcp provider's authentication settings, passed to the explicit provider; secret when stored secret. */
export interface GcpProviderAuth {
    credentials?: pulumi.Output<string>;
    accessToken?: pulumi.Output<string>;
    impersonateServiceAccount?: pulumi.Input<string>;
    impersonateServiceAccountDelegates?: pulumi.Input<string[]>;
    billingProject?: pulumi.Input<string>;
    userProjectOverride?: pulumi.Input<boolean>;
    requestReason?: pulumi.Input<string>;
    scopes?: pulumi.Input<string[]>;
}

export interface GcpSettings {
    project: string;
    releaseChannel: string;
    /** The one zone of a zonal cluster (development); undefined for a regional cluster. */
    zone?: string;
    auth: GcpProviderAuth;
}

/** `gcp:` keys passed through to the explicit provider (names as in @pulumi/gcp config/vars). */
const secretAuthKeys = ["credentials", "accessToken"] as const;
const plainAuthKeys = ["impersonateServiceAccount", "billingProject", "requestReason"] as const;
const listAuthKeys = ["impersonateServiceAccountDelegates", "scopes"] as const;
const serviceAccountPlaceholder = "<service account e-mail>";
/** What an item of each list is, for the operator to fill in. */
const listItemPlaceholders: Record<(typeof listAuthKeys)[number], string> = {
    impersonateServiceAccountDelegates: serviceAccountPlaceholder,
    scopes: "<OAuth scope URL>",
};
const booleanAuthKeys = ["userProjectOverride"] as const;
/** `gcp:` keys the program reads itself. */
const programKeys = ["project", "region", "zone"];

const serviceAccountEmail = /^[a-z][-a-z0-9]{4,28}[a-z0-9]@[a-z0-9.-]+\.iam\.gserviceaccount\.com$/;

function readAuth(read: ConfigReader, gcp: pulumi.Config): GcpProviderAuth {
    const auth: GcpProviderAuth = {};
    for (const key of secretAuthKeys) {
        if (gcp.get(key) !== undefined) auth[key] = gcp.requireSecret(key);
    }
    for (const key of plainAuthKeys) {
        const value = read.foreign(`gcp:${key}`);
        if (value !== undefined) auth[key] = secretWhenStored(`gcp:${key}`, value);
    }
    for (const key of listAuthKeys) {
        const raw = gcp.get(key);
        if (raw === undefined) continue;
        let parsed: unknown = raw;
        try {
            parsed = JSON.parse(raw);
        } catch {
            // not JSON: the text as written
        }
        if (Array.isArray(parsed) && parsed.every((item) => typeof item === "string")) {
            auth[key] = secretWhenStored(`gcp:${key}`, parsed);
            continue;
        }
        // One item (a scope URL set without brackets, or as a JSON string) stays, as the list's one item.
        const item = typeof parsed === "string" && parsed.trim() !== "" ? parsed.trim() : listItemPlaceholders[key];
        read.foreignListProblem(`gcp:${key}`, `must be a list of strings, got ${JSON.stringify(raw)}.`, [item]);
    }
    const impersonated = read.foreign("gcp:impersonateServiceAccount");
    if (impersonated && !serviceAccountEmail.test(impersonated)) {
        read.foreignProblem("gcp:impersonateServiceAccount", `"${impersonated}" is not a service account e-mail.`, serviceAccountPlaceholder);
    }
    const override = gcp.get("userProjectOverride");
    if (override !== undefined && override !== "true" && override !== "false") {
        read.foreignProblem("gcp:userProjectOverride", `"${override}" is not true or false.`, "true");
    } else if (override !== undefined) {
        auth.userProjectOverride = secretWhenStored("gcp:userProjectOverride", override === "true");
    }
    return auth;
}

/** Reads and checks the GCP settings; problems go to `read`. Only cloud=gcp is checked. */
export function loadGcpSettings(read: ConfigReader, cloud: Cloud, environment: Environment, region: string): GcpSettings {
    const gcp = new pulumi.Config("gcp");
    const project = read.foreign("gcp:project") ?? "";
    const releaseChannel = read.oneOf("gkeReleaseChannel", ["RAPID", "REGULAR", "STABLE"], "REGULAR");
    const zonal = gkeLocationKinds[environment] === "zonal";
    const zone = zonal ? read.string("gkeZone") || `${region}-b` : undefined;
    if (cloud !== "gcp") return { project, releaseChannel, zone, auth: {} };

    const projectProblem = textViolation(projectIdRule.text, project);
    if (projectProblem) {
        read.foreignProblem(
            "gcp:project",
            project ? `"${project}" is not a GCP project ID: ${projectProblem} (${projectIdRule.source}).` : "the GCP project ID is required for cloud=gcp.",
            "<GCP project ID>",
        );
    }
    // The cluster name is checked for every cloud in config/load.ts with GKE's rule (an RFC 1035
    // label of at most 40 characters, the strictest of the three clouds), so it is not checked twice.
    if (read.string("gkeZone") && !zonal) {
        read.removalProblem("gkeZone", `a ${environment} cluster is regional (config/sizing.ts gkeLocationKinds); gkeZone applies to development only.`);
    } else if (zone && !(zone.startsWith(`${region}-`) && /^[a-z]$/.test(zone.slice(region.length + 1)))) {
        read.problem("gkeZone", `"${zone}" is not a zone of region ${region} (such as ${region}-b).`, `${region}-b`);
    }

    // The explicit provider takes location from atlasia:region/gkeZone; a different gcp:region or
    // gcp:zone would be silently ignored, so it is refused.
    const configuredRegion = read.foreign("gcp:region");
    if (configuredRegion && configuredRegion !== region) {
        read.foreignProblem(
            "gcp:region",
            `"${configuredRegion}" differs from atlasia:region (${region}), which the program uses; remove it or make them equal.`,
            region,
        );
    }
    const configuredZone = read.foreign("gcp:zone");
    if (configuredZone && configuredZone !== zone) {
        read.foreignRemovalProblem("gcp:zone", `"${configuredZone}" is not used: the cluster's zone comes from atlasia:gkeZone (development only); remove it.`);
    }
    const passed = new Set<string>([...programKeys, ...secretAuthKeys, ...plainAuthKeys, ...listAuthKeys, ...booleanAuthKeys]);
    for (const fullKey of Object.keys(pulumi.runtime.allConfig())) {
        const [namespace, key] = fullKey.split(":");
        if (namespace !== "gcp" || passed.has(key)) continue;
        read.foreignRemovalProblem(
            fullKey,
            "is not passed to the program's explicit GCP provider, so it would be ignored; remove it (or add it to config/gcp.ts).",
        );
    }
    return { project, releaseChannel, zone, auth: readAuth(read, gcp) };
}
