import * as assert from "node:assert/strict";
import type { IstioAcmeIngressArgs } from "../../components/args";
import { hmacKeyForCertManager } from "../../components/config/acme";
import { ACME_CAS, ACME_SERVER_KEYWORDS } from "../../components/config/defaults";
import { validateIngressConfig } from "../../components/config/validate";
import { clusterIssuerSpec } from "../../components/issuer/spec";
import { planIngress } from "../../components/plan";
import { observingEngineInputs, unwrapSecrets } from "../models/crossReferences";
import { metadata, minimalArgs, one, spec, synthComponent, transitiveDependencies } from "../support/harness";
import { upstreamSchemasOrPending } from "../support/upstreamSchemas";

const ISSUER = "kubernetes:cert-manager.io/v1:ClusterIssuer";
const SECRET = "kubernetes:core/v1:Secret";
/** An HMAC key as ZeroSSL's API hands one out (its documentation's example shape: base64url, unpadded). */
const HMAC_KEY = "MjXU3MH-Z0WQ7piMAnVsCpD1shgMiWx6ggPWiTmydgUaj7dWWWfQfA";
const EAB = { keyId: "GD-VvWydSVFuss_GhBwYQQ", hmacKey: HMAC_KEY };

function problems(acme: Record<string, unknown>): string[] {
    const result = validateIngressConfig({ ...minimalArgs(), acme: { email: "ops@example.com", ...acme } });
    return result.ok ? [] : result.problems.map((p) => `${p.propertyPath}: ${p.reason}`);
}

function zerossl(overrides: Partial<IstioAcmeIngressArgs["acme"]> = {}): IstioAcmeIngressArgs {
    return minimalArgs({ acme: { email: "ops@example.com", server: "zerossl", externalAccountBinding: EAB, ...overrides } });
}

describe("External Account Binding", () => {
    describe("which CAs need it (each CA's own documentation, in ACME_CAS)", () => {
        const needing = ACME_SERVER_KEYWORDS.filter((keyword) => ACME_CAS[keyword].externalAccountBinding);

        it("ZeroSSL, Google Trust Services (both directories) and SSL.com (both chains) do; Let's Encrypt does not", () => {
            assert.deepEqual(needing, ["zerossl", "google", "google-staging", "sslcom-rsa", "sslcom-ecc"]);
        });

        for (const keyword of needing) {
            it(`${keyword} without it is a config error naming acme.externalAccountBinding`, () => {
                const ca = ACME_CAS[keyword];
                assert.deepEqual(problems({ server: keyword }), [
                    `acme.externalAccountBinding: is required: ${ca.name} (${ca.directoryUrl}) registers no ACME account without External Account Binding; give the keyId and hmacKey your CA account shows (docs/acme.md)`,
                ]);
                assert.deepEqual(problems({ server: keyword, externalAccountBinding: EAB }), []);
            });
        }

        it("so is the ZeroSSL directory URL the README used to offer, in acme.server or acme.directoryUrl", () => {
            for (const acme of [{ server: "https://acme.zerossl.com/v2/DV90" }, { directoryUrl: "https://acme.zerossl.com/v2/DV90/" }]) {
                assert.match(problems(acme).join("\n"), /^acme\.externalAccountBinding: is required: ZeroSSL /);
            }
        });

        it("Let's Encrypt refuses it: it has none, so the binding belongs to another CA", () => {
            for (const server of ["staging", "production", "https://acme-v02.api.letsencrypt.org/directory"]) {
                assert.deepEqual(problems({ server, externalAccountBinding: EAB }), [
                    "acme.externalAccountBinding: applies only to a CA that uses External Account Binding; Let's Encrypt registers accounts without one (remove it, or set acme.server to the CA that issued it)",
                ]);
            }
        });

        it("a CA given only by URL may take it or not", () => {
            assert.deepEqual(problems({ directoryUrl: "https://ca.example.com/acme/directory", externalAccountBinding: EAB }), []);
            assert.deepEqual(problems({ directoryUrl: "https://ca.example.com/acme/directory" }), []);
        });
    });

    describe("the key is never repeated in a problem", () => {
        it("a key with a line break is refused without its value", () => {
            const bad = `${HMAC_KEY}\nsecond-line`;
            const found = problems({ server: "zerossl", externalAccountBinding: { keyId: "kid", hmacKey: bad } });
            assert.deepEqual(found, [
                "acme.externalAccountBinding.hmacKey: must be the HMAC key the CA gave, in base64 or base64url (no spaces or line breaks) (its value is not shown)",
            ]);
            assert.ok(!found.join("\n").includes(HMAC_KEY));
        });

        it("nor when it has the wrong type, or is missing", () => {
            assert.deepEqual(problems({ server: "zerossl", externalAccountBinding: { keyId: "kid", hmacKey: 12345 } }), [
                "acme.externalAccountBinding.hmacKey: must be a string, not a number (its value is not shown)",
            ]);
            assert.deepEqual(problems({ server: "zerossl", externalAccountBinding: { keyId: "kid" } }), [
                "acme.externalAccountBinding.hmacKey: is required",
            ]);
        });
    });

    describe("planning and the ClusterIssuer spec (pure)", () => {
        it("a ZeroSSL stack plans its issuer with the binding and the Secret that holds the key", () => {
            const result = validateIngressConfig(zerossl());
            assert.ok(result.ok);
            const issuer = planIngress(result.config).issuer;
            assert.deepEqual(issuer, {
                name: "zerossl",
                server: "https://acme.zerossl.com/v2/DV90",
                email: "ops@example.com",
                externalAccountBinding: { keyId: EAB.keyId, hmacKey: HMAC_KEY, secretName: "zerossl-eab" },
            });
        });

        it("the ClusterIssuer names the key ID and the Secret key, as the CRD's externalAccountBinding (keyID, keySecretRef)", () => {
            const acme = clusterIssuerSpec({
                server: "https://acme.zerossl.com/v2/DV90",
                email: "ops@example.com",
                accountKeySecretName: "zerossl-account-key",
                region: "ca-central-1",
                zones: [],
                auth: {},
                externalAccountBinding: { keyId: EAB.keyId, keySecretRef: { name: "zerossl-eab", key: "hmac-key" } },
            }).acme as Record<string, unknown>;
            assert.deepEqual(acme.externalAccountBinding, { keyID: EAB.keyId, keySecretRef: { name: "zerossl-eab", key: "hmac-key" } });
        });

        it("stores the key as cert-manager decodes it: base64url without padding (base64.RawURLEncoding), the same bytes", () => {
            const bytes = Buffer.from([0xfb, 0xff, 0xfe, 0x01, 0x02, 0xff, 0x3e, 0x3f]);
            for (const given of [bytes.toString("base64"), bytes.toString("base64url"), ` ${bytes.toString("base64")}\n`]) {
                const stored = hmacKeyForCertManager(given);
                assert.match(stored, /^[A-Za-z0-9_-]+$/, `${JSON.stringify(given)} -> ${stored}`);
                assert.deepEqual(Buffer.from(stored, "base64url"), bytes);
            }
            assert.equal(hmacKeyForCertManager(HMAC_KEY), HMAC_KEY);
        });
    });

    describe("what a ZeroSSL stack declares", () => {
        it("a Secret in cert-manager's namespace holding the key, which the ClusterIssuer references and waits for", async () => {
            const { value: result, seen } = await observingEngineInputs(() => synthComponent(zerossl()));
            const issuer = one(result, ISSUER);
            assert.equal(metadata(issuer).name, "zerossl");
            const acme = spec(issuer).acme as Record<string, unknown>;
            assert.equal(acme.server, "https://acme.zerossl.com/v2/DV90");
            assert.deepEqual(acme.externalAccountBinding, { keyID: EAB.keyId, keySecretRef: { name: "zerossl-eab", key: "hmac-key" } });

            const secret = one(result, SECRET, "ingress-issuer-eab");
            assert.deepEqual(metadata(secret), {
                name: "zerossl-eab",
                namespace: "cert-manager",
                labels: { "app.kubernetes.io/managed-by": "pulumi" },
            });
            assert.ok(transitiveDependencies(result, issuer).has(secret.urn), "the issuer waits for the key's Secret");
            const sent = seen.find((input) => input.type === SECRET && input.name === "ingress-issuer-eab");
            assert.deepEqual((unwrapSecrets(sent?.inputs) as { stringData: unknown }).stringData, { "hmac-key": HMAC_KEY });
        });

        it("pulumi up waits until the ClusterIssuer is Ready: its account registered with the CA", async () => {
            const result = await synthComponent(zerossl());
            assert.deepEqual(metadata(one(result, ISSUER)).annotations, {
                "pulumi.com/waitFor": "condition=Ready",
                "pulumi.com/timeoutSeconds": "300",
            });
        });

        it("without a binding, no Secret and no externalAccountBinding", async () => {
            const result = await synthComponent(minimalArgs());
            assert.equal((spec(one(result, ISSUER)).acme as Record<string, unknown>).externalAccountBinding, undefined);
            assert.equal(
                result.resources.filter((r) => r.type === SECRET && r.name.endsWith("-eab")).length,
                0,
                "no EAB Secret for Let's Encrypt",
            );
        });

        it("matches cert-manager v1.21.1's ClusterIssuer CRD", async function () {
            const schemas = upstreamSchemasOrPending(this);
            schemas.assertMatchesUpstream(await synthComponent(zerossl()));
        });
    });
});
