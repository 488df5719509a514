import type { ServiceType } from "../config/defaults";

/** Values of Istio's `base` chart: CRDs and the default-revision validating webhook. */
export function istioBaseValues(controlPlaneNamespace: string): Record<string, unknown> {
    return { defaultRevision: "default", global: { istioNamespace: controlPlaneNamespace } };
}

/** Values of Istio's `istiod` chart. */
export function istiodValues(controlPlaneNamespace: string): Record<string, unknown> {
    return { global: { istioNamespace: controlPlaneNamespace } };
}

/** Values of Istio's `gateway` chart: only the Service is ours to shape. */
export function istioGatewayValues(serviceType: ServiceType, serviceAnnotations: Record<string, string>): Record<string, unknown> {
    return { service: { type: serviceType, annotations: serviceAnnotations } };
}
