import * as assert from "node:assert/strict";
import type { RoutePlan } from "../../components/plan";
import { virtualServiceSpec } from "../../components/routes/spec";

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

    const matches: Array<[NonNullable<RoutePlan["http"][number]["match"]>, Record<string, string>]> = [
        [{ prefix: "/api" }, { prefix: "/api" }],
        [{ exact: "/healthz" }, { exact: "/healthz" }],
        [{ regex: "^/v[0-9]+/.*" }, { regex: "^/v[0-9]+/.*" }],
    ];
    for (const [match, uri] of matches) {
        it(`matches the URI by ${Object.keys(uri)[0]}`, () => {
            const spec = virtualServiceSpec(route([{ match, destination: { host: "svc", port: 80 } }]), "ns/gw");
            assert.deepEqual((spec.http as Array<{ match: unknown }>)[0].match, [{ uri }]);
        });
    }

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
