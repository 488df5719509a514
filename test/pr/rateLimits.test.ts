import { strict as assert } from "node:assert";
import type { IstioAcmeIngressArgs } from "../../components/args";
import { ACME_SERVERS } from "../../components/config/defaults";
import { certificateIssuances, rateLimitReport, renderRateLimits, StackResources } from "../../tools/pr/rateLimits";
import { renderComment } from "../../tools/pr/synthDiff";
import { renderFiles } from "../../tools/synth/synth";
import { minimalArgs, synthComponent } from "../support/harness";

/** Rate limits: https://letsencrypt.org/docs/rate-limits/ (New Certificates per Registered Domain, per Exact Set of Identifiers). */

const hosts = (n: number, domain = "example.com") => Array.from({ length: n }, (_, i) => `h${i}.${domain}`);

async function resourcesJson(args: IstioAcmeIngressArgs): Promise<string> {
    return renderFiles(await synthComponent(args))["resources.json"];
}
const production = (gateways: IstioAcmeIngressArgs["gateways"]) =>
    minimalArgs({ acme: { email: "ops@example.com", server: "production" }, gateways });

/** A hand-made resources.json: one ClusterIssuer and Certificates with the given names. */
function resources(server: string, certificates: Record<string, string[]>, spec: Record<string, unknown> = {}): string {
    const urn = (type: string, name: string) => `urn:pulumi:dev::istio-acme-ingress::x$${type}::${name}`;
    return JSON.stringify({
        resources: [
            {
                urn: urn("kubernetes:cert-manager.io/v1:ClusterIssuer", "issuer"),
                type: "kubernetes:cert-manager.io/v1:ClusterIssuer",
                inputs: { metadata: { name: "le" }, spec: { acme: { server } } },
            },
            ...Object.entries(certificates).map(([name, dnsNames]) => ({
                urn: urn("kubernetes:cert-manager.io/v1:Certificate", name),
                type: "kubernetes:cert-manager.io/v1:Certificate",
                inputs: {
                    metadata: { name, namespace: "istio-ingress" },
                    spec: { secretName: `${name}-tls`, dnsNames, issuerRef: { kind: "ClusterIssuer", name: "le" }, ...spec },
                },
            })),
        ],
    });
}

const manyCertificates = (n: number, domain: string) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i}`, [`c${i}.${domain}`]]));

describe("rate limits in the synth diff comment", () => {
    it("the 101st host of a gateway issues one new certificate; the first keeps its 100 names and is not re-issued", async () => {
        const stacks: StackResources[] = [
            {
                stack: "prod",
                baseResources: await resourcesJson(production([{ name: "web", hosts: hosts(100) }])),
                headResources: await resourcesJson(production([{ name: "web", hosts: hosts(101) }])),
            },
        ];
        assert.deepEqual(certificateIssuances(stacks), [
            {
                stack: "prod",
                certificate: "istio-ingress/web-2",
                server: ACME_SERVERS.production,
                names: ["h100.example.com"],
                reason: "added",
                newNameSet: true,
            },
        ]);
        assert.deepEqual(rateLimitReport(stacks).domains, [
            { server: ACME_SERVERS.production, registeredDomain: "example.com", newCertificates: 1, renewals: 0 },
        ]);
    });

    it("a host that a wildcard already covers issues nothing", async () => {
        const stacks = [
            {
                stack: "prod",
                baseResources: await resourcesJson(production([{ name: "web", hosts: ["*.apps.example.com"] }])),
                headResources: await resourcesJson(production([{ name: "web", hosts: ["*.apps.example.com", "x.apps.example.com"] }])),
            },
        ];
        assert.deepEqual(certificateIssuances(stacks), []);
        assert.match(renderRateLimits(rateLimitReport(stacks)), /No certificate would be issued or re-issued/);
    });

    it("changed names count as a new certificate; changed key settings as a re-issue of the same names (a renewal)", () => {
        const base = resources(ACME_SERVERS.production, { a: ["a.example.com"], b: ["b.example.com"] });
        const head = JSON.parse(resources(ACME_SERVERS.production, { a: ["a.example.com", "a2.example.com"], b: ["b.example.com"] })) as {
            resources: Array<{ inputs: { spec?: Record<string, unknown> } }>;
        };
        head.resources[2].inputs.spec!.privateKey = { algorithm: "RSA", size: 2048 };
        const report = rateLimitReport([{ stack: "prod", baseResources: base, headResources: JSON.stringify(head) }]);
        assert.deepEqual(
            report.issuances.map((i) => [i.certificate, i.reason, i.newNameSet]),
            [
                ["istio-ingress/a", "names changed", true],
                ["istio-ingress/b", "key or issuer settings changed", false],
            ],
        );
        assert.deepEqual(report.domains, [
            { server: ACME_SERVERS.production, registeredDomain: "example.com", newCertificates: 1, renewals: 1 },
        ]);
    });

    it("a certificate whose names changed lists only the names added (+) and removed (-), not every name", () => {
        const names = (n: number) => Array.from({ length: n }, (_, i) => `h${i}.example.com`);
        const base = resources(ACME_SERVERS.production, { a: [...names(20), "old.example.com"] });
        const head = resources(ACME_SERVERS.production, { a: [...names(20), "new.example.com"] });
        const report = rateLimitReport([{ stack: "prod", baseResources: base, headResources: head }]);
        const line = renderRateLimits(report)
            .split("\n")
            .find((text) => text.startsWith("- `prod` istio-ingress/a"));
        assert.equal(line, "- `prod` istio-ingress/a (Let's Encrypt): names changed: +new.example.com, -old.example.com");
    });

    it("metadata (annotations, labels) and fields applied to the Secret only issue nothing", () => {
        const base = resources(ACME_SERVERS.production, { a: ["a.example.com"] });
        const head = resources(ACME_SERVERS.production, { a: ["a.example.com"] }, { secretTemplate: { labels: { team: "web" } } });
        const annotated = base.replace('"namespace":"istio-ingress"', '"namespace":"istio-ingress","annotations":{"x":"y"}');
        assert.deepEqual(certificateIssuances([{ stack: "prod", baseResources: base, headResources: head }]), []);
        assert.deepEqual(certificateIssuances([{ stack: "prod", baseResources: base, headResources: annotated }]), []);
    });

    it("counts each certificate once per registered domain among its names (Public Suffix List)", () => {
        const head = resources(ACME_SERVERS.production, { a: ["a.example.com", "b.example.com", "www.example.co.uk", "x.me.github.io"] });
        assert.deepEqual(
            rateLimitReport([{ stack: "prod", headResources: head }]).domains.map((d) => [d.registeredDomain, d.newCertificates]),
            [
                ["example.co.uk", 1],
                ["example.com", 1],
                ["me.github.io", 1],
            ],
        );
    });

    it("warns when one change nears or exceeds 50 new certificates per registered domain at Let's Encrypt", () => {
        const at = (n: number) =>
            rateLimitReport([{ stack: "prod", headResources: resources(ACME_SERVERS.production, manyCertificates(n, "example.com")) }])
                .warnings;
        assert.deepEqual(at(24), []);
        assert.deepEqual(at(25), ["example.com: 25 new certificates nears Let's Encrypt's limit of 50 per registered domain per 7 days"]);
        assert.deepEqual(at(51), ["example.com: 51 new certificates exceeds Let's Encrypt's limit of 50 per registered domain per 7 days"]);
    });

    it("warns when the same set of names would be issued 3 or more times (limit 5 per 7 days), across stacks", () => {
        const stack = (name: string) => ({ stack: name, headResources: resources(ACME_SERVERS.production, { web: ["www.example.com"] }) });
        assert.deepEqual(rateLimitReport([stack("dev"), stack("staging")]).warnings, []);
        assert.deepEqual(rateLimitReport([stack("dev"), stack("staging"), stack("prod")]).warnings, [
            "3 certificates for the same names (www.example.com; dev: istio-ingress/web, staging: istio-ingress/web, prod: istio-ingress/web) nears Let's Encrypt's limit of 5 per exact set of names per 7 days",
        ]);
    });

    it("counts but does not warn for the staging environment, whose limits are far higher", () => {
        const report = rateLimitReport([
            { stack: "dev", headResources: resources(ACME_SERVERS.staging, manyCertificates(60, "example.com")) },
        ]);
        assert.equal(report.domains[0].newCertificates, 60);
        assert.deepEqual(report.warnings, []);
        assert.match(renderRateLimits(report), /\| Let's Encrypt staging \| `example.com` \| 60 \| 0 \|/);
    });

    it("the pull-request comment carries the report, with its warnings", () => {
        const base = resources(ACME_SERVERS.production, {});
        const head = resources(ACME_SERVERS.production, manyCertificates(30, "example.com"));
        const comment = renderComment([{ stack: "prod", baseResources: base, headResources: head, diff: "+x\n" }]);
        assert.match(comment, /### Certificates to issue/);
        assert.match(comment, /\| Let's Encrypt \| `example.com` \| 30 \| 0 \|/);
        assert.match(comment, /> \[!WARNING\]\n> example\.com: 30 new certificates nears/);
        assert.match(comment, /https:\/\/letsencrypt\.org\/docs\/rate-limits\//);
    });
});
