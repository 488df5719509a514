import * as assert from "node:assert/strict";
import { validateIngressConfig } from "../../components/config/validate";
import { hstsHeaderValue } from "../../components/edge/hsts";
import { minimalArgs, ofType, one, spec, synthComponent } from "../support/harness";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const ISTIO_GATEWAY = "kubernetes:networking.istio.io/v1:Gateway";
const VIRTUAL_SERVICE = "kubernetes:networking.istio.io/v1:VirtualService";
const HTTP_ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";

function problems(overrides: Record<string, unknown>): Array<[string, string]> {
    const result = validateIngressConfig({ ...minimalArgs(), ...overrides });
    return result.ok ? [] : result.problems.map((problem) => [problem.propertyPath, problem.reason]);
}

const ROUTES = [
    { name: "www", gateway: "web", hosts: ["www.example.com"], http: [{ destination: { host: "web", port: 80 } }] },
    {
        name: "api",
        gateway: "api",
        hosts: ["api.example.com"],
        http: [{ match: { prefix: "/v1" }, destination: { host: "api-v1", port: 8080 } }, { destination: { host: "api", port: 8080 } }],
    },
];
const GATEWAYS = [
    { name: "web", hosts: ["www.example.com"], hsts: { maxAgeSeconds: 63072000, includeSubdomains: true, preload: true } },
    { name: "api", hosts: ["api.example.com"] },
];

describe("edge settings: the minimum TLS version", () => {
    // Istio's API: ServerTLSSettings.minProtocolVersion of each HTTPS server, which istiod writes into the
    // listener's tls_minimum_protocol_version (istio/istio pilot/pkg/networking/core/listener.go applyServerTLSSettings).
    it("Istio's API: every HTTPS server carries it (TLS 1.2 unless told), the plain-HTTP server none", async () => {
        for (const [minTlsVersion, expected] of [
            [undefined, "TLSV1_2"],
            ["TLSV1_3", "TLSV1_3"],
        ] as const) {
            const result = await synthComponent(minimalArgs({ istio: { minTlsVersion }, gateways: GATEWAYS }));
            for (const gateway of ofType(result, ISTIO_GATEWAY)) {
                const servers = spec(gateway).servers as Array<{ port: { protocol: string }; tls?: Record<string, unknown> }>;
                const https = servers.filter((server) => server.port.protocol === "HTTPS");
                assert.ok(https.length > 0);
                for (const server of https) assert.equal(server.tls?.minProtocolVersion, expected);
                for (const server of servers.filter((s) => s.port.protocol === "HTTP"))
                    assert.equal(server.tls?.minProtocolVersion, undefined);
            }
            const istiod = one(result, RELEASE, "ingress-istio-istiod").inputs.values as Record<string, unknown>;
            assert.equal(istiod.meshConfig, undefined, "the Istio API's servers carry it themselves: no mesh-wide default");
        }
    });

    // The Gateway API: istio/istio pilot/pkg/config/kube/gateway/conversion.go buildTLS reads no version from a
    // listener; the SIMPLE server it makes gets meshConfig.tlsDefaults.minProtocolVersion (listener.go applyDownstreamTLSDefaults).
    it("the Gateway API: the mesh's tlsDefaults.minProtocolVersion in istiod's values, since listeners have no such field", async () => {
        const result = await synthComponent(minimalArgs({ istio: { api: "gateway-api", minTlsVersion: "TLSV1_3" } }));
        const istiod = one(result, RELEASE, "ingress-istio-istiod").inputs.values as Record<string, Record<string, unknown>>;
        assert.deepEqual(istiod.meshConfig.tlsDefaults, { minProtocolVersion: "TLSV1_3" });
        const byDefault = await synthComponent(minimalArgs({ istio: { api: "gateway-api" } }));
        const values = one(byDefault, RELEASE, "ingress-istio-istiod").inputs.values as Record<string, Record<string, unknown>>;
        assert.deepEqual(values.meshConfig.tlsDefaults, { minProtocolVersion: "TLSV1_2" });
    });

    it("refuses the mesh's minimum in istiod's values with the Gateway API, where istio.minTlsVersion sets it", () => {
        const values = { istiod: { meshConfig: { tlsDefaults: { minProtocolVersion: "TLSV1_3", ecdhCurves: ["X25519"] } } } };
        assert.deepEqual(problems({ istio: { api: "gateway-api", values } }), [
            ["istio.values.istiod.meshConfig.tlsDefaults.minProtocolVersion", "is set by the component: use istio.minTlsVersion"],
        ]);
        // With Istio's API each server carries its own, which wins over the mesh's; the mesh default stays yours.
        assert.deepEqual(problems({ istio: { values } }), []);
    });

    // Route53 API reference, HealthCheckConfig Type: "If you specify HTTPS for the value of Type, the endpoint
    // must support TLS v1.0, v1.1, or v1.2."
    it("refuses TLS 1.3 only beside Route53's https probe, which speaks TLS 1.2 at most; readiness is plain HTTP", () => {
        const route53 = (probe: string, enabled = true) => ({
            zones: [{ domain: "example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" }],
            loadBalancer: { kind: "ipv4" },
            routing: { policy: "weighted", weight: 10, healthCheck: { probe, enabled } },
        });
        assert.deepEqual(problems({ istio: { minTlsVersion: "TLSV1_3" }, route53: route53("https") }), [
            [
                "route53.routing.healthCheck.probe",
                '"https" cannot pass with istio.minTlsVersion "TLSV1_3": Route53\'s HTTPS health checks speak TLS 1.0 to 1.2 only; use "readiness" (HTTP on the status port 15021)',
            ],
        ]);
        assert.deepEqual(problems({ istio: { minTlsVersion: "TLSV1_2" }, route53: route53("https") }), []);
        assert.deepEqual(problems({ istio: { minTlsVersion: "TLSV1_3" }, route53: route53("readiness") }), []);
        assert.deepEqual(problems({ istio: { minTlsVersion: "TLSV1_3" }, route53: route53("https", false) }), []);
    });

    it("refuses a version Istio's servers do not name so", () => {
        assert.deepEqual(problems({ istio: { minTlsVersion: "1.3" } }), [
            ["istio.minTlsVersion", '"1.3" must be one of "TLSV1_2", "TLSV1_3"'],
        ]);
    });
});

describe("edge settings: HSTS", () => {
    it("writes RFC 6797's value, the directives only when asked", () => {
        assert.equal(hstsHeaderValue({ maxAgeSeconds: 31536000, includeSubdomains: false, preload: false }), "max-age=31536000");
        assert.equal(
            hstsHeaderValue({ maxAgeSeconds: 63072000, includeSubdomains: true, preload: true }),
            "max-age=63072000; includeSubDomains; preload",
        );
    });

    it("Istio's API: every rule of the routes of a gateway with hsts sets the header, other gateways' routes do not", async () => {
        const result = await synthComponent(minimalArgs({ gateways: GATEWAYS, routes: ROUTES }));
        const rules = (name: string) => spec(one(result, VIRTUAL_SERVICE, name)).http as Array<Record<string, unknown>>;
        for (const rule of rules("ingress-routes-www")) {
            assert.deepEqual(rule.headers, {
                response: { set: { "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload" } },
            });
        }
        for (const rule of rules("ingress-routes-api")) assert.equal(rule.headers, undefined);
    });

    it("the Gateway API: a ResponseHeaderModifier on every rule of the gateway's HTTPRoutes, none on its redirect", async () => {
        const result = await synthComponent(
            minimalArgs({
                istio: { api: "gateway-api" },
                gateways: [{ name: "web", hosts: ["www.example.com"], hsts: {} }],
                routes: [ROUTES[0]],
            }),
        );
        const routes = ofType(result, HTTP_ROUTE);
        const served = routes.filter((route) => !JSON.stringify(spec(route)).includes("RequestRedirect"));
        assert.equal(served.length, 1);
        for (const rule of spec(served[0]).rules as Array<Record<string, unknown>>) {
            assert.deepEqual(rule.filters, [
                {
                    type: "ResponseHeaderModifier",
                    responseHeaderModifier: { set: [{ name: "Strict-Transport-Security", value: "max-age=31536000" }] },
                },
            ]);
        }
        const redirect = routes.find((route) => JSON.stringify(spec(route)).includes("RequestRedirect"));
        assert.ok(redirect && !JSON.stringify(spec(redirect)).includes("Strict-Transport-Security"));
    });

    it("refuses hsts without the redirect (RFC 6797 §7.2), and preload short of hstspreload.org's requirements", () => {
        assert.deepEqual(problems({ gateways: [{ name: "web", hosts: ["www.example.com"], httpsRedirect: false, hsts: {} }] }), [
            [
                "gateways[0].hsts",
                "needs httpsRedirect: true: without the redirect the routes answer plain HTTP too, and an HSTS header must not go over plain HTTP (RFC 6797 §7.2)",
            ],
        ]);
        assert.deepEqual(
            problems({ gateways: [{ name: "web", hosts: ["www.example.com"], hsts: { preload: true, maxAgeSeconds: 86400 } }] }),
            [
                ["gateways[0].hsts.preload", "needs includeSubdomains: true (hstspreload.org's submission requirements)"],
                [
                    "gateways[0].hsts.preload",
                    "needs maxAgeSeconds of at least 31536000 (a year; hstspreload.org's submission requirements), not 86400",
                ],
            ],
        );
        assert.deepEqual(
            problems({ gateways: [{ name: "web", hosts: ["www.example.com"], hsts: { preload: true, includeSubdomains: true } }] }),
            [],
        );
        assert.deepEqual(problems({ gateways: [{ name: "web", hosts: ["www.example.com"], hsts: { maxAgeSeconds: -1 } }] }), [
            ["gateways[0].hsts.maxAgeSeconds", "-1 must be 0 or more seconds (0 tells browsers to forget the host)"],
        ]);
    });
});
