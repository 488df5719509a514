/**
 * Which backend Istio's ingress gateway sends a request to, given the Istio `Gateway`s and
 * `VirtualService`s as emitted: a model of istiod's translation into Envoy routes and of Envoy's
 * choice among them. Read from istio/istio 1.30.3 and 1.31.0-rc.0 (these functions are the same in both):
 *
 * - Server (HTTPS): Envoy picks the filter chain by SNI, the exact server name first, then the longest
 *   wildcard; each HTTPS server of a Gateway has a route configuration of its own. Plain HTTP: every
 *   Gateway's port-80 server on the workload shares one route configuration (`http.80`).
 * - Virtual hosts, `pilot/pkg/networking/core/gateway.go` `buildGatewayHTTPRouteConfig`: each
 *   VirtualService bound to the Gateway contributes its routes to one virtual host per name in the
 *   intersection (`host.Names.Intersection`, pkg/config/host/names.go) of the server's hosts
 *   admitted for its namespace (`NamesForNamespace`) and its own hosts. VirtualServices of one name
 *   are appended in an order the model does not know (istio.io, Traffic Management Best Practices,
 *   "Split large virtual services": "the cross-resource order is UNDEFINED"), then
 *   `route.SortVHostRoutes` moves catch-all routes (`IsCatchAllRoute`: prefix `/` or regex `.*`) to
 *   the end. A server with `httpsRedirect` makes its virtual hosts answer with a redirect to HTTPS.
 * - Routes of one VirtualService, `pilot/pkg/networking/core/route/route.go`
 *   `BuildHTTPRoutesForVirtualService`: one Envoy route per `match` entry in order (a rule without
 *   `match` is one route with prefix `/`), nothing after the first catch-all; `TranslateRouteMatch`
 *   turns `uri.exact` into Envoy `path`, `uri.prefix` into `prefix` and `uri.regex` into `safe_regex`.
 * - Envoy, envoy/config/route/v3/route_components.proto: `VirtualHost.domains` are searched exact name
 *   first, then suffix wildcards, longest first; "The first route that matches will be used";
 *   `prefix` "must match the beginning of the :path header" (a plain string prefix, query included);
 *   `path` must equal the path "once the query string is removed"; `safe_regex` must match "the entire
 *   path (without the query string)" (RE2).
 */
import { serverHostScope } from "./istioBinding";
import {
    backendOf,
    K8sObject,
    outcomeOfOrders,
    pathOnly,
    permutations,
    re2FullMatch,
    RoutingOutcome,
    RoutingRequest,
    WeightedTarget,
} from "./routingOutcome";

export interface IstioServer {
    port: { number: number; name?: string; protocol: string };
    hosts: string[];
    tls?: { mode?: string; credentialName?: string; httpsRedirect?: boolean };
}
export interface IstioGatewaySpec {
    selector: Record<string, string>;
    servers: IstioServer[];
}
export interface StringMatch {
    exact?: string;
    prefix?: string;
    regex?: string;
}
export interface VirtualServiceSpec {
    hosts: string[];
    gateways: string[];
    http: Array<{
        match?: Array<{ uri?: StringMatch }>;
        route: Array<{ destination: { host: string; port?: { number: number } }; weight?: number }>;
    }>;
}

export interface IstioObjects {
    gateways: ReadonlyArray<K8sObject<IstioGatewaySpec>>;
    virtualServices: ReadonlyArray<K8sObject<VirtualServiceSpec>>;
}

interface EnvoyRoute {
    match: { prefix?: string; path?: string; regex?: string };
    backend: string;
}

/** A VirtualService's routes in one virtual host, as one fragment among those merged there. */
interface Fragment {
    virtualService: string;
    routes: EnvoyRoute[];
}

interface VirtualHost {
    fragments: Fragment[];
    requireTls: boolean;
}

const namespaceOf = (object: K8sObject<unknown>) => object.metadata.namespace ?? "default";

/** Istio's `SubsetOf` (pkg/config/host/name.go): `a` is covered by `b`. */
function subsetOf(a: string, b: string): boolean {
    const aWildcard = a.startsWith("*");
    const bWildcard = b.startsWith("*");
    if (aWildcard) return bWildcard && a.length >= b.length && a.slice(1).endsWith(b.slice(1));
    if (bWildcard) return a.endsWith(b.slice(1));
    return a === b;
}

/** Istio's `Names.Intersection`: for each pair, the narrower name. */
function intersection(serverHosts: readonly string[], vsHosts: readonly string[]): string[] {
    const result: string[] = [];
    for (const s of serverHosts) {
        for (const v of vsHosts) {
            const narrower = subsetOf(s, v) ? s : subsetOf(v, s) ? v : undefined;
            if (narrower !== undefined && !result.includes(narrower)) result.push(narrower);
        }
    }
    return result;
}

/** Envoy's search of names (virtual host domains, SNI server names): the exact name, then the longest matching suffix wildcard. */
export function mostSpecificName(names: Iterable<string>, host: string): string | undefined {
    let best: string | undefined;
    for (const name of names) {
        if (name === host) return name;
        const suffix = name.startsWith("*") ? name.slice(1) : undefined;
        if (suffix !== undefined && host.endsWith(suffix) && host.length > suffix.length) {
            if (best === undefined || name.length > best.length) best = name;
        }
    }
    return best;
}

/** `destination.host` as Istio resolves it: a short name in the VirtualService's namespace. */
function destinationTarget(host: string, port: number | undefined, namespace: string): string {
    const fqdn = host.includes(".") ? host : `${host}.${namespace}.svc.cluster.local`;
    return `${fqdn}:${port ?? "?"}`;
}

function isCatchAll(route: EnvoyRoute): boolean {
    return route.match.prefix === "/" || route.match.regex === ".*";
}

/** `BuildHTTPRoutesForVirtualService`: one route per match, none after the first catch-all. */
function envoyRoutesOf(vs: K8sObject<VirtualServiceSpec>): EnvoyRoute[] {
    const routes: EnvoyRoute[] = [];
    for (const rule of vs.spec.http) {
        const targets: WeightedTarget[] = rule.route.map((r) => ({
            target: destinationTarget(r.destination.host, r.destination.port?.number, namespaceOf(vs)),
            weight: r.weight ?? (rule.route.length === 1 ? 100 : 0),
        }));
        const backend = backendOf(targets);
        const matches = rule.match && rule.match.length > 0 ? rule.match : [undefined];
        for (const match of matches) {
            const uri = match?.uri;
            const route: EnvoyRoute = {
                match:
                    uri?.exact !== undefined
                        ? { path: uri.exact }
                        : uri?.prefix !== undefined
                          ? { prefix: uri.prefix }
                          : uri?.regex !== undefined
                            ? { regex: uri.regex }
                            : { prefix: "/" },
                backend,
            };
            routes.push(route);
            if (isCatchAll(route)) return routes;
        }
    }
    return routes;
}

function routeMatches(route: EnvoyRoute, rawPath: string): boolean {
    if (route.match.prefix !== undefined) return rawPath.startsWith(route.match.prefix);
    if (route.match.path !== undefined) return pathOnly(rawPath) === route.match.path;
    return re2FullMatch(route.match.regex ?? "", pathOnly(rawPath));
}

function boundTo(vs: K8sObject<VirtualServiceSpec>, gateway: K8sObject<IstioGatewaySpec>): boolean {
    const ref = `${namespaceOf(gateway)}/${gateway.metadata.name}`;
    return vs.spec.gateways.some((g) => (g.includes("/") ? g : `${namespaceOf(vs)}/${g}`) === ref);
}

/** The virtual hosts of one route configuration, built from the servers that share it. */
function virtualHosts(servers: ReadonlyArray<{ server: IstioServer; gateway: K8sObject<IstioGatewaySpec> }>, objects: IstioObjects) {
    const hosts = new Map<string, VirtualHost>();
    const vhost = (domain: string) => {
        const found = hosts.get(domain) ?? { fragments: [], requireTls: false };
        hosts.set(domain, found);
        return found;
    };
    for (const { server, gateway } of servers) {
        const redirect = server.tls?.httpsRedirect === true;
        for (const vs of objects.virtualServices.filter((candidate) => boundTo(candidate, gateway))) {
            const admitted = server.hosts
                .map((h) => serverHostScope(h, namespaceOf(gateway)))
                .filter((scope) => scope.namespace === undefined || scope.namespace === namespaceOf(vs))
                .map((scope) => scope.host);
            const id = `${namespaceOf(vs)}/${vs.metadata.name}`;
            for (const domain of intersection(admitted, vs.spec.hosts)) {
                const target = vhost(domain.toLowerCase());
                if (!target.fragments.some((f) => f.virtualService === id))
                    target.fragments.push({ virtualService: id, routes: envoyRoutesOf(vs) });
                if (redirect) target.requireTls = true;
            }
        }
        // The redirect-only virtual host of a host no VirtualService routes takes the server host as written,
        // `namespace/name` included (the loop over `server.Hosts` in `buildGatewayHTTPRouteConfig`): a
        // domain no request names, so such a host gets no redirect from it.
        if (redirect) for (const h of server.hosts) vhost(h.toLowerCase()).requireTls = true;
    }
    return hosts;
}

/** The first matching route of a virtual host, for every order its fragments may come in. */
function routeInVirtualHost(host: VirtualHost, rawPath: string): RoutingOutcome {
    const possible = permutations(host.fragments).map((order): RoutingOutcome => {
        const appended = order.flatMap((fragment) => fragment.routes);
        const sorted = [...appended.filter((r) => !isCatchAll(r)), ...appended.filter(isCatchAll)];
        const route = sorted.find((r) => routeMatches(r, rawPath));
        return route ? { kind: "backend", backend: route.backend } : { kind: "notFound", why: "no route of the virtual host matches" };
    });
    return possible.length === 0 ? { kind: "notFound", why: "empty virtual host" } : outcomeOfOrders(possible);
}

/** Where Istio's gateway sends `request`; a plain-HTTP request answered with a redirect continues as HTTPS. */
export function istioOutcome(objects: IstioObjects, request: RoutingRequest): RoutingOutcome {
    const host = request.host.toLowerCase();
    const all = objects.gateways.flatMap((gateway) => gateway.spec.servers.map((server) => ({ server, gateway })));
    if (request.scheme === "http") {
        const plain = all.filter(({ server }) => server.port.number === 80 && server.port.protocol === "HTTP");
        const hosts = virtualHosts(plain, objects);
        const domain = mostSpecificName(hosts.keys(), host);
        const vhost = domain === undefined ? undefined : hosts.get(domain);
        if (vhost === undefined) return { kind: "notFound", why: "no virtual host on port 80" };
        if (vhost.requireTls) return istioOutcome(objects, { ...request, scheme: "https" });
        return routeInVirtualHost(vhost, request.path);
    }
    const https = all.filter(({ server }) => server.port.number === 443 && server.port.protocol === "HTTPS");
    const names = new Map<string, (typeof https)[number]>();
    for (const entry of https) for (const h of entry.server.hosts) names.set(serverHostScope(h, namespaceOf(entry.gateway)).host, entry);
    const serverName = mostSpecificName(names.keys(), host);
    const chosen = serverName === undefined ? undefined : names.get(serverName);
    if (chosen === undefined) return { kind: "notFound", why: "no server for this name (TLS handshake fails)" };
    const hosts = virtualHosts([chosen], objects);
    const domain = mostSpecificName(hosts.keys(), host);
    const vhost = domain === undefined ? undefined : hosts.get(domain);
    return vhost === undefined ? { kind: "notFound", why: "no virtual host" } : routeInVirtualHost(vhost, request.path);
}
