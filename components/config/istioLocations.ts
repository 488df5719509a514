import { DEFAULT_ISTIO_HUB, DEFAULT_ISTIO_REPOSITORY, ISTIO_HTTPS_REPOSITORY } from "./defaults";

/**
 * Where Istio used to publish charts and images. From 1.31 on nothing is published there, and the
 * locations go away in December 2026 after outage tests, the last from 2026-12-08 15:00 UTC to
 * 2026-12-09 15:00 UTC (https://istio.io/latest/news/releases/1.31.x/announcing-1.31/upgrade-notes/,
 * "Deprecation of GCP infrastructure and hosting").
 */
export const RETIRED_ISTIO_LOCATIONS = [
    { name: "gcr.io/istio-release", matches: (host: string, path: string[]) => /(^|\.)gcr\.io$/.test(host) && path[0] === "istio-release" },
    {
        name: "istio-release.storage.googleapis.com",
        // The same bucket answers path-style, as storage.googleapis.com/istio-release.
        matches: (host: string, path: string[]) =>
            host === "istio-release.storage.googleapis.com" || (host === "storage.googleapis.com" && path[0] === "istio-release"),
    },
    { name: "registry.istio.io", matches: (host: string) => host === "registry.istio.io" },
] as const;

/** The retired location `value` (a chart repository URL or an image hub) is on, if any. */
export function retiredIstioLocation(value: string): string | undefined {
    const [authority = "", ...path] = value
        .replace(/^[a-z][a-z0-9+.-]*:\/\//i, "")
        .split("/")
        .filter((segment) => segment !== "");
    const host = authority.replace(/:\d+$/, "").toLowerCase();
    return RETIRED_ISTIO_LOCATIONS.find((location) => location.matches(host, path))?.name;
}

/** What to use instead: the new chart location with the same protocol, or the new image hub. */
export function istioReplacementFor(kind: "repository" | "hub", value: string): string {
    if (kind === "hub") return DEFAULT_ISTIO_HUB;
    return value.startsWith("https://") ? ISTIO_HTTPS_REPOSITORY : DEFAULT_ISTIO_REPOSITORY;
}

/** The config problem of a chart repository or hub on a retired location, naming the replacement. */
export function retiredIstioLocationProblem(kind: "repository" | "hub", value: string): string | undefined {
    const location = retiredIstioLocation(value);
    if (location === undefined) return undefined;
    return `is on ${location}, which Istio stops serving in December 2026 (nothing after 1.30 is published there); use "${istioReplacementFor(kind, value)}"`;
}
