/**
 * DNS name rules shared by config validation, the plan and the tests; what an ACME CA accepts
 * comes from the ACME order rules. Pure functions: no Pulumi, no I/O.
 */
import { domainToASCII } from "node:url";
import { identifierRefusal, MISPLACED_WILDCARD } from "../certificates/acmeOrderRules";

/**
 * Why a name with non-ASCII characters is refused, with its punycode (IDNA) form as the fix: DNS,
 * Route53, ACME and certificates all take internationalized names only as `xn--` labels.
 */
function nonAsciiProblem(name: string): string | undefined {
    if (!/[\u0080-\u{10ffff}]/u.test(name)) return undefined;
    const ascii = domainToASCII(name);
    return ascii === ""
        ? "has non-ASCII characters and no punycode form; internationalized names must be written in punycode (xn--…)"
        : `has non-ASCII characters; write it in punycode: "${ascii}"`;
}

/**
 * Why `name` is not a valid lowercase DNS name, or undefined when it is: the name rules every ACME
 * CA shares, from {@link identifierRefusal}, and lowercase (our own rule: config is compared as written).
 */
export function dnsNameProblem(name: string): string | undefined {
    if (name.length === 0) return "must not be empty";
    const nonAscii = nonAsciiProblem(name);
    if (nonAscii) return nonAscii;
    if (name !== name.toLowerCase()) return "must be lowercase";
    if (name.includes("*")) return MISPLACED_WILDCARD;
    return identifierRefusal(name, "anyCa")?.message;
}

/** Why `host` is not a valid gateway host (a DNS name, or `*.` followed by one), or undefined. */
export function hostProblem(host: string): string | undefined {
    if (host === "*") return 'a bare "*" matches every host; name the hosts, or use a wildcard such as "*.apps.example.com"';
    if (host.length === 0) return "must not be empty";
    const nonAscii = nonAsciiProblem(host);
    if (nonAscii) return nonAscii;
    if (host !== host.toLowerCase()) return "must be lowercase";
    return identifierRefusal(host, "anyCa")?.message;
}

/**
 * Why Let's Encrypt would refuse `host` by the rules only it applies (the Public Suffix List and
 * at most 10 labels), for a host that {@link hostProblem} accepts; undefined when it would not.
 */
export function letsEncryptHostProblem(host: string): string | undefined {
    const refusal = identifierRefusal(host, "letsEncrypt");
    return refusal?.letsEncryptOnly ? refusal.message : undefined;
}

export function isWildcard(host: string): boolean {
    return host.startsWith("*.");
}

/** The name whose `_acme-challenge` TXT record proves control of `host` (a wildcard proves its base). */
export function challengeBase(host: string): string {
    return isWildcard(host) ? host.slice(2) : host;
}

/** True when `name` equals `zone` or lies below it. */
export function isUnderZone(name: string, zone: string): boolean {
    return name === zone || name.endsWith(`.${zone}`);
}

/**
 * The most specific of `zones` that holds the challenge record of `host`,
 * as cert-manager's `selector.dnsZones` picks the most specific match.
 */
export function zoneOfHost(host: string, zones: readonly string[]): string | undefined {
    const base = challengeBase(host);
    let best: string | undefined;
    for (const zone of zones) {
        if (isUnderZone(base, zone) && (best === undefined || zone.length > best.length)) best = zone;
    }
    return best;
}

/**
 * True when a certificate or gateway name `pattern` covers `host`.
 * Wildcards follow RFC 6125 section 6.4.3: `*` stands for exactly one whole leftmost label.
 */
export function hostMatches(pattern: string, host: string): boolean {
    if (pattern === host) return true;
    if (!isWildcard(pattern) || isWildcard(host)) return false;
    const dot = host.indexOf(".");
    return dot > 0 && host.slice(dot + 1) === pattern.slice(2);
}

/** True when one of `patterns` covers `host`. */
export function coveredBy(host: string, patterns: readonly string[]): boolean {
    return patterns.some((pattern) => hostMatches(pattern, host));
}
