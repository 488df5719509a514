/**
 * A rolling node drain of a small cluster, step by step: the drain asks the Eviction API
 * (evictionApi.ts) to evict each pod of the node, the ReplicaSets replace what was evicted, the
 * scheduler places the replacements on the nodes that are not cordoned, and the replacements become
 * Ready after their start-up time. It reports whether every node's drain completed and, for every
 * workload, the fewest Ready pods it had at any moment.
 *
 * The drain behaves as `kubectl drain` (k8s.io/kubectl/pkg/drain, `evictPods`) and the EKS managed
 * node group upgrade that runs it: the node is cordoned, every pod on it is evicted, a refusal with
 * 429 (the budget) is retried every 5 seconds, any other refusal (500: more than one budget) stops
 * the drain, and it waits until the evicted pods are gone. EKS gives up on a node after 15 minutes
 * of refusals with `PodEvictionFailure`
 * (https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html). Here the
 * drained node is uncordoned (rebooted or replaced in its zone) and the next node's drain starts at
 * once, without waiting for the replacements to be Ready: only the budgets hold it back.
 *
 * What the model leaves out, on purpose: node capacity (every node has room for every pod), the
 * scheduler's exact scores (a replacement goes to the schedulable node whose zone, then node, holds
 * the fewest pods of its workload, as both our `ScheduleAnyway` spread and the scheduler's default
 * spreading prefer), and pods' shutdown time (an evicted pod is gone by the next step; it stops being
 * Ready at once, as its endpoints are removed when it starts terminating).
 */
import { budgetStatus, evictionOutcome, PodDisruptionBudget, PodState } from "./evictionApi";

export interface ClusterNode {
    name: string;
    zone: string;
}

/** One Deployment as the cluster runs it, with what its pods need from other workloads. */
export interface Workload {
    /** `<namespace>/<Deployment name>`. */
    name: string;
    namespace: string;
    /** Its desired replicas at rest (the HPA's minimum, when it has one). */
    replicas: number;
    /** Labels of its pods. */
    podLabels: Record<string, string>;
    /** The budgets the charts or istiod render for it (policy/v1 PodDisruptionBudget). */
    budgets: PodDisruptionBudget[];
    /** Must keep a Ready pod at every moment (it serves traffic or admission requests). */
    keepsServing: boolean;
    /**
     * A workload whose admission webhook (`failurePolicy: Fail`) must answer before a pod of this one
     * can be created: istiod's injector for the pods of Istio's `gateway` chart.
     */
    admittedBy?: string;
    /** A workload that must have a Ready pod for a new pod of this one to become Ready: istiod for every gateway (its configuration). */
    configuredBy?: string;
}

export interface DrainOptions {
    /** Seconds from a pod's scheduling until it is Ready. @default 30 */
    startupSeconds?: number;
    /** A node whose pods are not all evicted after this long fails the drain. @default 900 (EKS) */
    nodeTimeoutSeconds?: number;
}

export interface DrainReport {
    /** Every node was drained. */
    completed: boolean;
    /** Why the drain stopped, with the Eviction API's answer. */
    failure?: string;
    /** For each workload, the fewest Ready pods it had at any moment. */
    fewestReady: Record<string, number>;
    /** Each moment a workload that must keep serving had no Ready pod: "<second>s <workload> (draining <node>)". */
    outages: string[];
    /** How long the whole rolling drain took, in seconds. */
    seconds: number;
    /** What happened, step by step. */
    log: string[];
}

/** kubectl drain's wait before it asks again after a 429. */
const RETRY_SECONDS = 5;

interface SimPod extends PodState {
    workload: string;
    node?: string;
    scheduledAt?: number;
}

/** Three nodes in three zones: the smallest cluster that survives a zone. */
export function threeZoneCluster(): ClusterNode[] {
    return ["a", "b", "c"].map((zone, i) => ({ name: `node-${i + 1}`, zone: `ca-central-1${zone}` }));
}

class Cluster {
    readonly pods: SimPod[] = [];
    readonly cordoned = new Set<string>();
    readonly log: string[] = [];
    private readonly byName: Map<string, Workload>;
    private serial = 0;
    now = 0;

    constructor(
        private readonly nodes: readonly ClusterNode[],
        readonly workloads: readonly Workload[],
        private readonly startupSeconds: number,
    ) {
        this.byName = new Map(workloads.map((workload) => [workload.name, workload]));
    }

    get budgets(): PodDisruptionBudget[] {
        return this.workloads.flatMap((workload) => workload.budgets);
    }

    readonly scaleOf = (owner: string): number => this.byName.get(owner)?.replicas ?? 0;

    readyCount(workload: string): number {
        return this.pods.filter((pod) => pod.workload === workload && pod.ready && !pod.terminating).length;
    }

    /** The ReplicaSet: as many active (not terminating) pods as replicas, if admission lets it create them. */
    reconcileReplicas(): void {
        for (const workload of this.workloads) {
            const active = this.pods.filter((pod) => pod.workload === workload.name && !pod.terminating).length;
            for (let missing = workload.replicas - active; missing > 0; missing--) {
                if (workload.admittedBy !== undefined && this.readyCount(workload.admittedBy) === 0) {
                    this.log.push(`${this.now}s ${workload.name}: pod creation refused, no Ready ${workload.admittedBy} to admit it`);
                    break;
                }
                this.pods.push({
                    name: `${workload.name.split("/")[1]}-${++this.serial}`,
                    namespace: workload.namespace,
                    labels: { ...workload.podLabels },
                    owner: workload.name,
                    workload: workload.name,
                    phase: "Pending",
                    ready: false,
                    terminating: false,
                });
            }
        }
    }

    /** The scheduler: each Pending pod to the schedulable node whose zone, then node, has the fewest pods of its workload. */
    schedule(): void {
        for (const pod of this.pods.filter((p) => p.phase === "Pending" && !p.terminating)) {
            const peers = this.pods.filter((p) => p.workload === pod.workload && p.node !== undefined && !p.terminating);
            const candidates = this.nodes
                .map((node, index) => ({
                    node,
                    score: [
                        peers.filter((p) => this.zoneOf(p.node) === node.zone).length,
                        peers.filter((p) => p.node === node.name).length,
                        this.pods.filter((p) => p.node === node.name && !p.terminating).length,
                        index,
                    ],
                }))
                .filter(({ node }) => !this.cordoned.has(node.name))
                .sort((x, y) => compareScores(x.score, y.score));
            if (candidates.length === 0) continue;
            pod.node = candidates[0].node.name;
            pod.phase = "Running";
            pod.scheduledAt = this.now;
        }
    }

    /** The kubelet: a Running pod is Ready once started, if what configures it has a Ready pod. */
    updateReadiness(): void {
        for (const pod of this.pods) {
            if (pod.ready || pod.terminating || pod.phase !== "Running" || pod.scheduledAt === undefined) continue;
            const started = this.now - pod.scheduledAt >= this.startupSeconds;
            const configuredBy = this.byName.get(pod.workload)?.configuredBy;
            if (started && (configuredBy === undefined || this.readyCount(configuredBy) > 0)) pod.ready = true;
        }
    }

    removeTerminated(): void {
        for (let i = this.pods.length - 1; i >= 0; i--) if (this.pods[i].terminating) this.pods.splice(i, 1);
    }

    private zoneOf(node: string | undefined): string | undefined {
        return this.nodes.find((candidate) => candidate.name === node)?.zone;
    }
}

function compareScores(x: number[], y: number[]): number {
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return 0;
}

/**
 * Drains `nodes` one after the other with `workloads` running on them (each starts fully Ready,
 * placed by the scheduler), and reports whether it completed and what stayed Ready.
 */
export function rollingDrain(nodes: readonly ClusterNode[], workloads: readonly Workload[], options: DrainOptions = {}): DrainReport {
    const startupSeconds = options.startupSeconds ?? 30;
    const nodeTimeout = options.nodeTimeoutSeconds ?? 900;
    const cluster = new Cluster(nodes, workloads, startupSeconds);
    // The cluster at rest: every workload up, in the order their webhooks admit them.
    for (let round = 0; round <= workloads.length; round++) {
        cluster.reconcileReplicas();
        cluster.schedule();
        for (const pod of cluster.pods) pod.ready = pod.phase === "Running";
    }
    cluster.log.length = 0;

    const fewestReady = Object.fromEntries(workloads.map((workload) => [workload.name, cluster.readyCount(workload.name)]));
    const outages: string[] = [];
    const observe = (draining: string) => {
        for (const workload of workloads) {
            const ready = cluster.readyCount(workload.name);
            fewestReady[workload.name] = Math.min(fewestReady[workload.name], ready);
            if (ready === 0 && workload.keepsServing) outages.push(`${cluster.now}s ${workload.name} (draining ${draining})`);
        }
    };
    const step = (draining: string) => {
        cluster.now += RETRY_SECONDS;
        cluster.removeTerminated();
        cluster.reconcileReplicas();
        cluster.schedule();
        cluster.updateReadiness();
        observe(draining);
    };
    const report = (completed: boolean, failure?: string): DrainReport => ({
        completed,
        failure,
        fewestReady,
        outages: [...new Set(outages)],
        seconds: cluster.now,
        log: cluster.log,
    });

    for (const node of nodes) {
        cluster.cordoned.add(node.name);
        cluster.log.push(`${cluster.now}s ${node.name}: cordoned, draining`);
        const started = cluster.now;
        let lastRefusal = "";
        for (;;) {
            const onNode = cluster.pods.filter((pod) => pod.node === node.name);
            if (onNode.length === 0) break;
            for (const pod of onNode.filter((p) => !p.terminating)) {
                const outcome = evictionOutcome(pod, cluster.budgets, cluster.pods, cluster.scaleOf);
                if (outcome.allowed) {
                    pod.terminating = true;
                    pod.ready = false;
                    cluster.log.push(`${cluster.now}s ${node.name}: evicted ${pod.namespace}/${pod.name}`);
                } else if (outcome.code === 500) {
                    return report(false, `${node.name}: evicting ${pod.namespace}/${pod.name} failed: ${outcome.message}`);
                } else {
                    lastRefusal = `${pod.namespace}/${pod.name}: ${outcome.message}`;
                }
            }
            observe(node.name);
            if (cluster.now - started >= nodeTimeout) {
                return report(false, `${node.name}: not drained after ${nodeTimeout}s (PodEvictionFailure): ${lastRefusal}`);
            }
            step(node.name);
        }
        cluster.cordoned.delete(node.name);
        cluster.log.push(`${cluster.now}s ${node.name}: drained, uncordoned`);
    }
    return report(true);
}

/**
 * The disruptions each budget allows while every pod of every workload is Ready and placed: a
 * budget allowing none blocks every drain of a node holding one of its pods.
 */
export function disruptionsAllowedAtRest(workloads: readonly Workload[]): Record<string, number> {
    const pods: PodState[] = workloads.flatMap((workload) =>
        Array.from({ length: workload.replicas }, (_, i) => ({
            name: `${workload.name}-${i}`,
            namespace: workload.namespace,
            labels: workload.podLabels,
            owner: workload.name,
            phase: "Running" as const,
            ready: true,
            terminating: false,
        })),
    );
    const scaleOf = (owner: string) => workloads.find((workload) => workload.name === owner)?.replicas ?? 0;
    return Object.fromEntries(
        workloads.flatMap((workload) =>
            workload.budgets.map((budget) => [
                `${budget.namespace}/${budget.name}`,
                budgetStatus(budget, pods, scaleOf).disruptionsAllowed,
            ]),
        ),
    );
}
