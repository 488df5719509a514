/**
 * Istio's rule for which VirtualService hosts bind to a Gateway server, as istiod applies it.
 *
 * - Gateway reference, `Server.hosts` (https://istio.io/latest/docs/reference/config/networking/gateway/#Server):
 *   a host is a `dnsName` with an optional `namespace/` prefix; the namespace may be `*` (any) or `.`
 *   (the Gateway's own); without a prefix it is `*`, "select services from any namespace". A
 *   VirtualService must be bound to the gateway (its `gateways`) and have hosts matching a server host.
 * - istio/istio `pilot/pkg/networking/core/gateway.go`, `pickMatchingGatewayHosts`: for a server host
 *   `ns/host`, "match the namespace first" (`ns` must be the VirtualService's namespace), then match the
 *   host with `host.Name.Matches`. Before that, `sanitizeServerHostNamespace` (pilot/pkg/model/gateway.go)
 *   has rewritten the `.` namespace to the Gateway's and dropped a `*` namespace.
 * - istio/istio `pkg/config/host/name.go`, `Name.Matches`: exact names match exactly; a wildcard
 *   `*.foo.com` matches any name ending in `.foo.com`, however many labels come before it (looser than
 *   a certificate's one-label wildcard), and two wildcards match when one's suffix ends the other's.
 */

/** Port of Istio's `host.Name.Matches` (pkg/config/host/name.go). */
export function istioHostsMatch(a: string, b: string): boolean {
    const aWildcard = a.startsWith("*");
    const bWildcard = b.startsWith("*");
    if (aWildcard && bWildcard) return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
    if (aWildcard) return b.endsWith(a.slice(1));
    if (bWildcard) return a.endsWith(b.slice(1));
    return a === b;
}

/** A Gateway server host split as istiod reads it after merging: the namespace it admits, or undefined for any. */
export function serverHostScope(serverHost: string, gatewayNamespace: string): { namespace?: string; host: string } {
    const slash = serverHost.indexOf("/");
    if (slash < 0) return { host: serverHost };
    const namespace = serverHost.slice(0, slash);
    const host = serverHost.slice(slash + 1);
    if (namespace === "*") return { host };
    return { namespace: namespace === "." ? gatewayNamespace : namespace, host };
}

/** True when Istio binds VirtualService host `host` in `vsNamespace` to a server listing `serverHosts`. */
export function bindsToServer(serverHosts: readonly string[], gatewayNamespace: string, vs: { namespace: string; host: string }): boolean {
    return serverHosts.some((serverHost) => {
        const scope = serverHostScope(serverHost, gatewayNamespace);
        return (scope.namespace === undefined || scope.namespace === vs.namespace) && istioHostsMatch(scope.host, vs.host);
    });
}
