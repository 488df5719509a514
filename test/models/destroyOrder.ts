/**
 * The order in which `pulumi destroy` deletes a stack's resources, computed from a synth result the
 * way the Pulumi engine schedules deletes: pulumi/pulumi `pkg/resource/deploy/step_generator.go`,
 * `ScheduleDeletes`. It repeatedly takes every condemned resource none of whose dependencies is
 * still condemned (one "antichain", deletable in parallel), then reverses the list of antichains,
 * "so we don't delete resources upon which other resources depend". A resource's dependencies in
 * the engine's graph (`pkg/resource/graph/dependency_graph.go`) are its `dependencies` (explicit
 * `dependsOn` and property dependencies) and its parent. Pulumi's docs say the same of `dependsOn`:
 * it "ensures that resource creation, update, and deletion operations are executed in the correct
 * order" (https://www.pulumi.com/docs/iac/concepts/resources/options/dependson/).
 */
import type { SynthResource } from "../../tools/synth/engine";
import { dependenciesAndParent, dependencyClosure } from "../../tools/synth/graph";

/** The delete steps, in order: each inner list can run in parallel once the lists before it are done. */
export function destroySchedule(resources: readonly SynthResource[]): SynthResource[][] {
    const managed = resources.filter((r) => !r.external);
    const dependenciesOf = new Map(managed.map((r) => [r.urn, dependenciesAndParent(r)]));
    const condemned = new Set(managed.map((r) => r.urn));
    const byUrn = new Map(managed.map((r) => [r.urn, r]));
    const antichains: SynthResource[][] = [];
    while (condemned.size > 0) {
        const ready = [...condemned].filter((urn) => !(dependenciesOf.get(urn) ?? []).some((dependency) => condemned.has(dependency)));
        if (ready.length === 0) throw new Error(`dependency cycle among ${[...condemned].join(", ")}`);
        for (const urn of ready) condemned.delete(urn);
        antichains.push(ready.map((urn) => byUrn.get(urn) as SynthResource));
    }
    return antichains.reverse();
}

/** For each resource, the index of its antichain in {@link destroySchedule}: lower is deleted earlier. */
export function deletionStep(resources: readonly SynthResource[]): Map<string, number> {
    const step = new Map<string, number>();
    destroySchedule(resources).forEach((antichain, index) => antichain.forEach((r) => step.set(r.urn, index)));
    return step;
}

/**
 * Whether Pulumi is bound to delete `first` before `then`: `first` depends on `then` through
 * dependencies and parents. Only such a path is a guarantee; two unrelated resources may be deleted
 * in either order (or together), e.g. when an update deletes only some of them.
 */
export function guaranteedBefore(resources: readonly SynthResource[]): (first: SynthResource, then: SynthResource) => boolean {
    const closureOf = dependencyClosure(resources, dependenciesAndParent);
    return (first, then) => closureOf(first).has(then.urn);
}
