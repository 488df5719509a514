import * as assert from "node:assert/strict";
import { validateIngressConfig } from "../../components/config/validate";
import { planIngress } from "../../components/plan";
import { expectedNamespaces } from "../../tools/synth/render";
import { metadata, ofType, synthYaml, transitiveDependencies } from "../support/harness";
import { namespacesStack } from "./fixture";

const NAMESPACE = "kubernetes:core/v1:Namespace";

const ROUTE_TYPES = ["kubernetes:networking.istio.io/v1:VirtualService", "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute"];

describe("namespaces of routes and backends", () => {
    it("plans the namespaces of routes and of their backends, not Istio's, the gateways' or cert-manager's", () => {
        const raw = {
            acme: { email: "ops@example.com" },
            route53: { zones: [{ domain: "example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" }] },
            gateways: [{ name: "web", hosts: ["www.example.com", "shop.example.com"] }],
            routes: [
                {
                    name: "www",
                    gateway: "web",
                    hosts: ["www.example.com"],
                    http: [{ destination: { host: "www.istio-system.svc", port: 80 } }],
                },
                {
                    name: "shop",
                    namespace: "team-shop",
                    gateway: "web",
                    hosts: ["shop.example.com"],
                    http: [{ destinations: [{ host: "api.team-api.svc.cluster.local", port: 80, weight: 100 }] }],
                },
            ],
        };
        const result = validateIngressConfig(raw);
        assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
        assert.deepEqual(planIngress(result.config).namespaces, { create: false, names: ["team-api", "team-shop"] });
        const created = validateIngressConfig({ ...raw, namespaces: { create: true } });
        assert.ok(created.ok);
        assert.equal(planIngress(created.config).namespaces.create, true);
    });

    it("refuses a create that is not a boolean, and unknown keys", () => {
        const result = validateIngressConfig({ namespaces: { create: "yes", owner: "gitops" } });
        assert.ok(!result.ok);
        const lines = result.problems.filter((p) => p.propertyPath.startsWith("namespaces")).map((p) => `${p.propertyPath}: ${p.reason}`);
        assert.equal(lines.length, 2, lines.join("\n"));
        assert.ok(lines.some((line) => line.startsWith("namespaces.create:")));
        assert.ok(lines.some((line) => line.startsWith("namespaces.owner:") || line.includes('"owner"')));
    });

    for (const api of ["istio", "gateway-api"]) {
        it(`${api}: by default reads each namespace, and the routes there wait for the read`, async () => {
            const result = await synthYaml(namespacesStack(api));
            const reads = ofType(result, NAMESPACE).filter((r) => r.external);
            assert.deepEqual(reads.map((r) => r.id).sort(), api === "istio" ? ["team-api", "team-shop"] : ["team-api", "team-shop"]);
            const route = result.resources.find((r) => ROUTE_TYPES.includes(r.type) && metadata(r).namespace === "team-shop");
            assert.ok(route, "the shop route");
            const shop = reads.find((r) => r.id === "team-shop");
            assert.ok(shop && transitiveDependencies(result, route).has(shop.urn), "the route waits for its namespace's read");
            assert.deepEqual(
                expectedNamespaces(result.resources).filter((n) => n.startsWith("team-")),
                ["team-api", "team-shop"],
            );
        });

        it(`${api}: with namespaces.create, creates each before the routes there`, async () => {
            const result = await synthYaml(namespacesStack(api, "  istio-acme-ingress:namespaces: { create: true }"));
            const created = ofType(result, NAMESPACE).filter((r) => !r.external && String(metadata(r).name).startsWith("team-"));
            assert.deepEqual(created.map((r) => metadata(r).name).sort(), ["team-api", "team-shop"]);
            assert.equal(ofType(result, NAMESPACE).filter((r) => r.external).length, 0);
            const route = result.resources.find((r) => ROUTE_TYPES.includes(r.type) && metadata(r).namespace === "team-shop");
            const shop = created.find((r) => metadata(r).name === "team-shop");
            assert.ok(route && shop && transitiveDependencies(result, route).has(shop.urn), "the route waits for its namespace");
            assert.deepEqual(
                expectedNamespaces(result.resources).filter((n) => n.startsWith("team-")),
                [],
            );
        });
    }
});
