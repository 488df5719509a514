import { ONE_POD_AT_A_TIME, spreadOverZonesAndNodes } from "../highAvailability";

/**
 * The production defaults of Istio's charts (`highAvailability: true`), merged under the values we
 * own and under the user's own chart values (`istio.values`), which override any of them.
 * docs/production.md lists what each costs.
 */

/** At least this many replicas of istiod and of the gateway run at all times (their HPAs' minimum). */
export const ISTIO_MIN_REPLICAS = 2;
/** The gateway's HPA scales up to this many replicas on CPU (the chart's own maximum). */
export const GATEWAY_MAX_REPLICAS = 5;
/**
 * Requests of each gateway pod: the HPA scales on CPU use relative to the request, and the
 * scheduler places the pod by them. They are the gateway chart's own defaults, set here so that the
 * HPA's base and the cost docs/production.md quotes do not move with a chart release.
 */
export const GATEWAY_REQUESTS = { cpu: "100m", memory: "128Mi" } as const;

/** Labels of istiod's pods that select them and nothing else in the control plane namespace (istiod chart, deployment.yaml). */
export const ISTIOD_POD_LABELS = { app: "istiod" } as const;

/**
 * istiod (chart `istiod`, values `autoscaleMin`, `pdb`, `topologySpreadConstraints`):
 * - 2 replicas at least: istiod is the injector that admits every gateway pod of the `gateway`
 *   chart (its webhook's `failurePolicy` is `Fail`), and a gateway pod is Ready only once istiod
 *   has sent it its configuration. With one replica, a drain of its node leaves every gateway pod
 *   that starts meanwhile (a replacement on the same drain) unable to become Ready.
 * - A PodDisruptionBudget of one pod at a time. The chart renders its PDB only when `autoscaleMin`
 *   is above 1 (templates/poddisruptionbudget.yaml since Istio 1.28), and writes `maxUnavailable`
 *   instead of its default `minAvailable: 1` when `pdb.maxUnavailable` is set.
 * - Spread over zones and nodes.
 * Its requests are the chart's (500m CPU, 2Gi memory per replica).
 */
export function istiodHighAvailabilityValues(): Record<string, unknown> {
    return {
        autoscaleMin: ISTIO_MIN_REPLICAS,
        pdb: { ...ONE_POD_AT_A_TIME },
        topologySpreadConstraints: spreadOverZonesAndNodes(ISTIOD_POD_LABELS),
    };
}

/**
 * The ingress gateway (chart `gateway`, Istio's API), whose pods carry `podSelector` (the labels
 * the Istio Gateways select, `istio: <release name without "istio-">`):
 * - HPA from 2 to 5 replicas: one node drain or zone outage leaves a gateway serving.
 * - A PodDisruptionBudget of one pod at a time (the chart's `podDisruptionBudget` is empty, i.e.
 *   none, and it renders one only when the HPA minimum is above 1).
 * - Spread over zones and nodes, so that the two replicas do not share a zone or a node.
 * - CPU and memory requests, which the HPA's CPU target is relative to.
 */
export function istioGatewayHighAvailabilityValues(podSelector: Record<string, string>): Record<string, unknown> {
    return {
        autoscaling: { enabled: true, minReplicas: ISTIO_MIN_REPLICAS, maxReplicas: GATEWAY_MAX_REPLICAS },
        podDisruptionBudget: { ...ONE_POD_AT_A_TIME },
        topologySpreadConstraints: spreadOverZonesAndNodes(podSelector),
        resources: { requests: { ...GATEWAY_REQUESTS } },
    };
}
