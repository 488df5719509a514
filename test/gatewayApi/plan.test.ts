import * as assert from "node:assert/strict";
import { validateIngressConfig } from "../../components/config/validate";
import { GatewayApiPlan, IngressPlan, planIngress } from "../../components/plan";

function plan(raw: Record<string, unknown>): IngressPlan {
    const result = validateIngressConfig(raw);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return planIngress(result.config);
}

function gatewayApi(p: IngressPlan): GatewayApiPlan {
    if (p.api.api !== "gateway-api") throw new Error(`planned the ${p.api.api} API`);
    return p.api;
}

const base = {
    acme: { email: "ops@example.com" },
    route53: { zones: [{ domain: "example.com" }] },
    istio: { api: "gateway-api" },
};

const to = (host: string) => [{ destination: { host, port: 80 } }];

describe("planning the Gateway API mode", () => {
    it("installs the CRDs of the release matched to the Istio minor, from the release asset", () => {
        const on130 = plan({
            ...base,
            istio: { api: "gateway-api", version: "1.30.3" },
            gateways: [{ name: "web", hosts: ["www.example.com"] }],
        });
        assert.deepEqual(gatewayApi(on130).crds, {
            version: "v1.5.1",
            url: "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml",
        });
        const on131 = plan({
            ...base,
            istio: { api: "gateway-api", version: "1.31.1" },
            gateways: [{ name: "web", hosts: ["www.example.com"] }],
        });
        assert.equal(gatewayApi(on131).crds?.version, "v1.6.1");
        const mirrored = plan({
            ...base,
            gatewayApi: { version: "v1.6.1", crdsUrl: "https://mirror.example.com/gateway-api/v1.6.1/standard-install.yaml" },
            gateways: [{ name: "web", hosts: ["www.example.com"] }],
        });
        assert.deepEqual(gatewayApi(mirrored).crds, {
            version: "v1.6.1",
            url: "https://mirror.example.com/gateway-api/v1.6.1/standard-install.yaml",
        });
        const managed = plan({ ...base, gatewayApi: { installCrds: false }, gateways: [{ name: "web", hosts: ["www.example.com"] }] });
        assert.equal(gatewayApi(managed).crds, undefined);
    });

    it("keeps the Istio settings both APIs share, without the gateway chart's release name", () => {
        const p = plan({ ...base, gateways: [{ name: "web", hosts: ["www.example.com"] }] });
        assert.equal("gatewayName" in p.istio, false);
        assert.equal(p.istio.gatewayNamespace, "istio-ingress");
    });

    it("gives each host an HTTPS listener reading the Secret of the certificate that serves it, wildcard-covered hosts included", () => {
        const p = plan({ ...base, gateways: [{ name: "web", hosts: ["www.example.com", "*.apps.example.com", "x.apps.example.com"] }] });
        const [gateway] = gatewayApi(p).gateways;
        assert.deepEqual(
            gateway.https.map((l) => [l.name, l.host, l.secretName]),
            [
                ["https.www.example.com", "www.example.com", "web-tls"],
                ["https-wildcard.apps.example.com", "*.apps.example.com", "web-tls"],
                ["https.x.apps.example.com", "x.apps.example.com", "web-tls"],
            ],
        );
    });

    it("puts certificates in each Gateway's own namespace, where its listeners read them", () => {
        const p = plan({
            ...base,
            gateways: [
                { name: "web", hosts: ["www.example.com"] },
                { name: "shop", namespace: "shop", hosts: ["shop.example.com"] },
            ],
        });
        assert.deepEqual(
            p.certificates.map((c) => [c.name, c.namespace]),
            [
                ["web", "istio-ingress"],
                ["shop", "shop"],
            ],
        );
        const istioMode = plan({ ...base, istio: {}, gateways: [{ name: "shop", namespace: "shop", hosts: ["shop.example.com"] }] });
        assert.deepEqual(
            istioMode.certificates.map((c) => c.namespace),
            ["istio-ingress"],
            "Istio's gateway workload reads Secrets from its own namespace",
        );
    });

    it("attaches a route to the HTTPS listener each of its hosts binds through (the host, else its wildcard), admitting only those routes' namespaces", () => {
        const p = gatewayApi(
            plan({
                ...base,
                gateways: [{ name: "web", hosts: ["www.example.com", "*.apps.example.com", "a.apps.example.com", "idle.example.com"] }],
                routes: [
                    { name: "www", namespace: "web", gateway: "web", hosts: ["www.example.com"], http: to("www") },
                    { name: "apps", namespace: "apps", gateway: "web", hosts: ["*.apps.example.com"], http: to("apps") },
                    { name: "b", namespace: "team-b", gateway: "web", hosts: ["b.apps.example.com"], http: to("b") },
                    { name: "a", namespace: "team-a", gateway: "web", hosts: ["a.apps.example.com"], http: to("a") },
                ],
            }),
        );
        assert.deepEqual(
            p.routes.map((r) => [r.name, r.sections]),
            [
                ["www", ["https.www.example.com"]],
                ["apps", ["https-wildcard.apps.example.com"]],
                ["b", ["https-wildcard.apps.example.com"]],
                ["a", ["https.a.apps.example.com"]],
            ],
        );
        const [gateway] = p.gateways;
        assert.deepEqual(Object.fromEntries(gateway.https.map((l) => [l.host, l.allowedNamespaces])), {
            "www.example.com": ["web"],
            "*.apps.example.com": ["apps", "team-b"],
            "a.apps.example.com": ["team-a"],
            "idle.example.com": ["istio-ingress"],
        });
        assert.deepEqual(gateway.http.allowedNamespaces, ["istio-ingress"], "with the redirect, only the redirect route's namespace");
        assert.deepEqual(p.redirects, [{ name: "web-https-redirect", namespace: "istio-ingress", gateway: "web", section: "http" }]);
    });

    it("without httpsRedirect attaches routes to the HTTP listener too, and creates no redirect", () => {
        const p = gatewayApi(
            plan({
                ...base,
                gateways: [{ name: "web", hosts: ["www.example.com"], httpsRedirect: false }],
                routes: [{ name: "www", namespace: "web", gateway: "web", hosts: ["www.example.com"], http: to("www") }],
            }),
        );
        assert.deepEqual(p.routes[0].sections, ["https.www.example.com", "http"]);
        assert.deepEqual(p.gateways[0].http.allowedNamespaces, ["web"]);
        assert.deepEqual(p.redirects, []);
    });

    it("writes a PathPrefix without its trailing slash, which the Gateway API ignores (and would count in the longest-prefix precedence)", () => {
        const p = gatewayApi(
            plan({
                ...base,
                gateways: [{ name: "web", hosts: ["www.example.com"] }],
                routes: [
                    {
                        name: "www",
                        gateway: "web",
                        hosts: ["www.example.com"],
                        http: [
                            { match: { prefix: "/static/" }, destination: { host: "static", port: 80 } },
                            { match: { prefix: "/" }, destination: { host: "web", port: 80 } },
                        ],
                    },
                ],
            }),
        );
        assert.deepEqual(
            p.routes[0].rules.map((rule) => rule.match),
            [
                { type: "PathPrefix", value: "/static" },
                { type: "PathPrefix", value: "/" },
            ],
        );
    });

    it("turns matches and destinations into rules of Services, and grants each cross-namespace destination", () => {
        const p = gatewayApi(
            plan({
                ...base,
                gateways: [{ name: "web", hosts: ["www.example.com"] }],
                routes: [
                    {
                        name: "www",
                        namespace: "web",
                        gateway: "web",
                        hosts: ["www.example.com"],
                        http: [
                            { match: { prefix: "/api" }, destination: { host: "api.backend.svc.cluster.local", port: 8080 } },
                            { match: { exact: "/healthz" }, destination: { host: "health.backend.svc", port: 8081 } },
                            { match: { regex: "^/v[0-9]+/" }, destination: { host: "web.web.svc.cluster.local", port: 80 } },
                            {
                                match: { prefix: "/shop" },
                                destinations: [
                                    { host: "v1", port: 80, weight: 90 },
                                    { host: "v2", port: 80, weight: 10 },
                                ],
                            },
                        ],
                    },
                ],
            }),
        );
        assert.deepEqual(p.routes[0].rules, [
            { match: { type: "PathPrefix", value: "/api" }, backends: [{ name: "api", namespace: "backend", port: 8080 }] },
            { match: { type: "Exact", value: "/healthz" }, backends: [{ name: "health", namespace: "backend", port: 8081 }] },
            { match: { type: "RegularExpression", value: "^/v[0-9]+/" }, backends: [{ name: "web", namespace: "web", port: 80 }] },
            {
                match: { type: "PathPrefix", value: "/shop" },
                backends: [
                    { name: "v1", namespace: "web", port: 80, weight: 90 },
                    { name: "v2", namespace: "web", port: 80, weight: 10 },
                ],
            },
        ]);
        assert.deepEqual(p.referenceGrants, [
            { name: "www-backends", route: "www", namespace: "backend", fromNamespace: "web", services: ["api", "health"] },
        ]);
    });
});
