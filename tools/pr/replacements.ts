/**
 * Which changes of a Kubernetes object's inputs make Pulumi replace it (delete and create) instead of
 * updating it in place. pulumi-kubernetes decides this in its provider's Diff from `forceNewProperties`
 * (provider/pkg/provider/forcenew.go, v4): `.metadata.name` and `.metadata.namespace` for every kind,
 * since an object cannot be renamed or moved; for a core/v1 Secret also `.type`, `.data` and
 * `.stringData` (Secrets are immutable to the provider unless its `enableSecretMutable` option is set,
 * which this program does not set). Pure functions only; tools/pr/synthDiff.ts renders the result.
 */

type JsonObject = Record<string, unknown>;
const obj = (value: unknown): JsonObject =>
    value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : {};

/** `.metadata.name` and `.metadata.namespace`: every Kubernetes object. */
const METADATA_FORCE_NEW = ["metadata.name", "metadata.namespace"] as const;
/** Replaced on a change of these too, by type token (the provider's defaults). */
const FORCE_NEW_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
    "kubernetes:core/v1:Secret": ["type", "data", "stringData"],
};

export interface SynthResource {
    urn: string;
    type?: string;
    /** A resource the program reads (`get`): nothing is created or replaced. */
    external?: boolean;
    inputs?: unknown;
}

function valueAt(inputs: unknown, path: string): unknown {
    return path.split(".").reduce<unknown>((value, key) => obj(value)[key], inputs);
}

const shown = (value: unknown): string => (value === undefined ? "(none)" : JSON.stringify(value));

/**
 * Why pulumi-kubernetes would replace this object, as `metadata.name "acme" → "letsencrypt-production"`
 * (one entry per field that changed); none when it updates it in place. Only Kubernetes objects the
 * program declares are judged: a read object, a Helm release or an AWS resource is left to its own rules.
 */
export function replacementCauses(before: SynthResource, after: SynthResource): string[] {
    const type = after.type ?? "";
    if (
        !type.startsWith("kubernetes:") ||
        type.startsWith("kubernetes:helm.sh/") ||
        before.type !== after.type ||
        before.external ||
        after.external
    )
        return [];
    const fields = [...METADATA_FORCE_NEW, ...(FORCE_NEW_BY_TYPE[type] ?? [])];
    return fields.flatMap((field) => {
        const from = valueAt(before.inputs, field);
        const to = valueAt(after.inputs, field);
        if (JSON.stringify(from) === JSON.stringify(to)) return [];
        return [field.startsWith("metadata.") ? `${field} ${shown(from)} → ${shown(to)}` : `${field} changed`];
    });
}
