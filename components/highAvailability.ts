/**
 * The building blocks of the production defaults (`highAvailability: true`) that every workload we
 * deploy shares: how its replicas spread over zones and nodes, and the disruption budget that lets a
 * node drain take one of its pods at a time. Each chart's own values are in
 * `istio/highAvailability.ts` and `certManager/highAvailability.ts`; the Gateway API's in
 * `kubernetesGateways/infrastructure.ts`. docs/production.md explains each choice and its cost.
 */

/** The well-known node label of the zone a node runs in (set by the cloud provider, e.g. `ca-central-1a`). */
export const ZONE_TOPOLOGY_KEY = "topology.kubernetes.io/zone";
/** The well-known node label of a node's name. */
export const HOSTNAME_TOPOLOGY_KEY = "kubernetes.io/hostname";

/** A Kubernetes `topologySpreadConstraints` entry (core/v1 TopologySpreadConstraint), as chart values carry it. */
export interface TopologySpreadConstraint {
    maxSkew: number;
    topologyKey: string;
    whenUnsatisfiable: "ScheduleAnyway" | "DoNotSchedule";
    labelSelector: { matchLabels: Record<string, string> };
}

/**
 * Spread the pods selected by `podLabels` evenly over zones, then over nodes. `ScheduleAnyway`
 * makes it a preference of the scheduler's scoring, never a reason to leave a pod Pending: a
 * cluster with one zone, one node, or a zone without room still runs every replica. (With
 * `DoNotSchedule` a replacement evicted from a drained node could stay Pending when its zone has no
 * other node, and the PodDisruptionBudget would then hold the drain.) The selector must match the
 * workload's own pods only: spreading is counted among the pods it selects, in the pod's namespace.
 */
export function spreadOverZonesAndNodes(podLabels: Record<string, string>): TopologySpreadConstraint[] {
    return [ZONE_TOPOLOGY_KEY, HOSTNAME_TOPOLOGY_KEY].map((topologyKey) => ({
        maxSkew: 1,
        topologyKey,
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { ...podLabels } },
    }));
}

/**
 * The disruption budget of every workload we deploy: a voluntary eviction (a node drain, a node
 * group upgrade, the cluster autoscaler) may take one pod at a time and must wait until its
 * replacement is Ready before it takes the next, whatever the replica count (the HPA may have
 * scaled up). With at least 2 replicas this always permits one eviction, so a drain never hangs on
 * it, and never leaves the workload without a Ready pod.
 *
 * `unhealthyPodEvictionPolicy: AlwaysAllow` lets a drain evict a pod that is not Ready (crash
 * looping, stuck starting) without waiting for budget; with the default `IfHealthyBudget` such a pod
 * blocks the drain until the workload is healthy again, which it may never be. The Kubernetes
 * documentation recommends AlwaysAllow
 * (https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy);
 * the field is on by default since Kubernetes 1.27 and GA in 1.31.
 */
export const ONE_POD_AT_A_TIME = { maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow" } as const;
