import * as assert from "node:assert/strict";
import { validateIngressConfig } from "../../components/config/validate";

/** What the route-matching checks accept (both APIs decide alike) and what they report where a config is partly invalid. */
const base = {
    acme: { email: "ops@example.com" },
    route53: { zones: [{ domain: "example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" }] },
    gateways: [{ name: "web", hosts: ["www.example.com", "*.apps.example.com", "shop.apps.example.com"] }],
};
const rule = (match: Record<string, string> | undefined, host = "s") => ({ ...(match ? { match } : {}), destination: { host, port: 80 } });
const route = (name: string, namespace: string, hosts: string[], http: unknown[]) => ({ name, namespace, gateway: "web", hosts, http });

function problems(routes: unknown[], extra: Record<string, unknown> = {}): string[] {
    const result = validateIngressConfig({ ...base, ...extra, routes });
    return result.ok ? [] : result.problems.map((p) => `${p.propertyPath}: ${p.reason}`);
}

describe("route-matching checks", () => {
    it("accept rules whose order both APIs read alike: the narrower first, a regex after prefixes, a catch-all last", () => {
        assert.deepEqual(
            problems([
                route(
                    "www",
                    "web",
                    ["www.example.com"],
                    [
                        rule({ exact: "/api/status" }),
                        rule({ prefix: "/api/v2" }),
                        rule({ prefix: "/api" }),
                        rule({ regex: "/v[0-9]+/.*" }),
                        rule({ prefix: "/static/" }),
                    ],
                ),
                route("shop", "shop", ["shop.apps.example.com"], [rule({ prefix: "/cart" }), rule(undefined)]),
            ]),
            [],
        );
    });

    it("accept two routes of one host with paths that cannot meet, and one route's catch-all beside another's paths", () => {
        assert.deepEqual(
            problems([
                route("site", "web", ["www.example.com"], [rule(undefined)]),
                route("docs", "docs", ["www.example.com"], [rule({ prefix: "/docs" }), rule({ exact: "/help" })]),
                route("blog", "blog", ["www.example.com"], [rule({ prefix: "/blog" }), rule({ exact: "/feed.xml" })]),
                route("shop", "shop", ["shop.apps.example.com"], [rule(undefined)]),
            ]),
            [],
        );
    });

    it("accept a wildcard route beside a route naming a listed host below it, in another namespace: the name is the named route's alone", () => {
        assert.deepEqual(
            problems([
                route("apps", "apps", ["*.apps.example.com"], [rule(undefined)]),
                route("shop", "shop", ["shop.apps.example.com"], [rule({ prefix: "/cart" })]),
            ]),
            [],
        );
    });

    it("compare only what is valid on its own, and still report the rest", () => {
        const found = problems([
            route("www", "web", ["www.example.com"], [rule({ prefix: "api" }), rule({ prefix: "/api" }), rule({ prefix: "/api/v2" })]),
            route("other", "other", ["www.example.com", "bad host"], [{ match: { exact: "/x", prefix: "/y" } }, rule({ exact: "/api" })]),
        ]);
        assert.deepEqual(
            found.map((line) => line.split(":")[0]),
            [
                "routes[0].http[0].match.prefix",
                "routes[1].hosts[1]",
                "routes[1].http[0].match",
                "routes[1].http[0]",
                "routes[0].http[2]",
                "routes[1].hosts[0]",
            ],
            found.join("\n"),
        );
    });
});
