import * as assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { IstioAcmeIngressArgs } from "../../components/args";
import type { SynthResult } from "../../tools/synth/engine";
import { declaredObjects } from "../../tools/synth/render";
import { readEngineConfig } from "../../tools/synth/stackConfig";
import { readProjectFile, synthStack } from "../../tools/synth/synth";
import { minimalArgs, ofType, one, synthComponent, synthYaml } from "../support/harness";
import { locateUpstream, UpstreamSchemas, upstreamSchemas } from "../support/upstreamSchemas";

const project = readProjectFile();
const exampleStacks = readdirSync(project.stackConfigDir)
    .filter((file) => /^Pulumi\..+\.yaml$/.test(file))
    .map((file) => file.replace(/^Pulumi\./, "").replace(/\.yaml$/, ""));

const CUSTOM_RESOURCE_TYPES = [
    "kubernetes:cert-manager.io/v1:ClusterIssuer",
    "kubernetes:cert-manager.io/v1:Certificate",
    "kubernetes:networking.istio.io/v1:Gateway",
    "kubernetes:networking.istio.io/v1:VirtualService",
];

function synthExample(stack: string): Promise<SynthResult> {
    return synthStack(stack, readEngineConfig(join(project.stackConfigDir, `Pulumi.${stack}.yaml`), project.name), project.name);
}

/** Each custom resource kind is present, so a pass means the objects were checked, not skipped. */
function assertHasCustomResources(result: SynthResult): void {
    for (const type of CUSTOM_RESOURCE_TYPES) assert.ok(ofType(result, type).length > 0, `no ${type} in the synth output`);
}

const hostsOn = (count: number, domain: string) => Array.from({ length: count }, (_, i) => `h${i + 1}.${domain}`);

const OTHER_CONFIGS: Array<{ title: string; args: IstioAcmeIngressArgs; check?: (result: SynthResult) => void }> = [
    {
        title: "custom ACME https server and issuer name",
        args: minimalArgs({ acme: { email: "ops@example.com", server: "https://acme.example.net/directory", issuerName: "corp-acme" } }),
        check: (result) => one(result, "kubernetes:cert-manager.io/v1:ClusterIssuer"),
    },
    {
        title: "several zones, one with a looked-up ID, and an explicit Route53 region",
        args: minimalArgs({
            route53: {
                region: "us-east-1",
                zones: [
                    { domain: "example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" },
                    { domain: "example.org", hostedZoneId: "Z9876543210KLMNOPQRST" },
                    { domain: "example.net" },
                ],
            },
            gateways: [{ name: "web", hosts: ["www.example.com", "www.example.org", "*.apps.example.net"] }],
        }),
    },
    {
        title: "250 hosts on one gateway, split over three certificates",
        args: minimalArgs({ gateways: [{ name: "many", hosts: hostsOn(250, "example.com") }] }),
        check: (result) => assert.equal(ofType(result, "kubernetes:cert-manager.io/v1:Certificate").length, 3),
    },
    {
        title: "httpsRedirect false, ClusterIP service, other namespaces and release name",
        args: minimalArgs({
            istio: { serviceType: "ClusterIP", namespace: "mesh", gatewayNamespace: "edge", gatewayName: "edge-gateway" },
            certManager: { namespace: "certs" },
            gateways: [{ name: "plain", namespace: "web", hosts: ["www.example.com"], httpsRedirect: false }],
        }),
    },
    {
        title: "weighted destinations and exact, regex and prefix matches",
        args: minimalArgs({
            gateways: [{ name: "web", hosts: ["www.example.com", "api.example.com"] }],
            routes: [
                {
                    name: "api",
                    gateway: "web",
                    namespace: "api",
                    hosts: ["api.example.com"],
                    http: [
                        { match: { exact: "/healthz" }, destination: { host: "health", port: 8081 } },
                        { match: { regex: "^/v[0-9]+/users/.*$" }, destination: { host: "users.api.svc.cluster.local", port: 8080 } },
                        {
                            match: { prefix: "/v2/" },
                            destinations: [
                                { host: "api-stable", port: 8080, weight: 80 },
                                { host: "api-canary", port: 8080, weight: 20 },
                            ],
                        },
                        { destination: { host: "web.web.svc.cluster.local", port: 80 } },
                    ],
                },
            ],
        }),
    },
];

/** A deep copy of the first declared object of `type` in `result`, to break on purpose. */
function objectOf(result: SynthResult, type: string): Record<string, unknown> {
    const [object] = declaredObjects([one(result, type)]);
    return structuredClone(object);
}

function pathsOf(problems: Array<{ path: string; message: string }>): string[] {
    return problems.map((problem) => problem.path);
}

describe("emitted objects match the upstream schemas", function () {
    let schemas: UpstreamSchemas;
    let dev: SynthResult;

    before(async function () {
        const location = locateUpstream();
        if (!location.available) {
            console.log(`    skipped: ${location.reason}`);
            this.skip();
        }
        schemas = upstreamSchemas(location.root);
        dev = await synthExample("dev");
    });

    describe("example stacks", () => {
        for (const stack of exampleStacks) {
            it(`stacks/Pulumi.${stack}.yaml`, async () => {
                const result = await synthExample(stack);
                assertHasCustomResources(result);
                schemas.assertMatchesUpstream(result);
            });
        }
    });

    describe("other configs", () => {
        for (const { title, args, check } of OTHER_CONFIGS) {
            it(title, async () => {
                const result = await synthComponent(args);
                check?.(result);
                schemas.assertMatchesUpstream(result);
            });
        }

        it("a stack config with routes, through the stack program", async () => {
            const result = await synthYaml(`
config:
  aws:region: eu-west-1
  istio-acme-ingress:acme: { email: ops@example.com, server: production }
  istio-acme-ingress:route53:
    zones: [{ domain: example.com, hostedZoneId: Z0123456789ABCDEFGHIJ }]
  istio-acme-ingress:istio: { serviceType: NodePort }
  istio-acme-ingress:gateways:
    - { name: web, hosts: [example.com, "*.example.com"], httpsRedirect: false }
  istio-acme-ingress:routes:
    - name: site
      gateway: web
      hosts: [example.com]
      http:
        - { match: { exact: / }, destination: { host: site, port: 80 } }
`);
            assertHasCustomResources(result);
            schemas.assertMatchesUpstream(result);
        });
    });

    describe("the validator rejects", () => {
        it("a ClusterIssuer solver field with the wrong case (hostedZoneId for hostedZoneID)", () => {
            const issuer = objectOf(dev, "kubernetes:cert-manager.io/v1:ClusterIssuer") as {
                spec: { acme: { solvers: Array<{ dns01: { route53: Record<string, unknown> } }> } };
            };
            const route53 = issuer.spec.acme.solvers[0].dns01.route53;
            route53.hostedZoneId = route53.hostedZoneID;
            delete route53.hostedZoneID;
            assert.deepEqual(schemas.validateCustomResource(issuer), [
                { path: "$.spec.acme.solvers[0].dns01.route53.hostedZoneId", message: "unknown field" },
            ]);
        });

        it("a Gateway server port given as a string", () => {
            const gateway = objectOf(synthResultWithOneGateway(dev), "kubernetes:networking.istio.io/v1:Gateway") as {
                spec: { servers: Array<{ port: Record<string, unknown> }> };
            };
            gateway.spec.servers[0].port.number = "443";
            assert.deepEqual(pathsOf(schemas.validateCustomResource(gateway)), ["$.spec.servers[0].port.number"]);
        });

        it("VirtualService hosts given as a string, an unknown top-level field and a misspelt kind", () => {
            const service = objectOf(synthResultWithOneRoute(dev), "kubernetes:networking.istio.io/v1:VirtualService") as Record<
                string,
                unknown
            > & { spec: Record<string, unknown> };
            service.spec.hosts = "www.example.com";
            service.sepc = {};
            assert.deepEqual(pathsOf(schemas.validateCustomResource(service)).sort(), ["$.sepc", "$.spec.hosts"]);
            assert.match(
                schemas.validateCustomResource({ ...service, kind: "VirtualSevice" })[0].message,
                /no served CRD for networking.istio.io\/v1 VirtualSevice/,
            );
        });

        it("a Certificate with a wrong enum value, a missing required field and a non-integer size", () => {
            const certificate = objectOf(synthResultWithOneCertificate(dev), "kubernetes:cert-manager.io/v1:Certificate") as {
                spec: Record<string, unknown> & { privateKey: Record<string, unknown> };
            };
            certificate.spec.privateKey.algorithm = "ecdsa";
            certificate.spec.privateKey.size = 256.5;
            delete certificate.spec.secretName;
            assert.deepEqual(pathsOf(schemas.validateCustomResource(certificate)).sort(), [
                "$.spec.privateKey.algorithm",
                "$.spec.privateKey.size",
                "$.spec.secretName",
            ]);
        });

        it("an x-kubernetes-int-or-string field holding neither an integer nor a string", () => {
            const service = objectOf(synthResultWithOneRoute(dev), "kubernetes:networking.istio.io/v1:VirtualService");
            const withGeneration = (observedGeneration: unknown) => ({ ...service, status: { observedGeneration } });
            assert.deepEqual(schemas.validateCustomResource(withGeneration(3)), []);
            assert.deepEqual(schemas.validateCustomResource(withGeneration("3")), []);
            const problems = schemas.validateCustomResource(withGeneration(true));
            assert.deepEqual([...new Set(pathsOf(problems))], ["$.status.observedGeneration"]);
            assert.ok(problems.some((problem) => problem.message === "must be an integer or a string"));
        });

        it("cert-manager values with installCRDs misspelt and an unknown nested key", () => {
            assert.deepEqual(
                schemas.validateChartValues("cert-manager", "v1.21.1", { installCRD: true, crds: { enabled: true, keepp: true } }),
                [
                    { path: "$.installCRD", message: "unknown field" },
                    { path: "$.crds.keepp", message: "unknown field" },
                ],
            );
        });

        it("istiod and base value keys that the charts do not have", () => {
            assert.deepEqual(
                pathsOf(schemas.validateChartValues("istiod", "1.30.3", { pilot: { enabled: true }, global: { istioNamespac: "x" } })),
                ["$.pilot", "$.global.istioNamespac"],
            );
            assert.deepEqual(pathsOf(schemas.validateChartValues("base", "1.30.3", { defaultRevision: { name: "default" } })), [
                "$.defaultRevision",
            ]);
            assert.deepEqual(schemas.validateChartValues("istiod", "1.30.3", { podLabels: { team: "edge" }, env: { A: "1" } }), []);
        });

        it("gateway values outside the gateway chart's schema", () => {
            assert.deepEqual(
                pathsOf(
                    schemas.validateChartValues("gateway", "1.30.3", {
                        service: { type: "ClusterIP", ipFamilyPolicy: "Dual" },
                        replicas: 2,
                    }),
                ),
                ["$.replicas", "$.service.ipFamilyPolicy"],
            );
        });

        it("a chart version the fixtures are not for, and a chart without fixtures", () => {
            assert.match(
                schemas.validateChartValues("istiod", "1.31.0", {})[0].message,
                /chart istiod 1.31.0, but the fixtures are for 1.30.3/,
            );
            assert.match(schemas.validateChartValues("cert-manager", "v1.22.0", {})[0].message, /fixtures are for v1.21.1/);
            assert.match(schemas.validateChartValues("ztunnel", "1.30.3", {})[0].message, /no fixtures for chart ztunnel/);
        });

        it("a whole synth result, naming each resource and path", async () => {
            const result = await synthComponent(minimalArgs({ istio: { version: "1.30.4" } }));
            assert.throws(
                () => schemas.assertMatchesUpstream(result),
                (error: Error) => {
                    for (const release of ["ingress-istio-base", "ingress-istio-istiod", "ingress-istio-gateway"]) {
                        assert.match(
                            error.message,
                            new RegExp(`${release} \\(chart oci://gcr.io/istio-release/charts/\\w+\\): \\$: chart \\w+ 1.30.4`),
                        );
                    }
                    assert.match(error.message, /3 problem\(s\)/);
                    return true;
                },
            );
        });
    });
});

/** Only the parts of `result` holding one resource of a type, for `one()`. */
function onlyFirst(result: SynthResult, type: string): SynthResult {
    const first = ofType(result, type)[0];
    return { ...result, resources: result.resources.filter((r) => r.type !== type || r === first) };
}
const synthResultWithOneGateway = (result: SynthResult) => onlyFirst(result, "kubernetes:networking.istio.io/v1:Gateway");
const synthResultWithOneRoute = (result: SynthResult) => onlyFirst(result, "kubernetes:networking.istio.io/v1:VirtualService");
const synthResultWithOneCertificate = (result: SynthResult) => onlyFirst(result, "kubernetes:cert-manager.io/v1:Certificate");
