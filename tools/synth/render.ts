import type { SynthResource, SynthResult } from "./engine";
import { stringifyLikeYaml } from "./yamlWrite";

/** `resources.json`: project, stack and every resource in registration order. */
export function renderResourcesJson(result: SynthResult): string {
    return `${JSON.stringify({ project: result.project, stack: result.stack, resources: result.resources }, null, 2)}\n`;
}

const NOT_A_MANIFEST = new Set(["kubernetes:helm.sh/v3:Release"]);

/** The Kubernetes objects the program declares itself: not Helm releases, not objects it only reads. */
export function declaredObjects(resources: readonly SynthResource[]): Array<Record<string, unknown>> {
    return resources
        .filter((r) => r.custom && !r.external && r.type.startsWith("kubernetes:") && !NOT_A_MANIFEST.has(r.type))
        .map((r) => {
            const { apiVersion, kind, metadata, ...rest } = r.inputs;
            return { apiVersion, kind, metadata, ...rest };
        });
}

/** `manifests.yaml`: those objects as they would be applied, secrets redacted. */
export function renderManifests(resources: readonly SynthResource[]): string {
    return declaredObjects(resources)
        .map((object) => stringifyLikeYaml(object))
        .join("---\n");
}

/**
 * Components a provider builds (remote components): they create objects, as a custom resource does,
 * though the objects are known only to the provider.
 */
const REMOTE_COMPONENT_TYPES = new Set(["kubernetes:yaml/v2:ConfigFile"]);

/** Whether deploying `r` creates something: a custom resource, or a remote component (its objects). */
export function createsObjects(r: SynthResource): boolean {
    return r.custom || REMOTE_COMPONENT_TYPES.has(r.type);
}

/**
 * Deployment waves: a resource's wave is one more than the latest wave among what it depends on,
 * counting only what creates objects (our components create nothing themselves).
 */
export function deploymentWaves(resources: readonly SynthResource[]): SynthResource[][] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const wave = new Map<string, number>();
    const waveOf = (r: SynthResource): number => {
        const known = wave.get(r.urn);
        if (known !== undefined) return known;
        wave.set(r.urn, 0);
        let w = 0;
        for (const dep of r.dependencies) {
            const d = byUrn.get(dep);
            if (d && createsObjects(d)) w = Math.max(w, waveOf(d) + 1);
        }
        wave.set(r.urn, w);
        return w;
    };
    const waves: SynthResource[][] = [];
    for (const r of resources.filter(createsObjects)) (waves[waveOf(r)] ??= []).push(r);
    return waves;
}

/** `kubernetes:core/v1:Namespace` -> `Namespace`: the kind a name stands for, as "By type" lists it in full. */
export function shortType(type: string): string {
    return type.slice(type.lastIndexOf(":") + 1);
}

/**
 * The namespaces the stack's objects (and Helm releases) go into that it does not create itself, and
 * those it reads (routes' backends among them): the API server refuses an object in a namespace that
 * does not exist, and the stack stops at the read of a missing one, so these must exist before
 * `pulumi up` (docs/namespaces.md).
 */
export function expectedNamespaces(resources: readonly SynthResource[]): string[] {
    const objects = declaredObjects(resources);
    const created = new Set(
        objects
            .filter((o) => o.apiVersion === "v1" && o.kind === "Namespace")
            .map((o) => (o.metadata as { name?: unknown } | undefined)?.name)
            .filter((name): name is string => typeof name === "string"),
    );
    const used = [
        ...objects.map((o) => (o.metadata as { namespace?: unknown } | undefined)?.namespace),
        ...resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release").map((r) => r.inputs.namespace),
        // Namespaces the stack reads (namespaces.create: false): it stops at the read of a missing one.
        ...resources.filter((r) => r.external && r.type === "kubernetes:core/v1:Namespace").map((r) => r.id),
    ].filter((namespace): namespace is string => typeof namespace === "string" && namespace !== "");
    return [...new Set(used)].filter((namespace) => !created.has(namespace)).sort();
}

/** The short summary synth prints: counts by type, then the deployment waves, each name with its type. */
export function renderSummary(result: SynthResult): string {
    const counts = new Map<string, number>();
    for (const r of result.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    const expected = expectedNamespaces(result.resources);
    const lines = [
        `${result.project}/${result.stack}: ${result.resources.length} resources`,
        `Namespaces that must exist before \`pulumi up\` (the stack does not create them): ${expected.length > 0 ? expected.join(", ") : "none"}`,
        "",
        "By type:",
    ];
    for (const [type, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) lines.push(`  ${String(count).padStart(4)}  ${type}`);
    lines.push("", "Dependency order (each wave waits only for earlier waves):");
    deploymentWaves(result.resources).forEach((members, index) => {
        lines.push(`  wave ${index + 1}: ${members.map((r) => `${r.name} (${shortType(r.type)}${r.external ? ", read" : ""})`).join(", ")}`);
    });
    if (Object.keys(result.outputs).length > 0) {
        lines.push("", "Stack outputs:");
        for (const [key, value] of Object.entries(result.outputs)) lines.push(`  ${key}: ${JSON.stringify(value)}`);
    }
    return `${lines.join("\n")}\n`;
}
