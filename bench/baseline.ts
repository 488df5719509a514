import * as pulumi from "@pulumi/pulumi";
import type { SynthResource } from "../tools/synth/engine";

/**
 * The baseline: a bare program that registers the very resources ours registered, as plain
 * resources: same types, names, parents, inputs and dependencies, but no config validation, no
 * planning, no lookups and no outputs to resolve. What ours costs beyond this is the cost of our
 * own code; what both cost is what the Pulumi SDK charges for registering those resources.
 *
 * (A baseline of empty resources would mostly measure input size, not our program: the SDK's work
 * grows with every input property, and Kubernetes objects have large inputs.)
 */
class ReplayedComponent extends pulumi.ComponentResource {
    constructor(type: string, name: string, opts: pulumi.ComponentResourceOptions) {
        super(type, name, {}, opts);
        this.registerOutputs({});
    }
}

class ReplayedResource extends pulumi.CustomResource {
    constructor(type: string, name: string, inputs: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
        super(type, name, inputs, opts);
    }
}

const STACK = "pulumi:pulumi:Stack";

export function replayProgram(recorded: readonly SynthResource[]): () => Promise<void> {
    return async () => {
        const byUrn = new Map<string, pulumi.Resource>();
        for (const r of recorded) {
            if (r.type === STACK) continue;
            const opts = {
                parent: byUrn.get(r.parent),
                dependsOn: r.dependencies.flatMap((urn) => byUrn.get(urn) ?? []),
            };
            const resource = !r.custom
                ? new ReplayedComponent(r.type, r.name, opts)
                : new ReplayedResource(r.type, r.name, r.external ? {} : r.inputs, r.external ? { ...opts, id: r.id } : opts);
            byUrn.set(r.urn, resource);
        }
    };
}
