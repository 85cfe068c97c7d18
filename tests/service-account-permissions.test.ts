// What the ServiceAccount `atlasia` may do, evaluated as the API server does:
// - RBAC (https://kubernetes.io/docs/reference/access-authn-authz/rbac/): a request is allowed when a
//   rule of a bound Role lists its API group, resource and verb (or "*"), and either lists no
//   resourceNames or lists the object's name. ConfigMaps and Secrets are in the core group, whose
//   name is "" (`apiGroups: [""]  # "" indicates the core API group`): a rule listing no groups
//   matches no request at all.
// - Token mounting (https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting):
//   a pod's own automountServiceAccountToken wins; unset, the ServiceAccount's applies; unset on
//   both, the token is mounted.
import { strict as assert } from "assert";
import { matrix, objectOf, podTemplates, runValid } from "./support/workloads";

interface Rule {
    apiGroups?: string[];
    resources?: string[];
    resourceNames?: string[];
    verbs: string[];
}

interface Request {
    apiGroup: string;
    resource: string;
    name?: string;
    verb: string;
}

const lists = (values: string[] | undefined, value: string) => (values ?? []).some((v) => v === value || v === "*");

function allowed(rules: Rule[], request: Request): boolean {
    return rules.some(
        (rule) =>
            lists(rule.apiGroups, request.apiGroup) &&
            lists(rule.resources, request.resource) &&
            lists(rule.verbs, request.verb) &&
            ((rule.resourceNames ?? []).length === 0 || (request.name !== undefined && rule.resourceNames!.includes(request.name))),
    );
}

/** Whether a pod gets the API token mounted. */
function tokenMounted(pod: boolean | undefined, serviceAccount: boolean | undefined): boolean {
    return pod ?? serviceAccount ?? true;
}

const core = (resource: string, verb: string, name?: string): Request => ({ apiGroup: "", resource, verb, name });

describe("ServiceAccount atlasia: what its token may read, and which pods get it", () => {
    for (const stack of matrix) {
        it(`${stack.label}: reads atlasia-config and atlasia-secrets by name, and nothing else`, async () => {
            const run = await runValid(stack.label, stack.options);
            const binding = objectOf(run, "RoleBinding", "atlasia-rolebinding");
            assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: "atlasia", namespace: "atlasia" }]);
            const rules: Rule[] = objectOf(run, "Role", binding.roleRef.name).rules;
            assert.ok(allowed(rules, core("configmaps", "get", "atlasia-config")), "get ConfigMap atlasia-config");
            assert.ok(allowed(rules, core("secrets", "get", "atlasia-secrets")), "get Secret atlasia-secrets");
            // The TLS key, the database roles' passwords, and lists (which return every Secret's data).
            for (const denied of [
                core("secrets", "get", "atlasia-tls"),
                core("secrets", "get", "atlasia-postgresql-roles"),
                core("secrets", "list"),
                core("configmaps", "list"),
                core("secrets", "watch", "atlasia-secrets"),
                core("secrets", "update", "atlasia-secrets"),
                { apiGroup: "apps", resource: "secrets", verb: "get", name: "atlasia-secrets" },
            ]) {
                assert.ok(!allowed(rules, denied), `${denied.verb} ${denied.apiGroup}/${denied.resource}/${denied.name ?? "*"} is denied`);
            }
        });

        it(`${stack.label}: only the orchestrator's pods get the token; a pod that does not ask gets none`, async () => {
            const run = await runValid(stack.label, stack.options);
            const serviceAccount = objectOf(run, "ServiceAccount", "atlasia").automountServiceAccountToken;
            // A pod someone else starts under this account (`kubectl run --overrides` naming it) without a setting of its own.
            assert.equal(tokenMounted(undefined, serviceAccount), false);
            for (const template of podTemplates(run).filter((t) => t.spec.serviceAccountName === "atlasia")) {
                assert.equal(
                    tokenMounted(template.spec.automountServiceAccountToken, serviceAccount),
                    template.owner.startsWith("Deployment/atlasia-orchestrator"),
                    template.owner,
                );
            }
            assert.ok(
                podTemplates(run).some((t) => t.spec.serviceAccountName === "atlasia"),
                "the orchestrator runs as atlasia",
            );
        });
    }

    it("the evaluation follows the documented rules (it can refuse and allow)", () => {
        assert.equal(allowed([{ apiGroups: [], resources: ["secrets"], verbs: ["get"] }], core("secrets", "get", "x")), false);
        assert.equal(allowed([{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }], core("secrets", "get", "x")), true);
        assert.equal(allowed([{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }], core("secrets", "list")), true);
        assert.equal(allowed([{ apiGroups: [""], resources: ["secrets"], resourceNames: ["a"], verbs: ["list"] }], core("secrets", "list")), false);
        assert.equal(tokenMounted(undefined, undefined), true);
        assert.equal(tokenMounted(true, false), true);
        assert.equal(tokenMounted(false, true), false);
    });
});
