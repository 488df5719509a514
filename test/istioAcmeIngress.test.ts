import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AcmeArgs } from "../components/args";
import { IstioAcmeIngress } from "../components/istioAcmeIngress";
import { synthesize, SynthResource, SynthResult } from "../tools/synth/engine";
import { PLACEHOLDER_SECRET_ACCESS_KEY, placeholderZoneId } from "../testing/placeholders";
import { metadata, minimalArgs, ofType, one, spec, synthComponent, synthYaml, transitiveDependencies } from "./support/harness";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const CERTIFICATE = "kubernetes:cert-manager.io/v1:Certificate";
const ISSUER = "kubernetes:cert-manager.io/v1:ClusterIssuer";
const GATEWAY = "kubernetes:networking.istio.io/v1:Gateway";
const VIRTUAL_SERVICE = "kubernetes:networking.istio.io/v1:VirtualService";

const DEV_LIKE = `
config:
  aws:region: ca-central-1
  istio-acme-ingress:acme: { email: ops@example.com }
  istio-acme-ingress:route53:
    zones:
      - domain: domain.com
      - domain: otherdomain.com
        hostedZoneId: Z0123456789ABCDEFGHIJ
  istio-acme-ingress:gateways:
    - name: web-gateway
      hosts: [my.domain.com, subnet.domain.com, "*.apps.domain.com"]
    - name: app-gateway
      namespace: apps
      hosts: [www.otherdomain.com]
      httpsRedirect: false
  istio-acme-ingress:routes:
    - name: domain-http
      namespace: test
      gateway: web-gateway
      hosts: [my.domain.com]
      http:
        - match: { prefix: / }
          destination: { host: my-http-service, port: 1080 }
    - name: www
      gateway: app-gateway
      hosts: [www.otherdomain.com]
      http:
        - match: { exact: /healthz }
          destination: { host: health, port: 8080 }
        - destinations:
            - { host: web-v1, port: 80, weight: 80 }
            - { host: web-v2, port: 80, weight: 20 }
`;

function release(result: SynthResult, releaseName: string): SynthResource {
    const matches = ofType(result, RELEASE).filter((r) => r.inputs.name === releaseName);
    assert.equal(matches.length, 1, `one Helm release ${releaseName}`);
    return matches[0];
}

function waitsFor(result: SynthResult, resource: SynthResource, other: SynthResource): boolean {
    return transitiveDependencies(result, resource).has(other.urn);
}

const iamTypes = (result: SynthResult) => result.resources.filter((r) => r.type.startsWith("aws:iam/"));

describe("IstioAcmeIngress", () => {
    let result: SynthResult;
    before(async () => {
        result = await synthYaml(DEV_LIKE);
    });

    describe("Istio", () => {
        it("installs base -> istiod -> gateway, each waiting for the one before", () => {
            const base = release(result, "istio-base");
            const istiod = release(result, "istiod");
            const gateway = release(result, "istio-ingressgateway");
            assert.ok(istiod.dependencies.includes(base.urn));
            assert.ok(gateway.dependencies.includes(istiod.urn));
            for (const r of [base, istiod, gateway]) {
                assert.equal(r.inputs.version, "1.31.1");
                assert.match(String(r.inputs.chart), /^oci:\/\/ghcr\.io\/istio\/release\/charts\/(base|istiod|gateway)$/);
                assert.equal(r.inputs.skipAwait, false);
            }
        });

        it("puts the control plane in istio-system and the gateway in its own istio-ingress namespace", () => {
            assert.equal(release(result, "istio-base").inputs.namespace, "istio-system");
            assert.equal(release(result, "istiod").inputs.namespace, "istio-system");
            assert.equal(release(result, "istio-ingressgateway").inputs.namespace, "istio-ingress");
            // Those it creates; the routes' and backends' namespaces are read (test/namespaces).
            const namespaces = ofType(result, "kubernetes:core/v1:Namespace")
                .filter((r) => !r.external)
                .map((r) => metadata(r).name);
            assert.deepEqual(namespaces.sort(), ["cert-manager", "istio-ingress", "istio-system"]);
        });

        it("reads the load balancer address of the gateway's Service once the release is up", () => {
            const service = one(result, "kubernetes:core/v1:Service");
            assert.equal(service.id, "istio-ingress/istio-ingressgateway");
            assert.ok(waitsFor(result, service, release(result, "istio-ingressgateway")));
            // No type annotation: the in-tree cloud provider's Classic Load Balancer, named after the Service's UID.
            assert.match(String(result.outputs.loadBalancerAddress), /^a[0-9a-f]{31}-\d{10}\.ca-central-1\.elb\.amazonaws\.com$/);
        });

        it("takes version, repository, namespaces, gateway name and Service settings from config", async () => {
            const custom = await synthComponent(
                minimalArgs({
                    istio: {
                        version: "1.29.0",
                        repository: "https://charts.example.com/istio/",
                        namespace: "mesh",
                        gatewayNamespace: "edge",
                        gatewayName: "public-gw",
                        serviceType: "NodePort",
                        serviceAnnotations: { "a/b": "c" },
                    },
                }),
            );
            const gateway = release(custom, "public-gw");
            assert.deepEqual(gateway.inputs.repositoryOpts, { repo: "https://charts.example.com/istio" });
            assert.equal(gateway.inputs.chart, "gateway");
            assert.equal(gateway.inputs.namespace, "edge");
            const values = gateway.inputs.values as { service: unknown; topologySpreadConstraints: Array<{ labelSelector: unknown }> };
            assert.deepEqual(values.service, { type: "NodePort", annotations: { "a/b": "c" } });
            // The production defaults spread the release's own pods, by the label its chart gives them.
            assert.deepEqual(values.topologySpreadConstraints[0].labelSelector, { matchLabels: { istio: "public-gw" } });
            assert.equal(release(custom, "istiod").inputs.namespace, "mesh");
            assert.deepEqual(spec(one(custom, GATEWAY)).selector, { istio: "public-gw" });
            assert.equal(metadata(one(custom, CERTIFICATE)).namespace, "edge");
            assert.equal(ofType(custom, "kubernetes:core/v1:Service").length, 0, "no load balancer to read for a NodePort Service");
        });
    });

    describe("cert-manager", () => {
        it("installs v1.21.1 from quay.io's OCI charts with its CRDs kept and the startup API check on", () => {
            const cm = release(result, "cert-manager");
            assert.equal(cm.inputs.chart, "oci://quay.io/jetstack/charts/cert-manager");
            assert.equal(cm.inputs.version, "v1.21.1");
            assert.equal(cm.inputs.namespace, "cert-manager");
            const values = cm.inputs.values as Record<string, unknown>;
            assert.deepEqual(values.crds, { enabled: true, keep: true });
            assert.deepEqual(values.startupapicheck, { enabled: true });
            // A removed Certificate takes its Secret (the private key) with it.
            assert.equal(values.enableCertificateOwnerRef, true);
            assert.equal("installCRDs" in values, false);
            assert.equal(cm.inputs.skipAwait, false);
            assert.equal(cm.inputs.waitForJobs, true);
        });

        it("creates nothing that needs the webhook before the release is up", () => {
            const cm = release(result, "cert-manager");
            for (const r of [...ofType(result, ISSUER), ...ofType(result, CERTIFICATE)]) {
                assert.ok(r.dependencies.includes(cm.urn), `${r.name} waits for the cert-manager release`);
            }
        });
    });

    describe("ordering: nothing waits on what it does not need", () => {
        it("Gateways and VirtualServices wait for Istio's CRDs, not for istiod or the gateway release", () => {
            for (const r of [...ofType(result, GATEWAY), ...ofType(result, VIRTUAL_SERVICE)]) {
                assert.ok(waitsFor(result, r, release(result, "istio-base")), `${r.name} waits for istio-base`);
                assert.ok(!waitsFor(result, r, release(result, "istiod")), `${r.name} does not wait for istiod`);
                assert.ok(!waitsFor(result, r, release(result, "istio-ingressgateway")), `${r.name} does not wait for the gateway`);
            }
        });

        it("certificates do not wait for any Istio release", () => {
            for (const cert of ofType(result, CERTIFICATE)) {
                for (const name of ["istio-base", "istiod", "istio-ingressgateway"]) {
                    assert.ok(!waitsFor(result, cert, release(result, name)), `${cert.name} does not wait for ${name}`);
                }
            }
        });

        it("IAM work waits for no Helm release", () => {
            for (const r of iamTypes(result)) {
                for (const rel of ofType(result, RELEASE)) assert.ok(!waitsFor(result, r, rel), `${r.name} does not wait for ${rel.name}`);
            }
        });

        it("each VirtualService waits for its Gateway", () => {
            const byName = new Map(ofType(result, GATEWAY).map((g) => [metadata(g).name, g]));
            for (const vs of ofType(result, VIRTUAL_SERVICE)) {
                const [, gatewayName] = String((spec(vs).gateways as string[])[0]).split("/");
                assert.ok(vs.dependencies.includes(byName.get(gatewayName)?.urn ?? "?"), `${vs.name} waits for ${gatewayName}`);
            }
        });
    });

    describe("namespaces and cross-references", () => {
        it("issues certificates into the gateway namespace, where Istio reads credentialName secrets", () => {
            for (const cert of ofType(result, CERTIFICATE)) assert.equal(metadata(cert).namespace, "istio-ingress");
        });

        it("every HTTPS server reads a certificate's secret, and every host is on exactly one certificate", () => {
            const secrets = new Map(ofType(result, CERTIFICATE).map((c) => [spec(c).secretName as string, spec(c).dnsNames as string[]]));
            for (const gateway of ofType(result, GATEWAY)) {
                const servers = spec(gateway).servers as Array<{
                    port: { number: number; protocol: string };
                    hosts: string[];
                    tls?: Record<string, unknown>;
                }>;
                const https = servers.filter((s) => s.port.protocol === "HTTPS");
                assert.ok(https.length >= 1);
                for (const server of https) {
                    assert.equal(server.port.number, 443);
                    assert.equal(server.tls?.mode, "SIMPLE");
                    // Hosts are `<namespace>/<host>`, once per namespace that may bind to them.
                    const names = [...new Set(server.hosts.map((host) => host.slice(host.indexOf("/") + 1)))];
                    assert.deepEqual(secrets.get(String(server.tls?.credentialName)), names);
                    for (const host of server.hosts) assert.doesNotMatch(host, /:\d+$/, "hosts are never written as host:port");
                }
            }
        });

        it("places Gateways in their configured namespace and routes next to their gateway by default", () => {
            const gateways = Object.fromEntries(ofType(result, GATEWAY).map((g) => [metadata(g).name, metadata(g).namespace]));
            assert.deepEqual(gateways, { "web-gateway": "istio-ingress", "app-gateway": "apps" });
            const routes = Object.fromEntries(
                ofType(result, VIRTUAL_SERVICE).map((v) => [metadata(v).name, [metadata(v).namespace, spec(v).gateways]]),
            );
            assert.deepEqual(routes, { "domain-http": ["test", ["istio-ingress/web-gateway"]], www: ["apps", ["apps/app-gateway"]] });
        });

        it("redirects HTTP to HTTPS unless a gateway says not to", () => {
            const http = (name: string) =>
                (spec(one(result, GATEWAY, `ingress-gateways-${name}`)).servers as Array<{ port: { number: number }; tls?: unknown }>).find(
                    (s) => s.port.number === 80,
                );
            assert.deepEqual(http("web-gateway")?.tls, { httpsRedirect: true });
            assert.equal(http("app-gateway")?.tls, undefined);
        });

        it("routes by prefix, exact match and weighted destinations", () => {
            const www = spec(one(result, VIRTUAL_SERVICE, "ingress-routes-www"));
            assert.deepEqual(www.http, [
                { match: [{ uri: { exact: "/healthz" } }], route: [{ destination: { host: "health", port: { number: 8080 } } }] },
                {
                    route: [
                        { destination: { host: "web-v1", port: { number: 80 } }, weight: 80 },
                        { destination: { host: "web-v2", port: { number: 80 } }, weight: 20 },
                    ],
                },
            ]);
        });

        it("the ClusterIssuer has one Route53 solver per zone, with zone IDs looked up where not given, reading the credentials Secret", () => {
            const issuer = one(result, ISSUER);
            assert.equal(metadata(issuer).name, "letsencrypt-staging");
            const acme = spec(issuer).acme as Record<string, unknown>;
            assert.equal(acme.server, "https://acme-staging-v02.api.letsencrypt.org/directory");
            assert.equal(acme.email, "ops@example.com");
            assert.deepEqual(acme.privateKeySecretRef, { name: "letsencrypt-staging-account-key" });
            const secret = one(result, "kubernetes:core/v1:Secret");
            assert.equal(metadata(secret).namespace, "cert-manager");
            const ref = (key: string) => ({ name: metadata(secret).name, key });
            assert.deepEqual(acme.solvers, [
                {
                    selector: { dnsZones: ["domain.com"] },
                    dns01: {
                        route53: {
                            region: "ca-central-1",
                            hostedZoneID: placeholderZoneId("domain.com"),
                            accessKeyIDSecretRef: ref("access-key-id"),
                            secretAccessKeySecretRef: ref("secret-access-key"),
                        },
                    },
                },
                {
                    selector: { dnsZones: ["otherdomain.com"] },
                    dns01: {
                        route53: {
                            region: "ca-central-1",
                            hostedZoneID: "Z0123456789ABCDEFGHIJ",
                            accessKeyIDSecretRef: ref("access-key-id"),
                            secretAccessKeySecretRef: ref("secret-access-key"),
                        },
                    },
                },
            ]);
            for (const cert of ofType(result, CERTIFICATE)) {
                assert.deepEqual(spec(cert).issuerRef, { group: "cert-manager.io", kind: "ClusterIssuer", name: "letsencrypt-staging" });
                assert.ok(cert.dependencies.includes(issuer.urn));
            }
        });
    });

    describe("Route53 credentials", () => {
        it("an IAM user named for its project and stack, limited to challenge TXT records in the configured zones", () => {
            const user = one(result, "aws:iam/user:User");
            assert.equal(user.inputs.name, "cert-manager-dns01-istio-acme-ingress-test");
            const policy = JSON.parse(String(one(result, "aws:iam/policy:Policy").inputs.policy)) as {
                Statement: Array<{ Action: string | string[]; Resource: string | string[]; Condition?: unknown }>;
            };
            const resources = policy.Statement.flatMap((s) => s.Resource);
            assert.ok(!resources.includes("*"), "nothing on *");
            assert.deepEqual(policy.Statement.find((s) => s.Action === "route53:GetChange")?.Resource, "arn:aws:route53:::change/*");
            const write = policy.Statement.find((s) => s.Action === "route53:ChangeResourceRecordSets");
            assert.deepEqual(
                write?.Resource,
                [
                    `arn:aws:route53:::hostedzone/${placeholderZoneId("domain.com")}`,
                    "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ",
                ].sort(),
            );
            assert.deepEqual(write?.Condition, {
                "ForAllValues:StringEquals": {
                    "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"],
                    "route53:ChangeResourceRecordSetsActions": ["UPSERT", "DELETE"],
                },
                "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["_acme-challenge.*"] },
            });
        });

        it("keeps the secret key secret: the Secret's data is redacted and the key appears nowhere", () => {
            assert.equal(one(result, "kubernetes:core/v1:Secret").inputs.stringData, "[secret]");
            assert.ok(!JSON.stringify(result).includes(PLACEHOLDER_SECRET_ACCESS_KEY));
        });

        it("exports the user's ARN and access key ID", () => {
            assert.match(String(result.outputs.iamUserArn), /^arn:aws:iam::\d{12}:user\/istio-acme-ingress\/cert-manager-dns01-/);
            assert.match(String(result.outputs.accessKeyId), /^AKIA/);
        });
    });

    describe("certificates", () => {
        it("splits a gateway's hosts into certificates of at most 100 names, each with its own HTTPS server", async () => {
            const hosts = Array.from({ length: 250 }, (_, i) => `h${i}.example.com`);
            const big = await synthComponent(minimalArgs({ gateways: [{ name: "web", hosts }] }));
            const certs = ofType(big, CERTIFICATE).sort((a, b) => metadata(a).name.localeCompare(metadata(b).name));
            assert.deepEqual(
                certs.map((c) => [metadata(c).name, spec(c).secretName, (spec(c).dnsNames as string[]).length]),
                [
                    ["web", "web-tls", 100],
                    ["web-2", "web-2-tls", 100],
                    ["web-3", "web-3-tls", 50],
                ],
            );
            const servers = spec(one(big, GATEWAY)).servers as Array<{
                port: { name: string; number: number };
                tls?: { credentialName?: string };
            }>;
            assert.deepEqual(
                servers.filter((s) => s.port.number === 443).map((s) => [s.port.name, s.tls?.credentialName]),
                [
                    ["https-web", "web-tls"],
                    ["https-web-2", "web-2-tls"],
                    ["https-web-3", "web-3-tls"],
                ],
            );
            assert.equal(new Set(servers.map((s) => s.port.name)).size, servers.length, "port names are unique within a Gateway");
        });

        it("makes pulumi up wait until each certificate is Ready", () => {
            for (const cert of ofType(result, CERTIFICATE))
                assert.equal(metadata(cert).annotations?.["pulumi.com/waitFor"], "condition=Ready");
        });

        it("exports each certificate's secret name and hosts", () => {
            assert.deepEqual(result.outputs.certificates, [
                {
                    name: "web-gateway",
                    secretName: "web-gateway-tls",
                    namespace: "istio-ingress",
                    hosts: ["my.domain.com", "subnet.domain.com", "*.apps.domain.com"],
                },
                { name: "app-gateway", secretName: "app-gateway-tls", namespace: "istio-ingress", hosts: ["www.otherdomain.com"] },
            ]);
        });
    });

    describe("ACME server", () => {
        const eab = { keyId: "kid-1", hmacKey: "c2VjcmV0LWhtYWMta2V5" };
        const table: Array<[string, string, string, AcmeArgs["externalAccountBinding"]?]> = [
            ["production", "letsencrypt-production", "https://acme-v02.api.letsencrypt.org/directory"],
            ["zerossl", "zerossl", "https://acme.zerossl.com/v2/DV90", eab],
            ["google", "google", "https://dv.acme-v02.api.pki.goog/directory", eab],
            // A known CA's directory URL is that CA: named as by its keyword, the URL kept as written.
            ["https://acme-v02.api.letsencrypt.org/directory", "letsencrypt-production", "https://acme-v02.api.letsencrypt.org/directory"],
            [
                "https://acme-staging-v02.api.letsencrypt.org/directory/",
                "letsencrypt-staging",
                "https://acme-staging-v02.api.letsencrypt.org/directory/",
            ],
            ["https://acme.zerossl.com/v2/DV90", "zerossl", "https://acme.zerossl.com/v2/DV90", eab],
            ["https://acme.example.net/directory", "acme", "https://acme.example.net/directory"],
        ];
        for (const [server, name, url, externalAccountBinding] of table) {
            it(`${server} -> ClusterIssuer ${name} at ${url}`, async () => {
                const r = await synthComponent(
                    minimalArgs({ acme: { email: "ops@example.com", server: server as "production", externalAccountBinding } }),
                );
                const issuer = one(r, ISSUER);
                assert.equal(metadata(issuer).name, name);
                assert.equal((spec(issuer).acme as { server: string }).server, url);
            });
        }

        it("names the issuer after Let's Encrypt for its production directory given as acme.directoryUrl", async () => {
            const r = await synthComponent(
                minimalArgs({ acme: { email: "ops@example.com", directoryUrl: "https://acme-v02.api.letsencrypt.org/directory" } }),
            );
            assert.equal(metadata(one(r, ISSUER)).name, "letsencrypt-production");
        });
    });

    describe("as a library", () => {
        it("exposes its parts, so a program can wait for exactly what it needs", async () => {
            const result = await synthesize({
                project: "istio-acme-ingress",
                stack: "test",
                config: { "aws:region": "ca-central-1" },
                secretKeys: [],
                program: async () => {
                    const ingress = new IstioAcmeIngress("ingress", minimalArgs());
                    new k8s.core.v1.ConfigMap(
                        "after-gateway",
                        { data: { a: "b" } },
                        { dependsOn: ingress.parts.istio.gateway ? [ingress.parts.istio.gateway] : [] },
                    );
                },
            });
            const configMap = one(result, "kubernetes:core/v1:ConfigMap");
            assert.deepEqual(configMap.dependencies, [release(result, "istio-ingressgateway").urn]);
        });
    });

    describe("bad args", () => {
        it("throws one InputPropertiesError listing every problem, before registering anything", async () => {
            let registered: SynthResult | undefined;
            await assert.rejects(
                async () => {
                    registered = await synthComponent(
                        minimalArgs({
                            acme: { email: "not-an-email" },
                            gateways: [{ name: "web", hosts: ["www.example.com", "a.*.example.com", "www.elsewhere.net"] }],
                        }),
                    );
                },
                (error: unknown) => {
                    assert.ok(pulumi.InputPropertiesError.isInstance(error));
                    assert.deepEqual(
                        error.errors.map((e) => e.propertyPath),
                        ["acme.email", "gateways[0].hosts[1]", "gateways[0].hosts[2]"],
                    );
                    assert.match(error.message, /3 problems/);
                    return true;
                },
            );
            assert.equal(registered, undefined);
        });

        it("needs a region when the AWS provider has none", async () => {
            await assert.rejects(
                () => synthComponent(minimalArgs(), {}),
                (error: unknown) => pulumi.InputPropertyError.isInstance(error) && error.propertyPath === "route53.region",
            );
        });
    });
});
