/**
 * The HTTP Strict Transport Security header of a gateway's routes (`gateways[].hsts`): RFC 6797, and
 * the rules of the browsers' preload list (https://hstspreload.org/#submission-requirements).
 */

/** The response header RFC 6797 §6.1 defines. */
export const HSTS_HEADER = "Strict-Transport-Security";
/** One year, the component's default `max-age`, and the least the preload list takes. */
export const HSTS_DEFAULT_MAX_AGE_SECONDS = 31_536_000;
/** hstspreload.org: "The max-age must be at least 31536000 seconds (1 year)". */
export const HSTS_PRELOAD_MIN_MAX_AGE_SECONDS = 31_536_000;

export interface HstsSettings {
    maxAgeSeconds: number;
    includeSubdomains: boolean;
    preload: boolean;
}

/** The header's value (RFC 6797 §6.1): `max-age=<seconds>[; includeSubDomains][; preload]`. */
export function hstsHeaderValue(hsts: HstsSettings): string {
    return [
        `max-age=${hsts.maxAgeSeconds}`,
        ...(hsts.includeSubdomains ? ["includeSubDomains"] : []),
        ...(hsts.preload ? ["preload"] : []),
    ].join("; ");
}

/** The response headers each route of a gateway sets: the HSTS header when the gateway asks for it, else none. */
export function gatewayResponseHeaders(hsts: HstsSettings | undefined): Record<string, string> | undefined {
    return hsts === undefined ? undefined : { [HSTS_HEADER]: hstsHeaderValue(hsts) };
}
