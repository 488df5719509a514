/**
 * What istiod deploys for each Kubernetes Gateway, given through the ConfigMap its
 * `spec.infrastructure.parametersRef` names. istiod's gateway deployment controller
 * (istio/istio pilot/pkg/config/kube/gatewaycommon/deploymentcontroller.go, the same at 1.30.3 and
 * release-1.31) reads that ConfigMap from the Gateway's own namespace (`fetchParameters`), accepts
 * the keys `deployment`, `service`, `serviceAccount`, `horizontalPodAutoscaler` and
 * `podDisruptionBudget` and refuses any other ("unsupported overlay"), and applies each value as a
 * YAML strategic merge patch over the object its template (istiod chart files/kube-gateway.yaml)
 * renders. The HPA and the PodDisruptionBudget exist only when their key is given
 * (`requiredOverlays`); the template's own HPA has `maxReplicas: 1` and its budget only a selector.
 * The values are written as JSON, which is YAML.
 */
import { ONE_POD_AT_A_TIME, spreadOverZonesAndNodes } from "../../highAvailability";

/** The label istiod puts on every pod it deploys for a Gateway: the Gateway's name (kube-gateway.yaml). */
export const GATEWAY_NAME_LABEL = "gateway.networking.k8s.io/gateway-name";
/** The container of istiod's gateway pods (kube-gateway.yaml): strategic merge matches containers by name. */
const PROXY_CONTAINER = "istio-proxy";

/** The HPA's CPU target, in percent of the request (the gateway chart's `targetCPUUtilizationPercentage`). */
const CPU_TARGET_PERCENT = 80;

/** Defaults of `gatewayApi.deployment`, the same as the gateway chart's under `highAvailability`. */
export const GATEWAY_DEPLOYMENT_DEFAULTS = {
    maxReplicas: 5,
    cpuRequest: "100m",
    memoryRequest: "128Mi",
} as const;

/** The HPA's minimum when `gatewayApi.deployment.minReplicas` is not given: 2 keep a Gateway serving through a drain. */
export function gatewayMinReplicas(highAvailability: boolean): number {
    return highAvailability ? 2 : 1;
}

/** What istiod deploys for one Gateway, resolved from `gatewayApi.deployment` and `highAvailability`. */
export interface GatewayInfrastructurePlan {
    /** The ConfigMap, in the Gateway's namespace. */
    configMap: string;
    minReplicas: number;
    maxReplicas: number;
    requests: { cpu: string; memory: string };
    /** A PodDisruptionBudget of one pod at a time, and spread over zones and nodes. */
    highAvailability: boolean;
}

/** Name of the ConfigMap of Gateway `gatewayName`. */
export function gatewayInfrastructureName(gatewayName: string): string {
    return `${gatewayName}-infrastructure`;
}

/** The `spec.infrastructure.parametersRef` of a Gateway: a core ConfigMap in its own namespace. */
export function parametersRef(plan: GatewayInfrastructurePlan): { group: string; kind: string; name: string } {
    return { group: "", kind: "ConfigMap", name: plan.configMap };
}

const patch = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * The ConfigMap's `data` for Gateway `gatewayName`: an HPA from `minReplicas` to `maxReplicas` on
 * CPU, the requests of its proxy container, and with `highAvailability` a PodDisruptionBudget of one
 * pod at a time and spread of the Gateway's own pods over zones and nodes.
 */
export function gatewayInfrastructureData(gatewayName: string, plan: GatewayInfrastructurePlan): Record<string, string> {
    const podSpec = {
        ...(plan.highAvailability ? { topologySpreadConstraints: spreadOverZonesAndNodes({ [GATEWAY_NAME_LABEL]: gatewayName }) } : {}),
        containers: [{ name: PROXY_CONTAINER, resources: { requests: { ...plan.requests } } }],
    };
    return {
        horizontalPodAutoscaler: patch({
            spec: {
                minReplicas: plan.minReplicas,
                maxReplicas: plan.maxReplicas,
                metrics: [
                    {
                        type: "Resource",
                        resource: { name: "cpu", target: { type: "Utilization", averageUtilization: CPU_TARGET_PERCENT } },
                    },
                ],
            },
        }),
        deployment: patch({ spec: { template: { spec: podSpec } } }),
        ...(plan.highAvailability ? { podDisruptionBudget: patch({ spec: { ...ONE_POD_AT_A_TIME } }) } : {}),
    };
}
