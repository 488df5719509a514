/**
 * The rules an ACME CA applies to the names of an order, as Let's Encrypt's CA software, Boulder,
 * applies them. Config validation, the certificate plan and the tests all read them from here.
 *
 * References (Boulder at commit 2d00c8e27919fe945e53b2cf857838e68a1da111, github.com/letsencrypt/boulder):
 * - `policy/pa.go`: `WellFormedIdentifiers` -> `ValidDomain` -> `validNonWildcardDomain`, the checks on
 *   each DNS identifier, with the limits `maxDNSIdentifierLength` (253), `maxLabelLength` (63) and
 *   `maxLabels` (10), and `combineSubErrors` ("Cannot issue for %q: %s").
 * - `ra/ra.go`: `NewOrder` (at most `profile.maxNames` identifiers, at most 100 by its config check)
 *   and `wildcardOverlap` (a name beside the wildcard that covers it is refused).
 * - `identifier/identifier.go`: `Normalize` lowercases, sorts and de-duplicates an order's names
 *   before any check, so the first problem reported is that of the first name in sorted order.
 * - `iana/iana.go`: `ExtractSuffix`, the ICANN section of the Public Suffix List.
 * - https://letsencrypt.org/docs/rate-limits/ ("up to 100 identifiers" per certificate) and
 *   https://letsencrypt.org/docs/challenge-types/ (wildcards need DNS-01).
 *
 * Pure functions: no Pulumi, no I/O.
 */
import { isIPv4 } from "node:net";
import { domainToUnicode } from "node:url";
import { getDomain, parse } from "tldts";

/** `NewOrder` refuses more identifiers than the profile's `maxNames`, which Boulder caps at 100. */
export const MAX_NAMES_PER_ORDER = 100;
/** `maxDNSIdentifierLength`: 255 octets of RFC 1035 less the length byte and the root dot. */
export const MAX_NAME_LENGTH = 253;
/** `maxLabelLength` (RFC 1035). */
export const MAX_LABEL_LENGTH = 63;
/** `maxLabels`: Boulder's own limit, tighter than DNS. */
export const MAX_LABELS = 10;

/**
 * Which rules apply: those any publicly-trusted or private ACME CA shares with Boulder (syntax,
 * lengths, wildcard placement, no IP address as a DNS name), or all of Let's Encrypt's, which
 * add the Public Suffix List and the 10-label limit. A private CA may issue for `corp.internal`.
 */
export type RuleSet = "anyCa" | "letsEncrypt";

/** Why a CA refuses a name. */
export interface Refusal {
    /** Boulder's error detail for this name, as the CA would answer the order. */
    boulder: string;
    /** The same problem, said for a config file: what is wrong and what is allowed. */
    message: string;
    /** True when only Let's Encrypt's rule set holds it (Public Suffix List, label count). */
    letsEncryptOnly: boolean;
}

export const MISPLACED_WILDCARD = 'a wildcard is only allowed as the whole leftmost label (e.g. "*.apps.example.com")';

const LDH_CHARACTERS = /^[a-zA-Z0-9.-]*$/;
const LDH_LABEL = /^[a-z0-9-]+$/;

function refusal(boulder: string, message: string, letsEncryptOnly = false): Refusal {
    return { boulder, message, letsEncryptOnly };
}

/** The ICANN public suffix `name` ends in (`iana.ExtractSuffix`), or undefined when it ends in none. */
export function icannSuffix(name: string): string | undefined {
    const parsed = parse(name, { allowPrivateDomains: false, validateHostname: false });
    return parsed.isIcann === true && parsed.publicSuffix ? parsed.publicSuffix : undefined;
}

function labelProblem(label: string): Refusal | undefined {
    const invalid = `label "${label}" must be 1-63 characters of a-z, 0-9 and "-", not starting or ending with "-"`;
    if (label.length < 1) return refusal("Domain name can not have two dots in a row", invalid);
    if (label.length > MAX_LABEL_LENGTH) {
        return refusal(
            "Domain has a label (component between dots) longer than 63 bytes",
            `label "${label.slice(0, 20)}…" is ${label.length} characters long; a label has at most ${MAX_LABEL_LENGTH}`,
        );
    }
    if (!LDH_LABEL.test(label) || label.startsWith("-") || label.endsWith("-")) {
        return refusal("Domain name contains an invalid character", invalid);
    }
    if (label.length >= 4 && label.slice(2, 4) === "--") {
        if (!label.startsWith("xn")) {
            return refusal(
                "Domain name contains an invalid label in a reserved format (R-LDH: '??--')",
                `label "${label}" has "--" as its third and fourth characters, which only punycode ("xn--") labels may`,
            );
        }
        const unicode = domainToUnicode(label);
        if (unicode === "" || unicode.normalize("NFC") !== unicode) {
            return refusal("Domain name contains malformed punycode", `label "${label}" is not valid punycode`);
        }
    }
    return undefined;
}

/** Boulder's `validNonWildcardDomain`, in its order. */
function nonWildcardRefusal(name: string, rules: RuleSet): Refusal | undefined {
    if (name === "") return refusal("Identifier value (name) is empty", "must not be empty");
    if (name.startsWith("*.")) return refusal("Wildcard domain names are not supported", MISPLACED_WILDCARD);
    if (!LDH_CHARACTERS.test(name)) {
        const label = name.split(".").find((l) => !LDH_CHARACTERS.test(l)) ?? name;
        return refusal(
            "Domain name contains an invalid character",
            `label "${label}" must be 1-63 characters of a-z, 0-9 and "-", not starting or ending with "-"`,
        );
    }
    if (name.length > MAX_NAME_LENGTH) {
        return refusal(
            "Domain name is longer than 253 bytes",
            `is ${name.length} characters long; a DNS name has at most ${MAX_NAME_LENGTH}`,
        );
    }
    // Go's `netip.ParseAddr` accepts it: a dotted quad without leading zeros, as Node's parser. Only
    // IPv4 gets here: a colon (IPv6) is an invalid character already.
    if (isIPv4(name)) {
        return refusal(
            "Identifier type is DNS but value is an IP address",
            "must not end in an all-numeric label (IP addresses are not host names)",
        );
    }
    if (name.endsWith(".")) return refusal("Domain name ends in a dot", "must not end with a dot");
    const labels = name.split(".");
    if (rules === "letsEncrypt" && labels.length > MAX_LABELS) {
        return refusal(
            "Domain name has more than 10 labels (parts)",
            `has ${labels.length} labels; Let's Encrypt accepts at most ${MAX_LABELS}`,
            true,
        );
    }
    if (labels.length < 2) return refusal("Domain name needs at least one dot", "must have at least two labels (e.g. example.com)");
    for (const label of labels) {
        const problem = labelProblem(label);
        if (problem) return problem;
    }
    // An all-numeric last label is never a TLD: Boulder refuses it by the suffix list below, which a
    // private CA does not apply, so say it for every CA.
    if (/^[0-9]+$/.test(labels[labels.length - 1])) {
        return refusal(
            "Domain name does not end with a valid public suffix (TLD)",
            "must not end in an all-numeric label (IP addresses are not host names)",
        );
    }
    if (rules === "letsEncrypt") {
        const suffix = icannSuffix(name);
        if (suffix === undefined) {
            return refusal(
                "Domain name does not end with a valid public suffix (TLD)",
                "does not end in a public suffix of the Public Suffix List (ICANN section): Let's Encrypt refuses it, a private ACME CA (acme.server) may not",
                true,
            );
        }
        if (suffix === name) {
            return refusal("Domain name is an ICANN TLD", `is a public suffix itself; name a domain below it`, true);
        }
    }
    return undefined;
}

/**
 * Why an ACME CA refuses `name` as a DNS identifier (Boulder's `ValidDomain`), or undefined.
 * The first problem in Boulder's order. Names are compared lowercased, as `Normalize` does.
 */
export function identifierRefusal(name: string, rules: RuleSet = "letsEncrypt"): Refusal | undefined {
    const value = name.toLowerCase();
    const stars = value.split("*").length - 1;
    if (stars === 0) return nonWildcardRefusal(value, rules);
    if (stars > 1) return refusal("Domain name has more than one wildcard", MISPLACED_WILDCARD);
    if (!value.startsWith("*.")) {
        return refusal(
            "Domain name contains an invalid wildcard. A wildcard is only permitted before the first dot in a domain name",
            MISPLACED_WILDCARD,
        );
    }
    const base = value.slice(2);
    if (rules === "letsEncrypt") {
        const suffix = icannSuffix(base);
        if (suffix === undefined) {
            return refusal(
                "Domain name does not end with a valid public suffix (TLD)",
                `wildcard base "${base}" does not end in a public suffix of the Public Suffix List (ICANN section), so Let's Encrypt refuses it`,
                true,
            );
        }
        if (suffix === base) {
            return refusal(
                "Domain name is a wildcard for an ICANN TLD",
                `is a wildcard for the public suffix "${base}"; put the wildcard below a domain of your own`,
                true,
            );
        }
    }
    const problem = nonWildcardRefusal(base, rules);
    return problem && { ...problem, message: `wildcard base "${base}" ${problem.message}` };
}

/**
 * The wildcard in `names` that covers `name`, if any, as Boulder's `wildcardOverlap` finds it: the
 * name with its first label replaced by `*`. A wildcard is never covered by another.
 */
export function coveringWildcard(name: string, names: ReadonlySet<string>): string | undefined {
    if (name.startsWith("*")) return undefined;
    const dot = name.indexOf(".");
    if (dot < 0) return undefined;
    const wildcard = `*${name.slice(dot)}`;
    return names.has(wildcard) ? wildcard : undefined;
}

/** Boulder's `wildcardOverlap` message for a name that a wildcard of the same order covers. */
export function redundantNameError(name: string): string {
    return `Domain name "${name}" is redundant with a wildcard domain in the same request. Remove one or the other from the certificate request.`;
}

/**
 * What Boulder answers a new order for `dnsNames` (`ra.NewOrder`, checks in its order), or
 * undefined when it accepts the order. `maxNames` is the profile's `maxNames` (Let's Encrypt's
 * tlsserver and shortlived: 25). Blocklists and rate limits are not modelled.
 */
export function orderRefusal(
    dnsNames: readonly string[],
    rules: RuleSet = "letsEncrypt",
    maxNames = MAX_NAMES_PER_ORDER,
): string | undefined {
    const names = [...new Set(dnsNames.map((name) => name.toLowerCase()))].sort();
    if (names.length > maxNames) return `Order cannot contain more than ${maxNames} identifiers`;
    if (names.length < 1) return "NewOrder request did not specify any identifiers";
    const refused = names.flatMap((name) => {
        const problem = identifierRefusal(name, rules);
        return problem ? [{ name, detail: problem.boulder }] : [];
    });
    if (refused.length === 1) return `Cannot issue for "${refused[0].name}": ${refused[0].detail}`;
    if (refused.length > 1) {
        return `Cannot issue for "${refused[0].name}": ${refused[0].detail} (and ${refused.length - 1} more problems. Refer to sub-problems for more information.)`;
    }
    const set = new Set(names);
    const redundant = names.find((name) => coveringWildcard(name, set) !== undefined);
    return redundant === undefined ? undefined : redundantNameError(redundant);
}

/**
 * The registered domain of `name` as Let's Encrypt's rate limits count it (Boulder's
 * `ratelimits.coveringIdentifier`: eTLD+1 by the whole Public Suffix List, private section
 * included; a name that is a public suffix stands for itself).
 */
export function registeredDomain(name: string): string {
    const value = name.toLowerCase().replace(/^\*\./, "");
    return getDomain(value, { allowPrivateDomains: true, validateHostname: false }) ?? value;
}

/** True when `server` is a Let's Encrypt ACME directory (production or staging), whose rules are Boulder's. */
export function isLetsEncrypt(server: string): boolean {
    try {
        return /(^|\.)api\.letsencrypt\.org$/.test(new URL(server).hostname);
    } catch {
        return false;
    }
}
