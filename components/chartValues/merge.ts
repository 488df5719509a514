/**
 * Chart values merged as Helm merges them, so that a user's values over ours mean what the same
 * values would mean in a second values file (`helm install -f ours.yaml -f yours.yaml`).
 */

/** A map of values (a YAML mapping); anything else, a Pulumi output included, is a value taken whole. */
export function isValuesMap(value: unknown): value is Record<string, unknown> {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
    const prototype = Object.getPrototypeOf(value) as unknown;
    return prototype === Object.prototype || prototype === null;
}

/**
 * `theirs` over `ours`, by Helm's rule for several values files (helm/helm v3 pkg/cli/values/options.go
 * `mergeMaps`): where both hold a map the maps merge key by key; otherwise the later value replaces the
 * earlier, lists included (a list is never merged item by item). `null` replaces too: Helm then removes
 * that key from the chart's defaults when it coalesces them (pkg/chartutil/coalesce.go), which is how a
 * values file switches a default off. Neither argument is changed.
 */
export function mergeChartValues(ours: Record<string, unknown>, theirs: Record<string, unknown> | undefined): Record<string, unknown> {
    if (theirs === undefined) return ours;
    const merged: Record<string, unknown> = { ...ours };
    for (const [key, value] of Object.entries(theirs)) {
        const under = merged[key];
        merged[key] = isValuesMap(value) && isValuesMap(under) ? mergeChartValues(under, value) : value;
    }
    return merged;
}
