/**
 * How the client's IP address reaches Istio's gateway through an AWS load balancer (`istio.clientIp`),
 * as values of Istio's gateway chart. Each piece is what Istio's source reads (istio/istio, 1.30.3 and
 * release-1.31):
 *
 * - `gatewayTopology` (ProxyConfig): with `proxyProtocol`, istiod puts Envoy's proxy_protocol listener
 *   filter first on every gateway listener (pilot/pkg/networking/core/gateway.go `needPROXYProtocol`,
 *   listener.go `buildGatewayListener`); `numTrustedProxies` becomes the connection manager's
 *   `xff_num_trusted_hops` (gateway.go). istio-agent takes the pod annotation `proxy.istio.io/config`
 *   over the mesh default (pilot/cmd/pilot-agent/config/config.go `getMeshConfig`, from the
 *   `istio-podinfo` downward API volume of the gateway injection template).
 * - The status port 15021 is a listener of Envoy's bootstrap, not of istiod: it reads a PROXY header
 *   only with `ENVOY_STATUS_PORT_ENABLE_PROXY_PROTOCOL=true` in the proxy's environment
 *   (tools/packaging/common/envoy_bootstrap.json, pkg/bootstrap/config.go), and then also takes
 *   connections without one (`allow_requests_without_proxy_protocol`), the kubelet's probes included.
 *   Without it the Route53 readiness checks through the load balancer fail.
 */
import { ClientIpPreservation } from "../enums";

/** PROXY protocol on the load balancer: v2 on an NLB of the AWS Load Balancer Controller ("*" is its only value), v1 on a Classic ELB. */
export const PROXY_PROTOCOL_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-proxy-protocol";
/** The pod annotation istio-agent reads a ProxyConfig from. */
export const PROXY_CONFIG_ANNOTATION = "proxy.istio.io/config";
/** The proxy's environment variable that makes the status port's bootstrap listener read a PROXY header. */
export const STATUS_PORT_PROXY_PROTOCOL_ENV = "ENVOY_STATUS_PORT_ENABLE_PROXY_PROTOCOL";

export interface ClientIpSettings {
    preservation: ClientIpPreservation;
    numTrustedProxies?: number;
}

/** The ProxyConfig `gatewayTopology` the settings need; undefined when they need none. */
export function gatewayTopology(settings: ClientIpSettings): Record<string, unknown> | undefined {
    const topology = {
        ...(settings.preservation === ClientIpPreservation.ProxyProtocol ? { proxyProtocol: {} } : {}),
        ...(settings.numTrustedProxies !== undefined ? { numTrustedProxies: settings.numTrustedProxies } : {}),
    };
    return Object.keys(topology).length > 0 ? topology : undefined;
}

/** The values of Istio's gateway chart that carry the settings (merged under the pass-through values, over the production defaults). */
export function clientIpGatewayValues(settings: ClientIpSettings | undefined): Record<string, unknown> {
    if (settings === undefined) return {};
    const topology = gatewayTopology(settings);
    const proxyProtocol = settings.preservation === ClientIpPreservation.ProxyProtocol;
    return {
        ...(settings.preservation === ClientIpPreservation.LocalTrafficPolicy ? { service: { externalTrafficPolicy: "Local" } } : {}),
        ...(proxyProtocol
            ? { service: { annotations: { [PROXY_PROTOCOL_ANNOTATION]: "*" } }, env: { [STATUS_PORT_PROXY_PROTOCOL_ENV]: "true" } }
            : {}),
        ...(topology ? { podAnnotations: { [PROXY_CONFIG_ANNOTATION]: JSON.stringify({ gatewayTopology: topology }) } } : {}),
    };
}
