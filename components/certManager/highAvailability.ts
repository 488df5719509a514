import { ONE_POD_AT_A_TIME, spreadOverZonesAndNodes } from "../highAvailability";

/**
 * The production defaults of the cert-manager chart (`highAvailability: true`), after cert-manager's
 * "Best Practice" page (https://cert-manager.io/docs/installation/best-practice/#high-availability):
 * 2 controllers and 2 cainjectors (each elects a leader; the second is a standby ready to take
 * over), 3 webhooks, a PodDisruptionBudget for each, spread over zones and nodes. They sit under the
 * values we own and under the user's own chart values (`certManager.values`), which override any of them.
 */

/** The chart's long-running workloads: its values key (none: top level), replicas and requests. */
interface CertManagerWorkload {
    /** Where the chart reads this workload's values: the top level for the controller. */
    valuesKey?: "webhook" | "cainjector";
    /** The `app.kubernetes.io/name` and `app.kubernetes.io/component` its pods carry (chart templates/*deployment.yaml). */
    name: string;
    component: string;
    replicas: number;
    requests: { cpu: string; memory: string };
}

/**
 * Replicas and requests of each workload. The webhook gets 3: while none answers, every create or
 * update of a cert-manager object fails (its `failurePolicy` is `Fail`), our own `pulumi up`
 * included, and it has no cache, so a replica costs little. The chart sets no requests; the
 * controller and cainjector cache Certificates and Secrets and get more memory than the webhook.
 */
export const CERT_MANAGER_WORKLOADS: readonly CertManagerWorkload[] = [
    { name: "cert-manager", component: "controller", replicas: 2, requests: { cpu: "10m", memory: "64Mi" } },
    { valuesKey: "webhook", name: "webhook", component: "webhook", replicas: 3, requests: { cpu: "10m", memory: "32Mi" } },
    { valuesKey: "cainjector", name: "cainjector", component: "cainjector", replicas: 2, requests: { cpu: "10m", memory: "64Mi" } },
];

function workloadValues(workload: CertManagerWorkload): Record<string, unknown> {
    return {
        replicaCount: workload.replicas,
        // The chart's PDBs are off by default; with neither minAvailable nor maxUnavailable set it
        // writes `minAvailable: 1` (templates/*poddisruptionbudget.yaml).
        podDisruptionBudget: { enabled: true, ...ONE_POD_AT_A_TIME },
        resources: { requests: { ...workload.requests } },
        topologySpreadConstraints: spreadOverZonesAndNodes({
            "app.kubernetes.io/name": workload.name,
            "app.kubernetes.io/component": workload.component,
        }),
    };
}

/** Values of the cert-manager chart for its controller (top level), `webhook` and `cainjector`. */
export function certManagerHighAvailabilityValues(): Record<string, unknown> {
    return Object.assign(
        {},
        ...CERT_MANAGER_WORKLOADS.map((workload) =>
            workload.valuesKey === undefined ? workloadValues(workload) : { [workload.valuesKey]: workloadValues(workload) },
        ),
    ) as Record<string, unknown>;
}
