/**
 * The gateways' minimum TLS version (`istio.minTlsVersion`), where Istio reads it in each API.
 *
 * - Istio's API: `tls.minProtocolVersion` of each HTTPS server (ServerTLSSettings), which istiod
 *   writes into the Envoy listener's `tls_minimum_protocol_version` (pilot/pkg/networking/core/listener.go
 *   `applyServerTLSSettings`, Istio 1.30.3 and release-1.31).
 * - The Gateway API: a listener has no TLS version field (Gateway API v1.5 and v1.6 standard), and
 *   Istio's conversion of a listener reads only `gateway.istio.io/tls-terminate-mode` and
 *   `gateway.istio.io/tls-cipher-suites` from its `tls.options` (pilot/pkg/config/kube/gateway/conversion.go
 *   `buildTLS`: "Not yet implemented: TLS mode, https redirect, max protocol version, ..."). It converts a
 *   Terminate listener into a SIMPLE server, to which istiod applies the mesh's
 *   `meshConfig.tlsDefaults.minProtocolVersion` (`applyDownstreamTLSDefaults`, listener.go) before the
 *   server's own settings. So the component sets that mesh default through istiod's values. The mesh
 *   default reaches every SIMPLE or MUTUAL TLS server of the mesh (other gateways, a Sidecar's ingress
 *   TLS), not the TLS the mesh originates (cluster_tls.go `applyTLSDefaults` takes only curves and
 *   ciphers) nor ISTIO_MUTUAL (`meshMTLS`).
 */
import type { TlsVersion } from "../enums";

/** The annotation of the AWS Load Balancer Controller choosing its target group health check's protocol (HTTP, HTTPS or TCP). */
export const HEALTH_CHECK_PROTOCOL_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol";

/** The `tls` of an Istio Gateway's HTTPS server that reads its certificate from `credentialName`. */
export function httpsServerTls(credentialName: string, minTlsVersion: TlsVersion): Record<string, string> {
    return { mode: "SIMPLE", credentialName, minProtocolVersion: minTlsVersion };
}

/** istiod's values that set the mesh's minimum TLS version of the servers it configures (the Gateway API's listeners). */
export function meshTlsDefaultsValues(minTlsVersion: TlsVersion): Record<string, unknown> {
    return { meshConfig: { tlsDefaults: { minProtocolVersion: minTlsVersion } } };
}
