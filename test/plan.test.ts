import * as assert from "node:assert/strict";
import { validateIngressConfig } from "../components/config/validate";
import { IngressPlan, IstioApiPlan, planIngress } from "../components/plan";

function plan(raw: Record<string, unknown>) {
    const result = validateIngressConfig(raw);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return planIngress(result.config);
}

function istioApi(p: IngressPlan): IstioApiPlan {
    if (p.api.api !== "istio") throw new Error(`planned the ${p.api.api} API`);
    return p.api;
}

const base = {
    acme: { email: "ops@example.com" },
    route53: { zones: [{ domain: "example.com" }, { domain: "sub.example.com" }, { domain: "other.org" }] },
};

describe("planning", () => {
    it("fills every default a user would otherwise have to write", () => {
        const p = plan({ ...base, gateways: [{ name: "web", hosts: ["www.example.com"] }] });
        assert.deepEqual(
            { ...p.istio, serviceAnnotations: undefined },
            {
                version: "1.31.1",
                repository: "oci://ghcr.io/istio/release/charts",
                hub: "docker.io/istio",
                namespace: "istio-system",
                gatewayNamespace: "istio-ingress",
                serviceType: "LoadBalancer",
                serviceAnnotations: undefined,
                // Public by default: the AWS Load Balancer Controller makes an internal NLB without it.
                loadBalancerScheme: "internet-facing",
                minTlsVersion: "TLSV1_2",
            },
        );
        assert.equal(p.istio.serviceAnnotations["service.beta.kubernetes.io/aws-load-balancer-scheme"], "internet-facing");
        assert.deepEqual(istioApi(p).gatewayRelease, { name: "istio-ingressgateway", selector: { istio: "ingressgateway" } });
        assert.deepEqual(p.certManager, { version: "v1.21.1", repository: "oci://quay.io/jetstack/charts", namespace: "cert-manager" });
        assert.deepEqual(p.issuer, {
            name: "letsencrypt-staging",
            server: "https://acme-staging-v02.api.letsencrypt.org/directory",
            email: "ops@example.com",
        });
        assert.deepEqual(istioApi(p).gateways[0], {
            name: "web",
            namespace: "istio-ingress",
            hosts: ["www.example.com"],
            httpsRedirect: true,
            tls: [{ certificate: "web", credentialName: "web-tls", hosts: ["www.example.com"] }],
            hostNamespaces: { "www.example.com": ["istio-ingress"] },
            minTlsVersion: "TLSV1_2",
        });
    });

    it("assigns each host to its most specific zone", () => {
        const p = plan({
            ...base,
            gateways: [{ name: "web", hosts: ["www.example.com", "a.sub.example.com", "*.sub.example.com", "other.org"] }],
        });
        assert.deepEqual(
            p.zones.map((z) => [z.domain, z.hosts]),
            [
                ["example.com", ["www.example.com"]],
                ["sub.example.com", ["a.sub.example.com", "*.sub.example.com"]],
                ["other.org", ["other.org"]],
            ],
        );
    });

    it("puts a route next to its gateway unless it names a namespace, and refers to the gateway by namespace and name", () => {
        const p = plan({
            ...base,
            gateways: [
                { name: "web", hosts: ["www.example.com"] },
                { name: "apps", namespace: "apps", hosts: ["*.sub.example.com"] },
            ],
            routes: [
                { name: "a", gateway: "web", hosts: ["www.example.com"], http: [{ destination: { host: "s", port: 80 } }] },
                { name: "b", gateway: "apps", hosts: ["x.sub.example.com"], http: [{ destination: { host: "s", port: 80 } }] },
                {
                    name: "c",
                    namespace: "team",
                    gateway: "apps",
                    hosts: ["y.sub.example.com"],
                    http: [{ destination: { host: "s", port: 80 } }],
                },
            ],
        });
        assert.deepEqual(
            istioApi(p).routes.map((r) => [r.name, r.namespace, `${r.gateway.namespace}/${r.gateway.name}`]),
            [
                ["a", "istio-ingress", "istio-ingress/web"],
                ["b", "apps", "apps/apps"],
                ["c", "team", "apps/apps"],
            ],
        );
    });

    it("gives each gateway its own certificates, with secret names that cannot collide", () => {
        const p = plan({
            ...base,
            gateways: [
                { name: "web", hosts: ["www.example.com"] },
                { name: "api", hosts: ["api.example.com"] },
            ],
        });
        assert.deepEqual(
            p.certificates.map((c) => [c.gateway, c.name, c.secretName, c.dnsNames]),
            [
                ["web", "web", "web-tls", ["www.example.com"]],
                ["api", "api", "api-tls", ["api.example.com"]],
            ],
        );
    });

    describe("which namespaces may bind to each gateway host", () => {
        const route = (name: string, namespace: string | undefined, hosts: string[]) => ({
            name,
            ...(namespace ? { namespace } : {}),
            gateway: "web",
            hosts,
            // Its own path: two routes of one host may not share a request.
            http: [{ match: { prefix: `/${name}` }, destination: { host: "s", port: 80 } }],
        });
        const bindings = (routes: unknown[], hosts = ["www.example.com", "api.example.com", "*.apps.example.com", "x.apps.example.com"]) =>
            istioApi(plan({ ...base, gateways: [{ name: "web", hosts }], routes })).gateways[0].hostNamespaces;

        it("gives a host the namespaces of the routes that serve it, each once, sorted", () => {
            const p = bindings([
                route("b", "shop", ["www.example.com"]),
                route("a", "blog", ["www.example.com"]),
                route("c", "shop", ["www.example.com"]),
            ]);
            assert.deepEqual(p["www.example.com"], ["blog", "shop"]);
        });

        it("gives a host no route serves the gateway's own namespace, never every namespace", () => {
            assert.deepEqual(bindings([route("a", "shop", ["www.example.com"])])["api.example.com"], ["istio-ingress"]);
        });

        it("binds a route host under a gateway wildcard through that wildcard, and a listed host through itself", () => {
            const p = bindings([
                route("y", "team", ["y.apps.example.com"]),
                route("x", "xs", ["x.apps.example.com"]),
                route("all", "apps", ["*.apps.example.com"]),
            ]);
            assert.deepEqual(p["*.apps.example.com"], ["apps", "team"]);
            assert.deepEqual(p["x.apps.example.com"], ["xs"]);
        });

        it("puts a route without a namespace in its gateway's namespace", () => {
            assert.deepEqual(bindings([route("a", undefined, ["api.example.com"])])["api.example.com"], ["istio-ingress"]);
        });

        it("does not depend on the order of the routes", () => {
            const routes = [route("a", "one", ["www.example.com"]), route("b", "two", ["www.example.com", "z.apps.example.com"])];
            assert.deepEqual(bindings(routes), bindings([...routes].reverse()));
        });
    });
});
