import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { httpsListenerName } from "../../../components/gatewayApi/gateways/listeners";
import { allowedRoutes, gatewayAnnotations, kubernetesGatewaySpec } from "../../../components/gatewayApi/gateways/spec";
import type { KubernetesGatewayPlan } from "../../../components/plan";

const gateway: KubernetesGatewayPlan = {
    name: "web",
    namespace: "edge",
    hosts: ["www.example.com", "*.apps.example.com"],
    httpsRedirect: true,
    http: { name: "http", allowedNamespaces: ["edge"] },
    https: [
        { name: "https.www.example.com", host: "www.example.com", certificate: "web", secretName: "web-tls", allowedNamespaces: ["web"] },
        {
            name: "https-wildcard.apps.example.com",
            host: "*.apps.example.com",
            certificate: "web",
            secretName: "web-tls",
            allowedNamespaces: ["apps", "edge"],
        },
    ],
};

/** A Gateway API SectionName: DNS labels joined by dots, at most 253 (gateway.networking.k8s.io_gateways.yaml, listeners[].name). */
const SECTION_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

describe("Kubernetes Gateway spec", () => {
    it("is of class istio, with an HTTP listener on 80 and an HTTPS listener on 443 per host terminating TLS with its Secret", () => {
        const spec = kubernetesGatewaySpec(gateway, {});
        assert.equal(spec.gatewayClassName, "istio");
        assert.equal("infrastructure" in spec, false, "no infrastructure without annotations");
        const listeners = spec.listeners as Array<Record<string, unknown>>;
        assert.deepEqual(
            listeners.map((l) => [l.name, l.port, l.protocol, l.hostname]),
            [
                ["http", 80, "HTTP", undefined],
                ["https.www.example.com", 443, "HTTPS", "www.example.com"],
                ["https-wildcard.apps.example.com", 443, "HTTPS", "*.apps.example.com"],
            ],
        );
        assert.deepEqual(listeners[1].tls, { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: "web-tls" }] });
        assert.equal(listeners[0].tls, undefined);
    });

    it("admits HTTPRoutes only, from the Gateway's namespace alone (Same) or from the named namespaces by their name label", () => {
        assert.deepEqual(allowedRoutes(["edge"], "edge"), {
            namespaces: { from: "Same" },
            kinds: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute" }],
        });
        assert.deepEqual(allowedRoutes(["apps", "edge"], "edge").namespaces, {
            from: "Selector",
            selector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["apps", "edge"] }] },
        });
    });

    it("puts the Service annotations into spec.infrastructure.annotations, which istiod copies onto the Service", () => {
        const annotations = { "service.beta.kubernetes.io/aws-load-balancer-type": "external" };
        assert.deepEqual(kubernetesGatewaySpec(gateway, annotations).infrastructure, { annotations });
    });

    it("waits until Programmed, and names the Service type only when it is not istiod's default LoadBalancer", () => {
        assert.deepEqual(gatewayAnnotations("LoadBalancer"), {
            "pulumi.com/waitFor": "condition=Programmed",
            "pulumi.com/timeoutSeconds": "600",
        });
        assert.equal(gatewayAnnotations("ClusterIP")["networking.istio.io/service-type"], "ClusterIP");
        assert.equal(gatewayAnnotations("NodePort")["networking.istio.io/service-type"], "NodePort");
    });
});

describe("HTTPS listener names", () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
    const name = fc.array(label, { minLength: 2, maxLength: 5 }).map((labels) => labels.join("."));
    const host = fc.oneof(
        name,
        name.map((n) => `*.${n}`),
    );

    it("are valid SectionNames, also for the longest hosts", () => {
        fc.assert(fc.property(host, (h) => SECTION_NAME.test(httpsListenerName(h)) && httpsListenerName(h).length <= 253));
        const longest = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`;
        assert.equal(longest.length, 253);
        assert.match(httpsListenerName(longest), SECTION_NAME);
        assert.ok(httpsListenerName(longest).length <= 253);
    });

    it("never give two hosts the same name, a wildcard and a host of the same spelling included", () => {
        fc.assert(fc.property(host, host, (a, b) => a === b || httpsListenerName(a) !== httpsListenerName(b)));
        assert.notEqual(httpsListenerName("*.apps.example.com"), httpsListenerName("wildcard.apps.example.com"));
        assert.notEqual(httpsListenerName("*.apps.example.com"), httpsListenerName("https-wildcard.apps.example.com"));
    });

    it("stay the same whatever other hosts the gateway has, so routes keep their sectionName", () => {
        assert.equal(httpsListenerName("www.example.com"), "https.www.example.com");
        assert.equal(httpsListenerName("*.apps.example.com"), "https-wildcard.apps.example.com");
    });
});
