import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parse } from "yaml";
import { ingressConfigSchema, ResolvedIngressConfig } from "../../components/config/schema";
import { validateIngressConfig } from "../../components/config/validate";
import { describeOutcome, RoutingRequest } from "../models/routingOutcome";
import { routingOfPlan } from "../support/routingOfPlan";
import { requestsFor } from "../support/routingOfSynth";

/**
 * The route-matching refusals (components/config/routeConflicts.ts) against the request-matching
 * models: every config they accept routes every request alike in both APIs, and every kind of config
 * they refuse is one the two APIs route differently or leave to an undefined order.
 */
const HOSTS = ["www.example.com", "shop.example.com", "*.apps.example.com", "a.apps.example.com"];
const NAMES_BELOW_WILDCARD = ["a.apps.example.com", "b.apps.example.com"];
const MATCHES = [
    undefined,
    { prefix: "/" },
    { prefix: "/a" },
    { prefix: "/a/" },
    { prefix: "/a/b" },
    { prefix: "/ab" },
    { prefix: "/b" },
    { exact: "/a" },
    { exact: "/a/b" },
    { exact: "/b" },
    { regex: "/a/.*" },
    { regex: "/[ab]+" },
    { regex: "/b.*" },
    { regex: "/c/[0-9]+" },
];
const PATHS = ["/", "/a", "/a/", "/a/b", "/a/b/c", "/ab", "/abc", "/b", "/b/x", "/ba", "/c/1", "/x", "/a?x=1"];
const REQUEST_HOSTS = [...HOSTS.filter((h) => !h.startsWith("*")), "b.apps.example.com", "z.apps.example.com"];
const REQUESTS: RoutingRequest[] = REQUEST_HOSTS.flatMap((host) =>
    PATHS.flatMap((path) => (["https", "http"] as const).map((scheme) => ({ scheme, host, path }))),
);

function withApi(raw: Record<string, unknown>, api: "istio" | "gateway-api"): Record<string, unknown> {
    return { ...raw, istio: { ...(raw.istio as object), api } };
}

/** The requests the two APIs route differently, or by an undefined order. */
function divergences(config: ResolvedIngressConfig, other: ResolvedIngressConfig, requests = REQUESTS): string[] {
    const [istio, gatewayApi] = [routingOfPlan(config), routingOfPlan(other)];
    return requests.flatMap((request) => {
        const [a, b] = [istio(request), gatewayApi(request)];
        if (describeOutcome(a) === describeOutcome(b) && a.kind !== "undefined") return [];
        return [`${request.scheme}://${request.host}${request.path}: istio ${describeOutcome(a)}; gateway-api ${describeOutcome(b)}`];
    });
}

const configArbitrary = fc
    .record({
        owners: fc.array(fc.constantFrom(-1, 0, 1), { minLength: HOSTS.length, maxLength: HOSTS.length }),
        redirects: fc.tuple(fc.boolean(), fc.boolean()),
        routes: fc.array(
            fc.record({
                gateway: fc.constantFrom(0, 1),
                namespace: fc.constantFrom("team-a", "team-b"),
                hostPicks: fc.uniqueArray(fc.nat(5), { minLength: 1, maxLength: 2 }),
                http: fc.array(fc.record({ match: fc.constantFrom(...MATCHES), service: fc.constantFrom("s1", "s2", "s3") }), {
                    minLength: 1,
                    maxLength: 3,
                }),
            }),
            { minLength: 1, maxLength: 4 },
        ),
    })
    .map(({ owners, redirects, routes }) => {
        const gateways = [0, 1]
            .map((g) => ({ name: `gw${g}`, hosts: HOSTS.filter((_, i) => owners[i] === g), httpsRedirect: redirects[g] }))
            .filter((g) => g.hosts.length > 0);
        return {
            acme: { email: "ops@example.com" },
            route53: { zones: [{ domain: "example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" }] },
            gateways,
            routes: routes.flatMap((route, i) => {
                const gateway = gateways[route.gateway % Math.max(gateways.length, 1)];
                if (gateway === undefined) return [];
                const candidates = [
                    ...new Set([...gateway.hosts, ...(gateway.hosts.includes("*.apps.example.com") ? NAMES_BELOW_WILDCARD : [])]),
                ];
                const hosts = [...new Set(route.hostPicks.map((pick) => candidates[pick % candidates.length]))];
                return [
                    {
                        name: `r${i}`,
                        namespace: route.namespace,
                        gateway: gateway.name,
                        hosts,
                        http: route.http.map((rule) => ({
                            ...(rule.match ? { match: rule.match } : {}),
                            destination: { host: rule.service, port: 80 },
                        })),
                    },
                ];
            }),
        };
    });

describe("route-matching refusals against the request-matching models", function () {
    it("a generated config that the checks accept routes every request alike in both APIs (property)", () => {
        let accepted = 0;
        let refused = 0;
        fc.assert(
            fc.property(configArbitrary, (raw) => {
                const [istio, gatewayApi] = [
                    validateIngressConfig(withApi(raw, "istio")),
                    validateIngressConfig(withApi(raw, "gateway-api")),
                ];
                assert.equal(istio.ok, gatewayApi.ok, `valid in one API only: ${JSON.stringify(istio.ok ? gatewayApi : istio)}`);
                if (!istio.ok || !gatewayApi.ok) {
                    refused++;
                    return;
                }
                accepted++;
                assert.deepEqual(divergences(istio.config, gatewayApi.config), [], JSON.stringify(raw));
            }),
            { numRuns: 600 },
        );
        assert.ok(accepted >= 80 && refused >= 80, `accepted ${accepted}, refused ${refused}: the generator must exercise both`);
    });

    const corpus = [
        "routes-same-host-both-catch-all",
        "routes-same-host-nested-prefixes",
        "routes-same-host-catch-all-and-regex",
        "route-rule-after-wider-prefix",
        "route-rule-after-regex",
        "route-host-listed-by-other-gateway",
        "gateway-host-below-served-wildcard",
        "gateway-host-below-other-gateways-wildcard",
        "route-wildcard-in-namespace-of-named-host",
    ];
    for (const name of corpus) {
        it(`test/config/corpus/${name}.yaml is refused because the two APIs would route it differently`, () => {
            const { config } = parse(readFileSync(join(__dirname, "..", "config", "corpus", `${name}.yaml`), "utf8")) as {
                config: Record<string, unknown>;
            };
            const prefix = "istio-acme-ingress:";
            const raw = Object.fromEntries(
                Object.entries(config)
                    .filter(([k]) => k.startsWith(prefix))
                    .map(([k, v]) => [k.slice(prefix.length), v]),
            );
            assert.equal(validateIngressConfig(raw).ok, false);
            // Without the cross checks, as a config would have been planned before them.
            const [istio, gatewayApi] = [
                ingressConfigSchema.parse(withApi(raw, "istio")),
                ingressConfigSchema.parse(withApi(raw, "gateway-api")),
            ];
            const requests = requestsFor(
                istio.gateways.flatMap((g) => g.hosts),
                istio.routes.flatMap((r) => r.hosts),
                istio.routes.flatMap((r) =>
                    r.http.flatMap((rule) => Object.values(rule.match ?? {}).filter((v): v is string => v !== undefined)),
                ),
            );
            assert.notDeepEqual(divergences(istio, gatewayApi, requests), []);
        });
    }
});
