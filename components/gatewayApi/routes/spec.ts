import type { HttpRoutePlan, RedirectRoutePlan, ReferenceGrantPlan } from "../../plan";

const GATEWAY_API_GROUP = "gateway.networking.k8s.io";

function parentRef(gateway: { name: string; namespace: string }, sectionName: string): Record<string, string> {
    return { group: GATEWAY_API_GROUP, kind: "Gateway", name: gateway.name, namespace: gateway.namespace, sectionName };
}

/**
 * The `spec` of an HTTPRoute (gateway.networking.k8s.io/v1): attached to its gateway's listeners by
 * `sectionName`, one rule per configured HTTP route, each sending to Services (with the namespace
 * only when it is not the route's own, which then needs a ReferenceGrant there). The route's response
 * headers (its gateway's HSTS header) are set by a `ResponseHeaderModifier` filter on each rule.
 */
export function httpRouteSpec(route: HttpRoutePlan): Record<string, unknown> {
    const headers = Object.entries(route.responseHeaders ?? {}).map(([name, value]) => ({ name, value }));
    const filters = headers.length > 0 ? [{ type: "ResponseHeaderModifier", responseHeaderModifier: { set: headers } }] : undefined;
    return {
        parentRefs: route.sections.map((section) => parentRef(route.gateway, section)),
        hostnames: route.hosts,
        rules: route.rules.map((rule) => ({
            ...(rule.match ? { matches: [{ path: { type: rule.match.type, value: rule.match.value } }] } : {}),
            ...(filters ? { filters } : {}),
            backendRefs: rule.backends.map((backend) => ({
                group: "",
                kind: "Service",
                name: backend.name,
                ...(backend.namespace !== route.namespace ? { namespace: backend.namespace } : {}),
                port: backend.port,
                ...(backend.weight !== undefined ? { weight: backend.weight } : {}),
            })),
        })),
    };
}

/**
 * The `spec` of the HTTPRoute answering a gateway's HTTP listener: every request gets a 301 to the
 * same URL over https (the port becomes 443, the well-known port of the scheme).
 */
export function redirectRouteSpec(redirect: RedirectRoutePlan): Record<string, unknown> {
    return {
        parentRefs: [parentRef({ name: redirect.gateway, namespace: redirect.namespace }, redirect.section)],
        rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
    };
}

/** More than this many Services in one grant are granted as "every Service of the namespace" (`spec.to` has at most 16 entries). */
const MAX_GRANT_TARGETS = 16;

/** The `spec` of a ReferenceGrant (gateway.networking.k8s.io/v1beta1, the same fields as v1) letting one namespace's HTTPRoutes send to the named Services. */
export function referenceGrantSpec(grant: ReferenceGrantPlan): Record<string, unknown> {
    const to =
        grant.services.length <= MAX_GRANT_TARGETS
            ? grant.services.map((service) => ({ group: "", kind: "Service", name: service }))
            : [{ group: "", kind: "Service" }];
    return { from: [{ group: GATEWAY_API_GROUP, kind: "HTTPRoute", namespace: grant.fromNamespace }], to };
}
