// URNs as the engine computes them, and the old URNs a run's aliases answer for.
// The engine's rule (pulumi/pulumi pkg/resource/urn.go NewURN; sdk/nodejs/resource.ts createUrn):
// urn:pulumi:<stack>::<project>::<types>::<name>, where <types> is the whole parent chain's types
// joined by "$", the root Stack left out: parents' names are not in it. So changing a component's
// type, or moving it under a parent of another type, changes the URN of everything under it;
// renaming a resource changes its own. (The mock monitor keeps only the direct parent's type, so URNs are rebuilt
// here from the recorded parent links.) A child inherits its parent's aliases: the engine derives
// them from the parent's (pulumi/pulumi#9498), so one alias on a moved component covers its children.
import type { AliasRecord, ProgramRun, RecordedResource } from "../../harness/run";
import { projectName } from "../../config/keys";
import { matrix } from "./runs";

const rootStackType = "pulumi:pulumi:Stack";

/** The `$`-joined type chain of a resource under the given parent chain ("" for the root). */
function engineUrn(stack: string, parentChain: string, type: string, name: string): string {
    return `urn:pulumi:${stack}::${projectName}::${parentChain ? `${parentChain}$` : ""}${type}::${name}`;
}

function chainOf(urn: string): string {
    return urn.split("::")[2];
}

/** Engine URNs of a run (also by mock URN), and every URN each resource answers for (own + aliases). */
export function engineUrns(run: ProgramRun): { urns: string[]; answered: Set<string>; byMockUrn: Map<string, string> } {
    const byMockUrn = new Map(run.resources.map((r) => [r.urn, r]));
    const own = new Map<string, string>();
    const old = new Map<string, string[]>();

    const ownUrn = (resource: RecordedResource): string => {
        let urn = own.get(resource.urn);
        if (urn) return urn;
        const parent = byMockUrn.get(resource.parent);
        const chain = !parent || parent.type === rootStackType ? "" : chainOf(ownUrn(parent));
        urn =
            resource.type === rootStackType
                ? engineUrn(run.stack, "", resource.type, resource.name)
                : engineUrn(run.stack, chain, resource.type, resource.name);
        own.set(resource.urn, urn);
        return urn;
    };
    const chainFor = (mockParentUrn: string | undefined): string => {
        const parent = mockParentUrn ? byMockUrn.get(mockParentUrn) : undefined;
        return !parent || parent.type === rootStackType ? "" : chainOf(ownUrn(parent));
    };
    const aliasUrn = (resource: RecordedResource, alias: AliasRecord): string =>
        alias.urn ??
        engineUrn(run.stack, alias.noParent ? "" : chainFor(alias.parentUrn ?? resource.parent), alias.type ?? resource.type, alias.name ?? resource.name);
    const oldUrns = (resource: RecordedResource): string[] => {
        let urns = old.get(resource.urn);
        if (urns) return urns;
        const parent = byMockUrn.get(resource.parent);
        const inherited = parent ? oldUrns(parent).map((p) => engineUrn(run.stack, chainOf(p), resource.type, resource.name)) : [];
        urns = [...resource.aliases.map((alias) => aliasUrn(resource, alias)), ...inherited];
        old.set(resource.urn, urns);
        return urns;
    };

    const urns = run.resources.map(ownUrn).sort();
    return { urns, answered: new Set([...urns, ...run.resources.flatMap(oldUrns)]), byMockUrn: own };
}

/** The stacks whose URNs are recorded: every cloud x environment of the matrix. */
export const recordedStacks = matrix;

export const recordedUrnsFile = "tests/urns/recorded.json";
