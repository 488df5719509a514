import * as pulumi from "@pulumi/pulumi";

type DependsOn = pulumi.ResourceOptions["dependsOn"];

/**
 * A component's `dependsOn` plus `extra`, for its children: Pulumi does not pass a component's
 * `dependsOn` on to the resources it creates.
 */
export function dependsOnWith(base: DependsOn, ...extra: Array<pulumi.Resource | undefined>): DependsOn {
    const more = extra.filter((resource): resource is pulumi.Resource => resource !== undefined);
    if (base === undefined) return more;
    if (Array.isArray(base)) return [...base, ...more];
    if (more.length === 0) return base;
    const resolved = pulumi.output(base as pulumi.Input<pulumi.Input<pulumi.Resource>[] | pulumi.Resource>);
    return resolved.apply((value) => [...(Array.isArray(value) ? value : [value]), ...more]);
}
