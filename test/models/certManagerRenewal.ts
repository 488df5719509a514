/**
 * When cert-manager renews a Certificate, as cert-manager v1.21.1 computes it: `RenewalTime` and
 * `desiredRenewalTime` in pkg/util/pki/renewaltime.go (github.com/cert-manager/cert-manager, tag
 * v1.21.1), called by the trigger policy `CurrentCertificateNearingExpiry`
 * (internal/controller/certificates/policies/checks.go) with the issued certificate's own
 * notBefore/notAfter and the Certificate's `spec.renewBefore` / `spec.renewBeforePercentage`.
 *
 * Modelled: the path without ACME Renewal Information (the alpha feature gate `ACMEUseARI` is off by
 * default) and without `spec.renewal` windows, which this program never sets. Pure functions.
 */

/** The fields of a Certificate's spec that decide its renewal time. */
export interface RenewalSpec {
    /** A Go duration string (`time.ParseDuration`), e.g. "720h". */
    renewBefore?: string;
    renewBeforePercentage?: number;
}

const UNIT_NANOSECONDS: Readonly<Record<string, number>> = {
    ns: 1,
    us: 1e3,
    µs: 1e3,
    μs: 1e3,
    ms: 1e6,
    s: 1e9,
    m: 60e9,
    h: 3600e9,
};

/** Go's `time.ParseDuration`, in milliseconds: a sequence of decimal numbers, each with a unit ("1h30m", "1.5h"). */
export function parseGoDuration(text: string): number {
    if (text === "0") return 0;
    const match = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(text);
    if (!match) throw new Error(`time: invalid duration "${text}"`);
    let nanoseconds = 0;
    for (const part of text.replace(/^[-+]/, "").matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
        nanoseconds += Number(part[1]) * UNIT_NANOSECONDS[part[2]];
    }
    return (match[1] === "-" ? -nanoseconds : nanoseconds) / 1e6;
}

/**
 * `desiredRenewalTime`: how long before expiry to renew. `renewBefore` when it is positive and
 * shorter than the lifetime, else `renewBeforePercentage` when in (0, 100), else a third of the
 * lifetime (renewal two thirds through it).
 */
export function renewBeforeMs(lifetimeMs: number, spec: RenewalSpec): number {
    const renewBefore = spec.renewBefore === undefined ? undefined : parseGoDuration(spec.renewBefore);
    if (renewBefore !== undefined && renewBefore > 0 && renewBefore < lifetimeMs) return renewBefore;
    const percentage = spec.renewBeforePercentage;
    if (percentage !== undefined && percentage > 0 && percentage < 100) return (lifetimeMs * percentage) / 100;
    return lifetimeMs / 3;
}

/** `RenewalTime`: notAfter less the renew-before period, truncated to the second as cert-manager stores it. */
export function renewalTime(notBefore: Date, notAfter: Date, spec: RenewalSpec): Date {
    const lifetime = notAfter.getTime() - notBefore.getTime();
    const at = notAfter.getTime() - renewBeforeMs(lifetime, spec);
    return new Date(Math.floor(at / 1000) * 1000);
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The lifetimes a Let's Encrypt certificate has, by profile and date
 * (https://letsencrypt.org/docs/profiles/, https://letsencrypt.org/2025/12/02/from-90-to-45/): a
 * change takes effect at each certificate's first renewal after its date.
 */
export const LETS_ENCRYPT_LIFETIMES: ReadonlyArray<{ label: string; lifetimeMs: number }> = [
    { label: "classic until 2027-02-09: 90 days", lifetimeMs: 90 * DAY },
    { label: "classic from 2027-02-10: 64 days", lifetimeMs: 64 * DAY },
    { label: "classic from 2028-02-16: 45 days", lifetimeMs: 45 * DAY },
    { label: "tlsserver (since 2026-05-13): 45 days", lifetimeMs: 45 * DAY },
    { label: "shortlived: 160 hours", lifetimeMs: 160 * HOUR },
];
