import type { GatewayPlan } from "../plan";

/**
 * The `spec` of an Istio Gateway (networking.istio.io/v1): one HTTPS server on 443 per certificate,
 * reading its Secret through SDS (`credentialName`, hot reload on renewal), and one HTTP server on 80
 * that redirects to HTTPS unless told not to. Hosts are plain names: the port is the server's.
 */
export function gatewaySpec(gateway: GatewayPlan, selector: Record<string, string>): Record<string, unknown> {
    const https = gateway.tls.map((server) => ({
        port: { number: 443, name: `https-${server.certificate}`, protocol: "HTTPS" },
        hosts: server.hosts,
        tls: { mode: "SIMPLE", credentialName: server.credentialName },
    }));
    const http = {
        port: { number: 80, name: "http", protocol: "HTTP" },
        hosts: gateway.hosts,
        ...(gateway.httpsRedirect ? { tls: { httpsRedirect: true } } : {}),
    };
    return { selector, servers: [...https, http] };
}
