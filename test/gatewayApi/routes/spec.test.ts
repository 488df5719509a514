import * as assert from "node:assert/strict";
import { httpRouteSpec, redirectRouteSpec, referenceGrantSpec } from "../../../components/gatewayApi/routes/spec";
import type { HttpRoutePlan } from "../../../components/plan";

const route: HttpRoutePlan = {
    name: "shop",
    namespace: "shop",
    gateway: { name: "web", namespace: "edge" },
    sections: ["https.shop.example.com"],
    hosts: ["shop.example.com"],
    rules: [
        { match: { type: "PathPrefix", value: "/api" }, backends: [{ name: "api", namespace: "backend", port: 8080 }] },
        {
            backends: [
                { name: "v1", namespace: "shop", port: 80, weight: 90 },
                { name: "v2", namespace: "shop", port: 80, weight: 10 },
            ],
        },
    ],
};

describe("HTTPRoute spec", () => {
    it("attaches to its gateway's listeners by sectionName, in the gateway's namespace", () => {
        assert.deepEqual(httpRouteSpec(route).parentRefs, [
            { group: "gateway.networking.k8s.io", kind: "Gateway", name: "web", namespace: "edge", sectionName: "https.shop.example.com" },
        ]);
        assert.deepEqual(httpRouteSpec(route).hostnames, ["shop.example.com"]);
    });

    it("has one rule per HTTP route: path match, Service backends with port, weight and, in another namespace, its namespace", () => {
        assert.deepEqual(httpRouteSpec(route).rules, [
            {
                matches: [{ path: { type: "PathPrefix", value: "/api" } }],
                backendRefs: [{ group: "", kind: "Service", name: "api", namespace: "backend", port: 8080 }],
            },
            {
                backendRefs: [
                    { group: "", kind: "Service", name: "v1", port: 80, weight: 90 },
                    { group: "", kind: "Service", name: "v2", port: 80, weight: 10 },
                ],
            },
        ]);
    });

    it("redirects a gateway's HTTP listener to https with a 301, for every host, without backends", () => {
        assert.deepEqual(redirectRouteSpec({ name: "web-https-redirect", namespace: "edge", gateway: "web", section: "http" }), {
            parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "web", namespace: "edge", sectionName: "http" }],
            rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
        });
    });
});

describe("ReferenceGrant spec", () => {
    it("lets HTTPRoutes of one namespace reach exactly the named Services", () => {
        assert.deepEqual(
            referenceGrantSpec({ name: "shop-backends", route: "shop", namespace: "backend", fromNamespace: "shop", services: ["api"] }),
            {
                from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: "shop" }],
                to: [{ group: "", kind: "Service", name: "api" }],
            },
        );
    });

    it("grants every Service of the namespace beyond 16 Services, the most spec.to holds", () => {
        const services = Array.from({ length: 17 }, (_, i) => `s${i}`);
        const spec = referenceGrantSpec({ name: "many-backends", route: "many", namespace: "backend", fromNamespace: "shop", services });
        assert.deepEqual(spec.to, [{ group: "", kind: "Service" }]);
    });
});
