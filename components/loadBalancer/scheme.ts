/**
 * Whether the gateway's load balancer faces the internet, and the Service annotations that say so to
 * whichever controller provisions it on AWS. Pure: no Pulumi, no I/O.
 *
 * - The AWS Load Balancer Controller reads `aws-load-balancer-scheme` first, else the legacy
 *   `aws-load-balancer-internal` (a bool), else keeps an existing load balancer's scheme, else uses its
 *   `--default-load-balancer-scheme`, `internal` unless the installation says otherwise
 *   (kubernetes-sigs/aws-load-balancer-controller v3.5.0, pkg/service/model_build_load_balancer.go
 *   `buildLoadBalancerScheme`; pkg/config/controller_config.go). Since v2.5 its webhook
 *   (webhooks/core/service_mutator.go) sets `spec.loadBalancerClass: service.k8s.aws/nlb` on every new
 *   LoadBalancer Service that has none, so the controller, not the cloud provider, provisions it.
 * - The in-tree AWS cloud provider (kubernetes/cloud-provider-aws v1.36.1, pkg/providers/v1/aws.go
 *   `EnsureLoadBalancer`) ignores the scheme annotation: internal when `aws-load-balancer-internal` is
 *   set to anything but "" or "false", else internet-facing. It never changes an existing load
 *   balancer's scheme ("TODO: Sync internal vs non-internal", aws_loadbalancer.go).
 */
import { LoadBalancerScheme, ServiceType } from "../enums";

/** The AWS Load Balancer Controller's scheme annotation (`SvcLBSuffixScheme`). */
export const SCHEME_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-scheme";
/** The in-tree provider's (and the controller's legacy) internal annotation (`SvcLBSuffixInternal`). */
export const INTERNAL_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-internal";

export const DEFAULT_LOAD_BALANCER_SCHEME: LoadBalancerScheme = LoadBalancerScheme.InternetFacing;

const SCHEMES: readonly string[] = Object.values(LoadBalancerScheme);

/** The scheme `aws-load-balancer-internal: <value>` asks the in-tree provider for. */
export function schemeOfInternalAnnotation(value: string): LoadBalancerScheme {
    return value === "" || value === "false" ? LoadBalancerScheme.InternetFacing : LoadBalancerScheme.Internal;
}

/**
 * The annotations of the gateway's Service: the stack's, and for a LoadBalancer Service the scheme
 * both controllers read (an internal one also as `aws-load-balancer-internal: "true"`, unless the
 * stack gave that annotation itself). Other Service types have no load balancer: unchanged.
 */
export function gatewayServiceAnnotations(
    serviceType: ServiceType,
    annotations: Readonly<Record<string, string>>,
    scheme: LoadBalancerScheme,
): Record<string, string> {
    if (serviceType !== ServiceType.LoadBalancer) return { ...annotations };
    const internal = scheme === LoadBalancerScheme.Internal && annotations[INTERNAL_ANNOTATION] === undefined;
    return { ...annotations, [SCHEME_ANNOTATION]: scheme, ...(internal ? { [INTERNAL_ANNOTATION]: "true" } : {}) };
}

/**
 * What is wrong with the stack's own scheme annotations given `scheme` (`given`: set in the config,
 * not defaulted): each must agree with it, or one controller would make the other kind.
 */
export function schemeAnnotationProblems(
    annotations: Readonly<Record<string, string>>,
    scheme: LoadBalancerScheme,
    given: boolean,
): string[] {
    const problems: string[] = [];
    const setting = `istio.loadBalancerScheme is "${scheme}"${given ? "" : " (the default)"}`;
    const own = annotations[SCHEME_ANNOTATION];
    if (own !== undefined && !SCHEMES.includes(own)) {
        problems.push(
            `sets ${SCHEME_ANNOTATION}: "${own}", which the AWS Load Balancer Controller refuses ("unknown scheme"): ` +
                `leave it out and set istio.loadBalancerScheme ("internet-facing" or "internal"); the component writes the annotation`,
        );
    } else if (own !== undefined && own !== scheme) {
        problems.push(
            `sets ${SCHEME_ANNOTATION}: "${own}", but ${setting}: set istio.loadBalancerScheme: ${own}, ` +
                `or leave the annotation out (the component writes it)`,
        );
    }
    const legacy = annotations[INTERNAL_ANNOTATION];
    if (legacy !== undefined && schemeOfInternalAnnotation(legacy) !== scheme) {
        const asks = schemeOfInternalAnnotation(legacy);
        problems.push(
            `sets ${INTERNAL_ANNOTATION}: "${legacy}", which asks the in-tree AWS cloud provider for an ${asks} load balancer, ` +
                `but ${setting}: set istio.loadBalancerScheme: ${asks}, or leave the annotation out`,
        );
    }
    return problems;
}
