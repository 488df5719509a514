/**
 * The edge settings' config (`istio.minTlsVersion`, `gateways[].hsts`): their shapes, and the checks
 * that need other keys. Reads the raw config and skips whatever is invalid on its own (the schema
 * reports it), so one run reports every problem.
 */
import { z } from "zod";
import { HSTS_DEFAULT_MAX_AGE_SECONDS, HSTS_PRELOAD_MIN_MAX_AGE_SECONDS } from "../edge/hsts";
import { HealthCheckProbe, RoutingPolicy, TlsVersion } from "../enums";
import { field, isMap, Issue, list } from "./raw";

export const minTlsVersionShape = z.enum(TlsVersion).default(TlsVersion.TLSV1_2);

const hstsObject = z.strictObject({
    maxAgeSeconds: z
        .number()
        .int("must be a whole number of seconds")
        .min(0, "must be 0 or more seconds (0 tells browsers to forget the host)")
        .default(HSTS_DEFAULT_MAX_AGE_SECONDS),
    includeSubdomains: z.boolean().default(false),
    preload: z.boolean().default(false),
});

/** `gateways[].hsts`; in a stack config `hsts: true` stands for `hsts: {}` (the defaults) and `hsts: false` for none. */
export const hstsShape = z.preprocess((value) => (value === true ? {} : value === false ? undefined : value), hstsObject.optional());

/**
 * An HSTS header only over HTTPS (RFC 6797 §7.2: "An HSTS Host MUST NOT include the STS header field
 * in HTTP responses conveyed over non-secure transport"): without `httpsRedirect` the gateway's
 * routes answer plain HTTP too. `preload` is held to the preload list's submission requirements
 * (https://hstspreload.org/#submission-requirements): `includeSubDomains`, and a `max-age` of at least a year.
 */
function hstsIssues(raw: Record<string, unknown>): Issue[] {
    return (list(raw.gateways) ?? []).flatMap((gateway, g): Issue[] => {
        const hsts = field(gateway, "hsts");
        if (hsts === undefined || hsts === false) return [];
        const at = ["gateways", g, "hsts"];
        const issues: Issue[] = [];
        if (field(gateway, "httpsRedirect") === false) {
            issues.push({
                path: at,
                message:
                    "needs httpsRedirect: true: without the redirect the routes answer plain HTTP too, and an HSTS header must not go over plain HTTP (RFC 6797 §7.2)",
                showValue: false,
            });
        }
        if (!isMap(hsts) || hsts.preload !== true) return issues;
        if (hsts.includeSubdomains !== true) {
            issues.push({
                path: [...at, "preload"],
                message: "needs includeSubdomains: true (hstspreload.org's submission requirements)",
                showValue: false,
            });
        }
        const maxAge = hsts.maxAgeSeconds ?? HSTS_DEFAULT_MAX_AGE_SECONDS;
        if (typeof maxAge === "number" && Number.isInteger(maxAge) && maxAge >= 0 && maxAge < HSTS_PRELOAD_MIN_MAX_AGE_SECONDS) {
            issues.push({
                path: [...at, "preload"],
                message: `needs maxAgeSeconds of at least ${HSTS_PRELOAD_MIN_MAX_AGE_SECONDS} (a year; hstspreload.org's submission requirements), not ${maxAge}`,
                showValue: false,
            });
        }
        return issues;
    });
}

const ROUTED: readonly unknown[] = [RoutingPolicy.Weighted, RoutingPolicy.Latency, RoutingPolicy.Failover];

/**
 * Route53's HTTPS health checks speak TLS up to 1.2: "If you specify HTTPS for the value of Type, the
 * endpoint must support TLS v1.0, v1.1, or v1.2" (Route53 API reference, HealthCheckConfig `Type`,
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html). Against
 * gateways that take TLS 1.3 only, the `https` probe would fail for good, and a failover would never
 * come back. The `readiness` probe is plain HTTP on the status port, which TLS does not touch.
 */
function tls13ProbeIssues(raw: Record<string, unknown>): Issue[] {
    if (field(raw.istio, "minTlsVersion") !== TlsVersion.TLSV1_3) return [];
    const routing = field(raw.route53, "routing");
    if (!ROUTED.includes(field(routing, "policy"))) return [];
    const health = field(routing, "healthCheck");
    if (field(health, "enabled") === false || field(health, "probe") !== HealthCheckProbe.Https) return [];
    return [
        {
            path: ["route53", "routing", "healthCheck", "probe"],
            message:
                `"${HealthCheckProbe.Https}" cannot pass with istio.minTlsVersion "${TlsVersion.TLSV1_3}": Route53's HTTPS health checks ` +
                `speak TLS 1.0 to 1.2 only; use "${HealthCheckProbe.Readiness}" (HTTP on the status port 15021)`,
            showValue: false,
        },
    ];
}

/** Every edge setting's checks against the rest of the config. */
export function crossCheckEdge(raw: Record<string, unknown>): Issue[] {
    return [...hstsIssues(raw), ...tls13ProbeIssues(raw)];
}
