import type { GatewayPlan } from "../../plan";
import { httpsServerTls } from "../../edge/tls";

/**
 * Each host as Istio's `<namespace>/<host>`, once per namespace the plan lets bind to it: a bare host
 * would admit VirtualServices from any namespace.
 */
function namespaceBound(gateway: GatewayPlan, hosts: readonly string[]): string[] {
    return hosts.flatMap((host) => {
        const namespaces = gateway.hostNamespaces[host];
        if (namespaces === undefined || namespaces.length === 0) {
            throw new Error(`gateway ${gateway.name}: the plan gives host ${host} no namespace to bind from`);
        }
        return namespaces.map((namespace) => `${namespace}/${host}`);
    });
}

/**
 * The `spec` of an Istio Gateway (networking.istio.io/v1): one HTTPS server on 443 per certificate,
 * reading its Secret through SDS (`credentialName`, hot reload on renewal) and taking TLS from
 * `minTlsVersion` up, and one HTTP server on 80
 * that redirects to HTTPS unless told not to. Hosts are `<namespace>/<name>`: the port is the server's.
 */
export function gatewaySpec(gateway: GatewayPlan, selector: Record<string, string>): Record<string, unknown> {
    const https = gateway.tls.map((server) => ({
        port: { number: 443, name: `https-${server.certificate}`, protocol: "HTTPS" },
        hosts: namespaceBound(gateway, server.hosts),
        tls: httpsServerTls(server.credentialName, gateway.minTlsVersion),
    }));
    const http = {
        port: { number: 80, name: "http", protocol: "HTTP" },
        hosts: namespaceBound(gateway, gateway.hosts),
        ...(gateway.httpsRedirect ? { tls: { httpsRedirect: true } } : {}),
    };
    return { selector, servers: [...https, http] };
}
