import * as assert from "node:assert/strict";
import { IstioObjects, istioOutcome, VirtualServiceSpec } from "./istioRouting";
import { describeOutcome, K8sObject, RoutingRequest } from "./routingOutcome";

/** The model against the behaviours its sources document (see istioRouting.ts). */
const gateway = (hosts: string[], httpsRedirect = true) => ({
    metadata: { name: "web", namespace: "istio-ingress" },
    spec: {
        selector: { istio: "ingressgateway" },
        servers: [
            { port: { number: 443, name: "https-web", protocol: "HTTPS" }, hosts, tls: { mode: "SIMPLE", credentialName: "web-tls" } },
            { port: { number: 80, name: "http", protocol: "HTTP" }, hosts, ...(httpsRedirect ? { tls: { httpsRedirect: true } } : {}) },
        ],
    },
});
const vs = (name: string, namespace: string, hosts: string[], http: VirtualServiceSpec["http"]): K8sObject<VirtualServiceSpec> => ({
    metadata: { name, namespace },
    spec: { hosts, gateways: ["istio-ingress/web"], http },
});
const to = (host: string) => [{ destination: { host, port: { number: 80 } } }];
const uri = (match: Record<string, string>) => [{ uri: match }];

/** One gateway serving www.example.com to namespace app, and one VirtualService `www` there with `http`. */
const www = (http: VirtualServiceSpec["http"]): IstioObjects => ({
    gateways: [gateway(["app/www.example.com"])],
    virtualServices: [vs("www", "app", ["www.example.com"], http)],
});

function outcome(objects: IstioObjects, path: string, host = "www.example.com", scheme: RoutingRequest["scheme"] = "https"): string {
    return describeOutcome(istioOutcome(objects, { scheme, host, path }));
}

describe("model: Istio's gateway routing", () => {
    it("a VirtualService prefix is a plain string prefix of the :path, query included", () => {
        const objects = www([{ match: uri({ prefix: "/api" }), route: to("api") }]);
        assert.equal(outcome(objects, "/apix"), "api.app.svc.cluster.local:80");
        assert.equal(outcome(objects, "/api?x=1"), "api.app.svc.cluster.local:80");
        assert.equal(outcome(objects, "/ap"), "404");
    });

    it("exact ignores the query string; a regex must match the whole path (RE2)", () => {
        const objects = www([
            { match: uri({ exact: "/healthz" }), route: to("health") },
            { match: uri({ regex: "/v[0-9]+" }), route: to("versioned") },
        ]);
        assert.equal(outcome(objects, "/healthz?probe=1"), "health.app.svc.cluster.local:80");
        assert.equal(outcome(objects, "/v2"), "versioned.app.svc.cluster.local:80");
        assert.equal(outcome(objects, "/v2/x"), "404");
    });

    it("takes the first matching rule in order", () => {
        const objects = www([
            { match: uri({ prefix: "/api" }), route: to("api") },
            { match: uri({ prefix: "/api/v2" }), route: to("v2") },
        ]);
        assert.equal(outcome(objects, "/api/v2/x"), "api.app.svc.cluster.local:80");
    });

    it("merges two VirtualServices of one host in no defined order, except that catch-alls go last", () => {
        const server = gateway(["a/www.example.com", "b/www.example.com"]);
        const overlapping = {
            gateways: [server],
            virtualServices: [
                vs("a", "a", ["www.example.com"], [{ match: uri({ prefix: "/api" }), route: to("one") }]),
                vs("b", "b", ["www.example.com"], [{ match: uri({ prefix: "/api/v2" }), route: to("two") }]),
            ],
        };
        assert.equal(outcome(overlapping, "/api/v2"), "undefined order: one.a.svc.cluster.local:80 | two.b.svc.cluster.local:80");
        assert.equal(outcome(overlapping, "/api/v1"), "one.a.svc.cluster.local:80");
        const catchAll = {
            gateways: [server],
            virtualServices: [
                vs("a", "a", ["www.example.com"], [{ route: to("site") }]),
                vs("b", "b", ["www.example.com"], [{ match: uri({ prefix: "/docs" }), route: to("docs") }]),
            ],
        };
        assert.equal(outcome(catchAll, "/docs/x"), "docs.b.svc.cluster.local:80");
        assert.equal(outcome(catchAll, "/x"), "site.a.svc.cluster.local:80");
        const twoCatchAlls = {
            gateways: [server],
            virtualServices: [
                vs("a", "a", ["www.example.com"], [{ route: to("one") }]),
                vs("b", "b", ["www.example.com"], [{ route: to("two") }]),
            ],
        };
        assert.match(outcome(twoCatchAlls, "/"), /^undefined order/);
    });

    it("sends a name to the virtual host naming it exactly, never falling through to a wildcard's routes", () => {
        const objects = {
            gateways: [gateway(["apps/*.apps.example.com", "admin/*.apps.example.com"])],
            virtualServices: [
                vs("apps", "apps", ["*.apps.example.com"], [{ route: to("apps") }]),
                vs("admin", "admin", ["admin.apps.example.com"], [{ match: uri({ prefix: "/console" }), route: to("console") }]),
            ],
        };
        assert.equal(outcome(objects, "/console", "admin.apps.example.com"), "console.admin.svc.cluster.local:80");
        assert.equal(outcome(objects, "/other", "admin.apps.example.com"), "404");
        assert.equal(outcome(objects, "/other", "shop.apps.example.com"), "apps.apps.svc.cluster.local:80");
    });

    it("binds a VirtualService only through server hosts that admit its namespace", () => {
        const objects = {
            gateways: [gateway(["web/www.example.com"])],
            virtualServices: [vs("www", "elsewhere", ["www.example.com"], [{ route: to("www") }])],
        };
        assert.equal(outcome(objects, "/"), "404");
    });

    it("answers plain HTTP with a redirect to HTTPS where the server says so, else routes it", () => {
        const objects = (redirect: boolean) => ({
            gateways: [gateway(["app/www.example.com"], redirect)],
            virtualServices: [vs("www", "app", ["www.example.com"], [{ match: uri({ prefix: "/api" }), route: to("api") }])],
        });
        assert.equal(outcome(objects(true), "/api", "www.example.com", "http"), "api.app.svc.cluster.local:80");
        assert.equal(outcome(objects(false), "/api", "www.example.com", "http"), "api.app.svc.cluster.local:80");
        assert.equal(outcome(objects(false), "/", "other.example.com", "http"), "404");
    });
});
