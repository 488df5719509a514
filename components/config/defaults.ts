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

/** What this program knows of an ACME CA reached by keyword, each fact from the CA's own documentation. */
export interface AcmeCa {
    /** The CA's name, for messages. */
    name: string;
    /** Its ACME (RFC 8555) directory. */
    directoryUrl: string;
    /** It registers no ACME account without External Account Binding (RFC 8555 section 7.3.4). */
    externalAccountBinding: boolean;
    /** The issuer domain name its CAA check looks for in `issue`/`issuewild` records (RFC 8659 section 4.2). */
    caaDomain: string;
    /**
     * The certificate profiles it documents (draft-ietf-acme-profiles), each with the most names an
     * order may hold when it differs from the usual 100. Empty: it documents none. The directory
     * object is the canonical list; cert-manager refuses an order whose profile it does not advertise.
     */
    profiles: Readonly<Record<string, { maxNames?: number }>>;
    /** Where the facts above come from. */
    sources: readonly string[];
}

const LETS_ENCRYPT_SOURCES = [
    "https://letsencrypt.org/docs/staging-environment/",
    "https://letsencrypt.org/docs/caa/",
    "https://letsencrypt.org/docs/profiles/",
] as const;
/** https://letsencrypt.org/docs/profiles/ (lastmod 2026-07-14; tlsclient ended on 2026-07-08). */
const LETS_ENCRYPT_PROFILES = { classic: {}, tlsserver: { maxNames: 25 }, shortlived: { maxNames: 25 } } as const;
const GOOGLE_SOURCES = [
    "https://cloud.google.com/certificate-manager/docs/public-ca-tutorial",
    "https://developers.google.com/public-key-infrastructure/dns-debugging",
    "https://developers.google.com/public-key-infrastructure/profiles",
] as const;
/** "Profiles may not be supported in all environments" (the profiles page, July 2026). */
const GOOGLE_PROFILES = { standard: {}, minimal: {} } as const;
const SSL_COM_SOURCES = [
    "https://www.ssl.com/guide/ssl-tls-certificate-issuance-and-revocation-with-acme/",
    "https://www.ssl.com/how-to/configure-caa-records-to-authorize-ssl-com/",
] as const;

/** The CAs known by `acme.server` keyword (see docs/acme.md). */
export const ACME_CAS: Readonly<Record<AcmeServer, AcmeCa>> = {
    staging: {
        name: "Let's Encrypt (staging)",
        directoryUrl: "https://acme-staging-v02.api.letsencrypt.org/directory",
        externalAccountBinding: false,
        caaDomain: "letsencrypt.org",
        profiles: LETS_ENCRYPT_PROFILES,
        sources: LETS_ENCRYPT_SOURCES,
    },
    production: {
        name: "Let's Encrypt",
        directoryUrl: "https://acme-v02.api.letsencrypt.org/directory",
        externalAccountBinding: false,
        caaDomain: "letsencrypt.org",
        profiles: LETS_ENCRYPT_PROFILES,
        sources: LETS_ENCRYPT_SOURCES,
    },
    zerossl: {
        name: "ZeroSSL",
        directoryUrl: "https://acme.zerossl.com/v2/DV90",
        externalAccountBinding: true,
        caaDomain: "sectigo.com",
        profiles: {},
        sources: [
            "https://zerossl.com/documentation/acme/",
            "https://zerossl.com/documentation/acme/generate-eab-credentials/",
            "https://help.zerossl.com/hc/en-us/articles/360060119753-Invalid-CAA-Records",
        ],
    },
    google: {
        name: "Google Trust Services",
        directoryUrl: "https://dv.acme-v02.api.pki.goog/directory",
        externalAccountBinding: true,
        caaDomain: "pki.goog",
        profiles: GOOGLE_PROFILES,
        sources: GOOGLE_SOURCES,
    },
    "google-staging": {
        name: "Google Trust Services (staging)",
        directoryUrl: "https://dv.acme-v02.test-api.pki.goog/directory",
        externalAccountBinding: true,
        caaDomain: "pki.goog",
        profiles: GOOGLE_PROFILES,
        sources: GOOGLE_SOURCES,
    },
    "sslcom-rsa": {
        name: "SSL.com (RSA)",
        directoryUrl: "https://acme.ssl.com/sslcom-dv-rsa",
        externalAccountBinding: true,
        caaDomain: "ssl.com",
        profiles: {},
        sources: SSL_COM_SOURCES,
    },
    "sslcom-ecc": {
        name: "SSL.com (ECC)",
        directoryUrl: "https://acme.ssl.com/sslcom-dv-ecc",
        externalAccountBinding: true,
        caaDomain: "ssl.com",
        profiles: {},
        sources: SSL_COM_SOURCES,
    },
};
export const ACME_SERVER_KEYWORDS = Object.values(AcmeServer);

/** The directory URL of each ACME server keyword. */
export const ACME_SERVERS = Object.fromEntries(
    ACME_SERVER_KEYWORDS.map((keyword) => [keyword, ACME_CAS[keyword].directoryUrl]),
) as Readonly<Record<AcmeServer, string>>;

/** Which API the gateways and routes are declared in (see `IstioApi`). */
export const ISTIO_APIS = Object.values(IstioApi);

/**
 * The Gateway API release (newest patch) that each Istio minor is built against, from Istio's
 * go.mod (`sigs.k8s.io/gateway-api`): 1.30 -> v1.5, 1.31 -> v1.6.
 */
export const GATEWAY_API_VERSION_BY_ISTIO_MINOR: Readonly<Record<string, string>> = { "1.30": "v1.5.1", "1.31": "v1.6.1" };

/** istiod's GatewayClass for gateways it deploys itself (a Deployment and Service named `<gateway>-istio`). */
export const ISTIO_GATEWAY_CLASS = "istio";
