// What the capacity check counts for the add-ons once per cluster, worked out by hand from
// generated/addon-requests.json (replicas x requests of every rendered pod, hook Jobs included).
// Per release, cluster pods only (the node-exporter DaemonSet is counted per node):
//   development: ingress-nginx 100 + 10 + 10 = 120m, 128 + 20 + 20 = 168Mi; cert-manager 4 x 10 = 40m,
//     64 + 64 + 32 + 32 = 192Mi; kube-prometheus-stack 20 + 70 + 10 + 50 + 10 + 10 + 50 + 110 = 330m,
//     96 + 256 + 32 + 128 + 20 + 20 + 64 + 544 = 1160Mi; prometheus-adapter 20m, 64Mi; jaeger 50m, 128Mi.
//   staging: ingress-nginx 2 x 100 + 10 + 10 = 220m, 2 x 128 + 20 + 20 = 296Mi; cert-manager 40m, 192Mi;
//     kube-prometheus-stack 20 + 70 + 100 + 50 + 10 + 10 + 50 + 260 = 570m, 96 + 256 + 250 + 128 + 20 + 20
//     + 64 + 1056 = 1890Mi; prometheus-adapter 20m, 64Mi; jaeger 100m, 256Mi.
//   production: ingress-nginx 3 x 250 + 10 + 10 = 770m, 3 x 256 + 20 + 20 = 808Mi; cert-manager 2 x 25 + 2 x 10
//     + 2 x 10 + 10 = 100m, 2 x 128 + 2 x 128 + 2 x 32 + 32 = 608Mi; kube-prometheus-stack 2 x 30 + 120 + 100
//     + 100 + 10 + 10 + 50 + 2 x 510 = 1470m, 2 x 96 + 384 + 250 + 128 + 20 + 20 + 64 + 2 x 2080 = 5218Mi;
//     prometheus-adapter 2 x 50 = 100m, 2 x 128 = 256Mi; jaeger 200m, 512Mi.
//   Every environment: cnpg 100m, 128Mi; barman-cloud 50m, 64Mi; cluster-autoscaler (EKS) 100m, 300Mi.
import { strict as assert } from "assert";
import { platformRequests } from "../workloads/capacity";
import { settingsFor } from "./support/settings";
import { stackOptions, withConfig, withDatabaseEngine } from "./support/runs";
import type { RunOptions } from "../harness/run";

const noTls = (options: RunOptions): RunOptions => withConfig(options, { tlsIssuer: "none" });

const cases: [string, RunOptions, { cpuMillis: number; memoryMiB: number }][] = [
    // 120 + 330 + 20 + 50 = 520m; 168 + 1160 + 64 + 128 = 1520Mi (no TLS, the StatefulSet: no cert-manager, no operator).
    ["local/development", stackOptions("local", "development"), { cpuMillis: 520, memoryMiB: 1520 }],
    // 120 + 40 + 330 + 20 + 50 + 100 + 50 = 710m; 168 + 192 + 1160 + 64 + 128 + 128 + 64 = 1904Mi: tlsIssuer is
    // none in development, yet cert-manager runs for the Barman Cloud plugin.
    [
        "gcp/development on CloudNativePG",
        withDatabaseEngine(
            { stack: "dev", set: { cloud: "gcp", "gcp:project": "my-project-123" }, secrets: stackOptions("gcp", "development").secrets },
            "cloudnativepg",
        ),
        { cpuMillis: 710, memoryMiB: 1904 },
    ],
    // 220 + 40 + 570 + 20 + 100 + 100 + 50 = 1100m; 296 + 192 + 1890 + 64 + 256 + 128 + 64 = 2890Mi (was 950m, 2698Mi).
    ["gcp/staging as committed (CloudNativePG)", stackOptions("gcp", "staging"), { cpuMillis: 1100, memoryMiB: 2890 }],
    ["gcp/staging migrating", withDatabaseEngine(stackOptions("gcp", "staging"), "migrating"), { cpuMillis: 1100, memoryMiB: 2890 }],
    // 1100 + 100 = 1200m; 2890 + 300 = 3190Mi (was 1050m, 2998Mi).
    ["aws/staging as committed (CloudNativePG)", stackOptions("aws", "staging"), { cpuMillis: 1200, memoryMiB: 3190 }],
    // 770 + 100 + 1470 + 100 + 200 + 100 + 50 = 2790m; 808 + 608 + 5218 + 256 + 512 + 128 + 64 = 7594Mi (was 2640m, 7402Mi).
    ["gcp/production as committed (CloudNativePG)", stackOptions("gcp", "production"), { cpuMillis: 2790, memoryMiB: 7594 }],
    ["azure/production as committed (CloudNativePG)", stackOptions("azure", "production"), { cpuMillis: 2790, memoryMiB: 7594 }],
    // The same with tlsIssuer none: cert-manager stays (was 2540m, 6794Mi: cert-manager and the operator left out).
    ["gcp/production, CloudNativePG, tlsIssuer none", noTls(stackOptions("gcp", "production")), { cpuMillis: 2790, memoryMiB: 7594 }],
    // 2790 + 100 = 2890m; 7594 + 300 = 7894Mi (was 2740m, 7702Mi).
    ["aws/production as committed (CloudNativePG)", stackOptions("aws", "production"), { cpuMillis: 2890, memoryMiB: 7894 }],
    // 2790 - 100 - 100 - 50 = 2540m; 7594 - 608 - 128 - 64 = 6794Mi: no cert-manager, no operator.
    [
        "gcp/production, StatefulSet, tlsIssuer none",
        noTls(withDatabaseEngine(stackOptions("gcp", "production"), "statefulset")),
        { cpuMillis: 2540, memoryMiB: 6794 },
    ],
];

describe("capacity check: the add-ons' requests once per cluster, by hand from the rendered charts", () => {
    for (const [label, options, expected] of cases) {
        it(`${label}: ${expected.cpuMillis}m, ${expected.memoryMiB}Mi`, async () => {
            assert.deepEqual(platformRequests(await settingsFor(options)).cluster, expected);
        });
    }
});
