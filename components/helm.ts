/** Where a chart comes from, in the shape `k8s.helm.v3.Release` takes. */
export function chartSource(repository: string, chart: string): { chart: string; repositoryOpts?: { repo: string } } {
    return repository.startsWith("oci://") ? { chart: `${repository}/${chart}` } : { chart, repositoryOpts: { repo: repository } };
}

/**
 * Settings every release here shares: Helm waits for the release's workloads and hook jobs
 * (`skipAwait: false`), so whatever depends on a release finds it running.
 */
export const RELEASE_DEFAULTS = {
    createNamespace: false,
    skipAwait: false,
    waitForJobs: true,
    cleanupOnFail: true,
    timeout: 600,
    maxHistory: 10,
} as const;

/** Chart values: a tree of maps, lists and scalars (and Pulumi inputs where a value is known only at deploy time). */
export type ValueTree = Record<string, unknown>;

/** A map of values (a YAML mapping); anything else, a Pulumi output included, is a value taken whole. */
export function isPlainMap(value: unknown): value is ValueTree {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
    const prototype = Object.getPrototypeOf(value) as unknown;
    return prototype === Object.prototype || prototype === null;
}

/**
 * `over` merged onto `base` the way Helm merges a values file onto a chart's defaults: maps merge
 * key by key, anything else (lists, scalars, Pulumi outputs) in `over` replaces what `base` has.
 * Neither argument is modified. It is also Helm's rule for several values files (helm/helm v3
 * pkg/cli/values/options.go `mergeMaps`), which pass-through values follow over ours: `null`
 * replaces too, and Helm then removes that key from the chart's defaults (pkg/chartutil/coalesce.go).
 */
export function mergeChartValues(base: ValueTree, over: ValueTree): ValueTree {
    const merged: ValueTree = { ...base };
    for (const [key, value] of Object.entries(over)) {
        const current = merged[key];
        merged[key] = isPlainMap(current) && isPlainMap(value) ? mergeChartValues(current, value) : value;
    }
    return merged;
}
