/**
 * DNS name rules shared by config validation, the plan and the tests.
 * Pure functions: no Pulumi, no I/O.
 */

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_NAME_LENGTH = 253;
const MISPLACED_WILDCARD = 'a wildcard is only allowed as the whole leftmost label (e.g. "*.apps.example.com")';

/** Why `name` is not a valid lowercase DNS name, or undefined when it is. */
export function dnsNameProblem(name: string): string | undefined {
    if (name.length === 0) return "must not be empty";
    if (name !== name.toLowerCase()) return "must be lowercase";
    if (name.endsWith(".")) return "must not end with a dot";
    if (name.length > MAX_NAME_LENGTH) return `is ${name.length} characters long; a DNS name has at most ${MAX_NAME_LENGTH}`;
    const labels = name.split(".");
    if (labels.length < 2) return "must have at least two labels (e.g. example.com)";
    for (const label of labels) {
        if (label.includes("*")) return MISPLACED_WILDCARD;
        if (label.length > 63) return `label "${label.slice(0, 20)}…" is ${label.length} characters long; a label has at most 63`;
        if (!LABEL.test(label)) {
            return `label "${label}" must be 1-63 characters of a-z, 0-9 and "-", not starting or ending with "-"`;
        }
    }
    if (/^[0-9]+$/.test(labels[labels.length - 1])) return "must not end in an all-numeric label (IP addresses are not host names)";
    return undefined;
}

/** Why `host` is not a valid gateway host (a DNS name, or `*.` followed by one), or undefined. */
export function hostProblem(host: string): string | undefined {
    if (host === "*") return 'a bare "*" matches every host; name the hosts, or use a wildcard such as "*.apps.example.com"';
    if (host.startsWith("*.")) {
        const base = host.slice(2);
        if (base.includes("*")) return MISPLACED_WILDCARD;
        const problem = dnsNameProblem(base);
        return problem && `wildcard base "${base}" ${problem}`;
    }
    return dnsNameProblem(host);
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
