/**
 * What "production-grade" means for one workload we deploy, checked on what the charts and istiod
 * render from what we emit (workloads.ts): at least 2 replicas (an HPA the API server accepts), one valid PodDisruptionBudget that selects
 * its pods and permits an eviction while they are all Ready, `ScheduleAnyway` spread over zones and
 * nodes that counts its own pods and no one else's, and CPU and memory requests.
 */
import type { Workload } from "../models/drain";
import { disruptionsAllowedAtRest } from "../models/drain";
import { budgetSelects, budgetSpecProblems } from "../models/evictionApi";

export interface ProductionWorkload extends Workload {
    spread: Array<Record<string, unknown>>;
    requests: Record<string, unknown>;
    autoscaling?: { min: number; max: number };
}

const ZONE = "topology.kubernetes.io/zone";
const HOSTNAME = "kubernetes.io/hostname";

function matchLabelsOf(constraint: Record<string, unknown>): Record<string, string> | undefined {
    const selector = constraint.labelSelector as { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined;
    if (selector === undefined || selector.matchExpressions !== undefined) return undefined;
    return selector.matchLabels ?? {};
}

const selectsLabels = (matchLabels: Record<string, string>, labels: Record<string, string>) =>
    Object.keys(matchLabels).length > 0 && Object.entries(matchLabels).every(([key, value]) => labels[key] === value);

/** Every way `workload` falls short, as "<workload>: <what>"; `all` are the workloads it shares namespaces with. */
export function productionProblems(workload: ProductionWorkload, all: readonly ProductionWorkload[]): string[] {
    const problems: string[] = [];
    const say = (message: string) => problems.push(`${workload.name}: ${message}`);
    if (workload.replicas < 2) say(`${workload.replicas} replica(s) at rest; at least 2 keep it up while one is evicted`);
    if (workload.autoscaling && workload.autoscaling.max < workload.autoscaling.min) {
        say(`HPA maxReplicas ${workload.autoscaling.max} is below minReplicas ${workload.autoscaling.min}: the API server refuses it`);
    }

    if (workload.budgets.length !== 1) say(`${workload.budgets.length} PodDisruptionBudgets; one, exactly, lets a drain evict safely`);
    for (const budget of workload.budgets) {
        for (const problem of budgetSpecProblems(budget)) say(`PodDisruptionBudget ${budget.name}: the API server refuses it: ${problem}`);
        if (!budgetSelects(budget, { namespace: workload.namespace, labels: workload.podLabels })) {
            say(`PodDisruptionBudget ${budget.name} does not select its pods`);
        }
    }
    const allowed = disruptionsAllowedAtRest([workload]);
    for (const [budget, disruptions] of Object.entries(allowed)) {
        if (disruptions < 1) say(`PodDisruptionBudget ${budget} allows no eviction while every pod is Ready: a drain of its node hangs`);
    }

    for (const topologyKey of [ZONE, HOSTNAME]) {
        const constraint = workload.spread.find((candidate) => candidate.topologyKey === topologyKey);
        if (constraint === undefined) {
            say(`no topologySpreadConstraint over ${topologyKey}`);
            continue;
        }
        if (constraint.whenUnsatisfiable !== "ScheduleAnyway")
            say(`spread over ${topologyKey} is not ScheduleAnyway: a replacement may stay Pending`);
        const matchLabels = matchLabelsOf(constraint);
        if (matchLabels === undefined || !selectsLabels(matchLabels, workload.podLabels)) {
            say(`spread over ${topologyKey} does not count its own pods (labelSelector ${JSON.stringify(constraint.labelSelector)})`);
            continue;
        }
        const others = all.filter(
            (other) => other !== workload && other.namespace === workload.namespace && selectsLabels(matchLabels, other.podLabels),
        );
        if (others.length > 0) say(`spread over ${topologyKey} also counts the pods of ${others.map((other) => other.name).join(", ")}`);
    }

    for (const resource of ["cpu", "memory"]) {
        if (workload.requests[resource] === undefined) say(`no ${resource} request`);
    }
    return problems;
}
