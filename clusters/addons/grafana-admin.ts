// Grafana's admin credentials: the configured secret (atlasia:grafanaAdminPassword) or a generated
// password, in a Kubernetes Secret that Grafana reads through admin.existingSecret. The password
// never enters the Helm values (Helm stores values in plain text in its release Secret).
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import type { AddonScope } from "./release";

export const grafanaAdminSecret = { name: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password", user: "admin" };

export interface GrafanaAdmin {
    secret: k8s.core.v1.Secret;
    /** Secret Output, for a stack output the operator can read with --show-secrets. */
    password: pulumi.Output<string>;
}

export function grafanaAdmin(scope: AddonScope, namespace: k8s.core.v1.Namespace): GrafanaAdmin {
    const configured = scope.settings.secrets.grafanaAdminPassword;
    const password = pulumi.secret(
        configured ??
            new random.RandomPassword(
                "grafana-admin",
                {
                    length: 32,
                    special: false, // 190 bits without characters that trip up shells and URLs
                },
                { parent: scope.opts.parent, provider: scope.cluster.utilityProviders.random },
            ).result,
    );

    const secret = new k8s.core.v1.Secret(
        grafanaAdminSecret.name,
        {
            metadata: { name: grafanaAdminSecret.name, namespace: namespace.metadata.name },
            type: "Opaque",
            stringData: {
                [grafanaAdminSecret.userKey]: grafanaAdminSecret.user,
                [grafanaAdminSecret.passwordKey]: password,
            },
        },
        scope.opts,
    );
    return { secret, password };
}
