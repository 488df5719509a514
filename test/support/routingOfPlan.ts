/**
 * The objects the components declare for a plan, built by the same pure builders (spec.ts files)
 * without the engine: fast enough to run the request-matching models over many generated configs.
 */
import { planIngress } from "../../components/plan";
import type { ResolvedIngressConfig } from "../../components/config/schema";
import { gatewaySpec } from "../../components/istioApi/gateways/spec";
import { httpRouteSpec, redirectRouteSpec } from "../../components/gatewayApi/routes/spec";
import { kubernetesGatewaySpec } from "../../components/gatewayApi/gateways/spec";
import { virtualServiceSpec } from "../../components/istioApi/routes/spec";
import { gatewayApiOutcome, HttpRouteSpec, KubernetesGatewaySpec } from "../models/gatewayApiRouting";
import { IstioGatewaySpec, istioOutcome, VirtualServiceSpec } from "../models/istioRouting";
import type { K8sObject, RoutingOutcome, RoutingRequest } from "../models/routingOutcome";

const object = <Spec>(name: string, namespace: string, spec: Record<string, unknown>): K8sObject<Spec> => ({
    metadata: { name, namespace },
    spec: spec as Spec,
});

/** How the objects planned for `config` answer a request, in the API the config chose. */
export function routingOfPlan(config: ResolvedIngressConfig): (request: RoutingRequest) => RoutingOutcome {
    const { api } = planIngress(config);
    if (api.api === "istio") {
        const objects = {
            gateways: api.gateways.map((g) => object<IstioGatewaySpec>(g.name, g.namespace, gatewaySpec(g, api.gatewayRelease.selector))),
            virtualServices: api.routes.map((r) =>
                object<VirtualServiceSpec>(r.name, r.namespace, virtualServiceSpec(r, `${r.gateway.namespace}/${r.gateway.name}`)),
            ),
        };
        return (request) => istioOutcome(objects, request);
    }
    const objects = {
        gateways: api.gateways.map((g) =>
            object<KubernetesGatewaySpec>(g.name, g.namespace, kubernetesGatewaySpec(g, config.istio.serviceAnnotations)),
        ),
        httpRoutes: [
            ...api.routes.map((r) => object<HttpRouteSpec>(r.name, r.namespace, httpRouteSpec(r))),
            ...api.redirects.map((r) => object<HttpRouteSpec>(r.name, r.namespace, redirectRouteSpec(r))),
        ],
    };
    return (request) => gatewayApiOutcome(objects, request);
}
