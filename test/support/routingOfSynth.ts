/**
 * The two request-matching models run over what a synth declared: the Istio objects or the Gateway
 * API objects it holds, whichever API the stack chose, and the requests worth asking about.
 */
import type { SynthResult } from "../../tools/synth/engine";
import { gatewayApiOutcome, GatewayApiObjects, HttpRouteSpec, KubernetesGatewaySpec } from "../models/gatewayApiRouting";
import { IstioGatewaySpec, IstioObjects, istioOutcome, VirtualServiceSpec } from "../models/istioRouting";
import type { K8sObject, RoutingOutcome, RoutingRequest } from "../models/routingOutcome";

function objectsOf<Spec>(result: SynthResult, type: string): Array<K8sObject<Spec>> {
    return result.resources.filter((resource) => resource.type === type).map((resource) => resource.inputs as unknown as K8sObject<Spec>);
}

/** How the declared routing answers a request, by whichever API the synth used. */
export function routingOf(result: SynthResult): { api: "istio" | "gateway-api"; outcome: (request: RoutingRequest) => RoutingOutcome } {
    const istio: IstioObjects = {
        gateways: objectsOf<IstioGatewaySpec>(result, "kubernetes:networking.istio.io/v1:Gateway"),
        virtualServices: objectsOf<VirtualServiceSpec>(result, "kubernetes:networking.istio.io/v1:VirtualService"),
    };
    const gatewayApi: GatewayApiObjects = {
        gateways: objectsOf<KubernetesGatewaySpec>(result, "kubernetes:gateway.networking.k8s.io/v1:Gateway"),
        httpRoutes: objectsOf<HttpRouteSpec>(result, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute"),
    };
    if (istio.gateways.length > 0 && gatewayApi.gateways.length === 0) return { api: "istio", outcome: (r) => istioOutcome(istio, r) };
    if (gatewayApi.gateways.length > 0 && istio.gateways.length === 0)
        return { api: "gateway-api", outcome: (r) => gatewayApiOutcome(gatewayApi, r) };
    throw new Error("the synth holds gateways of neither or of both APIs");
}

/** Paths that tell segment prefixes from string prefixes, trailing slashes, exact and regex matches apart. */
const GENERAL_PATHS = ["/", "/x", "/index.html", "/?q=1", "/healthz", "/healthz/", "/v1/x", "/v12/", "/V1/x", "/v/x"];

/**
 * The requests to compare for a config: every gateway host (a wildcard as one name below it) and route
 * host, over HTTPS and plain HTTP, with the general paths and, for every match value, the value itself,
 * with a trailing `/`, a character and a segment more, its parent, and with a query string.
 */
export function requestsFor(
    gatewayHosts: readonly string[],
    routeHosts: readonly string[],
    matchValues: readonly string[],
): RoutingRequest[] {
    const hosts = [...new Set([...gatewayHosts, ...routeHosts].map((h) => (h.startsWith("*.") ? `any${h.slice(1)}` : h)))];
    const paths = new Set(GENERAL_PATHS);
    for (const value of matchValues) {
        if (!value.startsWith("/")) continue;
        const base = value.length > 1 && value.endsWith("/") ? value.slice(0, -1) : value;
        for (const path of [
            value,
            base,
            `${base}/`,
            `${base}x`,
            `${base}/x`,
            `${base}/x/y`,
            `${base}?page=2`,
            base.slice(0, base.lastIndexOf("/")) || "/",
        ]) {
            paths.add(path);
        }
    }
    return hosts.flatMap((host) =>
        [...paths].flatMap((path) => (["https", "http"] as const).map((scheme): RoutingRequest => ({ scheme, host, path }))),
    );
}
