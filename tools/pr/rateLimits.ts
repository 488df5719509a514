/**
 * Which certificates a change would make cert-manager request, and how that stands against Let's
 * Encrypt's issuance limits (https://letsencrypt.org/docs/rate-limits/):
 *
 * - New Certificates per Registered Domain: 50 per 7 days, across all accounts. The registered
 *   domain comes from the Public Suffix List; a certificate counts once for each registered domain
 *   among its names. A certificate for exactly the names of one issued before is a renewal and
 *   exempt from this limit.
 * - New Certificates per Exact Set of Identifiers: 5 per 7 days, renewals included.
 *
 * The staging environment has far higher limits (https://letsencrypt.org/docs/staging-environment/);
 * other ACME CAs have their own. Pure functions only; tools/pr/synthDiff.ts renders the result.
 */
import { isLetsEncrypt, registeredDomain } from "../../components/certificates/acmeOrderRules";
import { ACME_SERVERS } from "../../components/config/defaults";

export const RATE_LIMITS_URL = "https://letsencrypt.org/docs/rate-limits/";
export const NEW_CERTIFICATES_PER_REGISTERED_DOMAIN = 50;
export const CERTIFICATES_PER_EXACT_SET = 5;
export const LIMIT_WINDOW_DAYS = 7;
/** A change that alone takes this share of a weekly limit is worth a warning: the week has other changes, and renewals. */
export const WARNING_SHARE = 0.5;

/** Certificates listed one by one in the comment; the counts always cover all. */
const MAX_LISTED = 100;
const CERTIFICATE = "kubernetes:cert-manager.io/v1:Certificate";
const CLUSTER_ISSUER = "kubernetes:cert-manager.io/v1:ClusterIssuer";
/**
 * Spec fields cert-manager applies to the Secret without requesting a new certificate. Any other
 * change of spec (dnsNames, privateKey, issuerRef, secretName, duration, usages, subject...) makes
 * the issued certificate no longer match, and cert-manager requests a new one.
 */
const FIELDS_WITHOUT_ISSUANCE = new Set(["secretTemplate", "revisionHistoryLimit", "additionalOutputFormats", "keystores", "renewBefore"]);

export type IssuanceReason = "added" | "names changed" | "key or issuer settings changed";

/** One certificate cert-manager would request after the change. */
export interface Issuance {
    stack: string;
    /** `namespace/name` of the Certificate. */
    certificate: string;
    /** The ACME directory URL its ClusterIssuer uses, or "unknown". */
    server: string;
    /** Its names, sorted and lowercase: the "exact set of identifiers". */
    names: string[];
    reason: IssuanceReason;
    /** For "names changed": the names the head adds and those it drops, sorted. */
    namesAdded?: string[];
    namesRemoved?: string[];
    /** True when no certificate of the base had exactly these names at this server: it counts against the registered domain's limit. */
    newNameSet: boolean;
}

export interface StackResources {
    stack: string;
    /** `resources.json` of the base and the head; undefined where the stack does not exist (or synth failed). */
    baseResources?: string;
    headResources?: string;
}

type JsonObject = Record<string, unknown>;
const obj = (value: unknown): JsonObject =>
    value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : {};

interface CertificateView {
    urn: string;
    id: string;
    server: string;
    names: string[];
    /** The spec without its names and the fields that never cause an issuance, as comparable text. */
    settings: string;
}

function stableJson(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value as JsonObject).sort(([a], [b]) => a.localeCompare(b));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
    }
    return JSON.stringify(value);
}

function certificatesOf(json: string | undefined): CertificateView[] {
    if (json === undefined) return [];
    const resources = ((JSON.parse(json) as { resources?: unknown[] }).resources ?? []).map(obj);
    const inputs = (r: JsonObject) => obj(r.inputs);
    const servers = new Map(
        resources
            .filter((r) => r.type === CLUSTER_ISSUER)
            .map((r) => [String(obj(inputs(r).metadata).name), obj(obj(inputs(r).spec).acme).server]),
    );
    return resources
        .filter((r) => r.type === CERTIFICATE)
        .map((r) => {
            const spec = obj(inputs(r).spec);
            const metadata = obj(inputs(r).metadata);
            const server = servers.get(String(obj(spec.issuerRef).name));
            const names = Array.isArray(spec.dnsNames) ? spec.dnsNames.map((n) => String(n).toLowerCase()) : [];
            const settings = Object.fromEntries(
                Object.entries(spec).filter(([key]) => key !== "dnsNames" && !FIELDS_WITHOUT_ISSUANCE.has(key)),
            );
            return {
                urn: String(r.urn),
                id: `${String(metadata.namespace)}/${String(metadata.name)}`,
                server: typeof server === "string" ? server : "unknown",
                names: [...new Set(names)].sort(),
                settings: stableJson(settings),
            };
        });
}

const setKey = (server: string, names: readonly string[]) => `${server} ${names.join(",")}`;

/**
 * Every certificate the head would have cert-manager request that the base would not: a
 * Certificate added (or renamed), or one whose names or key and issuer settings changed.
 */
export function certificateIssuances(stacks: readonly StackResources[]): Issuance[] {
    const perStack = stacks.map((stack) => ({
        stack: stack.stack,
        base: certificatesOf(stack.baseResources),
        head: certificatesOf(stack.headResources),
    }));
    // Let's Encrypt takes an order for exactly the names of any earlier certificate, of any account, as a
    // renewal ("Non-ARI Renewals"): the first of a set of names in this change is new, the next ones
    // (another stack's cluster issuing the same names) renew it.
    const issuedBefore = new Set(perStack.flatMap(({ base }) => base.map((c) => setKey(c.server, c.names))));
    return perStack.flatMap(({ stack, base, head }) => {
        const baseByUrn = new Map(base.map((c) => [c.urn, c]));
        return head.flatMap((certificate): Issuance[] => {
            const before = baseByUrn.get(certificate.urn);
            let reason: IssuanceReason | undefined;
            let nameChanges: Pick<Issuance, "namesAdded" | "namesRemoved"> = {};
            if (before === undefined) reason = "added";
            else if (before.names.join(",") !== certificate.names.join(",")) {
                reason = "names changed";
                nameChanges = {
                    namesAdded: certificate.names.filter((name) => !before.names.includes(name)),
                    namesRemoved: before.names.filter((name) => !certificate.names.includes(name)),
                };
            } else if (before.settings !== certificate.settings || before.server !== certificate.server) {
                reason = "key or issuer settings changed";
            }
            if (reason === undefined) return [];
            const key = setKey(certificate.server, certificate.names);
            const newNameSet = !issuedBefore.has(key);
            issuedBefore.add(key);
            return [
                {
                    stack,
                    certificate: certificate.id,
                    server: certificate.server,
                    names: certificate.names,
                    reason,
                    ...nameChanges,
                    newNameSet,
                },
            ];
        });
    });
}

export interface DomainCount {
    server: string;
    registeredDomain: string;
    /** Certificates with a name set not issued before: they count against the 50 per registered domain. */
    newCertificates: number;
    /** Re-issues of a name set issued before: exempt from that limit as renewals. */
    renewals: number;
}

/** A set of names that certificates of several stacks hold at the head: their issuances share one limit. */
export interface SharedNameSet {
    server: string;
    names: string[];
    /** The stacks holding it, each once, sorted. */
    stacks: string[];
}

export interface RateLimitReport {
    issuances: Issuance[];
    domains: DomainCount[];
    /** Sets of names this change issues that several stacks hold (several clusters serving the same hosts). */
    shared: SharedNameSet[];
    /** One line per limit this change alone nears or exceeds at Let's Encrypt production. */
    warnings: string[];
}

function serverLabel(server: string): string {
    if (server === ACME_SERVERS.production) return "Let's Encrypt";
    if (server === ACME_SERVERS.staging) return "Let's Encrypt staging";
    return server;
}

/** Counts per registered domain and per exact set of names, and warns where Let's Encrypt production's limits are near. */
export function rateLimitReport(stacks: readonly StackResources[]): RateLimitReport {
    const issuances = certificateIssuances(stacks);
    const domains = new Map<string, DomainCount>();
    for (const issuance of issuances) {
        for (const domain of new Set(issuance.names.map(registeredDomain))) {
            const key = `${issuance.server} ${domain}`;
            const count = domains.get(key) ?? { server: issuance.server, registeredDomain: domain, newCertificates: 0, renewals: 0 };
            if (issuance.newNameSet) count.newCertificates++;
            else count.renewals++;
            domains.set(key, count);
        }
    }
    const sorted = [...domains.values()].sort(
        (a, b) => a.server.localeCompare(b.server) || a.registeredDomain.localeCompare(b.registeredDomain),
    );

    const warnings: string[] = [];
    const production = (server: string) => server === ACME_SERVERS.production || (isLetsEncrypt(server) && !server.includes("staging"));
    const level = (count: number, limit: number) =>
        count > limit ? "exceeds" : count >= Math.ceil(limit * WARNING_SHARE) ? "nears" : undefined;
    for (const count of sorted.filter((c) => production(c.server))) {
        const verdict = level(count.newCertificates, NEW_CERTIFICATES_PER_REGISTERED_DOMAIN);
        if (verdict) {
            warnings.push(
                `${count.registeredDomain}: ${count.newCertificates} new certificates ${verdict} Let's Encrypt's limit of ${NEW_CERTIFICATES_PER_REGISTERED_DOMAIN} per registered domain per ${LIMIT_WINDOW_DAYS} days`,
            );
        }
    }
    const perSet = new Map<string, Issuance[]>();
    for (const issuance of issuances.filter((i) => production(i.server))) {
        const key = setKey(issuance.server, issuance.names);
        perSet.set(key, [...(perSet.get(key) ?? []), issuance]);
    }
    const warnedSets = new Set<string>();
    for (const [key, same] of perSet) {
        const verdict = level(same.length, CERTIFICATES_PER_EXACT_SET);
        if (verdict) {
            warnedSets.add(key);
            const where = same.map((i) => `${i.stack}: ${i.certificate}`).join(", ");
            warnings.push(
                `${same.length} certificates for the same names (${same[0].names.join(", ")}; ${where}) ${verdict} Let's Encrypt's limit of ${CERTIFICATES_PER_EXACT_SET} per exact set of names per ${LIMIT_WINDOW_DAYS} days`,
            );
        }
    }
    // Held by several stacks, and issued by this change: a hint at what the next rebuilds and renewals add.
    const issued = new Set(issuances.map((issuance) => setKey(issuance.server, issuance.names)));
    const shared = sharedNameSets(stacks).filter((set) => issued.has(setKey(set.server, set.names)));
    for (const set of shared.filter((s) => production(s.server) && !warnedSets.has(setKey(s.server, s.names)))) {
        const verdict = level(set.stacks.length, CERTIFICATES_PER_EXACT_SET);
        if (verdict) {
            warnings.push(
                `${set.stacks.length} stacks hold certificates for the same names (${set.names.join(", ")}; ${set.stacks.join(", ")}): issuing them all in one week ${verdict} Let's Encrypt's limit of ${CERTIFICATES_PER_EXACT_SET} per exact set of names per ${LIMIT_WINDOW_DAYS} days`,
            );
        }
    }
    return { issuances, domains: sorted, shared, warnings };
}

/**
 * The sets of names whose certificates several stacks hold at the head, per ACME server: each of those
 * clusters' first issuance, re-creation and renewal not coordinated by ARI counts against the same
 * "New Certificates per Exact Set of Identifiers" limit.
 */
export function sharedNameSets(stacks: readonly StackResources[]): SharedNameSet[] {
    const holders = new Map<string, SharedNameSet>();
    for (const stack of stacks) {
        for (const certificate of certificatesOf(stack.headResources)) {
            const key = setKey(certificate.server, certificate.names);
            const set = holders.get(key) ?? { server: certificate.server, names: certificate.names, stacks: [] };
            if (!set.stacks.includes(stack.stack)) set.stacks.push(stack.stack);
            holders.set(key, set);
        }
    }
    return [...holders.values()]
        .filter((set) => set.stacks.length > 1)
        .map((set) => ({ ...set, stacks: [...set.stacks].sort() }))
        .sort((a, b) => a.server.localeCompare(b.server) || a.names.join(",").localeCompare(b.names.join(",")));
}

/** A certificate's names as the comment lists them: for changed names only those added (+) and removed (-), else all. */
function namesOf(issuance: Issuance): string {
    if (issuance.reason !== "names changed") return issuance.names.join(", ");
    return [...(issuance.namesAdded ?? []).map((name) => `+${name}`), ...(issuance.namesRemoved ?? []).map((name) => `-${name}`)].join(
        ", ",
    );
}

/** The Markdown section of the pull-request comment: counts per registered domain, warnings, and each certificate with why. */
export function renderRateLimits(report: RateLimitReport): string {
    const heading = "### Certificates to issue";
    if (report.issuances.length === 0) return `${heading}\n\nNo certificate would be issued or re-issued.\n`;
    const rows = report.domains.map(
        (d) => `| ${serverLabel(d.server)} | \`${d.registeredDomain}\` | ${d.newCertificates} | ${d.renewals} |`,
    );
    const warnings = report.warnings.map((w) => `> [!WARNING]\n> ${w}.`);
    const shown = report.issuances.slice(0, MAX_LISTED);
    const more = report.issuances.length - shown.length;
    const list = shown.map(
        (i) =>
            `- \`${i.stack}\` ${i.certificate} (${serverLabel(i.server)}): ${i.reason}${i.newNameSet ? "" : ", names issued before (renewal)"}: ${namesOf(i)}`,
    );
    const shared = report.shared.map(
        (set) => `- ${set.names.join(", ")} (${serverLabel(set.server)}): ${set.stacks.map((stack) => `\`${stack}\``).join(", ")}`,
    );
    return [
        heading,
        "",
        `What merging this makes cert-manager request, per registered domain (Public Suffix List), summed over the stacks. Let's Encrypt allows ${NEW_CERTIFICATES_PER_REGISTERED_DOMAIN} new certificates per registered domain and ${CERTIFICATES_PER_EXACT_SET} per exact set of names per ${LIMIT_WINDOW_DAYS} days (${RATE_LIMITS_URL}); a certificate for names issued before is a renewal, exempt from the first limit. Earlier changes of the same week count too.`,
        "",
        "| ACME server | Registered domain | New certificates | Re-issued with the same names |",
        "| --- | --- | ---: | ---: |",
        ...rows,
        "",
        ...(warnings.length > 0 ? [warnings.join("\n\n"), ""] : []),
        ...(shared.length > 0
            ? [
                  `Names that several stacks hold, one cluster each: every cluster's first certificate, re-creation and renewal for them share Let's Encrypt's ${CERTIFICATES_PER_EXACT_SET} per exact set of names per ${LIMIT_WINDOW_DAYS} days (docs/several-clusters.md).`,
                  "",
                  ...shared,
                  "",
              ]
            : []),
        `<details><summary>${report.issuances.length} certificate${report.issuances.length === 1 ? "" : "s"} to issue</summary>`,
        "",
        ...list,
        ...(more > 0 ? [`- … and ${more} more`] : []),
        "",
        "</details>",
        "",
    ].join("\n");
}
