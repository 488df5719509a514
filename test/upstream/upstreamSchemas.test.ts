import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { IstioAcmeIngressArgs } from "../../components/args";
import { DEFAULT_CERT_MANAGER_VERSION, DEFAULT_ISTIO_VERSION } from "../../components/config/defaults";
import { fixturesLabel, istioFixturesFor } from "../../tools/schemas/sources";
import type { SynthResult } from "../../tools/synth/engine";
import { declaredObjects } from "../../tools/synth/render";
import { readEngineConfig } from "../../tools/synth/stackConfig";
import { readProjectFile, synthStack } from "../../tools/synth/synth";
import { minimalArgs, ofType, one, synthComponent, synthYaml } from "../support/harness";
import { UpstreamSchemas, upstreamSchemasOrPending } from "../support/upstreamSchemas";

const project = readProjectFile();
const exampleStacks = readdirSync(project.stackConfigDir)
    .filter((file) => /^Pulumi\..+\.yaml$/.test(file))
    .map((file) => file.replace(/^Pulumi\./, "").replace(/\.yaml$/, ""));

const CERT_MANAGER_TYPES = ["kubernetes:cert-manager.io/v1:ClusterIssuer", "kubernetes:cert-manager.io/v1:Certificate"];
const ISTIO_API_TYPES = ["kubernetes:networking.istio.io/v1:Gateway", "kubernetes:networking.istio.io/v1:VirtualService"];
const GATEWAY_API_TYPES = [
    "kubernetes:gateway.networking.k8s.io/v1:Gateway",
    "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
    "kubernetes:gateway.networking.k8s.io/v1beta1:ReferenceGrant",
];

function synthExample(stack: string): Promise<SynthResult> {
    return synthStack(stack, readEngineConfig(join(project.stackConfigDir, `Pulumi.${stack}.yaml`), project.name), project.name);
}

/** The chart versions a stack file pins, or the defaults: they decide which fixtures check it. */
function stackVersions(stack: string): { istio: string; certManager: string } {
    const text = readFileSync(join(project.stackConfigDir, `Pulumi.${stack}.yaml`), "utf8");
    const config = ((parseYaml(text) as { config?: Record<string, unknown> }).config ?? {}) as Record<string, { version?: unknown }>;
    const version = (key: string, fallback: string) => {
        const value = config[`${project.name}:${key}`]?.version;
        return typeof value === "string" || typeof value === "number" ? String(value) : fallback;
    };
    return { istio: version("istio", DEFAULT_ISTIO_VERSION), certManager: version("certManager", DEFAULT_CERT_MANAGER_VERSION) };
}

const labelOf = (args: IstioAcmeIngressArgs) =>
    fixturesLabel(args.istio?.version ?? DEFAULT_ISTIO_VERSION, args.certManager?.version ?? DEFAULT_CERT_MANAGER_VERSION);

/** The result was checked against the Istio fixtures its title names. */
function assertIstioFixtures(schemas: UpstreamSchemas, result: SynthResult, istioVersion: string): void {
    assert.equal(schemas.istioFixturesOf(result)?.label, istioFixturesFor(istioVersion)?.label);
}

/** Each custom resource kind is present, so a pass means the objects were checked, not skipped. */
function assertHasCustomResources(result: SynthResult): void {
    const gatewayApi = ofType(result, GATEWAY_API_TYPES[0]).length > 0;
    for (const type of [...CERT_MANAGER_TYPES, ...(gatewayApi ? GATEWAY_API_TYPES : ISTIO_API_TYPES)]) {
        assert.ok(ofType(result, type).length > 0, `no ${type} in the synth output`);
    }
}

/** Values a production stack passes through, each chart's marked with `passedThrough` where the chart takes free-form labels. */
const PASS_THROUGH_ISTIO = {
    base: { base: { validationCABundle: "" } },
    istiod: {
        global: { priorityClassName: "system-cluster-critical", logging: { level: "default:info" } },
        resources: { requests: { cpu: "500m", memory: "2Gi" } },
        podLabels: { passedThrough: "istiod" },
        meshConfig: { accessLogFile: "/dev/stdout" },
    },
    gateway: {
        priorityClassName: "system-cluster-critical",
        resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { memory: "1Gi" } },
        labels: { passedThrough: "gateway" },
        tolerations: [{ key: "edge", operator: "Exists", effect: "NoSchedule" }],
        podDisruptionBudget: { unhealthyPodEvictionPolicy: "AlwaysAllow" },
    },
};
const PASS_THROUGH_CERT_MANAGER = {
    global: { priorityClassName: "system-cluster-critical", logLevel: 2 },
    podLabels: { passedThrough: "cert-manager" },
    resources: { requests: { cpu: "50m", memory: "128Mi" } },
    webhook: { resources: { requests: { cpu: "20m" } } },
    startupapicheck: { timeout: "5m" },
    serviceAccount: { labels: { team: "edge" } },
};

/** The releases carry the passed-through values, so that a pass means they were checked. */
function assertPassedThrough(result: SynthResult, releases: readonly string[]): void {
    for (const name of releases) {
        const values = JSON.stringify(one(result, "kubernetes:helm.sh/v3:Release", name).inputs.values);
        assert.match(values, /passedThrough|validationCABundle/, `${name} lacks the passed-through values`);
    }
}

const hostsOn = (count: number, domain: string) => Array.from({ length: count }, (_, i) => `h${i + 1}.${domain}`);

/** The edge settings (docs/edge-settings.md) on two gateways, one with HSTS, with routes on both. */
const EDGE_ARGS = {
    istio: { minTlsVersion: "TLSV1_3" },
    gateways: [
        {
            name: "web",
            hosts: ["example.com", "www.example.com"],
            hsts: { maxAgeSeconds: 63072000, includeSubdomains: true, preload: true },
        },
        { name: "api", hosts: ["api.example.com"] },
    ],
    routes: [
        {
            name: "www",
            gateway: "web",
            hosts: ["www.example.com"],
            http: [{ match: { prefix: "/app" }, destination: { host: "web", port: 80 } }],
        },
        { name: "api", gateway: "api", hosts: ["api.example.com"], http: [{ destination: { host: "api", port: 8080 } }] },
    ],
} satisfies Partial<IstioAcmeIngressArgs>;

const OTHER_CONFIGS: Array<{ title: string; args: IstioAcmeIngressArgs; check?: (result: SynthResult) => void }> = [
    {
        title: "custom ACME https server and issuer name",
        args: minimalArgs({
            acme: { email: "ops@example.com", directoryUrl: "https://acme.example.net/directory", issuerName: "corp-acme" },
        }),
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
        title: "highAvailability false: the charts' own replicas and budgets",
        args: minimalArgs({ highAvailability: false }),
    },
    {
        title: "Istio pinned at a 1.30 patch, images from a mirror",
        args: minimalArgs({ istio: { version: "1.30.3", hub: "123456789012.dkr.ecr.ca-central-1.amazonaws.com/istio" } }),
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
                        {
                            match: { prefix: "/v2/" },
                            destinations: [
                                { host: "api-stable", port: 8080, weight: 80 },
                                { host: "api-canary", port: 8080, weight: 20 },
                            ],
                        },
                        { match: { regex: "^/v[0-9]+/users/.*$" }, destination: { host: "users.api.svc.cluster.local", port: 8080 } },
                        { match: { prefix: "/static" }, destination: { host: "web.web.svc.cluster.local", port: 80 } },
                    ],
                },
            ],
        }),
    },
    {
        title: "Gateway API: ClusterIP Service, no redirect, wildcard and covered hosts, cross-namespace destinations, managed CRDs",
        args: minimalArgs({
            istio: { api: "gateway-api", serviceType: "ClusterIP", serviceAnnotations: { "example.com/team": "edge" } },
            gatewayApi: { installCrds: false },
            gateways: [
                {
                    name: "web",
                    namespace: "edge",
                    hosts: ["www.example.com", "*.apps.example.com", "a.apps.example.com"],
                    httpsRedirect: false,
                },
            ],
            routes: [
                {
                    name: "apps",
                    namespace: "apps",
                    gateway: "web",
                    hosts: ["*.apps.example.com"],
                    http: [
                        { match: { exact: "/healthz" }, destination: { host: "health.platform.svc.cluster.local", port: 8081 } },
                        { match: { regex: "^/v[0-9]+/" }, destination: { host: "api.backend.svc", port: 8080 } },
                        {
                            match: { prefix: "/web" },
                            destinations: [
                                { host: "web-v1", port: 80, weight: 0 },
                                { host: "web-v2", port: 80, weight: 100 },
                            ],
                        },
                    ],
                },
                {
                    name: "a",
                    namespace: "team-a",
                    gateway: "web",
                    hosts: ["a.apps.example.com"],
                    http: [{ destination: { host: "a", port: 80 } }],
                },
            ],
        }),
        check: (result) => assert.equal(ofType(result, "kubernetes:gateway.networking.k8s.io/v1beta1:ReferenceGrant").length, 2),
    },
    {
        title: "Gateway API: a gateway with 63 hosts, the most a Gateway's 64 listeners hold",
        args: minimalArgs({ istio: { api: "gateway-api" }, gateways: [{ name: "many", hosts: hostsOn(63, "example.com") }] }),
        check: (result) => {
            const gateway = declaredObjects([one(result, "kubernetes:gateway.networking.k8s.io/v1:Gateway")])[0] as {
                spec: { listeners: unknown[] };
            };
            assert.equal(gateway.spec.listeners.length, 64);
        },
    },
    {
        title: "pass-through values for all four charts, merged over the component's (IRSA: its ServiceAccount values too)",
        args: minimalArgs({
            route53: {
                zones: [{ domain: "example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" }],
                credentials: {
                    mode: "irsa",
                    oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.ca-central-1.amazonaws.com/id/A",
                },
                recursiveNameservers: ["8.8.8.8:53"],
            },
            istio: { values: PASS_THROUGH_ISTIO },
            certManager: { values: PASS_THROUGH_CERT_MANAGER },
        }),
        check: (result) =>
            assertPassedThrough(result, ["ingress-istio-base", "ingress-istio-istiod", "ingress-istio-gateway", "ingress-cert-manager"]),
    },
    {
        title: "pass-through values on Istio 1.30, and the gateway chart's service values beside the component's",
        args: minimalArgs({
            istio: {
                version: "1.30.3",
                serviceAnnotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "external" },
                values: { ...PASS_THROUGH_ISTIO, gateway: { ...PASS_THROUGH_ISTIO.gateway, service: { externalTrafficPolicy: "Local" } } },
            },
        }),
        check: (result) => assertPassedThrough(result, ["ingress-istio-base", "ingress-istio-istiod", "ingress-istio-gateway"]),
    },
    {
        title: "Gateway API: pass-through values of base and istiod",
        args: minimalArgs({ istio: { api: "gateway-api", values: { base: PASS_THROUGH_ISTIO.base, istiod: PASS_THROUGH_ISTIO.istiod } } }),
        check: (result) => assertPassedThrough(result, ["ingress-istio-base", "ingress-istio-istiod"]),
    },
    {
        title: "edge settings: TLS 1.3 servers, HSTS with preload on one gateway's routes",
        args: minimalArgs(EDGE_ARGS),
    },
    {
        title: "edge settings on Istio 1.30: TLS 1.3 servers, HSTS",
        args: minimalArgs({ ...EDGE_ARGS, istio: { ...EDGE_ARGS.istio, version: "1.30.3" } }),
    },
    {
        title: "Gateway API edge settings: the mesh's TLS 1.3 minimum, HSTS response header filters",
        args: minimalArgs({ ...EDGE_ARGS, istio: { ...EDGE_ARGS.istio, api: "gateway-api" } }),
    },
    {
        title: "client IP: the PROXY protocol from an NLB of the AWS Load Balancer Controller, with a trusted proxy in front",
        args: minimalArgs({
            istio: {
                serviceAnnotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "external" },
                clientIp: { preservation: "proxyProtocol", numTrustedProxies: 1 },
            },
        }),
    },
    {
        title: "client IP on Istio 1.30: externalTrafficPolicy Local",
        args: minimalArgs({ istio: { version: "1.30.3", clientIp: { preservation: "local" } } }),
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
        schemas = upstreamSchemasOrPending(this);
        dev = await synthExample("dev");
    });

    describe("example stacks", () => {
        for (const stack of exampleStacks) {
            const versions = stackVersions(stack);
            it(`stacks/Pulumi.${stack}.yaml against ${fixturesLabel(versions.istio, versions.certManager)}`, async () => {
                const result = await synthExample(stack);
                assertHasCustomResources(result);
                assertIstioFixtures(schemas, result, versions.istio);
                schemas.assertMatchesUpstream(result);
            });
        }
    });

    describe("other configs", () => {
        for (const { title, args, check } of OTHER_CONFIGS) {
            it(`${title}, against ${labelOf(args)}`, async () => {
                const result = await synthComponent(args);
                check?.(result);
                assertIstioFixtures(schemas, result, args.istio?.version ?? DEFAULT_ISTIO_VERSION);
                schemas.assertMatchesUpstream(result);
            });
        }

        it(`a stack config with routes, through the stack program, against ${fixturesLabel(DEFAULT_ISTIO_VERSION, DEFAULT_CERT_MANAGER_VERSION)}`, async () => {
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

    describe("Istio chart values the templates read though values.yaml only shows them in a comment", () => {
        it("istiod's pdb.maxUnavailable passes (templates/poddisruptionbudget.yaml reads it), a misspelling of it does not", () => {
            for (const version of ["1.30.3", DEFAULT_ISTIO_VERSION]) {
                assert.deepEqual(schemas.validateChartValues("istiod", version, { pdb: { maxUnavailable: 1 } }), []);
                assert.deepEqual(schemas.validateChartValues("istiod", version, { pdb: { maxUnavailble: 1 } }), [
                    { path: "$.pdb.maxUnavailble", message: "not a value of this chart (no default in its values.yaml)" },
                ]);
            }
        });

        it("only under the key whose block shows it: maxUnavailable is no top-level istiod value", () => {
            assert.deepEqual(schemas.validateChartValues("istiod", DEFAULT_ISTIO_VERSION, { maxUnavailable: 1 }), [
                { path: "$.maxUnavailable", message: "not a value of this chart (no default in its values.yaml)" },
            ]);
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

        it("Gateway API: a listener named after a wildcard host, and a ReferenceGrant to a kind with its version (Service/v1)", async () => {
            const result = await synthYaml(`
config:
  aws:region: ca-central-1
  istio-acme-ingress:acme: { email: ops@example.com }
  istio-acme-ingress:route53: { zones: [{ domain: example.com, hostedZoneId: Z0123456789ABCDEFGHIJ }] }
  istio-acme-ingress:istio: { api: gateway-api }
  istio-acme-ingress:gateways: [{ name: web, hosts: ["*.apps.example.com"] }]
  istio-acme-ingress:routes:
    - { name: apps, namespace: apps, gateway: web, hosts: ["*.apps.example.com"], http: [{ destination: { host: api.backend.svc.cluster.local, port: 80 } }] }
`);
            const gateway = objectOf(result, "kubernetes:gateway.networking.k8s.io/v1:Gateway") as {
                spec: { listeners: Array<Record<string, unknown>> };
            };
            gateway.spec.listeners[1].name = "*.apps.example.com";
            assert.ok(pathsOf(schemas.validateCustomResource(gateway)).includes("$.spec.listeners[1].name"));
            const grant = objectOf(result, "kubernetes:gateway.networking.k8s.io/v1beta1:ReferenceGrant") as {
                spec: { to: Array<Record<string, unknown>> };
            };
            grant.spec.to[0].kind = "Service/v1";
            assert.ok(pathsOf(schemas.validateCustomResource(grant)).includes("$.spec.to[0].kind"));
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

        it("an Istio CRD field of a later minor in an object of an earlier one (Gateway tls.insecureSkipVerify is new in 1.31)", () => {
            const gateway = objectOf(synthResultWithOneGateway(dev), "kubernetes:networking.istio.io/v1:Gateway") as {
                spec: { servers: Array<{ tls?: Record<string, unknown> }> };
            };
            const server = gateway.spec.servers.find((candidate) => candidate.tls?.credentialName !== undefined);
            assert.ok(server?.tls, "a server with TLS");
            server.tls.insecureSkipVerify = false;
            assert.deepEqual(schemas.validateCustomResource(gateway, "1.31.1"), []);
            assert.deepEqual(pathsOf(schemas.validateCustomResource(gateway, "1.30.3")), [
                `$.spec.servers[${gateway.spec.servers.indexOf(server)}].tls.insecureSkipVerify`,
            ]);
        });

        it("gateway chart values of a later minor for a chart of an earlier one (dnsPolicy is new in 1.31)", () => {
            assert.deepEqual(schemas.validateChartValues("gateway", "1.31.1", { dnsPolicy: "ClusterFirst" }), []);
            assert.deepEqual(pathsOf(schemas.validateChartValues("gateway", "1.30.3", { dnsPolicy: "ClusterFirst" })), ["$.dnsPolicy"]);
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

        it("a chart of a minor version the fixtures are not for, and a chart without fixtures", () => {
            assert.match(
                schemas.validateChartValues("istiod", "1.32.0", {})[0].message,
                /chart istiod 1.32.0, but the fixtures are for 1.30, 1.31/,
            );
            assert.match(schemas.validateChartValues("cert-manager", "v1.22.0", {})[0].message, /fixtures are for v1.21/);
            assert.match(schemas.validateChartValues("ztunnel", "1.30.3", {})[0].message, /no fixtures for chart ztunnel/);
            assert.match(
                schemas.validateCustomResource(
                    objectOf(synthResultWithOneGateway(dev), "kubernetes:networking.istio.io/v1:Gateway"),
                    "1.29.9",
                )[0].message,
                /no Istio fixtures for 1.29.9 \(have 1.30, 1.31\)/,
            );
        });

        it("accepts another patch of a minor it has fixtures for", () => {
            assert.deepEqual(schemas.validateChartValues("istiod", "1.30.4", { global: { hub: "docker.io/istio" } }), []);
            assert.deepEqual(schemas.validateChartValues("istiod", "1.31.2", { global: { hub: "docker.io/istio" } }), []);
            assert.deepEqual(schemas.validateChartValues("cert-manager", "v1.21.2", { crds: { enabled: true } }), []);
        });

        it("a Gateway API object against each bundle release, naming the release that does not serve its version", async () => {
            const result = await synthComponent(minimalArgs({ istio: { api: "gateway-api" } }));
            const route = result.resources.find((r) => r.type === "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute");
            assert.ok(route);
            // TCPRoute v1 is in the standard channel from v1.6.0 on (v1.5.1's has no TCPRoute at all).
            const tcpRoute = {
                ...route,
                name: "tcp",
                inputs: { ...route.inputs, apiVersion: "gateway.networking.k8s.io/v1", kind: "TCPRoute" },
            };
            const problems = schemas.problemsOf({ ...result, resources: [tcpRoute] });
            const [older, ...rest] = problems.filter((problem) => problem.includes("Gateway API v1.5.1"));
            assert.deepEqual(rest, []);
            assert.match(
                older,
                /^tcp \(TCPRoute .*, Gateway API v1\.5\.1\): \$: no served CRD for gateway\.networking\.k8s\.io\/v1 TCPRoute/,
            );
            // v1.6.1 has the CRD: an HTTPRoute's spec is checked against it, and fails as a TCPRoute.
            assert.ok(
                problems.some((problem) =>
                    /Gateway API v1\.6\.1\): \$\.spec\.rules\[0\]\.backendRefs: required field is missing/.test(problem),
                ),
            );
            assert.ok(!problems.some((problem) => problem.includes("v1.6.1") && problem.includes("no served CRD")));
            // v1alpha2 is served by neither.
            const old = { ...route, name: "old", inputs: { ...route.inputs, apiVersion: "gateway.networking.k8s.io/v1alpha2" } };
            assert.deepEqual(
                schemas.problemsOf({ ...result, resources: [old] }).map((problem) => /Gateway API (v[\d.]+)/.exec(problem)?.[1]),
                ["v1.5.1", "v1.6.1"],
            );
        });

        it("a whole synth result, naming each resource and path", async () => {
            const result = await synthComponent(minimalArgs({ istio: { version: "1.32.0" } }));
            assert.throws(
                () => schemas.assertMatchesUpstream(result),
                (error: Error) => {
                    for (const release of ["ingress-istio-base", "ingress-istio-istiod", "ingress-istio-gateway"]) {
                        assert.match(
                            error.message,
                            new RegExp(`${release} \\(chart oci://ghcr.io/istio/release/charts/\\w+\\): \\$: chart \\w+ 1.32.0`),
                        );
                    }
                    // The Gateways and VirtualServices too: there are no Istio CRDs of 1.32 to check them against.
                    assert.match(error.message, /Gateway web\): \$: no Istio fixtures for 1.32.0/);
                    assert.match(error.message, /problem\(s\) against the upstream schemas \(no Istio fixtures\)/);
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
