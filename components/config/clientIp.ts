/**
 * `istio.clientIp`: its shape, and the checks that need other keys. Reads the raw config and skips
 * whatever is invalid on its own (the schema reports it). See components/edge/clientIp.ts for what
 * each setting becomes, and docs/edge-settings.md.
 */
import { z } from "zod";
import { PROXY_CONFIG_ANNOTATION, PROXY_PROTOCOL_ANNOTATION } from "../edge/clientIp";
import { ClientIpPreservation, IstioApi, ServiceType } from "../enums";
import { field, isMap, Issue } from "./raw";

export const clientIpShape = z.strictObject({
    preservation: z.enum(ClientIpPreservation).default(ClientIpPreservation.None),
    numTrustedProxies: z.number().int("must be a whole number").min(0, "must be 0 or more").optional(),
});

export function crossCheckClientIp(raw: Record<string, unknown>): Issue[] {
    const issues: Issue[] = [];
    const istio = raw.istio;
    const clientIp = field(istio, "clientIp");
    const preservation = field(clientIp, "preservation") ?? ClientIpPreservation.None;
    const numTrustedProxies = field(clientIp, "numTrustedProxies");
    const annotations = field(istio, "serviceAnnotations");

    // The load balancer's half alone: it sends a header the gateway would take for the start of a request.
    if (isMap(annotations) && PROXY_PROTOCOL_ANNOTATION in annotations && preservation !== ClientIpPreservation.ProxyProtocol) {
        issues.push({
            path: ["istio", "serviceAnnotations", PROXY_PROTOCOL_ANNOTATION],
            message: `is set by istio.clientIp.preservation "${ClientIpPreservation.ProxyProtocol}", which also makes the gateway read the PROXY header (its status port included); alone it breaks every connection`,
            showValue: false,
        });
    }
    const sets = preservation !== ClientIpPreservation.None || numTrustedProxies !== undefined;
    if (!isMap(clientIp) || !sets) return issues;

    if (field(istio, "api") === IstioApi.GatewayApi) {
        issues.push({
            path: ["istio", "clientIp"],
            message: `applies only with istio.api: "${IstioApi.Istio}" (with the Gateway API istiod deploys each gateway; docs/edge-settings.md shows what it would take)`,
            showValue: false,
        });
        return issues;
    }
    const serviceType = field(istio, "serviceType") ?? ServiceType.LoadBalancer;
    if (preservation === ClientIpPreservation.ProxyProtocol && serviceType !== ServiceType.LoadBalancer) {
        issues.push({
            path: ["istio", "clientIp", "preservation"],
            message: `"${ClientIpPreservation.ProxyProtocol}" needs istio.serviceType "${ServiceType.LoadBalancer}": the AWS load balancer writes the PROXY header`,
            showValue: false,
        });
    }
    if (preservation === ClientIpPreservation.LocalTrafficPolicy && serviceType === ServiceType.ClusterIP) {
        issues.push({
            path: ["istio", "clientIp", "preservation"],
            message: `"${ClientIpPreservation.LocalTrafficPolicy}" needs istio.serviceType "${ServiceType.LoadBalancer}" or "${ServiceType.NodePort}": externalTrafficPolicy is about traffic from outside the cluster`,
            showValue: false,
        });
    }
    // The pod annotation carries the gateway's whole ProxyConfig override: yours would replace ours.
    const podAnnotations = field(field(field(istio, "values"), "gateway"), "podAnnotations");
    if (isMap(podAnnotations) && PROXY_CONFIG_ANNOTATION in podAnnotations) {
        issues.push({
            path: ["istio", "values", "gateway", "podAnnotations", PROXY_CONFIG_ANNOTATION],
            message: "is set by the component from istio.clientIp (its gatewayTopology)",
            showValue: false,
        });
    }
    return issues;
}
