/**
 * The ACME CA a config names, and what it asks of the `acme` section: External Account Binding
 * where the CA registers no account without it, and a certificate profile it offers.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { isLetsEncrypt, MAX_NAMES_PER_ORDER } from "../certificates/acmeOrderRules";
import type { AcmeServer } from "../enums";
import { ACME_CAS, ACME_SERVER_KEYWORDS, AcmeCa } from "./defaults";
import { field, Issue } from "./raw";
import { likelyMeant } from "./spelling";

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

/** `acme.profile`: a profile name as a CA's directory lists it (draft-ietf-acme-profiles). */
export const acmeProfileSchema = z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a certificate profile name the CA lists, such as "tlsserver"');

/** cert-manager added the ClusterIssuer's `spec.acme.profile` in v1.18.0; an older CRD prunes the field. */
export const PROFILE_MIN_CERT_MANAGER = [1, 18, 0] as const;

/**
 * The most names one certificate may hold with `profile` at the CA `server` names: the profile's
 * own limit where the CA documents one (Let's Encrypt's tlsserver and shortlived: 25), else the usual 100.
 */
export function maxNamesPerCertificate(server: string, profile: string | undefined): number {
    const limit = profile === undefined ? undefined : resolveCa(server).ca?.profiles[profile]?.maxNames;
    return limit ?? MAX_NAMES_PER_ORDER;
}

function profileProblem(ca: AcmeCa, profile: string): string | undefined {
    const names = Object.keys(ca.profiles);
    if (names.includes(profile)) return undefined;
    if (names.length === 0) {
        return `is not a profile ${ca.name} offers: it documents none (give the CA by acme.directoryUrl to request one its directory lists)`;
    }
    const guess = likelyMeant(profile, names);
    return `is not a profile ${ca.name} offers (${guess ? `did you mean "${guess}"? ` : ""}its profiles: ${names.join(", ")})`;
}

/** `certManager.version` as numbers, when it is an exact version. */
function certManagerVersion(raw: unknown): number[] | undefined {
    const version = field(field(raw, "certManager"), "version");
    const match = typeof version === "string" ? /^v(\d+)\.(\d+)\.(\d+)/.exec(version) : null;
    return match ? match.slice(1).map(Number) : undefined;
}

function olderThan(version: readonly number[], minimum: readonly number[]): boolean {
    const index = version.findIndex((part, i) => part !== minimum[i]);
    return index >= 0 && version[index] < minimum[index];
}

/**
 * The CA's own requirements of the `acme` section: External Account Binding where it registers no
 * account without one, none where it has none; a profile it offers, with a cert-manager that passes
 * it on. `server` is the resolved `acme.server` when valid.
 */
export function crossCheckAcme(raw: Record<string, unknown>, server: string | undefined): Issue[] {
    const acme = raw.acme;
    const profile = field(acme, "profile");
    const issues: Issue[] = [];
    const version = certManagerVersion(raw);
    if (typeof profile === "string" && version !== undefined && olderThan(version, PROFILE_MIN_CERT_MANAGER)) {
        issues.push({
            path: ["acme", "profile"],
            message:
                `needs cert-manager v${PROFILE_MIN_CERT_MANAGER.join(".")} or later, whose ClusterIssuer has spec.acme.profile; ` +
                `certManager.version is v${version.join(".")} (its CRD would drop the field, and the CA's default profile would be used)`,
        });
    }
    if (server === undefined) return issues;
    const { ca, letsEncrypt } = resolveCa(server);
    const refused = ca && typeof profile === "string" ? profileProblem(ca, profile) : undefined;
    if (refused) issues.push({ path: ["acme", "profile"], message: refused });
    return [...issues, ...externalAccountBindingIssues(acme, ca, letsEncrypt)];
}

function externalAccountBindingIssues(acme: unknown, ca: AcmeCa | undefined, letsEncrypt: boolean): Issue[] {
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
