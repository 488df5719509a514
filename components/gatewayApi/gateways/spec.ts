import type { ServiceType } from "../../enums";
import { ISTIO_GATEWAY_CLASS } from "../../config/defaults";
import type { AllowedNamespaces, KubernetesGatewayPlan } from "../../plan";
import { parametersRef } from "./infrastructure";

/** The label the API server puts on every namespace: its name (Kubernetes 1.22+). */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** istiod's annotation choosing the type of the Service it deploys for a Gateway (default LoadBalancer). */
export const ISTIO_SERVICE_TYPE_ANNOTATION = "networking.istio.io/service-type";

/**
 * `pulumi up` waits until istiod reports the Gateway Programmed: its Deployment runs and, for a
 * LoadBalancer Service, the load balancer has an address (Istio reports AddressNotAssigned until then).
 */
export const GATEWAY_AWAIT_ANNOTATIONS = {
    "pulumi.com/waitFor": "condition=Programmed",
    "pulumi.com/timeoutSeconds": "600",
} as const;

/** `allowedRoutes` of a listener: HTTPRoutes only, from exactly these namespaces. */
export function allowedRoutes(namespaces: AllowedNamespaces, gatewayNamespace: string): Record<string, unknown> {
    const from =
        namespaces.length === 1 && namespaces[0] === gatewayNamespace
            ? { from: "Same" }
            : { from: "Selector", selector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: "In", values: namespaces }] } };
    return { namespaces: from, kinds: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute" }] };
}

/** Annotations of the Gateway object itself: the wait, and the Service type when it is not istiod's default. */
export function gatewayAnnotations(serviceType: ServiceType): Record<string, string> {
    return {
        ...GATEWAY_AWAIT_ANNOTATIONS,
        ...(serviceType === "LoadBalancer" ? {} : { [ISTIO_SERVICE_TYPE_ANNOTATION]: serviceType }),
    };
}

/**
 * The `spec` of a Gateway (gateway.networking.k8s.io/v1) of class `istio`: one HTTP listener on 80
 * without a hostname, and one HTTPS listener on 443 per host, terminating TLS with the Secret of the
 * certificate covering that host. `infrastructure.annotations` go onto what istiod deploys for it,
 * its Service included (AWS load balancer settings); `infrastructure.parametersRef` names the
 * ConfigMap that shapes its Deployment, HPA and PodDisruptionBudget (infrastructure.ts).
 */
export function kubernetesGatewaySpec(gateway: KubernetesGatewayPlan, serviceAnnotations: Record<string, string>): Record<string, unknown> {
    const infrastructure = {
        ...(Object.keys(serviceAnnotations).length > 0 ? { annotations: serviceAnnotations } : {}),
        ...(gateway.infrastructure ? { parametersRef: parametersRef(gateway.infrastructure) } : {}),
    };
    const http = {
        name: gateway.http.name,
        port: 80,
        protocol: "HTTP",
        allowedRoutes: allowedRoutes(gateway.http.allowedNamespaces, gateway.namespace),
    };
    const https = gateway.https.map((listener) => ({
        name: listener.name,
        hostname: listener.host,
        port: 443,
        protocol: "HTTPS",
        tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: listener.secretName }] },
        allowedRoutes: allowedRoutes(listener.allowedNamespaces, gateway.namespace),
    }));
    return {
        gatewayClassName: ISTIO_GATEWAY_CLASS,
        ...(Object.keys(infrastructure).length > 0 ? { infrastructure } : {}),
        listeners: [http, ...https],
    };
}
