/** Pinned versions and well-known values, in one place so upgrades touch one file. */

export const DEFAULT_ISTIO_VERSION = "1.30.3";
/**
 * Istio publishes its charts to this OCI registry. The old HTTP repository
 * (istio-release.storage.googleapis.com/charts) is being shut down in December 2026.
 */
export const DEFAULT_ISTIO_REPOSITORY = "oci://gcr.io/istio-release/charts";
export const DEFAULT_ISTIO_NAMESPACE = "istio-system";
export const DEFAULT_GATEWAY_NAMESPACE = "istio-ingress";
export const DEFAULT_GATEWAY_NAME = "istio-ingressgateway";

export const DEFAULT_CERT_MANAGER_VERSION = "v1.21.1";
export const DEFAULT_CERT_MANAGER_REPOSITORY = "oci://quay.io/jetstack/charts";
export const DEFAULT_CERT_MANAGER_NAMESPACE = "cert-manager";

export const ACME_SERVERS = {
    staging: "https://acme-staging-v02.api.letsencrypt.org/directory",
    production: "https://acme-v02.api.letsencrypt.org/directory",
} as const;
export type AcmeServerKeyword = keyof typeof ACME_SERVERS;

export const SERVICE_TYPES = ["LoadBalancer", "NodePort", "ClusterIP"] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];
