/** Pinned versions and well-known values, in one place so upgrades touch one file. */
import { AcmeServer, IstioApi } from "../enums";

/**
 * The current patch of Istio's current minor (https://istio.io/latest/news/releases/1.31.x/).
 * Istio 1.31 is the first minor published only to the locations below.
 */
export const DEFAULT_ISTIO_VERSION = "1.31.1";
/**
 * Istio's OCI chart registry; it holds every Istio version. The old locations (gcr.io/istio-release,
 * istio-release.storage.googleapis.com) are removed in December 2026: see `RETIRED_ISTIO_LOCATIONS`.
 */
export const DEFAULT_ISTIO_REPOSITORY = "oci://ghcr.io/istio/release/charts";
/** The same charts as a classic Helm (HTTP) repository. */
export const ISTIO_HTTPS_REPOSITORY = "https://blob.istio.io/istio-release/charts";
/**
 * Where Istio publishes its release images (from 1.31 only there). Set explicitly for every
 * version: the published 1.30 charts default to registry.istio.io/release, which is retired.
 */
export const DEFAULT_ISTIO_HUB = "docker.io/istio";
export const DEFAULT_ISTIO_NAMESPACE = "istio-system";
export const DEFAULT_GATEWAY_NAMESPACE = "istio-ingress";
export const DEFAULT_GATEWAY_NAME = "istio-ingressgateway";

export const DEFAULT_CERT_MANAGER_VERSION = "v1.21.1";
export const DEFAULT_CERT_MANAGER_REPOSITORY = "oci://quay.io/jetstack/charts";
export const DEFAULT_CERT_MANAGER_NAMESPACE = "cert-manager";

/** The directory URL of each ACME server keyword. */
export const ACME_SERVERS: Readonly<Record<AcmeServer, string>> = {
    staging: "https://acme-staging-v02.api.letsencrypt.org/directory",
    production: "https://acme-v02.api.letsencrypt.org/directory",
};
export const ACME_SERVER_KEYWORDS = Object.values(AcmeServer);

/** Which API the gateways and routes are declared in (see `IstioApi`). */
export const ISTIO_APIS = Object.values(IstioApi);

/**
 * The Gateway API release (newest patch) that each Istio minor is built against, from Istio's
 * go.mod (`sigs.k8s.io/gateway-api`): 1.30 -> v1.5, 1.31 -> v1.6.
 */
export const GATEWAY_API_VERSION_BY_ISTIO_MINOR: Readonly<Record<string, string>> = { "1.30": "v1.5.1", "1.31": "v1.6.1" };

/** istiod's GatewayClass for gateways it deploys itself (a Deployment and Service named `<gateway>-istio`). */
export const ISTIO_GATEWAY_CLASS = "istio";
