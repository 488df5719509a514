/**
 * What a request to a gateway ends in, as the two request-matching models (istioRouting.ts,
 * gatewayApiRouting.ts) report it: a backend (with the traffic split), no route (404), or an order
 * that the system leaves undefined (several backends, each possible).
 */
import { RE2JS } from "re2js";

/** One request: its scheme (port 443 or 80), `Host` and `:path` (which may carry a query string). */
export interface RoutingRequest {
    scheme: "https" | "http";
    host: string;
    path: string;
}

export type RoutingOutcome =
    { kind: "backend"; backend: string } | { kind: "notFound"; why: string } | { kind: "undefined"; backends: string[] };

/** The objects a model reads: what synth declared, `metadata` and `spec` as written. */
export interface K8sObject<Spec> {
    metadata: { name: string; namespace?: string };
    spec: Spec;
}

/** One weighted target: a Service as `name.namespace.svc.cluster.local:port`, or another host as given. */
export interface WeightedTarget {
    target: string;
    weight: number;
}

/** A backend written the same way in both models: targets sorted, each with its share in percent when there are several. */
export function backendOf(targets: readonly WeightedTarget[]): string {
    if (targets.length === 0) return "(no backend)";
    if (targets.length === 1) return targets[0].target;
    const total = targets.reduce((sum, t) => sum + t.weight, 0);
    return [...targets]
        .sort((a, b) => a.target.localeCompare(b.target))
        .map((t) => `${t.target} ${Math.round((t.weight * 10000) / total) / 100}%`)
        .join(", ");
}

/** The one outcome when every possible order gives the same, else `undefined` with the possibilities. */
export function outcomeOfOrders(possible: readonly RoutingOutcome[]): RoutingOutcome {
    const distinct = new Map(possible.map((outcome) => [describeOutcome(outcome), outcome]));
    if (distinct.size === 1) return [...distinct.values()][0];
    return { kind: "undefined", backends: [...distinct.keys()].sort() };
}

export function describeOutcome(outcome: RoutingOutcome): string {
    switch (outcome.kind) {
        case "backend":
            return outcome.backend;
        case "notFound":
            return "404";
        case "undefined":
            return `undefined order: ${outcome.backends.join(" | ")}`;
    }
}

/** The path without its query string: what exact, path-prefix and regex path matches look at. */
export function pathOnly(path: string): string {
    const query = path.indexOf("?");
    return query < 0 ? path : path.slice(0, query);
}

const regexes = new Map<string, RE2JS>();
/** RE2 full match (RE2JS `matches`: the entire input), as Envoy's `safe_regex` matches the path. */
export function re2FullMatch(regex: string, input: string): boolean {
    let compiled = regexes.get(regex);
    if (compiled === undefined) {
        compiled = RE2JS.compile(regex);
        regexes.set(regex, compiled);
    }
    return compiled.matches(input);
}

/** Every order of `items` (few: the routes of one host). */
export function permutations<T>(items: readonly T[]): T[][] {
    if (items.length > 7) throw new Error(`${items.length} items: too many orders to try`);
    if (items.length <= 1) return [[...items]];
    return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}
