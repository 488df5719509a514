/**
 * Routes whose meaning an order would decide, refused: two routes of one host that can take the same
 * request, a rule that an earlier rule of its route leaves no request, and a rule that the two APIs
 * would rank differently. A config that passes means the same with Istio's API and the Gateway API
 * (docs/routing.md; test/routing proves it with a request-matching model of each).
 *
 * - Istio merges the VirtualServices of one host: "the cross-resource order is UNDEFINED" (istio.io,
 *   Traffic Management Best Practices, "Split large virtual services"), except that catch-all rules
 *   (no `match`) "will be moved to the end of the list in the merged configuration". The Gateway
 *   API ranks Exact, then the longest PathPrefix, and a tie between two routes goes to the older one:
 *   a creation time no plan controls. Two routes of a host may therefore share requests only where
 *   one takes every path and the other's rule is no regex.
 * - Within a route Istio's API takes the first rule that matches; the Gateway API ranks the matches
 *   (Istio's `sortHTTPRoutes`: Exact, PathPrefix, then RegularExpression, longer first) and falls back
 *   to the rule order on a tie. The two agree when no rule that may share a path with an earlier one
 *   ranks above it: a later rule that the earlier takes whole is dead in Istio's API (and would win in
 *   the Gateway API's), and a rule after a regex that may take the regex's paths would win there too.
 * - Which route serves a name: Istio sends a name to the virtual host that names it exactly, the
 *   Gateway API to the listener and routes of its most specific hostname; a name one gateway lists
 *   exactly never reaches another gateway's wildcard, and a name a gateway lists below a wildcard
 *   has a listener of its own with the Gateway API but can fall to the wildcard's routes in Istio.
 */
import { hostMatches, isWildcard } from "./dns";
import { mayShareAPath, PathMatch, pathMatchOf, sharedPathExample, takesEveryPathOf, UriMatch } from "./pathMatch";
import type { Issue } from "./raw";

/** What the checks read of a route: each part undefined (or a rule `null`) where it is invalid on its own. */
export interface RouteMatchView {
    name?: string;
    gateway?: string;
    /** The route's namespace, its default applied (its gateway's, else the gateway namespace). */
    namespace?: string;
    hosts: ReadonlyArray<string | undefined>;
    /** Each rule's `match`: undefined for a rule without one, null where the match or the rule is invalid. */
    rules: ReadonlyArray<UriMatch | undefined | null>;
}

export interface GatewayHostsView {
    name?: string;
    hosts: ReadonlyArray<string | undefined>;
    /** Its `httpsRedirect`, default applied; undefined where invalid. */
    httpsRedirect?: boolean;
}

/** A rule as a message names it: `http[1] (prefix "/api")`. */
function describeRule(index: number, match: UriMatch | undefined): string {
    if (match === undefined) return `http[${index}] (every path)`;
    const kind = match.prefix !== undefined ? "prefix" : match.exact !== undefined ? "exact" : "regex";
    return `http[${index}] (${kind} ${JSON.stringify(match[kind] ?? "")})`;
}

const routeLabel = (index: number, route: RouteMatchView) => `routes[${index}]${route.name ? ` (${route.name})` : ""}`;

/** The Gateway API's rank of a match as Istio implements it: [type, length]; higher wins. */
function gatewayApiRank(match: PathMatch): [number, number] {
    switch (match.kind) {
        case "exact":
            return [3, match.path.length];
        case "prefix":
            return [2, match.base.length];
        case "all":
            return [2, 1];
        case "regex":
            return [1, match.regex.length];
    }
}

const ranksAbove = (a: [number, number], b: [number, number]) => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);

/** Rules of one route that a later rule cannot follow: dead rules, and rules the Gateway API would rank above an earlier regex. */
function ruleOrderIssues(r: number, route: RouteMatchView): Issue[] {
    const issues: Issue[] = [];
    const matches = route.rules.map((rule) => (rule === null ? undefined : pathMatchOf(rule)));
    matches.forEach((later, j) => {
        if (later === undefined) return;
        for (let i = 0; i < j; i++) {
            const earlier = matches[i];
            if (earlier === undefined || !mayShareAPath(earlier, later)) continue;
            const earlierRule = describeRule(i, route.rules[i] ?? undefined);
            if (takesEveryPathOf(earlier, later)) {
                const hint =
                    earlier.kind === "all"
                        ? "a rule that takes every path must be the last"
                        : "put the narrower rule first, or remove this one";
                issues.push({
                    path: ["routes", r, "http", j],
                    message: `is never used: ${earlierRule} before it takes every path it matches (the first rule that matches decides); ${hint}`,
                });
                return;
            }
            if (earlier.kind === "regex" && ranksAbove(gatewayApiRank(later), gatewayApiRank(earlier))) {
                const why =
                    later.kind === "regex"
                        ? "a longer regex above a shorter one"
                        : "every exact and prefix match above a regex, a catch-all too";
                issues.push({
                    path: ["routes", r, "http", j],
                    message:
                        `may take paths that the earlier ${earlierRule} takes: Istio's API gives them to the regex, the Gateway API ` +
                        `to this rule (it leaves a regex's precedence to the implementation, and Istio ranks ${why}); give the regex ` +
                        `only paths no later rule can take, or use prefix and exact rules instead`,
                });
                return;
            }
        }
    });
    return issues;
}

/** Why two rules of two routes of one host cannot both stand (and what to do), or undefined when both APIs decide the same. */
function sharedRequestProblem(a: PathMatch, b: PathMatch): { reason: string; remedy: string } | undefined {
    if (!mayShareAPath(a, b)) return undefined;
    const catchAlls = [a, b].filter((m) => m.kind === "all").length;
    if (catchAlls === 1 && a.kind !== "regex" && b.kind !== "regex") return undefined;
    const oneRoute = "serve the host from one route";
    if (catchAlls === 2) {
        return { reason: "both take every path of it, and Istio merges the routes of one host in no defined order", remedy: oneRoute };
    }
    if (catchAlls === 1) {
        return {
            reason:
                "one takes every path and the other is a regex: Istio's API tries a catch-all of another route last, the Gateway API " +
                "first (Istio ranks every prefix match above a regex)",
            remedy: `${oneRoute}, without a regex beside the catch-all`,
        };
    }
    const example = sharedPathExample(a, b);
    return {
        reason: `both may take a request${example === undefined ? "" : ` such as ${JSON.stringify(example)}`}, and Istio merges the routes of one host in no defined order`,
        remedy: `${oneRoute}, or give the two routes paths that cannot meet`,
    };
}

/** Two routes of one gateway that route one host and may take the same request. */
function sharedHostIssues(routes: readonly RouteMatchView[]): Issue[] {
    const issues: Issue[] = [];
    const byHost = new Map<string, Array<{ r: number; h: number }>>();
    routes.forEach((route, r) => {
        if (route.gateway === undefined) return;
        route.hosts.forEach((host, h) => {
            if (host === undefined) return;
            // A host is a DNS name, without spaces: the key cannot be read two ways.
            const key = `${route.gateway} ${host}`;
            const entries = byHost.get(key);
            if (entries === undefined) byHost.set(key, [{ r, h }]);
            else entries.push({ r, h });
        });
    });
    for (const entries of byHost.values()) {
        for (let y = 1; y < entries.length; y++) {
            for (let x = 0; x < y; x++) {
                const [first, second] = [entries[x], entries[y]];
                if (first.r === second.r) continue;
                const conflict = firstConflict(routes[first.r], routes[second.r]);
                if (conflict === undefined) continue;
                issues.push({
                    path: ["routes", second.r, "hosts", second.h],
                    message:
                        `is routed by ${routeLabel(first.r, routes[first.r])} too, whose ${conflict.first} and this route's ` +
                        `${conflict.second}: ${conflict.reason}; ${conflict.remedy}`,
                });
                break;
            }
        }
    }
    return issues;
}

function firstConflict(
    first: RouteMatchView,
    second: RouteMatchView,
): { first: string; second: string; reason: string; remedy: string } | undefined {
    for (const [i, ruleA] of first.rules.entries()) {
        if (ruleA === null) continue;
        for (const [j, ruleB] of second.rules.entries()) {
            if (ruleB === null) continue;
            const problem = sharedRequestProblem(pathMatchOf(ruleA), pathMatchOf(ruleB));
            if (problem !== undefined) return { first: describeRule(i, ruleA), second: describeRule(j, ruleB), ...problem };
        }
    }
    return undefined;
}

/** A route host that reaches its gateway only through a wildcard, while another gateway lists the name itself. */
function hostOfAnotherGatewayIssues(gateways: readonly GatewayHostsView[], routes: readonly RouteMatchView[]): Issue[] {
    const issues: Issue[] = [];
    const byName = new Map<string, GatewayHostsView>();
    const lister = new Map<string, number>();
    gateways.forEach((gateway, g) => {
        if (gateway.name !== undefined && !byName.has(gateway.name)) byName.set(gateway.name, gateway);
        for (const host of gateway.hosts) if (host !== undefined && !lister.has(host)) lister.set(host, g);
    });
    routes.forEach((route, r) => {
        const own = route.gateway === undefined ? undefined : byName.get(route.gateway);
        if (own === undefined) return;
        route.hosts.forEach((host, h) => {
            if (host === undefined || isWildcard(host) || own.hosts.includes(host)) return;
            const g = lister.get(host);
            if (g === undefined || gateways[g] === own) return;
            const through = own.hosts.find((pattern) => pattern !== undefined && hostMatches(pattern, host));
            issues.push({
                path: ["routes", r, "hosts", h],
                message:
                    `reaches gateway "${route.gateway}" only through ${through ? `"${through}"` : "a wildcard"}, but ` +
                    `gateways[${g}]${gateways[g].name ? ` (${gateways[g].name})` : ""} lists it: its requests go there ` +
                    `(the most specific name wins, in TLS and in DNS) and never reach this route; route it on that gateway`,
            });
        });
    });
    return issues;
}

/**
 * A gateway host below a wildcard that a route serves. Istio gives a VirtualService of a wildcard the
 * names its gateway lists below it too (`buildGatewayHTTPRouteConfig` intersects the server's hosts
 * admitted for the route's namespace with the route's hosts, and Envoy falls back to the wildcard's
 * virtual host), and plain HTTP of every gateway shares one route configuration; the Gateway API gives
 * each listed name a listener of its own, with only the routes that name it, on its own load balancer.
 * So a name below a served wildcard needs a route of its own (else Istio answers it with the
 * wildcard's route, the Gateway API with 404), and a route of the wildcard must not share a namespace
 * with the routes naming the name (else Istio merges its rules into the name's).
 */
function hostBelowServedWildcardIssues(gateways: readonly GatewayHostsView[], routes: readonly RouteMatchView[]): Issue[] {
    const issues: Issue[] = [];
    // Indexed, as a config may hold thousands of hosts: the routes of each gateway by host, and the
    // gateway listing each wildcard (gateway hosts are unique).
    const routesByHost = new Map<string, Map<string, Array<{ route: RouteMatchView; r: number }>>>();
    routes.forEach((route, r) => {
        if (route.gateway === undefined) return;
        const byHost = routesByHost.get(route.gateway) ?? new Map<string, Array<{ route: RouteMatchView; r: number }>>();
        routesByHost.set(route.gateway, byHost);
        for (const host of new Set(route.hosts)) if (host !== undefined) byHost.set(host, [...(byHost.get(host) ?? []), { route, r }]);
    });
    const routesOf = (gateway: GatewayHostsView, host: string) =>
        gateway.name === undefined ? [] : (routesByHost.get(gateway.name)?.get(host) ?? []);
    const wildcardOwner = new Map<string, number>();
    gateways.forEach((gateway, o) => gateway.hosts.forEach((host) => host !== undefined && isWildcard(host) && wildcardOwner.set(host, o)));

    gateways.forEach((gateway, g) => {
        if (gateway.name === undefined) return;
        gateway.hosts.forEach((host, h) => {
            if (host === undefined || isWildcard(host)) return;
            const wildcard = `*${host.slice(host.indexOf("."))}`;
            const o = wildcardOwner.get(wildcard);
            if (o === undefined) return;
            const other = gateways[o];
            const naming = routesOf(gateway, host);
            const serving = routesOf(other, wildcard).filter(({ route }) => !route.hosts.includes(host));
            if (serving.length === 0) return;
            const served = `${routeLabel(serving[0].r, serving[0].route)} serves`;
            if (naming.length === 0 && o === g) {
                issues.push({
                    path: ["gateways", g, "hosts", h],
                    message:
                        `lies below "${wildcard}" of the same gateway, which ${served}, and no route names it: Istio's API ` +
                        `would answer it with that route, the Gateway API with a listener of its own that no route attaches ` +
                        `to (404); add it to a route's hosts, or remove it here`,
                });
            } else if (naming.length === 0 && other.httpsRedirect === false) {
                issues.push({
                    path: ["gateways", g, "hosts", h],
                    message:
                        `lies below "${wildcard}" of gateway "${other.name}", which ${served} over plain HTTP too (no ` +
                        `httpsRedirect), and no route names it: plain HTTP requests for it would reach that route with Istio's ` +
                        `API (one port-80 configuration for every gateway) and a 404 with the Gateway API; add it to a route's ` +
                        `hosts, or remove it here`,
                });
            } else if (o === g) {
                for (const { route, r } of serving) {
                    const sibling = naming.find(
                        (entry) => entry.route.namespace !== undefined && entry.route.namespace === route.namespace,
                    );
                    if (sibling === undefined) continue;
                    issues.push({
                        path: ["routes", r, "hosts", route.hosts.indexOf(wildcard)],
                        message:
                            `would take "${host}" too with Istio's API: gateway "${gateway.name}" lists that name and ` +
                            `${routeLabel(sibling.r, sibling.route)} in the same namespace (${route.namespace}) routes it, so ` +
                            `Istio merges this route's rules into the name's, while the Gateway API keeps the name to the ` +
                            `routes that name it; put this route in another namespace than ${routeLabel(sibling.r, sibling.route)}`,
                    });
                }
            }
        });
    });
    return issues;
}

/** Every route-matching problem of a config: in the order rules, routes and gateways are written. */
export function crossCheckRouteMatches(gateways: readonly GatewayHostsView[] | undefined, routes: readonly RouteMatchView[]): Issue[] {
    return [
        ...routes.flatMap((route, r) => ruleOrderIssues(r, route)),
        ...sharedHostIssues(routes),
        ...(gateways === undefined
            ? []
            : [...hostOfAnotherGatewayIssues(gateways, routes), ...hostBelowServedWildcardIssues(gateways, routes)]),
    ];
}
