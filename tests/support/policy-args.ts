// Runs the policy pack's policies without the CLI: each recorded resource of a whole-program run
// becomes the args object a policy receives (props = the registered inputs), and each call
// collects the violations it reports.
import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { ProgramRun, RecordedResource } from "../../harness/run";

type Obj = Record<string, any>;

function options(resource: Pick<RecordedResource, "protect" | "ignoreChanges" | "parent">): ResourceValidationArgs["opts"] {
    return {
        protect: resource.protect,
        ignoreChanges: resource.ignoreChanges,
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        parent: resource.parent || undefined,
    };
}

const notUsed = () => {
    throw new Error("not used by these policies");
};

/** A resource as a policy sees it. */
export interface FakeResource {
    type: string;
    name?: string;
    props: Obj;
    protect?: boolean;
    urn?: string;
}

export function resourceArgs(resource: FakeResource): ResourceValidationArgs {
    return {
        type: resource.type,
        props: resource.props,
        urn: resource.urn ?? `urn:pulumi:test::atlasia::${resource.type}::${resource.name ?? "r"}`,
        name: resource.name ?? "r",
        opts: options({ protect: resource.protect ?? false, ignoreChanges: [], parent: "" }),
        stackTags: new Map(),
        isType: notUsed,
        asType: notUsed,
        getConfig: () => ({}),
        notApplicable: notUsed,
    } as unknown as ResourceValidationArgs;
}

export function validateResource(policy: ResourceValidationPolicy, resource: FakeResource): string[] {
    const violations: string[] = [];
    const validations = [policy.validateResource ?? []].flat();
    for (const validate of validations) void validate(resourceArgs(resource), (message) => violations.push(message));
    return violations;
}

/** The stack as a stack policy sees it, with property dependencies resolved to resources. */
export function stackArgs(run: ProgramRun): StackValidationArgs {
    const byUrn = new Map<string, PolicyResource>();
    const resources = run.resources.map((r) => {
        const resource = {
            type: r.type,
            props: r.inputs,
            urn: r.urn,
            name: r.name,
            opts: options(r),
            dependencies: [],
            propertyDependencies: {},
            isType: notUsed,
            asType: notUsed,
        } as unknown as PolicyResource;
        byUrn.set(r.urn, resource);
        return resource;
    });
    run.resources.forEach((r, i) => {
        resources[i].propertyDependencies = Object.fromEntries(
            Object.entries(r.propertyDependencies).map(([key, urns]) => [
                key,
                urns.map((urn) => byUrn.get(urn)).filter((x): x is PolicyResource => x !== undefined),
            ]),
        );
    });
    return { resources, stackTags: new Map(), getConfig: () => ({}), notApplicable: notUsed } as unknown as StackValidationArgs;
}

export function validateStack(policy: StackValidationPolicy, args: StackValidationArgs): string[] {
    const violations: string[] = [];
    void policy.validateStack(args, (message) => violations.push(message));
    return violations;
}

/** Every violation of every policy for a whole run, prefixed by the policy's name. */
export function runViolations(run: ProgramRun, resourcePolicies: ResourceValidationPolicy[], stackPolicies: StackValidationPolicy[]): string[] {
    const found: string[] = [];
    for (const r of run.resources) {
        for (const policy of resourcePolicies) {
            found.push(
                ...validateResource(policy, { type: r.type, name: r.name, props: r.inputs, protect: r.protect, urn: r.urn }).map(
                    (v) => `${policy.name}: ${r.name}: ${v}`,
                ),
            );
        }
    }
    const args = stackArgs(run);
    for (const policy of stackPolicies) found.push(...validateStack(policy, args).map((v) => `${policy.name}: ${v}`));
    return found;
}
