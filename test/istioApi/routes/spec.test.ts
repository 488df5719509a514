import * as assert from "node:assert/strict";
import type { RoutePlan } from "../../../components/plan";
import { virtualServiceSpec } from "../../../components/istioApi/routes/spec";

const route = (http: RoutePlan["http"]): RoutePlan => ({
    name: "r",
    namespace: "apps",
    gateway: { name: "web", namespace: "istio-ingress" },
    hosts: ["a.example.com"],
    http,
});

describe("VirtualService spec", () => {
    it("binds to its gateway as namespace/name and lists its hosts", () => {
        const spec = virtualServiceSpec(route([{ destination: { host: "svc", port: 80 } }]), "istio-ingress/web");
        assert.deepEqual(spec, {
            hosts: ["a.example.com"],
            gateways: ["istio-ingress/web"],
            http: [{ route: [{ destination: { host: "svc", port: { number: 80 } } }] }],
        });
    });

    const matchOf = (match: RoutePlan["http"][number]["match"]) =>
        (virtualServiceSpec(route([{ match, destination: { host: "svc", port: 80 } }]), "ns/gw").http as Array<{ match?: unknown }>)[0]
            .match;

    it("matches exact paths and regexes as written", () => {
        assert.deepEqual(matchOf({ exact: "/healthz" }), [{ uri: { exact: "/healthz" } }]);
        assert.deepEqual(matchOf({ regex: "^/v[0-9]+/.*" }), [{ uri: { regex: "^/v[0-9]+/.*" } }]);
    });

    // A VirtualService prefix is a string prefix (Envoy's route `prefix`): `prefix: /api` alone would
    // take /apix, and `prefix: /static/` alone would miss /static. The Gateway API's PathPrefix takes
    // whole segments and ignores a trailing "/"; written as the path itself plus everything below it,
    // Istio's API takes exactly those paths.
    const segmentPrefixes: Array<[string, unknown]> = [
        ["/api", [{ uri: { exact: "/api" } }, { uri: { prefix: "/api/" } }]],
        ["/static/", [{ uri: { exact: "/static" } }, { uri: { prefix: "/static/" } }]],
        ["/api/v2", [{ uri: { exact: "/api/v2" } }, { uri: { prefix: "/api/v2/" } }]],
    ];
    for (const [prefix, expected] of segmentPrefixes) {
        it(`prefix ${prefix} takes the path ${prefix.replace(/\/$/, "")} and what lies below it, never a longer segment`, () => {
            assert.deepEqual(matchOf({ prefix }), expected);
        });
    }

    it("a rule that takes every path (no match, or prefix /) has no match: Istio's catch-all", () => {
        assert.equal(matchOf({ prefix: "/" }), undefined);
        assert.equal(matchOf(undefined), undefined);
    });

    it("splits traffic over weighted destinations", () => {
        const spec = virtualServiceSpec(
            route([
                {
                    destinations: [
                        { host: "v1", port: 8080, weight: 90 },
                        { host: "v2", port: 8080, weight: 10 },
                    ],
                },
            ]),
            "ns/gw",
        );
        assert.deepEqual((spec.http as Array<{ route: unknown }>)[0].route, [
            { destination: { host: "v1", port: { number: 8080 } }, weight: 90 },
            { destination: { host: "v2", port: { number: 8080 } }, weight: 10 },
        ]);
    });
});
