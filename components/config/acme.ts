/**
 * The ACME CA a config names, and what it asks of the `acme` section: External Account Binding
 * where the CA registers no account without it.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { isLetsEncrypt } from "../certificates/acmeOrderRules";
import type { AcmeServer } from "../enums";
import { ACME_CAS, ACME_SERVER_KEYWORDS, AcmeCa } from "./defaults";
import { field, Issue } from "./raw";

/**
 * The keyword of the CA `server` names: a keyword itself, or the directory URL of one (a URL in
 * `acme.server` or `acme.directoryUrl`, compared without a trailing slash). Undefined for any other CA.
 */
export function knownAcmeServer(server: string): AcmeServer | undefined {
    if ((ACME_SERVER_KEYWORDS as readonly string[]).includes(server)) return server as AcmeServer;
    const url = server.replace(/\/+$/, "");
    return ACME_SERVER_KEYWORDS.find((keyword) => ACME_CAS[keyword].directoryUrl === url);
}

/** The CA a resolved `acme.server` (a keyword or a directory URL) names. */
export interface ResolvedCa {
    /** Its keyword, also when the config gave its directory URL. */
    keyword?: AcmeServer;
    /** What this program knows of it; undefined for a CA given only by URL. */
    ca?: AcmeCa;
    /** Let's Encrypt, production or staging, whose order rules are Boulder's. */
    letsEncrypt: boolean;
}

export function resolveCa(server: string): ResolvedCa {
    const keyword = knownAcmeServer(server);
    const ca = keyword && ACME_CAS[keyword];
    return { keyword, ca, letsEncrypt: keyword === "staging" || keyword === "production" || isLetsEncrypt(server) };
}

/**
 * An HMAC key as CAs hand it out: base64 or base64url, with or without padding. Checked only when it
 * is a plain string; a secret output is checked by cert-manager when it registers the account.
 */
const HMAC_KEY = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** `acme.externalAccountBinding`. The key may be a Pulumi secret (an output), as it should be. */
export const externalAccountBindingSchema = z.strictObject({
    keyId: z
        .string()
        .min(1, "must not be empty")
        .regex(/^[\x21-\x7e]+$/, "must be the key ID the CA gave (printable ASCII, no spaces)"),
    hmacKey: z.union([
        z.string().regex(HMAC_KEY, "must be the HMAC key the CA gave, in base64 or base64url (no spaces or line breaks)"),
        z.custom<pulumi.Output<string>>((value) => pulumi.Output.isInstance(value)),
    ]),
});

/**
 * The key as cert-manager reads it: "un-padded, base64 URL encoded data" (the ClusterIssuer CRD's
 * `keySecretRef`; cert-manager decodes it with `base64.RawURLEncoding` in
 * pkg/issuer/acme/setup.go `getEABKey` at v1.21.1). CAs hand out base64url (ZeroSSL, SSL.com) or
 * padded base64: the same bytes either way, so padding goes and `+/` become `-_`.
 */
export function hmacKeyForCertManager(key: string): string {
    return key.trim().replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

/**
 * The CA's own requirements of the `acme` section: External Account Binding where it registers no
 * account without one, none where it has none. `server` is the resolved `acme.server` when valid.
 */
export function crossCheckAcme(acme: unknown, server: string | undefined): Issue[] {
    if (server === undefined) return [];
    const { ca, letsEncrypt } = resolveCa(server);
    const eab = field(acme, "externalAccountBinding");
    const path = ["acme", "externalAccountBinding"];
    if (ca?.externalAccountBinding && eab === undefined) {
        return [
            {
                path,
                message:
                    `is required: ${ca.name} (${ca.directoryUrl}) registers no ACME account without External Account Binding; ` +
                    "give the keyId and hmacKey your CA account shows (docs/acme.md)",
            },
        ];
    }
    if (letsEncrypt && eab !== undefined) {
        return [
            {
                path,
                message:
                    "applies only to a CA that uses External Account Binding; Let's Encrypt registers accounts without one " +
                    "(remove it, or set acme.server to the CA that issued it)",
            },
        ];
    }
    return [];
}
