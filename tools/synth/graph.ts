import type { SynthResource } from "./engine";

/** What a resource waits for: its `dependencies`, and for the engine's delete order also its parent. */
export type DependencyEdges = (resource: SynthResource) => readonly string[];

export const explicitDependencies: DependencyEdges = (resource) => resource.dependencies;

/** The edges of the engine's dependency graph (`pkg/resource/graph`): dependencies and the parent. */
export const dependenciesAndParent: DependencyEdges = (resource) =>
    resource.parent ? [...resource.dependencies, resource.parent] : resource.dependencies;

/**
 * Everything each resource waits for, directly or through what it waits for, as URNs. Computed on
 * demand and remembered, so asking for every resource of a large synth stays linear in its edges.
 */
export function dependencyClosure(
    resources: readonly SynthResource[],
    edgesOf: DependencyEdges = explicitDependencies,
): (resource: SynthResource) => ReadonlySet<string> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const closures = new Map<string, Set<string>>();
    const closureOf = (resource: SynthResource): Set<string> => {
        const known = closures.get(resource.urn);
        if (known) return known;
        const all = new Set<string>();
        closures.set(resource.urn, all);
        for (const urn of edgesOf(resource)) {
            all.add(urn);
            const dependency = byUrn.get(urn);
            if (dependency) for (const further of closureOf(dependency)) all.add(further);
        }
        return all;
    };
    return closureOf;
}
