import * as assert from "node:assert/strict";
import type { IstioAcmeIngressArgs } from "../../components/args";
import { orderRefusal } from "../../components/certificates/acmeOrderRules";
import { validateIngressConfig } from "../../components/config/validate";
import { clusterIssuerSpec } from "../../components/issuer/spec";
import { planIngress } from "../../components/plan";
import { metadata, minimalArgs, ofType, one, spec, synthComponent } from "../support/harness";
import { acmeOrderProblems } from "../models/acmeOrders";
import { upstreamSchemasOrPending } from "../support/upstreamSchemas";

const ISSUER = "kubernetes:cert-manager.io/v1:ClusterIssuer";
const CERTIFICATE = "kubernetes:cert-manager.io/v1:Certificate";
const EAB = { keyId: "kid-1", hmacKey: "c2VjcmV0LWhtYWMta2V5" };

function problems(args: IstioAcmeIngressArgs): string[] {
    const result = validateIngressConfig(args);
    return result.ok ? [] : result.problems.map((p) => `${p.propertyPath}: ${p.reason}`);
}

function withAcme(acme: Partial<IstioAcmeIngressArgs["acme"]>, overrides: Partial<IstioAcmeIngressArgs> = {}): IstioAcmeIngressArgs {
    return minimalArgs({ acme: { email: "ops@example.com", ...acme }, ...overrides });
}

function plan(args: IstioAcmeIngressArgs) {
    const result = validateIngressConfig(args);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return planIngress(result.config);
}

/** `n` hosts in example.com. */
const hosts = (n: number) => Array.from({ length: n }, (_, i) => `h${i + 1}.example.com`);

describe("acme.profile", () => {
    describe("checked against the profiles the CA documents", () => {
        it("Let's Encrypt (both directories): classic, tlsserver, shortlived", () => {
            for (const server of ["staging", "production"] as const) {
                for (const profile of ["classic", "tlsserver", "shortlived"]) assert.deepEqual(problems(withAcme({ server, profile })), []);
            }
        });

        it("a misspelt one is refused with the likely name and the list", () => {
            assert.deepEqual(problems(withAcme({ server: "production", profile: "shortlive" })), [
                'acme.profile: "shortlive" is not a profile Let\'s Encrypt offers (did you mean "shortlived"? its profiles: classic, tlsserver, shortlived)',
            ]);
        });

        it("Let's Encrypt's tlsclient, which ended on 2026-07-08, is refused", () => {
            assert.deepEqual(problems(withAcme({ server: "production", profile: "tlsclient" })), [
                'acme.profile: "tlsclient" is not a profile Let\'s Encrypt offers (its profiles: classic, tlsserver, shortlived)',
            ]);
        });

        it("a CA that documents none refuses any", () => {
            assert.deepEqual(problems(withAcme({ server: "zerossl", externalAccountBinding: EAB, profile: "classic" })), [
                'acme.profile: "classic" is not a profile ZeroSSL offers: it documents none (give the CA by acme.directoryUrl to request one its directory lists)',
            ]);
        });

        it("Google Trust Services: standard, minimal", () => {
            assert.deepEqual(problems(withAcme({ server: "google", externalAccountBinding: EAB, profile: "minimal" })), []);
        });

        it("a CA given by URL: passed on as given (its directory lists what it offers)", () => {
            assert.deepEqual(problems(withAcme({ directoryUrl: "https://ca.example.com/acme/directory", profile: "short-90d" })), []);
        });

        it("needs cert-manager v1.18 or later, whose ClusterIssuer CRD has spec.acme.profile", () => {
            assert.deepEqual(problems(withAcme({ server: "production", profile: "tlsserver" }, { certManager: { version: "v1.17.4" } })), [
                `acme.profile: "tlsserver" needs cert-manager v1.18.0 or later, whose ClusterIssuer has spec.acme.profile; certManager.version is v1.17.4 (its CRD would drop the field, and the CA's default profile would be used)`,
            ]);
            assert.deepEqual(
                problems(withAcme({ server: "production", profile: "tlsserver" }, { certManager: { version: "v1.18.0" } })),
                [],
            );
        });
    });

    describe("reaches the ClusterIssuer", () => {
        it("planned, and in the spec as spec.acme.profile", () => {
            assert.equal(plan(withAcme({ server: "production", profile: "shortlived" })).issuer.profile, "shortlived");
            const acme = clusterIssuerSpec({
                server: "https://acme-v02.api.letsencrypt.org/directory",
                email: "ops@example.com",
                accountKeySecretName: "k",
                region: "ca-central-1",
                zones: [],
                auth: {},
                profile: "shortlived",
            }).acme as Record<string, unknown>;
            assert.equal(acme.profile, "shortlived");
        });

        it("shortlived: the ClusterIssuer a stack declares requests it; without a profile it has no such field", async () => {
            const shortlived = await synthComponent(withAcme({ server: "production", profile: "shortlived" }));
            assert.equal((spec(one(shortlived, ISSUER)).acme as Record<string, unknown>).profile, "shortlived");
            const plain = await synthComponent(withAcme({ server: "production" }));
            assert.ok(!("profile" in (spec(one(plain, ISSUER)).acme as Record<string, unknown>)));
        });

        it("matches cert-manager v1.21.1's ClusterIssuer CRD", async function () {
            const schemas = upstreamSchemasOrPending(this);
            schemas.assertMatchesUpstream(await synthComponent(withAcme({ server: "production", profile: "shortlived" })));
        });
    });

    describe("certificates hold no more names than the profile takes (Boulder's ra.NewOrder: profile.maxNames)", () => {
        const gateway = { name: "web", hosts: hosts(30) };

        for (const profile of ["tlsserver", "shortlived"]) {
            it(`${profile}: 30 hosts make two certificates of 25 and 5, each an order the CA accepts`, () => {
                const certificates = plan(withAcme({ server: "production", profile }, { gateways: [gateway] })).certificates;
                assert.deepEqual(
                    certificates.map((c) => [c.name, c.dnsNames.length]),
                    [
                        ["web", 25],
                        ["web-2", 5],
                    ],
                );
                for (const certificate of certificates) assert.equal(orderRefusal(certificate.dnsNames, "letsEncrypt", 25), undefined);
            });
        }

        it("classic, or no profile: one certificate of 30, which a 25-name profile would refuse", () => {
            for (const acme of [{ server: "production", profile: "classic" }, { server: "production" }] as const) {
                const certificates = plan(withAcme(acme, { gateways: [gateway] })).certificates;
                assert.deepEqual(
                    certificates.map((c) => c.dnsNames.length),
                    [30],
                );
                assert.equal(orderRefusal(certificates[0].dnsNames, "letsEncrypt", 25), "Order cannot contain more than 25 identifiers");
            }
        });

        it("the synth's order check reads the profile from the ClusterIssuer (every synth in the suite runs it)", async () => {
            const result = await synthComponent(withAcme({ server: "production", profile: "tlsserver" }, { gateways: [gateway] }));
            assert.deepEqual(
                ofType(result, CERTIFICATE)
                    .map((c) => [metadata(c).name, (spec(c).dnsNames as string[]).length])
                    .sort(),
                [
                    ["web", 25],
                    ["web-2", 5],
                ],
            );
            const classic = await synthComponent(withAcme({ server: "production" }, { gateways: [gateway] }));
            const issuer = one(classic, ISSUER);
            (spec(issuer).acme as Record<string, unknown>).profile = "tlsserver";
            assert.deepEqual(acmeOrderProblems(classic), [
                "Certificate istio-ingress/web: the ACME CA refuses its order: Order cannot contain more than 25 identifiers",
            ]);
        });
    });
});
