import * as assert from "node:assert/strict";
import { gatewaySpec } from "../../../components/istioApi/gateways/spec";
import { validateIngressConfig } from "../../../components/config/validate";
import { planIngress } from "../../../components/plan";
import { bindsToServer, istioHostsMatch, serverHostScope } from "../../models/istioBinding";

/**
 * Which VirtualServices Istio binds to the Gateways we emit, by Istio's published rule (modelled and
 * cited in test/models/istioBinding.ts): a server host `ns/host` admits VirtualServices of namespace
 * `ns` only; a bare host admits every namespace.
 */

type Server = { hosts: string[]; port: { number: number } };

function gatewayOf(raw: Record<string, unknown>): { namespace: string; servers: Server[] } {
    const result = validateIngressConfig({
        acme: { email: "ops@example.com" },
        route53: { zones: [{ domain: "example.com" }] },
        ...raw,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { api } = planIngress(result.config);
    if (api.api !== "istio") throw new Error("planned the Gateway API");
    const gateway = api.gateways[0];
    return { namespace: gateway.namespace, servers: gatewaySpec(gateway, {}).servers as Server[] };
}

/** The servers (by port) that bind `host` of a VirtualService in `namespace`. */
function boundPorts(gateway: { namespace: string; servers: Server[] }, namespace: string, host: string): number[] {
    return gateway.servers
        .filter((server) => bindsToServer(server.hosts, gateway.namespace, { namespace, host }))
        .map((s) => s.port.number);
}

const shopGateway = {
    gateways: [{ name: "web", hosts: ["www.example.com", "*.apps.example.com", "status.example.com"] }],
    routes: [
        { name: "www", namespace: "shop", gateway: "web", hosts: ["www.example.com"], http: [{ destination: { host: "web", port: 80 } }] },
        {
            name: "cart",
            namespace: "cart",
            gateway: "web",
            hosts: ["cart.apps.example.com"],
            http: [{ destination: { host: "c", port: 80 } }],
        },
    ],
};

describe("Istio's binding of VirtualServices to our Gateways", () => {
    describe("the model", () => {
        it("matches hosts as Istio's host.Name.Matches does (its documented examples)", () => {
            // pkg/config/host/name.go, the doc comment of Matches.
            assert.equal(istioHostsMatch("foo.com", "foo.com"), true);
            assert.equal(istioHostsMatch("foo.com", "bar.com"), false);
            assert.equal(istioHostsMatch("*.com", "foo.com"), true);
            assert.equal(istioHostsMatch("bar.com", "*.com"), true);
            assert.equal(istioHostsMatch("*.foo.com", "foo.com"), false);
            assert.equal(istioHostsMatch("*", "foo.com"), true);
            assert.equal(istioHostsMatch("*", "*.com"), true);
        });

        it("admits namespaces as Istio's host.NamesForNamespace does (its documented examples)", () => {
            // pkg/config/host/names.go, the doc comment of NamesForNamespace.
            const admitted = (hosts: string[], namespace: string) =>
                hosts.filter((h) => bindsToServer([h], "gw-ns", { namespace, host: serverHostScope(h, "gw-ns").host }));
            assert.deepEqual(admitted(["ns1/foo.com", "ns2/bar.com"], "ns1"), ["ns1/foo.com"]);
            assert.deepEqual(admitted(["ns1/foo.com", "ns2/bar.com"], "ns3"), []);
            assert.deepEqual(admitted(["ns1/foo.com", "*/bar.com"], "ns3"), ["*/bar.com"]);
            assert.deepEqual(admitted(["foo.com", "ns2/bar.com"], "ns3"), ["foo.com"]);
            // "." is the Gateway's own namespace (pilot/pkg/model/gateway.go, sanitizeServerHostNamespace).
            assert.deepEqual(admitted(["./foo.com"], "gw-ns"), ["./foo.com"]);
            assert.deepEqual(admitted(["./foo.com"], "ns1"), []);
        });
    });

    it("binds each route's VirtualService to the HTTPS and HTTP servers from the route's namespace", () => {
        const gateway = gatewayOf(shopGateway);
        assert.deepEqual(boundPorts(gateway, "shop", "www.example.com"), [443, 80]);
        assert.deepEqual(boundPorts(gateway, "cart", "cart.apps.example.com"), [443, 80]);
    });

    it("binds no VirtualService from another namespace to a public host, not even from the gateway's own", () => {
        const gateway = gatewayOf(shopGateway);
        for (const namespace of ["intruder", "istio-ingress", "cart"]) {
            assert.deepEqual(boundPorts(gateway, namespace, "www.example.com"), [], `${namespace} binds www.example.com`);
        }
        assert.deepEqual(boundPorts(gateway, "intruder", "other.apps.example.com"), [], "intruder binds under the wildcard");
    });

    it("admits only the gateway's own namespace to a host no route serves", () => {
        const gateway = gatewayOf(shopGateway);
        assert.deepEqual(boundPorts(gateway, "intruder", "status.example.com"), []);
        assert.deepEqual(boundPorts(gateway, "istio-ingress", "status.example.com"), [443, 80]);
    });

    it("writes every server host as <namespace>/<host>, never bare and never */", () => {
        const gateway = gatewayOf(shopGateway);
        for (const host of gateway.servers.flatMap((server) => server.hosts)) {
            assert.match(host, /^[a-z0-9-]+\/[^/]+$/);
            assert.notEqual(serverHostScope(host, gateway.namespace).namespace, undefined, host);
        }
    });

    it("would let any namespace bind to a bare host, as Gateways without namespaces did", () => {
        // The check above is not vacuous: the same rule admits an intruder to a bare server host.
        assert.equal(bindsToServer(["www.example.com"], "istio-ingress", { namespace: "intruder", host: "www.example.com" }), true);
        assert.equal(bindsToServer(["*/www.example.com"], "istio-ingress", { namespace: "intruder", host: "www.example.com" }), true);
    });
});
