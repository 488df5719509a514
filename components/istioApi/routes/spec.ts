import { pathMatchOf } from "../../config/pathMatch";
import type { RoutePlan } from "../../plan";

type HttpRoute = RoutePlan["http"][number];

/**
 * The VirtualService `match` list of a rule, one entry per way it matches (Istio ORs them), or none
 * for a rule that takes every path. A VirtualService `prefix` is a plain string prefix (Envoy's route
 * `prefix`: `/api` takes `/apix`), so a segment prefix `/api` is written as `exact: /api` plus
 * `prefix: /api/`: the paths the Gateway API's `PathPrefix` takes, and Envoy's `path_separated_prefix`
 * that Istio itself emits for a Gateway API route. A rule without `match` is Istio's documented
 * catch-all, which Istio moves behind the other rules when it merges several VirtualServices of one host.
 */
function uriMatches(match: HttpRoute["match"]): Array<{ uri: Record<string, string> }> | undefined {
    const path = pathMatchOf(match);
    switch (path.kind) {
        case "all":
            return undefined;
        case "prefix":
            return [{ uri: { exact: path.base } }, { uri: { prefix: `${path.base}/` } }];
        case "exact":
            return [{ uri: { exact: path.path } }];
        case "regex":
            return [{ uri: { regex: path.regex } }];
    }
}

function httpRoute(route: HttpRoute, responseHeaders: Record<string, string> | undefined): Record<string, unknown> {
    const destinations = route.destinations ?? (route.destination ? [route.destination] : []);
    const match = uriMatches(route.match);
    return {
        ...(match ? { match } : {}),
        ...(responseHeaders ? { headers: { response: { set: responseHeaders } } } : {}),
        route: destinations.map((d) => ({
            destination: { host: d.host, port: { number: d.port } },
            ...("weight" in d ? { weight: d.weight } : {}),
        })),
    };
}

/**
 * The `spec` of a VirtualService (networking.istio.io/v1) bound to one gateway (`namespace/name`).
 * The route's response headers (its gateway's HSTS header) are set on each HTTP route: a
 * VirtualService has headers per route only.
 */
export function virtualServiceSpec(route: RoutePlan, gatewayRef: string): Record<string, unknown> {
    return { hosts: route.hosts, gateways: [gatewayRef], http: route.http.map((rule) => httpRoute(rule, route.responseHeaders)) };
}
