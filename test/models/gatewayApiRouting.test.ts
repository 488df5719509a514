import * as assert from "node:assert/strict";
import { GatewayApiObjects, gatewayApiOutcome, HttpRouteSpec, KubernetesGatewaySpec, ListenerSpec } from "./gatewayApiRouting";
import { describeOutcome, K8sObject, RoutingRequest } from "./routingOutcome";

/** The model against the rules its sources publish (see gatewayApiRouting.ts). */
const any: ListenerSpec["allowedRoutes"] = { namespaces: { from: "All" } };
const gateway = (hosts: string[], allowedRoutes: ListenerSpec["allowedRoutes"] = any): K8sObject<KubernetesGatewaySpec> => ({
    metadata: { name: "web", namespace: "istio-ingress" },
    spec: {
        gatewayClassName: "istio",
        listeners: [
            { name: "http", port: 80, protocol: "HTTP", allowedRoutes },
            ...hosts.map((hostname) => ({ name: `https.${hostname}`, hostname, port: 443, protocol: "HTTPS", allowedRoutes })),
        ],
    },
});
const route = (
    name: string,
    namespace: string,
    hostnames: string[],
    rules: HttpRouteSpec["rules"],
    section?: string,
): K8sObject<HttpRouteSpec> => ({
    metadata: { name, namespace },
    spec: {
        parentRefs: [{ name: "web", namespace: "istio-ingress", ...(section ? { sectionName: section } : {}) }],
        hostnames,
        rules,
    },
});
const to = (name: string) => [{ name, port: 80 }];
const path = (type: "Exact" | "PathPrefix" | "RegularExpression", value: string) => [{ path: { type, value } }];

/** One gateway serving www.example.com, and one HTTPRoute `www` of namespace app with `rules`. */
const www = (rules: Parameters<typeof route>[3]): GatewayApiObjects => ({
    gateways: [gateway(["www.example.com"])],
    httpRoutes: [route("www", "app", ["www.example.com"], rules)],
});

function outcome(objects: GatewayApiObjects, p: string, host = "www.example.com", scheme: RoutingRequest["scheme"] = "https"): string {
    return describeOutcome(gatewayApiOutcome(objects, { scheme, host, path: p }));
}

describe("model: Gateway API routing (Istio's implementation where the specification leaves the choice)", () => {
    it("PathPrefix matches whole path elements and ignores a trailing slash", () => {
        for (const value of ["/api", "/api/"]) {
            const objects = www([{ matches: path("PathPrefix", value), backendRefs: to("api") }]);
            for (const p of ["/api", "/api/", "/api/x", "/api?x=1"])
                assert.equal(outcome(objects, p), "api.app.svc.cluster.local:80", `${value} ${p}`);
            assert.equal(outcome(objects, "/apix"), "404");
        }
    });

    it("gives Exact precedence over PathPrefix and the longest PathPrefix over a shorter one, whatever the order", () => {
        const objects = www([
            { matches: path("PathPrefix", "/api"), backendRefs: to("api") },
            { matches: path("PathPrefix", "/api/v2"), backendRefs: to("v2") },
            { matches: path("Exact", "/api/v2/health"), backendRefs: to("health") },
        ]);
        assert.equal(outcome(objects, "/api/v2/x"), "v2.app.svc.cluster.local:80");
        assert.equal(outcome(objects, "/api/v2/health"), "health.app.svc.cluster.local:80");
        assert.equal(outcome(objects, "/api/v1"), "api.app.svc.cluster.local:80");
    });

    it("ranks a RegularExpression below every PathPrefix, the default / of a rule without matches too (Istio)", () => {
        const objects = www([{ matches: path("RegularExpression", "/v[0-9]+/.*"), backendRefs: to("api") }, { backendRefs: to("web") }]);
        assert.equal(outcome(objects, "/v1/x"), "web.app.svc.cluster.local:80");
    });

    it("leaves a tie between two routes to their creation time: an undefined order; within a route the first rule wins", () => {
        const objects = {
            gateways: [gateway(["www.example.com"])],
            httpRoutes: [
                route(
                    "a",
                    "a",
                    ["www.example.com"],
                    [
                        { matches: path("PathPrefix", "/api"), backendRefs: to("one") },
                        { matches: path("PathPrefix", "/api"), backendRefs: to("later") },
                    ],
                ),
                route(
                    "b",
                    "b",
                    ["www.example.com"],
                    [{ backendRefs: to("site") }, { matches: path("PathPrefix", "/api/"), backendRefs: to("two") }],
                ),
            ],
        };
        assert.equal(outcome(objects, "/api/x"), "undefined order: one.a.svc.cluster.local:80 | two.b.svc.cluster.local:80");
        assert.equal(outcome(objects, "/x"), "site.b.svc.cluster.local:80");
    });

    it("consults only the routes of the most specific matching hostname", () => {
        const objects = {
            gateways: [gateway(["*.apps.example.com"])],
            httpRoutes: [
                route("apps", "apps", ["*.apps.example.com"], [{ backendRefs: to("apps") }]),
                route(
                    "admin",
                    "admin",
                    ["admin.apps.example.com"],
                    [{ matches: path("PathPrefix", "/console"), backendRefs: to("console") }],
                ),
            ],
        };
        assert.equal(outcome(objects, "/console", "admin.apps.example.com"), "console.admin.svc.cluster.local:80");
        assert.equal(outcome(objects, "/other", "admin.apps.example.com"), "404");
        assert.equal(outcome(objects, "/other", "shop.apps.example.com"), "apps.apps.svc.cluster.local:80");
    });

    it("attaches a route only to the listener it names, from a namespace the listener admits", () => {
        const same = { namespaces: { from: "Same" as const } };
        const objects = {
            gateways: [gateway(["www.example.com", "shop.example.com"], same)],
            httpRoutes: [
                route("elsewhere", "app", ["www.example.com"], [{ backendRefs: to("www") }], "https.www.example.com"),
                route("shop", "istio-ingress", ["shop.example.com"], [{ backendRefs: to("shop") }], "https.www.example.com"),
            ],
        };
        assert.equal(outcome(objects, "/"), "404");
        assert.equal(outcome(objects, "/", "shop.example.com"), "404");
    });

    it("follows a RequestRedirect on the HTTP listener to the HTTPS request", () => {
        const objects = {
            gateways: [gateway(["www.example.com"])],
            httpRoutes: [
                route("www", "app", ["www.example.com"], [{ backendRefs: to("www") }], "https.www.example.com"),
                {
                    metadata: { name: "redirect", namespace: "istio-ingress" },
                    spec: { parentRefs: [{ name: "web", sectionName: "http" }], rules: [{ filters: [{ type: "RequestRedirect" }] }] },
                },
            ],
        };
        assert.equal(outcome(objects, "/x", "www.example.com", "http"), "www.app.svc.cluster.local:80");
    });
});
