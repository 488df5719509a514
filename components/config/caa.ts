/**
 * The config of the zones' CAA records (`route53.caa`) and the checks that need other sections.
 */
import { z } from "zod";
import { ServiceType } from "../enums";
import { recordsEnabled } from "./records";
import { resolveCa } from "./acme";
import { dnsNameProblem, zoneOfHost } from "./dns";
import { field, isMap, Issue, valid } from "./raw";

const caaDomain = z.string().superRefine((value, ctx) => {
    if (value.includes("://")) {
        ctx.addIssue({ code: "custom", message: 'must be a CA\'s CAA domain, such as "letsencrypt.org", not a URL' });
        return;
    }
    if (/[;=\s]/.test(value)) {
        ctx.addIssue({
            code: "custom",
            message:
                'must be a CA\'s CAA domain alone, such as "amazon.com" (other CAs get plain issue and issuewild records, without parameters)',
        });
        return;
    }
    const problem = dnsNameProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `${problem} (a CA's CAA domain, such as "letsencrypt.org")` });
});

/**
 * An ACME account URI as RFC 8657's `accounturi` holds it: a URI, and a CAA parameter value, which
 * has no whitespace and no ";" (RFC 8659 section 4.2, `value = *(%x21-3A / %x3C-7E)`).
 */
const accountUri = z
    .url({ protocol: /^https$/, error: "must be an https:// ACME account URI, as the ClusterIssuer's status.acme.uri shows it" })
    .regex(/^[\x21-\x3a\x3c-\x7e]+$/, 'must have no spaces and no ";" (a CAA parameter value cannot hold them)');

const caaFields = z.strictObject({
    enabled: z.boolean().default(true),
    pinAccount: z.boolean().default(false),
    accountUris: z.array(accountUri).default([]),
    otherIssuers: z.array(caaDomain).default([]),
    issuerDomain: caaDomain.optional(),
});

/** `route53.caa`: the settings, or `true`/`false` in a stack config for `{ enabled }` with the defaults. */
export const caaSchema = z
    .preprocess((value, ctx) => {
        if (typeof value === "boolean") return { enabled: value };
        if (value !== undefined && !isMap(value)) {
            ctx.addIssue({ code: "custom", message: "must be true, false or an object of CAA settings (enabled, pinAccount, ...)" });
        }
        return value;
    }, caaFields)
    .optional();

export type ResolvedCaa = z.output<typeof caaFields>;

/** The parts of the config the CAA checks read beside `route53.caa`, each as the cross checks found it. */
export interface CaaCrossView {
    /** The resolved `acme.server`, when valid. */
    server?: string;
    /** The zones, when every one is valid. */
    zones?: ReadonlyArray<{ domain: string; private: boolean }>;
    /** The gateways' hosts that are valid. */
    hosts: readonly string[];
    /** `credentials.assumeRoleArn`, when valid. */
    assumeRoleArn?: string;
}

/**
 * CAA records need to know the CA's CAA domain, to be written in the zones' account, and a public
 * zone holding a host to protect (CAs read public DNS); extra account URIs only add to a pinned account.
 */
export function crossCheckCaa(raw: Record<string, unknown>, view: CaaCrossView): Issue[] {
    const route53 = raw.route53;
    const caa = valid(caaFields, typeof field(route53, "caa") === "boolean" ? { enabled: field(route53, "caa") } : field(route53, "caa"));
    if (caa === undefined) return [];
    const issues: Issue[] = [];
    const path = ["route53", "caa"];
    if (caa.accountUris.length > 0 && !caa.pinAccount) {
        issues.push({
            path: [...path, "accountUris"],
            message: "applies only with pinAccount: true (the accounts it lists are allowed beside this stack's own)",
        });
    }
    if (!caa.enabled) return issues;
    const ca = view.server === undefined ? undefined : resolveCa(view.server).ca;
    if (view.server !== undefined && ca === undefined && caa.issuerDomain === undefined) {
        issues.push({
            path: [...path, "issuerDomain"],
            message: `is required: the CAA domain of the CA at ${view.server} is not known here (its documentation names it, as "letsencrypt.org" for Let's Encrypt)`,
        });
    }
    const issuerDomain = caa.issuerDomain ?? ca?.caaDomain;
    caa.otherIssuers.forEach((other, i) => {
        if (other === issuerDomain) {
            issues.push({
                path: [...path, "otherIssuers", i],
                message: `is the configured CA's own CAA domain: a record without parameters would let it issue by any method and to any account, undoing validationmethods${caa.pinAccount ? " and pinAccount" : ""}`,
            });
        }
    });
    if (view.zones !== undefined) {
        const domains = view.zones.map((zone) => zone.domain);
        const publicZones = new Set(view.zones.filter((zone) => !zone.private).map((zone) => zone.domain));
        const protectedHost = view.hosts.some((host) => {
            const zone = zoneOfHost(host, domains);
            return zone !== undefined && publicZones.has(zone);
        });
        if (!protectedHost && view.hosts.length > 0) {
            issues.push({
                path,
                message: "has nothing to protect: no host lies in a public zone, and CAs read CAA records from public DNS",
            });
        }
    }
    const serviceType = valid(z.enum(ServiceType).default(ServiceType.LoadBalancer), field(raw.istio, "serviceType"));
    const recordsOn = serviceType === undefined || recordsEnabled(valid(z.boolean().optional(), field(route53, "records")), serviceType);
    if (view.assumeRoleArn !== undefined && field(route53, "recordsRoleArn") === undefined && !recordsOn) {
        issues.push({
            path: ["route53", "recordsRoleArn"],
            message:
                "is required with credentials.assumeRoleArn while caa is on: the zones live in another account, and this stack writes " +
                "their CAA records there through a role it may assume",
        });
    }
    return issues;
}
