// The e2e run proves Pod Security admission is on (tests/e2e/pod-security-probe.ts): its probe must be a
// pod that baseline refuses, and only a Pod Security refusal counts. The refusal text is the one the
// build machine's API server gave (docs/e2e.md, "First start of the control plane").
import { strict as assert } from "assert";
import { restrictedViolations } from "./support/pod-security";
import { enforcingNamespaces, podSecurityProbe, probeProblem } from "./e2e/pod-security-probe";

describe("e2e: Pod Security admission proven on, not assumed", () => {
    it("the probe violates baseline (so restricted too) by the project's own Pod Security check", () => {
        const probe = podSecurityProbe("atlasia");
        assert.ok(
            restrictedViolations(probe.spec, probe.metadata, "baseline").some((v) => /privileged/i.test(v)),
            JSON.stringify(restrictedViolations(probe.spec, probe.metadata, "baseline")),
        );
    });

    it("probes the namespaces labelled baseline or restricted, not privileged or unlabelled ones", () => {
        const ns = (name: string, enforce?: string) => ({
            metadata: { name, labels: (enforce ? { "pod-security.kubernetes.io/enforce": enforce } : {}) as Record<string, string> },
        });
        assert.deepEqual(enforcingNamespaces([ns("atlasia", "restricted"), ns("monitoring", "privileged"), ns("ingress-nginx", "baseline"), ns("default")]), [
            "atlasia",
            "ingress-nginx",
        ]);
    });

    it("only a Pod Security refusal passes; an admitted probe means admission is off", () => {
        assert.equal(
            probeProblem("atlasia", {
                ok: false,
                stderr: 'Error from server (Forbidden): pods "atlasia-e2e-pod-security-probe" is forbidden: violates PodSecurity "restricted:latest": privileged (container "probe" must not set securityContext.privileged=true)',
            }),
            undefined,
        );
        assert.match(probeProblem("atlasia", { ok: true, stderr: "" }) ?? "", /admitted a privileged pod .* admission is off/);
        assert.match(
            probeProblem("atlasia", { ok: false, stderr: 'Error from server (NotFound): namespaces "atlasia" not found' }) ?? "",
            /not by Pod Security/,
        );
    });
});
