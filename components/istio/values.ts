import type { ServiceType, TlsVersion } from "../enums";
import { meshTlsDefaultsValues } from "../edge/tls";
import { clientIpGatewayValues, ClientIpSettings } from "../edge/clientIp";
import { mergeChartValues } from "../helm";
import { gatewayPodSelector } from "../plan";
import { istioGatewayHighAvailabilityValues, istiodHighAvailabilityValues } from "./highAvailability";

/** Values of Istio's `base` chart: CRDs and the default-revision validating webhook. */
export function istioBaseValues(controlPlaneNamespace: string): Record<string, unknown> {
    return { defaultRevision: "default", global: { istioNamespace: controlPlaneNamespace } };
}

/**
 * Values of Istio's `istiod` chart. `global.hub` is the registry of istiod's own image and of the
 * proxy image its injector puts in every injected pod, the gateway's included (Istio's
 * pkg/kube/inject `ProxyImage`: `{{ .Values.global.hub }}/{{ .Values.global.proxy.image }}:{{ .Values.global.tag }}`).
 * It is always set: published charts carry a default hub that can be a retired registry (1.30's:
 * registry.istio.io/release). With `highAvailability`, the production defaults of
 * `istiodHighAvailabilityValues` lie under ours. `meshMinTlsVersion` (the Gateway API's minimum TLS
 * version, which its listeners cannot carry) becomes the mesh's `tlsDefaults.minProtocolVersion`.
 */
export function istiodValues(
    controlPlaneNamespace: string,
    hub: string,
    highAvailability: boolean,
    meshMinTlsVersion?: TlsVersion,
): Record<string, unknown> {
    return mergeChartValues(highAvailability ? istiodHighAvailabilityValues() : {}, {
        global: { istioNamespace: controlPlaneNamespace, hub },
        ...(meshMinTlsVersion ? meshTlsDefaultsValues(meshMinTlsVersion) : {}),
    });
}

/**
 * Values of Istio's `gateway` chart: the Service is ours to shape (and, for the client's address, the
 * pods' ProxyConfig and environment). The chart's pods run
 * `image: auto`, which istiod's injector replaces (its hub is istiod's `global.hub`), so no image
 * value belongs here. With `highAvailability`, the production defaults of
 * `istioGatewayHighAvailabilityValues` lie under ours; `releaseName` names the pods they spread.
 * `clientIp` adds what keeps the client's address (components/edge/clientIp.ts).
 */
export function istioGatewayValues(
    serviceType: ServiceType,
    serviceAnnotations: Record<string, string>,
    highAvailability: boolean,
    releaseName: string,
    clientIp?: ClientIpSettings,
): Record<string, unknown> {
    const production = highAvailability ? istioGatewayHighAvailabilityValues(gatewayPodSelector(releaseName)) : {};
    const service = { service: { type: serviceType, annotations: serviceAnnotations } };
    return mergeChartValues(production, mergeChartValues(service, clientIpGatewayValues(clientIp)));
}
