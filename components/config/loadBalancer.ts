/**
 * Config rules of the gateway's load balancer scheme (`istio.loadBalancerScheme`) against the
 * Service annotations a stack gives itself. See components/loadBalancer/scheme.ts.
 */
import { ServiceType } from "../enums";
import { schemeAnnotationProblems } from "../loadBalancer/scheme";
import { field, Issue, valid } from "./raw";
import { loadBalancerSchemeSchema } from "./records";
import { z } from "zod";

const annotationsSchema = z.record(z.string(), z.string());
const serviceTypeSchema = z.enum(ServiceType).default(ServiceType.LoadBalancer);

/**
 * The scheme applies to a LoadBalancer Service only, and the stack's own scheme annotations must
 * agree with it: the AWS Load Balancer Controller and the in-tree cloud provider each read their
 * own, and would otherwise make load balancers of different schemes.
 */
export function crossCheckLoadBalancerScheme(raw: Record<string, unknown>): Issue[] {
    const istio = raw.istio;
    const given = field(istio, "loadBalancerScheme");
    const scheme = valid(loadBalancerSchemeSchema, given);
    const serviceType = valid(serviceTypeSchema, field(istio, "serviceType"));
    if (scheme === undefined || serviceType === undefined) return [];
    if (serviceType !== ServiceType.LoadBalancer) {
        return given === undefined
            ? []
            : [
                  {
                      path: ["istio", "loadBalancerScheme"],
                      message: `applies only to istio.serviceType "LoadBalancer"; a ${serviceType} Service has no load balancer`,
                  },
              ];
    }
    const annotations = valid(annotationsSchema, field(istio, "serviceAnnotations"));
    if (annotations === undefined) return [];
    return schemeAnnotationProblems(annotations, scheme, given !== undefined).map((message) => ({
        path: ["istio", "serviceAnnotations"],
        message,
    }));
}
