// The seed's RBAC objects (ServiceAccount atlasia, Role atlasia-role, RoleBinding atlasia-rolebinding),
// narrowed: the seed grants get/list on every ConfigMap and Secret of the namespace, which includes
// the TLS private key (atlasia-tls) and the database role passwords. The application reads its own
// two objects, so the Role grants `get` on those by name and nothing else. `list` is dropped: it
// cannot be limited by name (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources)
// and would return every Secret's data.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { appLabels } from "./labels";
import { names, namespaceName } from "./names";
import { k8sOptions, WorkloadContext } from "./context";

export class AtlasiaRbac extends pulumi.ComponentResource {
    readonly serviceAccountName: pulumi.Output<string>;

    constructor(name: string, ctx: WorkloadContext, opts?: pulumi.ComponentResourceOptions) {
        super("atlasia:app:Rbac", name, {}, opts);
        const metadata = (objectName: string) => ({ name: objectName, namespace: ctx.namespace, labels: appLabels });

        const serviceAccount = new k8s.core.v1.ServiceAccount(
            names.serviceAccount,
            {
                metadata: metadata(names.serviceAccount),
                // Pods that need the token (the orchestrator) ask for it explicitly.
                automountServiceAccountToken: false,
            },
            k8sOptions(ctx, this),
        );

        const role = new k8s.rbac.v1.Role(
            names.role,
            {
                metadata: metadata(names.role),
                rules: [
                    { apiGroups: [""], resources: ["configmaps"], resourceNames: [names.configMap], verbs: ["get"] },
                    { apiGroups: [""], resources: ["secrets"], resourceNames: [names.secret], verbs: ["get"] },
                ],
            },
            k8sOptions(ctx, this),
        );

        new k8s.rbac.v1.RoleBinding(
            names.roleBinding,
            {
                metadata: metadata(names.roleBinding),
                subjects: [{ kind: "ServiceAccount", name: serviceAccount.metadata.name, namespace: namespaceName }],
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
            },
            k8sOptions(ctx, this),
        );

        this.serviceAccountName = serviceAccount.metadata.name;
        this.registerOutputs({ serviceAccountName: this.serviceAccountName });
    }
}
