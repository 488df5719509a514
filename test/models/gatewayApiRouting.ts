/**
 * Which backend a request reaches through Kubernetes Gateways and HTTPRoutes as emitted: a model of
 * the Gateway API's published rules, with Istio's choices where the specification leaves one to the
 * implementation. Sources: gateway.networking.k8s.io_httproutes.yaml and _gateways.yaml, Gateway API
 * v1.6.1 standard channel (the field docs; the same text in v1.5.1), and istio/istio 1.30.3 and
 * 1.31.0-rc.0 `pilot/pkg/config/kube/gateway` (the same in both).
 *
 * - Which Gateway: each host's Route53 record points at the load balancer of the Gateway that lists it,
 *   so a name reaches the Gateway whose listener names it most specifically (an exact name before a
 *   wildcard). Which listener: Listener `hostname` docs, "Exact matches MUST be processed before
 *   wildcard matches", more specific wildcards first; plain HTTP reaches the port-80 listener.
 * - Which routes: an HTTPRoute attaches to a listener its `parentRefs` name (by `sectionName`) when the
 *   listener's `allowedRoutes` admits its namespace and kind, and when, both giving hostnames, at least
 *   one intersects (HTTPRoute `hostnames` docs).
 * - Among routes whose hostnames match the request: "precedence must be given to rules from the
 *   HTTPRoute with the largest number of: Characters in a matching non-wildcard hostname. Characters
 *   in a matching hostname." The model reads it as Istio implements it: only the routes of the most
 *   specific hostname are consulted (conversion.go builds one VirtualService per hostname, "so we can
 *   treat each hostname independently, as the spec requires"; Envoy Gateway does the same,
 *   envoyproxy/gateway#5500).
 * - Among their rules (`HTTPRouteRule.matches` docs): a rule without matches is a `PathPrefix` `/`;
 *   "precedence must be given to the match having: Exact path match. Prefix path match with largest
 *   number of characters. ..."; "The precedence of RegularExpression path matches are
 *   implementation-specific": Istio's `sortHTTPRoutes` and `getURIRank` rank Exact, then PathPrefix,
 *   then RegularExpression, each longer value first. Ties across routes go to the oldest route, which
 *   the model does not know (creation time), so such a tie is an undefined order; within a route "the
 *   FIRST matching rule (in list order)".
 * - Matching (`HTTPPathMatch.type`): Exact is the whole path, case-sensitive; PathPrefix matches whole
 *   path elements, "a trailing `/` is ignored"; RegularExpression is handed to Envoy's `safe_regex`,
 *   an RE2 match of the whole path. The query string is not part of the path.
 */
import { mostSpecificName } from "./istioRouting";
import {
    backendOf,
    K8sObject,
    outcomeOfOrders,
    pathOnly,
    re2FullMatch,
    RoutingOutcome,
    RoutingRequest,
    WeightedTarget,
} from "./routingOutcome";

export interface ListenerSpec {
    name: string;
    hostname?: string;
    port: number;
    protocol: string;
    allowedRoutes?: {
        namespaces?: {
            from?: "Same" | "All" | "Selector";
            selector?: {
                matchLabels?: Record<string, string>;
                matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
            };
        };
        kinds?: Array<{ group?: string; kind: string }>;
    };
}
export interface KubernetesGatewaySpec {
    gatewayClassName: string;
    listeners: ListenerSpec[];
}
export interface HttpPathMatch {
    type?: "Exact" | "PathPrefix" | "RegularExpression";
    value?: string;
}
export interface HttpRouteSpec {
    parentRefs: Array<{ group?: string; kind?: string; name: string; namespace?: string; sectionName?: string }>;
    hostnames?: string[];
    rules: Array<{
        matches?: Array<{ path?: HttpPathMatch }>;
        filters?: Array<{ type: string }>;
        backendRefs?: Array<{ group?: string; kind?: string; name: string; namespace?: string; port?: number; weight?: number }>;
    }>;
}

export interface GatewayApiObjects {
    gateways: ReadonlyArray<K8sObject<KubernetesGatewaySpec>>;
    httpRoutes: ReadonlyArray<K8sObject<HttpRouteSpec>>;
}

const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
const namespaceOf = (object: K8sObject<unknown>) => object.metadata.namespace ?? "default";

/** A Gateway API hostname matching a request name: exact, or a `*.` wildcard as a suffix (one label or more). */
function hostnameMatches(hostname: string, host: string): boolean {
    if (!hostname.startsWith("*.")) return hostname === host;
    return host.endsWith(hostname.slice(1)) && host.length > hostname.length - 1;
}

/** Two hostnames intersect when one matches the other (HTTPRoute `hostnames` docs). */
function hostnamesIntersect(a: string, b: string): boolean {
    if (a === b) return true;
    if (a.startsWith("*.") && b.startsWith("*.")) return a.endsWith(b.slice(1)) || b.endsWith(a.slice(1));
    return hostnameMatches(a, b) || hostnameMatches(b, a);
}

function admitsNamespace(listener: ListenerSpec, gatewayNamespace: string, routeNamespace: string): boolean {
    const namespaces = listener.allowedRoutes?.namespaces;
    const from = namespaces?.from ?? "Same";
    if (from === "All") return true;
    if (from === "Same") return routeNamespace === gatewayNamespace;
    const selector = namespaces?.selector ?? {};
    const labels: Record<string, string | undefined> = { [NAMESPACE_NAME_LABEL]: routeNamespace };
    const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
    const byExpressions = (selector.matchExpressions ?? []).every((expression) => {
        if (expression.operator !== "In" && expression.operator !== "NotIn") {
            throw new Error(`model: selector operator ${expression.operator} is not modelled`);
        }
        const value = labels[expression.key];
        const has = value !== undefined && (expression.values ?? []).includes(value);
        return expression.operator === "In" ? has : !has;
    });
    return byLabels && byExpressions;
}

function admitsKind(listener: ListenerSpec): boolean {
    const kinds = listener.allowedRoutes?.kinds;
    return (
        kinds === undefined ||
        kinds.some((k) => k.kind === "HTTPRoute" && (k.group ?? "gateway.networking.k8s.io") === "gateway.networking.k8s.io")
    );
}

/** The route's hostnames that count on `listener`, or undefined when the route is not attached to it. */
function attachedHostnames(
    route: K8sObject<HttpRouteSpec>,
    gateway: K8sObject<KubernetesGatewaySpec>,
    listener: ListenerSpec,
): string[] | undefined {
    const names = route.spec.parentRefs.some(
        (ref) =>
            (ref.group ?? "gateway.networking.k8s.io") === "gateway.networking.k8s.io" &&
            (ref.kind ?? "Gateway") === "Gateway" &&
            ref.name === gateway.metadata.name &&
            (ref.namespace ?? namespaceOf(route)) === namespaceOf(gateway) &&
            (ref.sectionName === undefined || ref.sectionName === listener.name),
    );
    if (!names || !admitsKind(listener) || !admitsNamespace(listener, namespaceOf(gateway), namespaceOf(route))) return undefined;
    const hostnames = route.spec.hostnames ?? [];
    if (hostnames.length === 0) return [listener.hostname ?? "*"];
    if (listener.hostname === undefined) return hostnames;
    const kept = hostnames.filter((hostname) => hostnamesIntersect(hostname, listener.hostname ?? ""));
    return kept.length > 0 ? kept : undefined;
}

/** `[characters of a matching non-wildcard hostname, characters of a matching hostname]`, or undefined when none matches. */
function hostnameScore(hostnames: readonly string[], host: string): [number, number] | undefined {
    let best: [number, number] | undefined;
    for (const hostname of hostnames) {
        if (hostname !== "*" && !hostnameMatches(hostname, host)) continue;
        const score: [number, number] = hostname.startsWith("*") ? [0, hostname.length] : [hostname.length, hostname.length];
        if (best === undefined || score[0] > best[0] || (score[0] === best[0] && score[1] > best[1])) best = score;
    }
    return best;
}

/** A match's rank: Exact, PathPrefix, RegularExpression (Istio's `getURIRank`), then its length (a prefix without its trailing `/`). */
function precedence(path: Required<HttpPathMatch>): [number, number] {
    if (path.type === "Exact") return [3, path.value.length];
    if (path.type === "PathPrefix") return [2, trimmedPrefix(path.value).length];
    return [1, path.value.length];
}

function trimmedPrefix(value: string): string {
    return value !== "/" && value.endsWith("/") ? value.slice(0, -1) : value;
}

function pathMatches(path: Required<HttpPathMatch>, requestPath: string): boolean {
    if (path.type === "Exact") return requestPath === path.value;
    if (path.type === "PathPrefix") {
        const prefix = trimmedPrefix(path.value);
        return prefix === "/" || requestPath === prefix || requestPath.startsWith(`${prefix}/`);
    }
    return re2FullMatch(path.value, requestPath);
}

interface Candidate {
    route: string;
    key: [number, number];
    /** A redirect to HTTPS, or the backend. */
    action: { redirect: true } | { redirect: false; backend: string };
}

function actionOf(route: K8sObject<HttpRouteSpec>, rule: HttpRouteSpec["rules"][number]): Candidate["action"] {
    if ((rule.filters ?? []).some((filter) => filter.type === "RequestRedirect")) return { redirect: true };
    const targets: WeightedTarget[] = (rule.backendRefs ?? []).map((ref) => ({
        target:
            (ref.kind ?? "Service") === "Service" && (ref.group ?? "") === ""
                ? `${ref.name}.${ref.namespace ?? namespaceOf(route)}.svc.cluster.local:${ref.port ?? "?"}`
                : `${ref.kind}/${ref.name}`,
        weight: ref.weight ?? 1,
    }));
    return { redirect: false, backend: backendOf(targets) };
}

/** The gateway whose listener names `host` most specifically: where its Route53 record leads. */
function gatewayOfHost(objects: GatewayApiObjects, host: string): K8sObject<KubernetesGatewaySpec> | undefined {
    const byName = new Map<string, K8sObject<KubernetesGatewaySpec>>();
    for (const gateway of objects.gateways)
        for (const l of gateway.spec.listeners) if (l.hostname !== undefined) byName.set(l.hostname, gateway);
    const name = mostSpecificName(byName.keys(), host);
    return name === undefined ? undefined : byName.get(name);
}

/** Where `request` ends through the Gateways and HTTPRoutes; a redirect to HTTPS continues as the HTTPS request. */
export function gatewayApiOutcome(objects: GatewayApiObjects, request: RoutingRequest): RoutingOutcome {
    const host = request.host.toLowerCase();
    const gateway = gatewayOfHost(objects, host);
    if (gateway === undefined) return { kind: "notFound", why: "no Gateway lists this name (no DNS record)" };
    const port = request.scheme === "https" ? 443 : 80;
    const onPort = gateway.spec.listeners.filter((l) => l.port === port);
    const named = new Map(onPort.filter((l) => l.hostname !== undefined).map((l) => [l.hostname ?? "", l]));
    const specific = mostSpecificName(named.keys(), host);
    const listener = specific !== undefined ? named.get(specific) : onPort.find((l) => l.hostname === undefined);
    if (listener === undefined) return { kind: "notFound", why: `no listener on port ${port} for this name` };

    const attached = objects.httpRoutes.flatMap((route) => {
        const hostnames = attachedHostnames(route, gateway, listener);
        const score = hostnames === undefined ? undefined : hostnameScore(hostnames, host);
        return score === undefined ? [] : [{ route, score }];
    });
    if (attached.length === 0) return { kind: "notFound", why: "no route attached for this name" };
    const best = attached.reduce((top, entry) =>
        entry.score[0] > top.score[0] || (entry.score[0] === top.score[0] && entry.score[1] > top.score[1]) ? entry : top,
    );
    const consulted = attached.filter((entry) => entry.score[0] === best.score[0] && entry.score[1] === best.score[1]);

    const requestPath = pathOnly(request.path);
    const candidates: Candidate[] = [];
    for (const { route } of consulted) {
        for (const rule of route.spec.rules) {
            const matches = rule.matches && rule.matches.length > 0 ? rule.matches : [{}];
            for (const match of matches) {
                const path = { type: match.path?.type ?? "PathPrefix", value: match.path?.value ?? "/" };
                if (!pathMatches(path, requestPath)) continue;
                candidates.push({
                    route: `${namespaceOf(route)}/${route.metadata.name}`,
                    key: precedence(path),
                    action: actionOf(route, rule),
                });
            }
        }
    }
    if (candidates.length === 0) return { kind: "notFound", why: "no rule matches" };
    const top = candidates.reduce((a, b) => (b.key[0] > a.key[0] || (b.key[0] === a.key[0] && b.key[1] > a.key[1]) ? b : a));
    const tied = candidates.filter((c) => c.key[0] === top.key[0] && c.key[1] === top.key[1]);
    // Within a route the first in list order wins; between routes the oldest, which is not known here.
    const firstOfEachRoute = [...new Map(tied.reverse().map((c) => [c.route, c])).values()];
    const possible = firstOfEachRoute.map((c): RoutingOutcome =>
        c.action.redirect ? gatewayApiOutcome(objects, { ...request, scheme: "https" }) : { kind: "backend", backend: c.action.backend },
    );
    return outcomeOfOrders(possible);
}
