// A Helm release left pending by an interrupted `pulumi up` (a cancelled CI job, a lost runner):
// Helm refuses every later operation on it ("another operation (install/upgrade/rollback) is in
// progress", helm pkg/action/action.go errPending), and so does pulumi-kubernetes' helm.v3.Release,
// which runs Helm's upgrade action (provider/pkg/provider/helm_release.go; pulumi-kubernetes #2054:
// recovery is by hand with the helm CLI). Only the cluster knows: Helm 3 stores each revision as a
// Secret `sh.helm.release.v1.<release>.v<revision>` in the release's namespace, labelled
// owner=helm, name=<release>, version=<revision>, status=<status> (helm pkg/storage/driver/secrets.go).
// The program's state cannot tell (the Release resource's status output is the last *successful*
// update's), so this check reads those Secrets before `pulumi up`: `npm run preflight`.

export const pendingStatuses = ["pending-install", "pending-upgrade", "pending-rollback"] as const;

/** `kubectl get secrets -A -l owner=helm -o json`, the fields read here. */
export interface HelmReleaseSecrets {
    items: { metadata: { namespace: string; labels?: Record<string, string> } }[];
}

export interface PendingRelease {
    release: string;
    namespace: string;
    revision: number;
    status: string;
    /** The revision to roll back to: the newest earlier one that was deployed. */
    rollbackTo?: number;
}

interface Revision {
    release: string;
    namespace: string;
    revision: number;
    status: string;
}

function revisions(secrets: HelmReleaseSecrets): Revision[] {
    return secrets.items.flatMap(({ metadata }) => {
        const labels = metadata.labels ?? {};
        if (labels.owner !== "helm" || !labels.name || !labels.status) return [];
        return [{ release: labels.name, namespace: metadata.namespace, revision: Number(labels.version), status: labels.status }];
    });
}

/** The releases whose newest revision is pending. */
export function pendingReleases(secrets: HelmReleaseSecrets): PendingRelease[] {
    const byRelease = new Map<string, Revision[]>();
    for (const revision of revisions(secrets)) {
        const key = `${revision.namespace}/${revision.release}`;
        byRelease.set(key, [...(byRelease.get(key) ?? []), revision]);
    }
    return [...byRelease.values()].flatMap((history) => {
        const sorted = [...history].sort((a, b) => b.revision - a.revision);
        const latest = sorted[0];
        if (!(pendingStatuses as readonly string[]).includes(latest.status)) return [];
        // The newest is pending, so the first good revision found is an earlier one: Helm's --atomic
        // rollback target, the newest superseded or deployed revision (helm pkg/action/upgrade.go failRelease).
        const deployed = sorted.find((r) => r.status === "deployed" || r.status === "superseded");
        return [{ ...latest, rollbackTo: deployed?.revision }];
    });
}

/**
 * The exact commands that clear a pending release, then let Pulumi see the cluster as it is.
 * An interrupted install is also a pending *create* in the Pulumi state, which a non-interactive
 * `pulumi refresh` does not clear ("`pulumi refresh` will need to be run interactively to clear
 * pending CREATE operations", https://www.pulumi.com/docs/support/troubleshooting/common-issues/interrupted-updates/);
 * the release is uninstalled first, so dropping the pending create is right (`--clear-pending-creates`,
 * https://www.pulumi.com/docs/iac/cli/commands/pulumi_refresh/).
 */
export function recoveryCommands(pending: PendingRelease, stack: string, context: string): string[] {
    const helm = `--kube-context ${context} -n ${pending.namespace}`;
    const interruptedInstall = pending.rollbackTo === undefined;
    const release = interruptedInstall
        ? // Nothing was ever deployed (an interrupted install): remove it; the next `up` installs it again.
          `helm uninstall ${pending.release} ${helm} --wait`
        : `helm rollback ${pending.release} ${pending.rollbackTo} ${helm} --wait --timeout 15m`;
    return [
        `helm history ${pending.release} ${helm}`,
        release,
        `pulumi refresh --stack ${stack}${interruptedInstall ? " --clear-pending-creates" : ""} --yes`,
        `pulumi up --stack ${stack}`,
    ];
}

export function pendingReleaseMessage(pending: PendingRelease[], stack: string, context: string): string {
    return [
        `${pending.length} Helm release${pending.length === 1 ? " is" : "s are"} left pending by an interrupted deployment; every \`pulumi up\` fails until ${pending.length === 1 ? "it is" : "they are"} cleared:`,
        ...pending.flatMap((p) => [
            `  - ${p.namespace}/${p.release}: revision ${p.revision} is ${p.status}. Run, in order:`,
            ...recoveryCommands(p, stack, context).map((command) => `      ${command}`),
        ]),
    ].join("\n");
}
