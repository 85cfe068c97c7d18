// `npm run preflight` on Helm's own release records: which release is pending, which revision it
// rolls back to, and the exact message with every command, on Secrets shaped like the ones Helm's
// storage driver writes (helm pkg/storage/driver/secrets.go: `sh.helm.release.v1.<name>.v<N>` in the
// release's namespace, labels owner=helm, name, version, status).
import { strict as assert } from "assert";
import { pendingReleaseMessage, pendingReleases } from "../clusters/preflight/helm-releases";
import { helmRevisionSecret } from "./support/helm-release-secrets";

const revision = helmRevisionSecret;

describe("preflight: a pending Helm release is found per namespace and rolled back to its last good revision", () => {
    it("treats the same release name in two namespaces as two releases (Helm 3 scopes release names to the namespace)", () => {
        // https://helm.sh/docs/faq/changes_since_helm2/#release-names-are-now-scoped-to-the-namespace; the
        // Secrets driver reads and writes the release's records in its own namespace (secrets.go).
        const secrets = {
            items: [revision("ingress-nginx", "ingress-nginx", 3, "deployed"), revision("ingress-nginx", "ingress-staging", 1, "pending-install")],
        };
        assert.deepEqual(pendingReleases(secrets), [
            { release: "ingress-nginx", namespace: "ingress-staging", revision: 1, status: "pending-install", rollbackTo: undefined },
        ]);
    });

    it("after a failed rollback, rolls back to the newest superseded revision, never to the failed one and never uninstalls", () => {
        // helm pkg/action/rollback.go: a rollback that fails marks the deployed revision superseded and its
        // own revision failed, so no revision is `deployed` any more. Helm's --atomic upgrade picks its
        // target the same way: the newest revision that is superseded or deployed (pkg/action/upgrade.go
        // failRelease: "failed releases do not get superseded unless the next release is successful").
        // History: 1 superseded by 2; 2 deployed, then superseded by the failed rollback 3; upgrade 4 interrupted.
        const secrets = {
            items: [
                revision("kube-prometheus-stack", "monitoring", 1, "superseded"),
                revision("kube-prometheus-stack", "monitoring", 2, "superseded"),
                revision("kube-prometheus-stack", "monitoring", 3, "failed"),
                revision("kube-prometheus-stack", "monitoring", 4, "pending-upgrade"),
            ],
        };
        assert.deepEqual(pendingReleases(secrets), [
            { release: "kube-prometheus-stack", namespace: "monitoring", revision: 4, status: "pending-upgrade", rollbackTo: 2 },
        ]);
    });
});

describe("preflight: the pending-release message names each release and every command that clears it, in order", () => {
    it("one release: singular wording, then helm history, helm rollback, pulumi refresh, pulumi up", () => {
        const pending = pendingReleases({
            items: [revision("kube-prometheus-stack", "monitoring", 4, "deployed"), revision("kube-prometheus-stack", "monitoring", 5, "pending-upgrade")],
        });
        assert.equal(
            pendingReleaseMessage(pending, "production", "atlasia-prod"),
            [
                "1 Helm release is left pending by an interrupted deployment; every `pulumi up` fails until it is cleared:",
                "  - monitoring/kube-prometheus-stack: revision 5 is pending-upgrade. Run, in order:",
                "      helm history kube-prometheus-stack --kube-context atlasia-prod -n monitoring",
                "      helm rollback kube-prometheus-stack 4 --kube-context atlasia-prod -n monitoring --wait --timeout 15m",
                "      pulumi refresh --stack production --yes",
                "      pulumi up --stack production",
            ].join("\n"),
        );
    });

    it("two releases: plural wording and each release's own commands (an interrupted install is uninstalled)", () => {
        const pending = pendingReleases({
            items: [
                revision("kube-prometheus-stack", "monitoring", 4, "deployed"),
                revision("kube-prometheus-stack", "monitoring", 5, "pending-upgrade"),
                revision("jaeger", "tracing", 1, "pending-install"),
            ],
        });
        assert.equal(
            pendingReleaseMessage(pending, "staging", "atlasia-staging"),
            [
                "2 Helm releases are left pending by an interrupted deployment; every `pulumi up` fails until they are cleared:",
                "  - monitoring/kube-prometheus-stack: revision 5 is pending-upgrade. Run, in order:",
                "      helm history kube-prometheus-stack --kube-context atlasia-staging -n monitoring",
                "      helm rollback kube-prometheus-stack 4 --kube-context atlasia-staging -n monitoring --wait --timeout 15m",
                "      pulumi refresh --stack staging --yes",
                "      pulumi up --stack staging",
                "  - tracing/jaeger: revision 1 is pending-install. Run, in order:",
                "      helm history jaeger --kube-context atlasia-staging -n tracing",
                "      helm uninstall jaeger --kube-context atlasia-staging -n tracing --wait",
                "      pulumi refresh --stack staging --clear-pending-creates --yes",
                "      pulumi up --stack staging",
            ].join("\n"),
        );
    });
});
