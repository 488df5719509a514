import type { RoutePlan } from "../plan";

type HttpRoute = RoutePlan["http"][number];

function uriMatch(match: NonNullable<HttpRoute["match"]>): Record<string, string> {
    if (match.prefix !== undefined) return { prefix: match.prefix };
    if (match.exact !== undefined) return { exact: match.exact };
    return { regex: match.regex ?? "" };
}

function httpRoute(route: HttpRoute): Record<string, unknown> {
    const destinations = route.destinations ?? (route.destination ? [route.destination] : []);
    return {
        ...(route.match ? { match: [{ uri: uriMatch(route.match) }] } : {}),
        route: destinations.map((d) => ({
            destination: { host: d.host, port: { number: d.port } },
            ...("weight" in d ? { weight: d.weight } : {}),
        })),
    };
}

/** The `spec` of a VirtualService (networking.istio.io/v1) bound to one gateway (`namespace/name`). */
export function virtualServiceSpec(route: RoutePlan, gatewayRef: string): Record<string, unknown> {
    return { hosts: route.hosts, gateways: [gatewayRef], http: route.http.map(httpRoute) };
}
