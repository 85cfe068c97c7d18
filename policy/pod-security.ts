// The Pod Security Standards, "restricted" profile (which includes "baseline"), written from the
// standard's field list (kubernetes.io/docs/concepts/security/pod-security-standards, policy
// version "latest"). Returns the violations of one pod (template) spec; empty means it passes.
import type { IPodSecurityContext } from "kubernetes-models/v1/PodSecurityContext";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { ISELinuxOptions } from "kubernetes-models/v1/SELinuxOptions";
import type { ISecurityContext } from "kubernetes-models/v1/SecurityContext";
import { containersOf, ObjectMeta } from "./pod-templates";

const allowedVolumeTypes = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];
const baselineCapabilities = [
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];
const safeSysctls = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
];
const selinuxTypes = ["container_t", "container_init_t", "container_kvm_t", "container_engine_t"];

type Container = ReturnType<typeof containersOf>[number];
type Profile = { type?: string };

export function restrictedViolations(spec: Partial<IPodSpec>, metadata: ObjectMeta = {}, level: "baseline" | "restricted" = "restricted"): string[] {
    const violations: string[] = [];
    const pod: IPodSecurityContext = spec.securityContext ?? {};
    const containers = containersOf(spec);
    const each = (check: (c: Container, sc: ISecurityContext) => string | undefined) => {
        for (const c of containers) {
            const message = check(c, c.securityContext ?? {});
            if (message) violations.push(`container ${c.name}: ${message}`);
        }
    };

    // ---- baseline
    if (pod.windowsOptions?.hostProcess) violations.push("hostProcess pod");
    each((_, sc) => (sc.windowsOptions?.hostProcess ? "hostProcess" : undefined));
    for (const field of ["hostNetwork", "hostPID", "hostIPC"] as const) if (spec[field]) violations.push(`${field} is set`);
    each((_, sc) => (sc.privileged ? "privileged" : undefined));
    each((_, sc) => {
        const added = sc.capabilities?.add ?? [];
        const bad = added.filter((cap) => !baselineCapabilities.includes(cap));
        return bad.length ? `adds capabilities outside baseline: ${bad.join(",")}` : undefined;
    });
    for (const volume of spec.volumes ?? []) if (volume.hostPath) violations.push(`volume ${volume.name} is a hostPath`);
    each((c) => ((c.ports ?? []).some((p) => p.hostPort && p.hostPort !== 0) ? "uses a hostPort" : undefined));
    const apparmorOk = (profile?: Profile) => !profile || ["RuntimeDefault", "Localhost"].includes(profile.type ?? "");
    if (!apparmorOk(pod.appArmorProfile)) violations.push("pod AppArmor profile is not RuntimeDefault/Localhost");
    each((_, sc) => (apparmorOk(sc.appArmorProfile) ? undefined : "AppArmor profile is not RuntimeDefault/Localhost"));
    for (const [key, value] of Object.entries(metadata.annotations ?? {})) {
        if (key.startsWith("container.apparmor.security.beta.kubernetes.io/") && value !== "runtime/default" && !String(value).startsWith("localhost/")) {
            violations.push(`annotation ${key}=${String(value)}`);
        }
    }
    const selinuxOk = (options?: ISELinuxOptions) => !options || ((!options.type || selinuxTypes.includes(options.type)) && !options.user && !options.role);
    if (!selinuxOk(pod.seLinuxOptions)) violations.push("pod seLinuxOptions outside the allowed types or sets user/role");
    each((_, sc) => (selinuxOk(sc.seLinuxOptions) ? undefined : "seLinuxOptions outside the allowed types or sets user/role"));
    each((_, sc) => (sc.procMount && sc.procMount !== "Default" ? `procMount ${sc.procMount}` : undefined));
    for (const sysctl of pod.sysctls ?? []) if (!safeSysctls.includes(sysctl.name)) violations.push(`unsafe sysctl ${sysctl.name}`);

    if (level === "baseline") return violations;
    // ---- restricted
    for (const volume of spec.volumes ?? []) {
        const types = Object.keys(volume).filter((k) => k !== "name");
        const bad = types.filter((t) => !allowedVolumeTypes.includes(t));
        if (bad.length) violations.push(`volume ${volume.name} has a type restricted forbids: ${bad.join(",")}`);
    }
    each((_, sc) => (sc.allowPrivilegeEscalation === false ? undefined : "allowPrivilegeEscalation is not false"));
    each((_, sc) =>
        sc.runAsNonRoot === false || (sc.runAsNonRoot !== true && pod.runAsNonRoot !== true) ? "runAsNonRoot is not true (pod or container)" : undefined,
    );
    if (pod.runAsUser === 0) violations.push("pod runAsUser is 0");
    each((_, sc) => (sc.runAsUser === 0 ? "runAsUser is 0" : undefined));
    const seccompOk = (profile?: Profile) => profile && ["RuntimeDefault", "Localhost"].includes(profile.type ?? "");
    if (pod.seccompProfile && !seccompOk(pod.seccompProfile)) violations.push(`pod seccompProfile ${pod.seccompProfile.type}`);
    each((_, sc) => {
        if (sc.seccompProfile) return seccompOk(sc.seccompProfile) ? undefined : `seccompProfile ${sc.seccompProfile.type}`;
        return seccompOk(pod.seccompProfile) ? undefined : "no RuntimeDefault/Localhost seccompProfile (pod or container)";
    });
    each((_, sc) => {
        const drop = sc.capabilities?.drop ?? [];
        const add = sc.capabilities?.add ?? [];
        if (!drop.includes("ALL")) return "does not drop ALL capabilities";
        const bad = add.filter((cap) => cap !== "NET_BIND_SERVICE");
        return bad.length ? `adds capabilities restricted forbids: ${bad.join(",")}` : undefined;
    });
    return violations;
}
