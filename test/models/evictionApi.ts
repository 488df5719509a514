/**
 * The Kubernetes Eviction API and PodDisruptionBudget rules, as the API server and the disruption
 * controller apply them. A node drain (`kubectl drain`, an EKS managed node group upgrade, Karpenter,
 * the cluster autoscaler) deletes pods only through this API, so these rules decide whether a drain
 * completes and what stays running meanwhile.
 *
 * Sources (kubernetes/kubernetes, master as stored; the rules below are unchanged since 1.31, the
 * oldest minor EKS supports in standard support):
 * - Documentation: https://kubernetes.io/docs/concepts/scheduling-eviction/api-eviction/ and
 *   https://kubernetes.io/docs/tasks/run-application/configure-pdb/ (percentages round up;
 *   unhealthy pod eviction policy).
 * - `pkg/registry/core/pod/storage/eviction.go`, `EvictionREST.Create`: a pod that is Pending,
 *   Succeeded, Failed or already terminating is deleted without a budget check (`canIgnorePDB`); more
 *   than one matching budget is a 500 ("This pod has more than one PodDisruptionBudget, which the
 *   eviction subresource does not support."); a budget with an empty selector matches nothing; a
 *   Running pod that is not Ready is deleted without spending the budget under `AlwaysAllow`, or under
 *   `IfHealthyBudget` (the default) when `currentHealthy >= desiredHealthy > 0`; otherwise
 *   `checkAndDecrement` refuses with 429 "Cannot evict pod as it would violate the pod's disruption
 *   budget." while `disruptionsAllowed` is 0, and spends one disruption when it allows.
 * - `pkg/controller/disruption/disruption.go`: `getExpectedPodCount` (maxUnavailable, or a percentage
 *   minAvailable: expected = the scale of the pods' controllers, the value scaled rounding up; an
 *   integer minAvailable: expected = the number of selected pods), `countHealthyPods` (not
 *   terminating, not just evicted, Ready), `updatePdbStatus` (`disruptionsAllowed = currentHealthy -
 *   desiredHealthy`, 0 when negative or when no pod is expected).
 * - `pkg/apis/policy/validation/validation.go`, `ValidatePodDisruptionBudgetSpec`: "minAvailable and
 *   maxUnavailable cannot be both set"; each a non-negative integer or a percentage up to 100%. policy/v1
 *   has no defaulting: a budget with neither is accepted and expects no pod, so it allows nothing.
 * - `staging/src/k8s.io/apimachinery/pkg/util/intstr/intstr.go`, `GetScaledValueFromIntOrPercent`.
 */

/** `intstr.IntOrString` as YAML gives it: a number, or a string such as "25%". */
export type IntOrString = number | string;

export const IF_HEALTHY_BUDGET = "IfHealthyBudget";
export const ALWAYS_ALLOW = "AlwaysAllow";

/** A policy/v1 PodDisruptionBudget, as far as the eviction rules read it. */
export interface PodDisruptionBudget {
    name: string;
    namespace: string;
    /** `spec.selector.matchLabels`; empty selects nothing (eviction.go). */
    selector: Record<string, string>;
    minAvailable?: IntOrString;
    maxUnavailable?: IntOrString;
    unhealthyPodEvictionPolicy?: string;
}

/** A pod as the eviction rules see it. */
export interface PodState {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    /** The ReplicaSet (or other controller) owning it: its scale is the budget's expected count. */
    owner: string;
    phase: "Pending" | "Running";
    ready: boolean;
    /** Deleted, still shutting down (`metadata.deletionTimestamp` set). */
    terminating: boolean;
}

export interface BudgetStatus {
    expectedPods: number;
    desiredHealthy: number;
    currentHealthy: number;
    disruptionsAllowed: number;
}

export type EvictionOutcome = { allowed: true; budget?: string } | { allowed: false; code: 429 | 500; message: string; budget?: string };

const PERCENT = /^(\d+)%$/;

/** `intstr.GetScaledValueFromIntOrPercent`: an integer as it is, a percentage of `total`, rounded up or down. */
export function scaledValue(value: IntOrString, total: number, roundUp: boolean): number {
    if (typeof value === "number") return value;
    const match = PERCENT.exec(value);
    if (!match) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage: ${value}`);
    const scaled = (Number(match[1]) * total) / 100;
    return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** What the API server refuses in a budget's spec (`ValidatePodDisruptionBudgetSpec`), as "field: message". */
export function budgetSpecProblems(budget: PodDisruptionBudget): string[] {
    const problems: string[] = [];
    if (budget.minAvailable !== undefined && budget.maxUnavailable !== undefined) {
        problems.push("spec: minAvailable and maxUnavailable cannot be both set");
    }
    for (const field of ["minAvailable", "maxUnavailable"] as const) {
        const value = budget[field];
        if (value === undefined) continue;
        if (typeof value === "number") {
            if (!Number.isInteger(value) || value < 0) problems.push(`spec.${field}: must be greater than or equal to 0`);
            continue;
        }
        const match = PERCENT.exec(value);
        if (!match) problems.push(`spec.${field}: must be an integer or percentage (e.g '5%')`);
        else if (Number(match[1]) > 100) problems.push(`spec.${field}: must not be greater than 100%`);
    }
    const policy = budget.unhealthyPodEvictionPolicy;
    if (policy !== undefined && policy !== IF_HEALTHY_BUDGET && policy !== ALWAYS_ALLOW) {
        problems.push(
            `spec.unhealthyPodEvictionPolicy: Unsupported value: "${policy}": supported values: "${IF_HEALTHY_BUDGET}", "${ALWAYS_ALLOW}"`,
        );
    }
    return problems;
}

/** The budget covers the pod: same namespace, and a non-empty selector its labels satisfy. */
export function budgetSelects(budget: PodDisruptionBudget, pod: Pick<PodState, "namespace" | "labels">): boolean {
    const entries = Object.entries(budget.selector);
    return budget.namespace === pod.namespace && entries.length > 0 && entries.every(([key, value]) => pod.labels[key] === value);
}

/**
 * The disruption controller's status of `budget` over `pods` (every pod in the cluster; the budget
 * picks its own), with `scaleOf` the desired replicas of a pod's owner.
 */
export function budgetStatus(budget: PodDisruptionBudget, pods: readonly PodState[], scaleOf: (owner: string) => number): BudgetStatus {
    const selected = pods.filter((pod) => budgetSelects(budget, pod));
    const controllersScale = () => [...new Set(selected.map((pod) => pod.owner))].reduce((sum, owner) => sum + scaleOf(owner), 0);
    let expectedPods = 0;
    let desiredHealthy = 0;
    if (budget.maxUnavailable !== undefined) {
        expectedPods = controllersScale();
        desiredHealthy = Math.max(0, expectedPods - scaledValue(budget.maxUnavailable, expectedPods, true));
    } else if (budget.minAvailable !== undefined) {
        if (typeof budget.minAvailable === "number") {
            desiredHealthy = budget.minAvailable;
            expectedPods = selected.length;
        } else {
            expectedPods = controllersScale();
            desiredHealthy = scaledValue(budget.minAvailable, expectedPods, true);
        }
    }
    const currentHealthy = selected.filter((pod) => !pod.terminating && pod.ready).length;
    const allowed = currentHealthy - desiredHealthy;
    return { expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed: expectedPods <= 0 || allowed <= 0 ? 0 : allowed };
}

/**
 * What the API server answers to an eviction of `pod` (`EvictionREST.Create`), given every budget
 * and pod of the cluster. An allowed eviction deletes the pod; the caller marks it terminating, which
 * also spends the disruption (a terminating pod no longer counts as healthy).
 */
export function evictionOutcome(
    pod: PodState,
    budgets: readonly PodDisruptionBudget[],
    pods: readonly PodState[],
    scaleOf: (owner: string) => number,
): EvictionOutcome {
    if (pod.phase === "Pending" || pod.terminating) return { allowed: true };
    const matching = budgets.filter((budget) => budgetSelects(budget, pod));
    if (matching.length > 1) {
        return {
            allowed: false,
            code: 500,
            message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
        };
    }
    if (matching.length === 0) return { allowed: true };
    const [budget] = matching;
    const status = budgetStatus(budget, pods, scaleOf);
    if (!pod.ready) {
        if (budget.unhealthyPodEvictionPolicy === ALWAYS_ALLOW) return { allowed: true, budget: budget.name };
        if (status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0) return { allowed: true, budget: budget.name };
    }
    if (status.disruptionsAllowed === 0) {
        return {
            allowed: false,
            code: 429,
            budget: budget.name,
            message: `Cannot evict pod as it would violate the pod's disruption budget. (The disruption budget ${budget.name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently)`,
        };
    }
    return { allowed: true, budget: budget.name };
}
