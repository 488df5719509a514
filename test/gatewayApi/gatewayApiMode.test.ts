import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_ISTIO_VERSION } from "../../components/config/defaults";
import { matchedGatewayApiVersion } from "../../components/config/gatewayApi";
import { retainOnDelete } from "../../components/gatewayApi/crds/gatewayApiCrds";
import type { SynthResource, SynthResult } from "../../tools/synth/engine";
import { placeholderLoadBalancerHostname } from "../../testing/placeholders";
import { IstioAcmeIngress } from "../../components/istioAcmeIngress";
import { synthesize } from "../../tools/synth/engine";
import { metadata, minimalArgs, ofType, one, PROJECT, spec, synthComponent, synthYaml, transitiveDependencies } from "../support/harness";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const CONFIG_FILE = "kubernetes:yaml/v2:ConfigFile";
const CERTIFICATE = "kubernetes:cert-manager.io/v1:Certificate";
const GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
const HTTP_ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
const GRANT = "kubernetes:gateway.networking.k8s.io/v1beta1:ReferenceGrant";

const CONFIG = (istio: string, extra = "") => `
config:
  aws:region: ca-central-1
  istio-acme-ingress:acme: { email: ops@example.com }
  istio-acme-ingress:route53:
    zones: [{ domain: example.com, hostedZoneId: Z0123456789ABCDEFGHIJ }]
  istio-acme-ingress:istio: ${istio}
${extra}
  istio-acme-ingress:gateways:
    - name: web
      hosts: [www.example.com, "*.apps.example.com"]
    - name: shop
      namespace: shop
      hosts: [shop.example.com]
  istio-acme-ingress:routes:
    - name: www
      namespace: web
      gateway: web
      hosts: [www.example.com]
      http:
        - destination: { host: www, port: 80 }
    - name: shop
      gateway: shop
      hosts: [shop.example.com]
      http:
        - match: { prefix: /api }
          destination: { host: api.backend.svc.cluster.local, port: 8080 }
        - destination: { host: storefront, port: 80 }
`;

function release(result: SynthResult, name: string): SynthResource | undefined {
    return ofType(result, RELEASE).find((r) => r.inputs.name === name);
}
function named(result: SynthResult, type: string, name: string): SynthResource {
    const found = ofType(result, type).find((r) => metadata(r).name === name);
    if (!found) throw new Error(`no ${type} named ${name}`);
    return found;
}
function waitsFor(result: SynthResult, resource: SynthResource, other: SynthResource): boolean {
    return transitiveDependencies(result, resource).has(other.urn);
}

describe("istio.api: gateway-api", () => {
    let result: SynthResult;
    before(async () => {
        result = await synthYaml(CONFIG("{ api: gateway-api }"));
    });

    it("declares no Istio Gateway or VirtualService and installs no gateway chart", () => {
        assert.deepEqual(
            result.resources.filter((r) => r.type.includes("networking.istio.io")).map((r) => r.type),
            [],
        );
        assert.deepEqual(
            ofType(result, RELEASE)
                .map((r) => r.inputs.name)
                .sort(),
            ["cert-manager", "istio-base", "istiod"],
        );
        assert.equal(ofType(result, "kubernetes:core/v1:Service").length, 0, "no Service to read: the address is the Gateway's");
    });

    it("applies the standard-channel CRDs of the release matched to the Istio minor from the release asset, before istiod", () => {
        const crds = one(result, CONFIG_FILE);
        const version = matchedGatewayApiVersion(DEFAULT_ISTIO_VERSION) ?? "none";
        assert.equal(crds.inputs.file, `https://github.com/kubernetes-sigs/gateway-api/releases/download/${version}/standard-install.yaml`);
        const istiod = release(result, "istiod");
        assert.ok(istiod && istiod.dependencies.includes(crds.urn), "istiod waits for the Gateway API CRDs");
    });

    it("creates every Gateway, HTTPRoute and ReferenceGrant after the CRDs", () => {
        const crds = one(result, CONFIG_FILE);
        for (const r of [...ofType(result, GATEWAY), ...ofType(result, HTTP_ROUTE), ...ofType(result, GRANT)]) {
            assert.ok(waitsFor(result, r, crds), `${r.name} waits for the CRDs`);
        }
    });

    it("creates each Gateway after istiod, which deploys it, and after its own Certificates only", () => {
        const istiod = release(result, "istiod");
        for (const gateway of ofType(result, GATEWAY)) {
            assert.ok(istiod && waitsFor(result, gateway, istiod));
            const own = named(result, CERTIFICATE, metadata(gateway).name);
            assert.ok(gateway.dependencies.includes(own.urn), `${gateway.name} waits for its Certificate`);
            const other = ofType(result, CERTIFICATE).filter((c) => c !== own);
            for (const c of other) assert.ok(!waitsFor(result, gateway, c), `${gateway.name} does not wait for ${c.name}`);
        }
    });

    it("puts each gateway's Certificates in the Gateway's namespace", () => {
        assert.equal(metadata(named(result, CERTIFICATE, "web")).namespace, "istio-ingress");
        assert.equal(metadata(named(result, CERTIFICATE, "shop")).namespace, "shop");
        assert.equal(metadata(named(result, GATEWAY, "shop")).namespace, "shop");
    });

    it("lets routes wait for their grants, not for Gateways, istiod or Certificates", () => {
        const shop = named(result, HTTP_ROUTE, "shop");
        const grant = named(result, GRANT, "shop-backends");
        assert.equal(metadata(grant).namespace, "backend");
        assert.ok(shop.dependencies.includes(grant.urn));
        for (const r of [...ofType(result, GATEWAY), ...ofType(result, CERTIFICATE), ...ofType(result, RELEASE)]) {
            assert.ok(!waitsFor(result, shop, r), `the route does not wait for ${r.name}`);
        }
    });

    it("redirects each gateway's HTTP listener with one HTTPRoute in the Gateway's namespace", () => {
        const redirects = ofType(result, HTTP_ROUTE).filter((r) => metadata(r).name.endsWith("-https-redirect"));
        assert.deepEqual(redirects.map((r) => `${metadata(r).namespace}/${metadata(r).name}`).sort(), [
            "istio-ingress/web-https-redirect",
            "shop/shop-https-redirect",
        ]);
    });

    it("exports each Gateway's load balancer address from its status, the first as loadBalancerAddress", () => {
        assert.equal(result.outputs.loadBalancerAddress, placeholderLoadBalancerHostname("istio-ingress", "web-istio", {}));
        assert.deepEqual(result.outputs.loadBalancerAddresses, {
            web: placeholderLoadBalancerHostname("istio-ingress", "web-istio", {}),
            shop: placeholderLoadBalancerHostname("shop", "shop-istio", {}),
        });
        assert.deepEqual(
            (result.outputs.certificates as Array<{ name: string; namespace: string }>).map((c) => `${c.namespace}/${c.name}`),
            ["istio-ingress/web", "shop/shop"],
        );
    });

    it("points each host's Route53 records at its own Gateway's load balancer, after that Gateway and the host's certificate", () => {
        const records = ofType(result, "aws:route53/record:Record");
        assert.equal(records.length, 3);
        const targets = result.outputs.dnsRecords as Array<{ name: string; target: string }>;
        const addresses = result.outputs.loadBalancerAddresses as Record<string, string>;
        assert.notEqual(addresses.web, addresses.shop, "one load balancer per Gateway");
        for (const [host, gateway] of [
            ["www.example.com", "web"],
            ["*.apps.example.com", "web"],
            ["shop.example.com", "shop"],
        ]) {
            assert.equal(targets.find((t) => t.name === host)?.target, addresses[gateway], `${host} -> ${gateway}`);
            const record = records.find((r) => r.inputs.name === host);
            assert.ok(record, host);
            assert.ok(record.dependencies.includes(named(result, GATEWAY, gateway).urn), `${host} waits for Gateway ${gateway}`);
            assert.ok(record.dependencies.includes(named(result, CERTIFICATE, gateway).urn), `${host} waits for its certificate`);
        }
    });

    it("with installCrds: false applies no CRDs, and istiod waits only for Istio's base", async () => {
        const managed = await synthYaml(CONFIG("{ api: gateway-api }", "  istio-acme-ingress:gatewayApi: { installCrds: false }"));
        assert.equal(ofType(managed, CONFIG_FILE).length, 0);
        const istiod = release(managed, "istiod");
        assert.ok(istiod?.dependencies.includes(release(managed, "istio-base")?.urn ?? ""));
        assert.ok(!istiod?.dependencies.some((urn) => urn.includes("GatewayApiCrds")));
    });

    it("sets a ClusterIP Service type by annotation, Service annotations in spec.infrastructure, and exports no address", async () => {
        const custom = await synthComponent(
            minimalArgs({
                istio: { api: "gateway-api", serviceType: "ClusterIP", serviceAnnotations: { "example.com/team": "edge" } },
            }),
        );
        const gateway = one(custom, GATEWAY);
        assert.equal(metadata(gateway).annotations?.["networking.istio.io/service-type"], "ClusterIP");
        assert.deepEqual(spec(gateway).infrastructure, {
            annotations: { "example.com/team": "edge" },
            parametersRef: { group: "", kind: "ConfigMap", name: "web-infrastructure" },
        });
        assert.equal(custom.outputs.loadBalancerAddress, undefined, "the component's address is empty unless a LoadBalancer");
    });

    it("writes ReferenceGrants as v1beta1, aliased to the v1 type they had, so an existing grant is updated in place", async () => {
        const args = minimalArgs({
            istio: { api: "gateway-api" },
            routes: [
                {
                    name: "www",
                    namespace: "web",
                    gateway: "web",
                    hosts: ["www.example.com"],
                    http: [{ destination: { host: "api.backend.svc.cluster.local", port: 8080 } }],
                },
            ],
        });
        const aliases = new Map<string, unknown>();
        await synthesize({
            project: PROJECT,
            stack: "test",
            config: { "aws:region": "ca-central-1" },
            secretKeys: [],
            program: async () => {
                // The SDK's in-process transformations: they see each child's options as the component passes them.
                new IstioAcmeIngress("ingress", args, {
                    transformations: [
                        ({ type, name, opts }) => {
                            if (type.endsWith(":ReferenceGrant")) aliases.set(`${type} ${name}`, opts.aliases);
                            return undefined;
                        },
                    ],
                });
            },
        });
        assert.ok(aliases.size > 0, "the config has cross-namespace destinations");
        for (const [grant, alias] of aliases) {
            assert.match(grant, /^kubernetes:gateway\.networking\.k8s\.io\/v1beta1:ReferenceGrant /);
            assert.deepEqual(alias, [{ type: "kubernetes:gateway.networking.k8s.io/v1:ReferenceGrant" }], grant);
        }
    });

    it("keeps the CRDs when the stack deletes them: every child of the bundle gets retainOnDelete", async () => {
        const transformed = await retainOnDelete({
            type: "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
            name: "gateways",
            custom: true,
            props: {},
            opts: {},
        });
        assert.ok(transformed);
        assert.equal((transformed.opts as pulumi.CustomResourceOptions).retainOnDelete, true);
    });
});

describe("switching istio.api on an existing stack", () => {
    let istioMode: SynthResult;
    let gatewayApiMode: SynthResult;
    before(async () => {
        istioMode = await synthYaml(CONFIG("{ api: istio }"));
        gatewayApiMode = await synthYaml(CONFIG("{ api: gateway-api }"));
    });
    const urns = (result: SynthResult) => new Set(result.resources.filter((r) => r.custom).map((r) => r.urn));

    it("replaces the gateway: the chart and the Istio objects go, Kubernetes Gateways and HTTPRoutes come, under other URNs and types", () => {
        const before = urns(istioMode);
        const after = urns(gatewayApiMode);
        const gone = [...before].filter((urn) => !after.has(urn)).map((urn) => urn.split("::")[2].split("$").pop());
        const added = [...after].filter((urn) => !before.has(urn)).map((urn) => urn.split("::")[2].split("$").pop());
        assert.deepEqual([...new Set(gone)].sort(), [
            "kubernetes:core/v1:Service",
            "kubernetes:helm.sh/v3:Release",
            "kubernetes:networking.istio.io/v1:Gateway",
            "kubernetes:networking.istio.io/v1:VirtualService",
        ]);
        assert.deepEqual([...new Set(added)].sort(), [
            // Each Gateway's parametersRef ConfigMap (what istiod deploys for it).
            "kubernetes:core/v1:ConfigMap",
            "kubernetes:gateway.networking.k8s.io/v1:Gateway",
            "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
            "kubernetes:gateway.networking.k8s.io/v1beta1:ReferenceGrant",
        ]);
    });

    it("keeps Istio's base and istiod, cert-manager and the certificates in the gateway namespace under the same URNs", () => {
        const after = urns(gatewayApiMode);
        for (const name of ["istio-base", "istiod", "cert-manager"])
            assert.ok(after.has(release(istioMode, name)?.urn ?? ""), `${name} stays`);
        assert.ok(after.has(named(istioMode, CERTIFICATE, "web").urn), "the certificate of a gateway in the gateway namespace stays");
    });
});
