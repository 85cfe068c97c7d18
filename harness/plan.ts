// Renders an offline run as a reviewable plan: one YAML file per Kubernetes object, one per Helm
// release, the cloud resources with their settings, and a summary. Secrets show as [secret].
import * as yaml from "js-yaml";
import { comparePlans, renderChanges } from "./plan-compare";
import { PlanOverrides, resolveSettings, reviewSections } from "./plan-review";
import { ProgramRun, RecordedResource, secretMask } from "./run";

export interface PlanOptions {
    overrides?: PlanOverrides;
    /** An earlier plan to compare against: its folder name and files. */
    earlier?: { dir: string; files: Record<string, string> };
}

const helmReleaseType = "kubernetes:helm.sh/v3:Release";

function toYaml(value: unknown): string {
    return yaml.dump(value, { noRefs: true, lineWidth: 120, sortKeys: false });
}

function slug(value: string): string {
    return value
        .replace(/[^A-Za-z0-9_.-]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .toLowerCase();
}

/** "kubernetes:apps/v1:Deployment" -> "Deployment"; "aws:eks/cluster:Cluster" -> "aws:eks/cluster". */
function shortType(type: string): string {
    const [, , kind] = type.split(":");
    return kind ?? type;
}

function providerName(resource: RecordedResource): string {
    // "<urn>::<id>": the urn's last segment is the provider's name.
    const urn = resource.provider.split("::").slice(0, -1).join("::");
    return urn ? (urn.split("::").pop() as string) : "(default)";
}

/** The inputs a plan file names an object or a release by (the rest is written as it is). */
interface KubernetesInputs {
    metadata?: { namespace?: string; name?: string };
}
interface HelmReleaseInputs {
    name?: string;
    namespace?: string;
    chart?: string;
    version?: string;
    repositoryOpts?: { repo?: string };
    timeout?: number;
    atomic?: boolean;
    cleanupOnFail?: boolean;
    values?: unknown;
}

function kubernetesFile(resource: RecordedResource): [string, string] {
    const inputs = resource.maskedInputs;
    const { metadata } = inputs as KubernetesInputs;
    const namespace = metadata?.namespace ?? "_cluster";
    const name = metadata?.name ?? resource.name;
    return [`kubernetes/${slug(namespace)}/${slug(shortType(resource.type))}-${slug(name)}.yaml`, toYaml(inputs)];
}

function helmFile(resource: RecordedResource): [string, string] {
    const { name, namespace, chart, version, repositoryOpts, timeout, atomic, cleanupOnFail, values } = resource.maskedInputs as HelmReleaseInputs;
    return [
        `helm/${slug(name ?? resource.name)}.yaml`,
        toYaml({
            release: name ?? resource.name,
            namespace,
            chart,
            version,
            repository: repositoryOpts?.repo,
            timeout,
            atomic,
            cleanupOnFail,
            values,
        }),
    ];
}

function cloudResources(resources: RecordedResource[]): string {
    return toYaml(
        resources.map((resource) => ({
            type: resource.type,
            name: resource.name,
            provider: providerName(resource),
            ...(resource.protect ? { protect: true } : {}),
            ...(resource.ignoreChanges.length > 0 ? { ignoreChanges: resource.ignoreChanges } : {}),
            settings: resource.maskedInputs,
        })),
    );
}

function summary(run: ProgramRun, files: Record<string, string>, review: string[]): string {
    const byType = new Map<string, number>();
    for (const resource of run.resources) byType.set(resource.type, (byType.get(resource.type) ?? 0) + 1);
    const outputs = Object.entries(run.outputs).map(([key, output]) => {
        const value = output.secret ? secretMask : typeof output.value === "string" ? output.value : JSON.stringify(output.value);
        return `| ${key} | ${String(value).replace(/\|/g, "\\|")} |`;
    });
    return [
        `# Offline plan of stack "${run.stack}"`,
        "",
        "Made under Pulumi's mocks, without credentials: what `pulumi up` would register, not what the clouds would answer.",
        "Values computed by a cloud (endpoints, IDs) are stand-ins; secrets show as [secret].",
        "",
        ...(run.config.placeholders.length > 0
            ? [`Secrets without a readable value here, planned with placeholders: ${run.config.placeholders.join(", ")}.`, ""]
            : []),
        ...(run.warnings.length > 0 ? ["## Warnings", "", ...run.warnings.map((w) => `- ${w}`), ""] : []),
        ...review,
        "## Resources",
        "",
        "| type | count |",
        "|---|---|",
        ...[...byType.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => `| ${type} | ${count} |`),
        `| **total** | **${run.resources.length}** |`,
        "",
        "## Stack outputs",
        "",
        "| output | value |",
        "|---|---|",
        ...outputs,
        "",
        "## Files",
        "",
        ...Object.keys(files)
            .sort()
            .map((file) => `- ${file}`),
        "",
    ].join("\n");
}

/** The plan as relative file paths and their contents. */
export function renderPlan(run: ProgramRun, options: PlanOptions = {}): Record<string, string> {
    const files: Record<string, string> = {};
    const cloud: RecordedResource[] = [];
    for (const resource of run.resources) {
        if (resource.type === helmReleaseType) {
            const [file, content] = helmFile(resource);
            files[file] = content;
        } else if (resource.type.startsWith("kubernetes:")) {
            const [file, content] = kubernetesFile(resource);
            files[file] = content;
        } else if (resource.custom && !resource.type.startsWith("pulumi:")) {
            cloud.push(resource);
        }
    }
    files["cloud-resources.yaml"] = cloudResources(cloud);
    const settings = resolveSettings(run, options.overrides);
    // The resolved settings as data too, so comparing two plans shows a changed count or version.
    files["settings.yaml"] = toYaml(settings);
    const review = reviewSections(settings);
    if (options.earlier) {
        const changes = comparePlans(options.earlier.files, files);
        files["changes.md"] = renderChanges(changes, options.earlier.dir);
        review.push(
            "## Changes",
            "",
            `Compared with ${options.earlier.dir}: ${changes.added.length} files added, ` +
                `${changes.removed.length} removed, ${changes.changed.length} changed (changes.md).`,
            "",
        );
    }
    files["summary.md"] = summary(run, files, review);
    return files;
}
