import * as pulumi from "@pulumi/pulumi";

/** How many resources of each kind a synth registered (the stack itself not counted). */
export interface ResourceCounts {
    components: number;
    custom: number;
}

/**
 * The baseline: a bare program that registers as many resources as ours, with no inputs and no
 * logic. Components and custom resources come in the same numbers as in ours, since the SDK does
 * different work for each (a component also registers its outputs), and every custom resource is a
 * child of a component, as ours are. What ours costs beyond this is the cost of our own code:
 * config validation, planning, building inputs and resolving the outputs they depend on.
 */
class Group extends pulumi.ComponentResource {
    constructor(name: string) {
        super("bench:index:Group", name, {});
        this.registerOutputs({});
    }
}

class Thing extends pulumi.CustomResource {
    constructor(name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
        super("bench:index:Thing", name, props, opts);
    }
}

/**
 * Plain constant inputs with the same top-level properties as our Kubernetes objects. The SDK does
 * work per top-level input property, so this "shaped" baseline shows how much of our cost is that
 * toll, which any program declaring Kubernetes objects pays, rather than our own code.
 */
function shapedProps(name: string): pulumi.Inputs {
    return {
        apiVersion: "bench.example.com/v1",
        kind: "Thing",
        metadata: { name, namespace: "bench" },
        spec: { hosts: [`${name}.bench.example.com`], port: 8080 },
    };
}

export function baselineProgram(counts: ResourceCounts, shaped = false): () => Promise<void> {
    return async () => {
        const parents = Array.from({ length: counts.components }, (_, i) => new Group(`group-${i}`));
        for (let i = 0; i < counts.custom; i++) {
            const name = `thing-${i}`;
            new Thing(name, shaped ? shapedProps(name) : {}, { parent: parents[i % parents.length] }); // undefined (the stack) when there are no components
        }
    };
}
