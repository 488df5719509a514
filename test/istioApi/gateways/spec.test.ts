import * as assert from "node:assert/strict";
import { gatewaySpec } from "../../../components/istioApi/gateways/spec";
import type { GatewayPlan } from "../../../components/plan";

const plan = (overrides: Partial<GatewayPlan> = {}): GatewayPlan => ({
    name: "web",
    namespace: "istio-ingress",
    hosts: ["a.example.com", "*.apps.example.com"],
    httpsRedirect: true,
    tls: [{ certificate: "web", credentialName: "web-tls", hosts: ["a.example.com", "*.apps.example.com"] }],
    hostNamespaces: { "a.example.com": ["web"], "*.apps.example.com": ["apps", "team"] },
    minTlsVersion: "TLSV1_2",
    ...overrides,
});

describe("Gateway spec", () => {
    it("serves HTTPS on 443 from the certificate's secret over SDS, and redirects port 80", () => {
        assert.deepEqual(gatewaySpec(plan(), { istio: "ingressgateway" }), {
            selector: { istio: "ingressgateway" },
            servers: [
                {
                    port: { number: 443, name: "https-web", protocol: "HTTPS" },
                    hosts: ["web/a.example.com", "apps/*.apps.example.com", "team/*.apps.example.com"],
                    tls: { mode: "SIMPLE", credentialName: "web-tls", minProtocolVersion: "TLSV1_2" },
                },
                {
                    port: { number: 80, name: "http", protocol: "HTTP" },
                    hosts: ["web/a.example.com", "apps/*.apps.example.com", "team/*.apps.example.com"],
                    tls: { httpsRedirect: true },
                },
            ],
        });
    });

    it("serves plain HTTP on 80 when the redirect is off", () => {
        const servers = gatewaySpec(plan({ httpsRedirect: false }), {}).servers as Array<Record<string, unknown>>;
        assert.deepEqual(servers[1], {
            port: { number: 80, name: "http", protocol: "HTTP" },
            hosts: ["web/a.example.com", "apps/*.apps.example.com", "team/*.apps.example.com"],
        });
    });

    it("has one HTTPS server per certificate, each with a unique port name", () => {
        const tls = [
            { certificate: "web-1", credentialName: "web-1-tls", hosts: ["a.example.com"] },
            { certificate: "web-2", credentialName: "web-2-tls", hosts: ["*.apps.example.com"] },
        ];
        const servers = gatewaySpec(plan({ tls }), {}).servers as Array<{ port: { name: string }; tls?: { credentialName?: string } }>;
        assert.deepEqual(
            servers.map((s) => [s.port.name, s.tls?.credentialName]),
            [
                ["https-web-1", "web-1-tls"],
                ["https-web-2", "web-2-tls"],
                ["http", undefined],
            ],
        );
    });

    it("never writes a host without its namespace: a host the plan gives no namespace is a bug, not a bare host", () => {
        assert.throws(
            () => gatewaySpec(plan({ hostNamespaces: { "a.example.com": ["web"] } }), {}),
            /gateway web: the plan gives host \*\.apps\.example\.com no namespace to bind from/,
        );
    });
});
